"""The BibTeX commands: export, cite, key, autoexport."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string

from readinglist.cli import main
from tests.cli.conftest import Cli
from tests.snapshots import DATA


def _ids(cli: Cli, *extra: str) -> list[int]:
    _, out, _ = cli("list", "--json", "--sort", "title", "--asc", *extra)
    return [row["id"] for row in json.loads(out)]


def test_export_to_stdout_and_file(imported: Path, tmp_path: Path, cli: Cli) -> None:
    code, out, _ = cli("export")
    assert code == 0 and len(parse_string(out).entries) == 230
    assert cli("export")[1] == out  # deterministic
    target = tmp_path / "refs.bib"
    code, out, _ = cli("export", "--biblatex", "--abstracts", "-o", str(target))
    assert code == 0 and out.strip() == f"230 entries (all papers) written to {target}"
    assert "date = {2026" in target.read_text() and "abstract = {" in target.read_text()
    code, out, _ = cli("export", "--json", "-o", str(target))
    assert json.loads(out) == {"path": str(target), "entries": 230}


def test_export_scopes(imported: Path, cli: Cli) -> None:
    ids = _ids(cli)
    cli("mark", str(ids[0]), str(ids[1]), "--star")
    cli("tag", str(ids[2]), "--add", "thesis")

    def count(*argv: str) -> int:
        return len(parse_string(cli("export", *argv)[1]).entries)

    assert count("--starred") == 2
    assert count("--tag", "thesis") == 1
    assert count("--ids", str(ids[3]), str(ids[4]), str(ids[5])) == 3
    assert count("--all") == 230


def test_cite_and_key(imported: Path, cli: Cli) -> None:
    a, b = _ids(cli)[:2]
    code, out, _ = cli("cite", str(a), str(b))
    first, second = out.split()
    assert code == 0
    assert cli("cite", "--latex", str(a), str(b))[1] == f"\\cite{{{first},{second}}}\n"
    code, out, _ = cli("key", str(a), "mykey2026")
    assert code == 0 and out.strip() == f"Paper {a} is now cited as mykey2026"
    assert json.loads(cli("cite", "--json", str(a))[1]) == [{"id": a, "key": "mykey2026"}]
    code, out, err = cli("key", str(b), "MyKey2026")
    assert code == 1 and "already used by paper" in err
    code, out, err = cli("key", "--json", str(b), "bad key")
    assert code == 1 and "cannot be a citation key" in json.loads(out)["error"]
    assert cli("cite", str(b))[1].strip() == second


def test_autoexport_add_list_remove(imported: Path, tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "thesis.bib"
    ids = _ids(cli)
    cli("tag", str(ids[0]), "--add", "thesis")
    code, out, _ = cli("autoexport", "add", "--tag", "thesis", "--biblatex", str(target))
    assert code == 0 and out.strip() == f"{target}: 1 entry, kept in sync with tag thesis"
    cli("tag", str(ids[1]), "--add", "thesis")  # another process: the file follows
    assert len(parse_string(target.read_text()).entries) == 2
    code, out, _ = cli("autoexport", "list")
    assert out.strip() == f"{target}  (tag thesis, biblatex)"
    (link,) = json.loads(cli("autoexport", "list", "--json")[1])
    assert link["scope"] == "tag" and link["value"] == "thesis" and link["error"] is None
    assert cli("autoexport", "remove", str(target))[0] == 0
    assert cli("autoexport", "list")[1] == ""
    code, _, err = cli("autoexport", "remove", str(target))
    assert code == 1 and "is not auto-exported" in err


def test_autoexport_reports_errors_in_list(imported: Path, tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    target = folder / "refs.bib"
    cli("autoexport", "add", "--starred", str(target))
    target.unlink()
    folder.rmdir()
    assert cli("mark", str(_ids(cli)[0]), "--star")[0] == 0
    _, out, _ = cli("autoexport", "list")
    assert "last error: Cannot write" in out and "does not exist" in out


def test_bibtex_user_and_usage_errors(imported: Path, cli: Cli) -> None:
    code, _, err = cli("export", "--tag", "nope")
    assert code == 1 and err.strip() == "readinglist: No tag named “nope”."
    assert cli("export", "--ids", "999999")[0] == 1
    assert cli("autoexport", "add", "refs.txt")[0] == 1
    for argv in (["export", "--starred", "--tag", "x"], ["cite"], ["key", "1"], ["autoexport"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2


def test_output_dash_is_standard_output(imported: Path, cli: Cli) -> None:
    ids = [str(i) for i in _ids(cli)[:2]]
    code, out, _ = cli("export", "--ids", *ids, "-o", "-")
    assert code == 0 and out == cli("export", "--ids", *ids)[1]
    assert len(parse_string(out).entries) == 2
    assert cli("export", "--ids", *ids, "--output", "-")[1] == out
    assert not Path("-").exists()
    code, out, _ = cli("export", "--ids", *ids, "-o", "-", "--json")
    assert set(json.loads(out)) == {"bibtex"}


def test_a_bib_import_lists_its_notices_and_nothing_else_on_stderr(lib: Path, cli: Cli) -> None:
    code, out, err = cli("import", str(DATA / "hostile.bib"))
    assert code == 0 and err == ""  # bibtexparser's own multi-line warnings stay quiet
    lines = out.splitlines()
    assert lines[0].startswith("hostile.bib: 6 papers, 6 new; 3 skipped;")
    assert "  line 7: skipped, not valid BibTeX" in "\n".join(lines)
    assert any(ln.startswith("  line 13: 100% sure: the key “100% sure”") for ln in lines)


def test_a_bib_with_no_paper_is_refused_in_one_line(lib: Path, tmp_path: Path, cli: Cli) -> None:
    bad = tmp_path / "broken.bib"
    bad.write_text("@article{a,\n  title = {never closed\n\n@misc{b, author = {X}}\n")
    code, _, err = cli("import", str(bad))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"readinglist: {bad}, line 1: no entry can")


def test_cite_latex_never_prints_an_unsafe_key(lib: Path, cli: Cli) -> None:
    cli("import", str(DATA / "references.bib"))
    (pid,) = [i for i in _ids(cli) if cli("show", str(i))[1].find("Boundary") >= 0]
    with closing(sqlite3.connect(lib / "library.sqlite3")) as conn, conn:
        conn.execute("UPDATE paper SET citation_key = ? WHERE id = ?", ("van der \\input", pid))
    code, out, err = cli("cite", str(pid), "--latex")
    assert code == 0 and out.strip() == "\\cite{berg2019second}"
    assert "“van der \\input”" in err and "it is now “berg2019second”" in err
