"""``readinglist sync``: two libraries, one folder, everything on both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import Cli


def _on(library: Path, cli: Cli, *argv: str) -> tuple[int, str, str]:
    return cli("--library", str(library), *argv)


def _json(library: Path, cli: Cli, *argv: str) -> Any:
    code, out, err = _on(library, cli, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def _by_title(library: Path, cli: Cli) -> dict[str, dict[str, object]]:
    """Each paper's marks, tags and key (notes: ``_note``), by title: ids differ."""
    rows = _json(library, cli, "list")
    assert isinstance(rows, list)
    return {str(r["title"]): {k: r[k] for k in ("starred", "read", "tags", "key")} for r in rows}


def _note(library: Path, cli: Cli, title: str) -> object:
    shown = _json(library, cli, "show", _id(library, cli, title))
    assert isinstance(shown, dict)
    return shown["note"]


def _id(library: Path, cli: Cli, title: str) -> str:
    rows = _json(library, cli, "list")
    assert isinstance(rows, list)
    return str(next(r["id"] for r in rows if r["title"] == title))


def test_the_second_library_receives_everything_and_notes_keep_both_edits(
    tmp_path: Path, sample_paths: list[Path], cli: Cli
) -> None:
    first, second, folder = tmp_path / "first", tmp_path / "second", tmp_path / "Sync"
    assert _on(first, cli, "import", str(sample_paths[0]))[0] == 0
    assert _on(first, cli, "mark", "1", "2", "--star")[0] == 0
    assert _on(first, cli, "mark", "3", "--read")[0] == 0
    assert _on(first, cli, "tag", "1", "4", "--add", "thesis")[0] == 0
    assert _on(first, cli, "note", "1", "--set", "Intro\nMethod\nResult")[0] == 0
    (key,) = _json(first, cli, "cite", "1")
    code, out, _ = _on(first, cli, "sync", str(folder))
    assert code == 0 and out.startswith(f"Synced with {folder}")
    code, out, _ = _on(second, cli, "sync", str(folder))
    assert code == 0 and "40 new papers" in out
    assert _by_title(second, cli) == _by_title(first, cli)
    title = next(t for t, v in _by_title(first, cli).items() if v["key"] == key["key"])
    assert _note(second, cli, title) == "Intro\nMethod\nResult"
    (cited,) = _json(second, cli, "cite", _id(second, cli, title))
    assert cited["key"] == key["key"]
    # apart: both edit the note, then sync (first, second, first)
    one_first, one_second = _id(first, cli, title), _id(second, cli, title)
    _on(first, cli, "note", one_first, "--set", "Intro (first)\nMethod\nResult")
    _on(second, cli, "note", one_second, "--set", "Intro\nMethod\nResult (second)")
    for library in (first, second, first):
        assert _on(library, cli, "sync")[0] == 0
    both = "Intro (first)\nMethod\nResult (second)"
    assert _note(first, cli, title) == _note(second, cli, title) == both


def test_status_json_and_leaving(tmp_path: Path, sample_paths: list[Path], cli: Cli) -> None:
    library, folder = tmp_path / "lib", tmp_path / "Sync"
    code, out, _ = _on(library, cli, "sync", "--status")
    assert code == 0 and "does not sync" in out
    _on(library, cli, "import", str(sample_paths[3]))
    bad = folder / "devices" / "0123456789abcdef" / "0000000001.update"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not ours")
    record = _json(library, cli, "sync", str(folder))
    assert isinstance(record, dict)
    assert record["folder"] == str(folder) and record["sent"] == 38
    assert record["unreadable"] == [
        {
            "path": "0123456789abcdef/0000000001.update",
            "device": "0123456789abcdef",
            "error": "not a readinglist sync file",
            "waiting": False,
        }
    ]
    code, out, _ = _on(library, cli, "sync", "--status")
    assert code == 0
    assert f"Sync folder: {folder}" in out and "Last synced:" in out
    assert "device 0123456789abcdef" in out and "could not be read" in out
    code, out, _ = _on(library, cli, "sync", "--leave")
    assert code == 0 and "no longer syncs" in out
    assert _json(library, cli, "sync", "--status") == {
        "folder": None,
        "device": None,
        "synced_at": None,
        "summary": None,
        "error": None,
    }


def test_sync_errors_are_messages(tmp_path: Path, cli: Cli) -> None:
    library = tmp_path / "lib"
    code, _, err = _on(library, cli, "sync")
    assert code == 1 and "does not sync yet" in err
    code, _, err = _on(library, cli, "sync", str(library / "inside"))
    assert code == 1 and "must stay out of it" in err
    code, _, err = _on(library, cli, "sync", str(tmp_path / "no" / "such" / "place"))
    assert code == 1 and "There is no folder" in err
    code, _, err = _on(library, cli, "sync", str(tmp_path), "--leave")
    assert code == 1 and "--leave stands alone" in err
