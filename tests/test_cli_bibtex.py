"""The BibTeX commands: export, cite, key, autoexport."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string

from readinglist.cli import main
from tests.test_cli import run


@pytest.fixture
def imported(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_paths: list[Path],
    capsys: pytest.CaptureFixture[str],
) -> Path:
    root = tmp_path / "lib"
    monkeypatch.setenv("READINGLIST_HOME", str(root))
    assert run(capsys, "import", *map(str, sample_paths))[0] == 0
    return root


def _ids(capsys: pytest.CaptureFixture[str], *extra: str) -> list[int]:
    _, out, _ = run(capsys, "list", "--json", "--sort", "title", "--asc", *extra)
    return [row["id"] for row in json.loads(out)]


def test_export_to_stdout_and_file(
    imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "export")
    assert code == 0 and len(parse_string(out).entries) == 230
    assert run(capsys, "export")[1] == out  # deterministic
    target = tmp_path / "refs.bib"
    code, out, _ = run(capsys, "export", "--biblatex", "--abstracts", "-o", str(target))
    assert code == 0 and out.strip() == f"230 entries (all papers) written to {target}"
    assert "date = {2026" in target.read_text() and "abstract = {" in target.read_text()
    code, out, _ = run(capsys, "export", "--json", "-o", str(target))
    assert json.loads(out) == {"path": str(target), "entries": 230}


def test_export_scopes(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _ids(capsys)
    run(capsys, "mark", str(ids[0]), str(ids[1]), "--star")
    run(capsys, "tag", str(ids[2]), "--add", "thesis")

    def count(*argv: str) -> int:
        return len(parse_string(run(capsys, "export", *argv)[1]).entries)

    assert count("--starred") == 2
    assert count("--tag", "thesis") == 1
    assert count("--ids", str(ids[3]), str(ids[4]), str(ids[5])) == 3
    assert count("--all") == 230


def test_cite_and_key(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _ids(capsys)[:2]
    code, out, _ = run(capsys, "cite", str(a), str(b))
    first, second = out.split()
    assert code == 0
    assert run(capsys, "cite", "--latex", str(a), str(b))[1] == f"\\cite{{{first},{second}}}\n"
    code, out, _ = run(capsys, "key", str(a), "mykey2026")
    assert code == 0 and out.strip() == f"Paper {a} is now cited as mykey2026"
    assert json.loads(run(capsys, "cite", "--json", str(a))[1]) == [{"id": a, "key": "mykey2026"}]
    code, out, err = run(capsys, "key", str(b), "MyKey2026")
    assert code == 1 and "already used by paper" in err
    code, out, err = run(capsys, "key", "--json", str(b), "bad key")
    assert code == 1 and "cannot be a citation key" in json.loads(out)["error"]
    assert run(capsys, "cite", str(b))[1].strip() == second


def test_autoexport_add_list_remove(
    imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "thesis.bib"
    ids = _ids(capsys)
    run(capsys, "tag", str(ids[0]), "--add", "thesis")
    code, out, _ = run(capsys, "autoexport", "add", "--tag", "thesis", "--biblatex", str(target))
    assert code == 0 and out.strip() == f"{target}: 1 entry, kept in sync with tag thesis"
    run(capsys, "tag", str(ids[1]), "--add", "thesis")  # another process: the file follows
    assert len(parse_string(target.read_text()).entries) == 2
    code, out, _ = run(capsys, "autoexport", "list")
    assert out.strip() == f"{target}  (tag thesis, biblatex)"
    (link,) = json.loads(run(capsys, "autoexport", "list", "--json")[1])
    assert link["scope"] == "tag" and link["value"] == "thesis" and link["error"] is None
    assert run(capsys, "autoexport", "remove", str(target))[0] == 0
    assert run(capsys, "autoexport", "list")[1] == ""
    code, _, err = run(capsys, "autoexport", "remove", str(target))
    assert code == 1 and "is not auto-exported" in err


def test_autoexport_reports_errors_in_list(
    imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    target = folder / "refs.bib"
    run(capsys, "autoexport", "add", "--starred", str(target))
    target.unlink()
    folder.rmdir()
    assert run(capsys, "mark", str(_ids(capsys)[0]), "--star")[0] == 0
    _, out, _ = run(capsys, "autoexport", "list")
    assert "last error: Cannot write" in out and "does not exist" in out


def test_bibtex_user_and_usage_errors(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--tag", "nope")
    assert code == 1 and err.strip() == "readinglist: No tag named “nope”."
    assert run(capsys, "export", "--ids", "999999")[0] == 1
    assert run(capsys, "autoexport", "add", "refs.txt")[0] == 1
    for argv in (["export", "--starred", "--tag", "x"], ["cite"], ["key", "1"], ["autoexport"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
