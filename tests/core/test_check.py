"""``check``: finds what is wrong, repairs what is dangling or derived, loses nothing."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from readinglist.core.bibtex import ExportScope
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from tests.conftest import TODAY
from tests.support.processes import run_cli


def _raw(library: Library) -> sqlite3.Connection:
    """A connection without foreign keys, to damage references the app never would."""
    return sqlite3.connect(library.paths.database, isolation_level=None)


def test_a_sound_library_is_all_good(loaded: Library) -> None:
    report = loaded.check()
    assert report.ok and not report.repaired
    assert report.summary() == "All good"
    assert any("integrity_check" in c for c in report.checked)


def test_dangling_references_are_deleted(loaded: Library) -> None:
    conn = _raw(loaded)
    conn.execute("INSERT INTO digest_entry (digest_id, paper_id, position) VALUES (1, 999999, 1)")
    conn.execute("INSERT INTO paper_tag (paper_id, tag_id) VALUES (1, 424242)")
    conn.close()
    papers = loaded.count()

    dry = loaded.check(repair=False)
    assert not dry.ok and len(dry.problems) == 2
    report = loaded.check()

    assert report.ok
    assert any("digest_entry" in r for r in report.repaired)
    assert any("paper_tag" in r for r in report.repaired)
    assert loaded.count() == papers
    assert loaded.check().repaired == []


def test_orphan_tags_and_queue_rows_are_tidied(loaded: Library) -> None:
    conn = _raw(loaded)
    conn.execute("INSERT INTO tag (name) VALUES ('nobody')")
    conn.execute("INSERT INTO index_queue (paper_id) VALUES (777777)")
    conn.close()
    report = loaded.check()
    assert report.ok and len(report.repaired) == 2
    assert [t.name for t in loaded.tags.all()] == []


def test_a_broken_database_index_is_rebuilt(loaded: Library) -> None:
    _corrupt_index(loaded.paths.database)
    assert not loaded.check(repair=False).ok

    report = loaded.check()

    assert report.ok, report.problems
    assert any("indexes" in r for r in report.repaired)
    assert loaded.count() == 230


def _corrupt_index(database: Path) -> None:
    """Swap an index's b-tree for an empty one behind SQLite's back (as a torn write can)."""
    conn = sqlite3.connect(database, isolation_level=None)
    query = "SELECT rootpage FROM sqlite_master WHERE name = 'paper_unread'"
    root = conn.execute(query).fetchone()[0]
    conn.execute("CREATE INDEX scratch ON paper (read, removed_at) WHERE 0")
    scratch = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'scratch'").fetchone()[
        0
    ]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'paper_unread'", (scratch,))
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'scratch'", (root,))
    conn.execute("PRAGMA writable_schema = OFF")
    conn.close()


def test_check_notes_the_latest_backup(loaded: Library) -> None:
    made = loaded.backups.make()
    report = loaded.check()
    assert any(str(made) in n for n in report.notes)


@pytest.mark.parametrize("repair", [True, False])
def test_check_after_reopen_is_clean(loaded: Library, repair: bool) -> None:
    root = loaded.paths.root
    loaded.close()
    with open_library(root, today=lambda: TODAY) as library:
        assert library.check(repair=repair).ok


def test_a_search_index_that_diverged_is_rebuilt(loaded: Library) -> None:
    """A paper the index never heard of (written behind the Library's back)."""
    conn = _raw(loaded)
    conn.execute(
        "INSERT INTO paper (title, title_key, added_at, updated_at) "
        "VALUES ('Smuggled Zyzzyva Paper', 'smuggled zyzzyva paper', '2026-01-01', '2026-01-01')"
    )
    conn.close()
    assert not loaded.check(repair=False).ok
    report = loaded.check()
    assert report.ok and any("search index" in r for r in report.repaired)
    search = getattr(loaded, "search")  # noqa: B009
    assert search("zyzzyva").total == 1
    assert loaded.check().repaired == []


def test_a_stale_or_missing_auto_export_is_rewritten(loaded: Library, tmp_path: Path) -> None:
    target = tmp_path / "starred.bib"
    loaded.bibtex.add_autoexport(target, ExportScope("starred"))
    conn = _raw(loaded)  # stars written by a process killed before it exported
    conn.execute("UPDATE paper SET starred = 1 WHERE id IN (1, 2)")
    conn.close()

    report = loaded.check()

    assert report.ok and any("out of date" in r for r in report.repaired)
    assert target.read_text().count("@misc{") == 2
    target.unlink()
    assert not loaded.check(repair=False).ok
    assert loaded.check().ok and target.read_text().count("@misc{") == 2


def test_temporary_files_of_an_interrupted_export_are_removed(
    loaded: Library, tmp_path: Path
) -> None:
    target = tmp_path / "all.bib"
    loaded.bibtex.add_autoexport(target, ExportScope("all"))
    leftover = tmp_path / ".all.bib.k2j3h4.part"
    leftover.write_text("@misc{half")
    long_ago = time.time() - 3600
    os.utime(leftover, (long_ago, long_ago))
    report = loaded.check()
    assert report.ok and any("temporary" in r for r in report.repaired)
    assert not leftover.exists()


# what check said was good and was not ------------------------------------------------------


def test_no_repair_finds_a_stale_auto_export_and_leaves_it(loaded: Library, tmp_path: Path) -> None:
    target = tmp_path / "starred.bib"
    loaded.bibtex.add_autoexport(target, ExportScope("starred"))
    loaded.mark([3], starred=True)
    loaded.bibtex.keys([1, 2])  # keys exist: only the file is behind
    written = target.read_bytes()
    conn = _raw(loaded)  # starred by a process killed before it exported
    conn.execute("UPDATE paper SET starred = 1 WHERE id IN (1, 2)")
    conn.close()

    report = loaded.check(repair=False)

    assert not report.ok and any("starred.bib is out of date" in p for p in report.problems)
    assert target.read_bytes() == written
    assert loaded.check().ok and target.read_text().count("@misc{") == 3
    assert loaded.check(repair=False).ok


def _bad_text(library: Library) -> None:
    """One invalid UTF-8 byte in a title and an abstract, as another program could write."""
    conn = _raw(library)
    conn.execute(
        "UPDATE paper SET title = CAST(X'4d6f64656cff20736f7570' AS TEXT), "
        "abstract = abstract || CAST(X'ff' AS TEXT) WHERE id = 2"
    )
    conn.close()


def test_text_that_is_not_utf8_is_found_and_the_app_still_reads_it(
    loaded: Library, tmp_path: Path
) -> None:
    _bad_text(loaded)
    root = loaded.paths.root
    loaded.close()
    before = _raw_title(root)
    for command in (
        ["show", "2"],
        ["export", "--ids", "2"],
        ["search", "soup"],
        ["reindex"],
        ["backup", "--to", tmp_path / "copy.sqlite3"],
    ):
        done = run_cli(root, *command)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (command, done.stderr)
    assert "Model\ufffd soup" in run_cli(root, "show", "2").stdout
    for flags in ([], ["--no-repair"]):
        checked = run_cli(root, "check", *flags)
        assert checked.returncode == 1
        assert "paper 2: title, abstract" in checked.stdout and "not UTF-8" in checked.stdout
    assert _raw_title(root) == before  # reported, never rewritten: it is the user's text


def _raw_title(root: Path) -> bytes:
    conn = sqlite3.connect(root / "library.sqlite3")
    try:
        return bytes(
            conn.execute("SELECT CAST(title AS BLOB) FROM paper WHERE id = 2").fetchone()[0]
        )
    finally:
        conn.close()


def test_no_repair_reports_the_index_queue_and_changes_nothing(
    loaded: Library, tmp_path: Path
) -> None:
    root = loaded.paths.root
    loaded.close()
    conn = sqlite3.connect(root / "library.sqlite3", isolation_level=None)
    conn.execute("INSERT INTO index_queue (paper_id) VALUES (5), (6)")  # a killed writer's
    conn.close()
    stamp = (root / "index" / "readinglist.json").read_bytes()
    assert not (root / "backups").exists()  # (opened empty: no daily backup yet)

    done = run_cli(root, "check", "--no-repair")

    assert done.returncode == 1 and "the search index is behind by 2 paper(s)" in done.stdout
    conn = sqlite3.connect(root / "library.sqlite3")
    assert conn.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 2
    conn.close()
    assert (root / "index" / "readinglist.json").read_bytes() == stamp
    assert not (root / "backups").exists()  # nor a daily backup made
    assert run_cli(root, "check").returncode == 0  # the open catches it up


def test_no_repair_reports_an_index_to_rebuild_without_rebuilding(loaded: Library) -> None:
    root = loaded.paths.root
    loaded.close()
    (root / "index" / "readinglist.json").write_text('{"format": 0, "generation": 0}')
    done = run_cli(root, "check", "--no-repair")
    assert done.returncode == 1 and "missing, out of date or damaged" in done.stdout
    assert "format" in (root / "index" / "readinglist.json").read_text()  # not rebuilt
    assert run_cli(root, "check").returncode == 0
