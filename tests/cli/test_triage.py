"""mark, note, tag."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.support.processes import cli as command_line


def test_note_reads_stdin(one_digest: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin\n"))
    assert cli("note", "1")[0] == 0
    _, out, _ = cli("show", "1")
    assert "from stdin" in out


def test_mark_note_and_tag_answer_with_the_papers_state(one_digest: Path, cli: Cli) -> None:
    code, out, _ = cli("mark", "1", "2", "--star", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"id": 1, "read": False, "starred": True},
        {"id": 2, "read": False, "starred": True},
    ]
    code, out, _ = cli("note", "1", "--set", "line one\r\nline two", "--json")
    assert json.loads(out) == {"id": 1, "note": "line one\nline two"}
    code, out, _ = cli("tag", "1", "2", "--add", "thesis", "--add", "todo", "--json")
    assert json.loads(out) == [
        {"id": 1, "tags": ["thesis", "todo"]},
        {"id": 2, "tags": ["thesis", "todo"]},
    ]
    code, out, _ = cli("tag", "2", "--remove", "todo")
    assert (code, out) == (0, "")


def test_triage_errors(one_digest: Path, cli: Cli) -> None:
    code, out, err = cli("tag", "1", "--json")
    assert code == 1 and json.loads(out)["error"] == "Say which tags to --add or --remove."
    code, _, err = cli("mark", "999", "--read")
    assert code == 1 and "999" in err


def _note_from_stdin(root: Path, data: bytes) -> subprocess.CompletedProcess[bytes]:
    """``echo ... | readinglist note 1`` in a real process, the bytes as given."""
    return subprocess.run(
        command_line(root, "note", "1", "--json"), input=data, capture_output=True, check=False
    )


def test_a_note_on_stdin_that_is_not_utf8_is_refused_clearly(one_digest: Path, cli: Cli) -> None:
    assert cli("note", "1", "--set", "kept")[0] == 0
    done = _note_from_stdin(one_digest, "caf\u00e9 \u2013 Windows-1252\n".encode("cp1252"))
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"not UTF-8 text (byte 4 is not)" in done.stderr
    assert json.loads(cli("show", "1", "--json")[1])["note"] == "kept"


def test_a_note_on_stdin_in_utf16_or_utf8_with_a_bom(one_digest: Path, cli: Cli) -> None:
    for data in ("\ufeffcaf\u00e9\n".encode("utf-16-le"), "\ufeffna\u00efve\n".encode()):
        done = _note_from_stdin(one_digest, data)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["note"] in ("caf\u00e9\n", "na\u00efve\n")


def test_the_bin_lists_restores_and_empties(one_digest: Path, cli: Cli) -> None:
    from readinglist.core.factory import open_library
    from tests.conftest import TODAY

    with open_library(one_digest, today=lambda: TODAY) as library:
        library.remove([1, 2])
    code, out, _ = cli("bin", "--json")
    assert code == 0
    assert sorted(p["id"] for p in json.loads(out)) == [1, 2]
    code, out, _ = cli("bin", "--restore", "1", "--json")
    assert [p["id"] for p in json.loads(out)] == [1]
    code, out, _ = cli("bin", "--empty")
    assert (code, out) == (0, "Deleted 1 paper for good.\n")
    assert json.loads(cli("stats", "--json")[1])["papers"] == 39
    assert json.loads(cli("bin", "--json")[1]) == []
    code, _, err = cli("bin", "--restore", "1", "--empty")
    assert code == 1 and "not both" in err
