"""The safety commands: backup, restore, check (in process, plus one real subprocess)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli import main
from tests.support.corrupt import page_count, zero_page

Run = tuple[int, str, str]


@pytest.fixture
def lib(tmp_path: Path, sample_paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "lib"
    monkeypatch.setenv("READINGLIST_HOME", str(root))
    assert main(["import", str(sample_paths[0]), "--date", "2026-03-13"]) == 0
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_prints_where_and_json_lists_all(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code, out, _ = run(capsys, "backup")
    assert code == 0 and out.startswith("Backed up to ") and str(lib / "backups") in out
    code, out, _ = run(capsys, "backup", "--json", "--to", str(tmp_path / "mine.sqlite3"))
    data = json.loads(out)
    assert data["backup"] == str(tmp_path / "mine.sqlite3")
    assert len(data["backups"]) >= 1


def test_restore_round_trip_and_json(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "saved.sqlite3"
    run(capsys, "backup", "--to", str(saved))
    run(capsys, "note", "1", "--set", "after the backup")

    code, out, _ = run(capsys, "restore", str(saved))
    assert code == 0
    assert "Restored" in out and "40 papers" in out and "kept in" in out

    code, out, _ = run(capsys, "show", "1", "--json")
    assert json.loads(out)["note"] == ""
    code, out, _ = run(capsys, "restore", "--json", str(saved))
    data = json.loads(out)
    assert data["papers"] == 40 and data["replaced_copy"].endswith(".sqlite3")


def test_restore_refuses_a_bad_file_in_one_line(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database")
    code, out, err = run(capsys, "restore", str(bad))
    assert code == 1 and "not a readinglist database" in err and out == ""
    code, out, err = run(capsys, "restore", "--json", str(tmp_path / "missing.sqlite3"))
    assert code == 1 and "No backup file" in json.loads(out)["error"]


def test_check_reports_and_repairs(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.strip().endswith("All good")
    conn = sqlite3.connect(lib / "library.sqlite3")
    conn.execute("INSERT INTO paper_tag (paper_id, tag_id) VALUES (1, 999)")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "check", "--json", "--no-repair")
    data = json.loads(out)
    assert code == 1 and not data["ok"] and data["problems"]
    code, out, _ = run(capsys, "check")
    assert code == 0 and "repaired" in out and "paper_tag" in out
    code, out, _ = run(capsys, "check", "--json")
    assert json.loads(out)["repaired"] == []


def test_restore_rescues_a_damaged_library_from_a_real_shell(lib: Path) -> None:
    cli = [sys.executable, "-m", "readinglist", "--library", str(lib)]
    subprocess.run([*cli, "backup"], check=True, capture_output=True)
    database = lib / "library.sqlite3"
    zero_page(database, page_count(database) // 2)

    broken = subprocess.run([*cli, "list"], capture_output=True, text=True, check=False)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    command = broken.stderr.split("restore it with: ")[1].strip()
    assert command.startswith("readinglist restore ")

    fixed = subprocess.run(
        [*cli, "restore", command.removeprefix("readinglist restore ")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert fixed.returncode == 0, fixed.stderr
    assert "damaged-" in fixed.stdout
    listed = subprocess.run([*cli, "list", "--json"], capture_output=True, text=True, check=True)
    assert len(json.loads(listed.stdout)) == 40
