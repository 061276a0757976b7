"""Full disks and read-only places: a clear error, and nothing lost.

Where the machine allows it (Linux, root) these use a real size-limited
tmpfs and a real read-only bind mount; the injected-error tests below run
everywhere and cover the same code paths.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Connection

from readinglist.core import atomic
from readinglist.core.atomic import atomic_write_bytes
from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import ExportError, LibraryError
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from tests.conftest import TODAY
from tests.helpers import closed_library
from tests.support.digests import digest_text
from tests.support.mounts import fill, run_quietly, tmpfs
from tests.support.processes import run_cli, run_cli_held_to_permissions


def _rows(database: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(database)
    try:  # closed here: a connection left open keeps its -wal and -shm beside the file
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("paper", "digest", "digest_entry", "tag", "paper_tag", "setting")
        }
    finally:
        conn.close()


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# a disk that really fills up ------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "3m") as where:
        yield where


def test_an_import_onto_a_full_disk_changes_nothing(
    small_disk: Path, sample_paths: list[Path], tmp_path: Path
) -> None:
    root = small_disk / "lib"
    big = tmp_path / "big.txt"
    big.write_text(digest_text(3000), encoding="utf-8")
    with open_library(root, today=lambda: TODAY) as library:
        library.import_file(sample_paths[0])
        library.set_note(1, "keep me")
        library.close()
        before = _rows(root / "library.sqlite3")
    with open_library(root, today=lambda: TODAY) as library:
        with pytest.raises(LibraryError, match="full"):
            library.import_file(big)
        assert library.count() == 40
        library.mark([2], starred=True)  # still usable for small changes
    after = _rows(root / "library.sqlite3")
    assert after["digest"] == before["digest"] and len(after["paper"]) == 40
    with open_library(root, today=lambda: TODAY) as library:
        assert library.check().ok
        assert library.paper(1).note == "keep me"


def test_the_cli_on_a_full_disk_says_so_in_one_line(
    small_disk: Path, sample_paths: list[Path], tmp_path: Path
) -> None:
    root = closed_library(small_disk / "lib", sample_paths[0])
    big = tmp_path / "big.txt"
    big.write_text(digest_text(3000), encoding="utf-8")
    done = run_cli(root, "import", big)
    assert done.returncode == 1
    assert "full" in done.stderr and "Traceback" not in done.stderr


def test_a_backup_onto_a_full_disk_leaves_no_partial_file(
    small_disk: Path, loaded: Library
) -> None:
    filler = fill(small_disk)
    with pytest.raises(LibraryError, match="full"):
        loaded.backups.make(small_disk / "copy.sqlite3")
    assert _files(small_disk) == {filler.name}


def test_an_atomic_write_onto_a_full_disk_keeps_the_old_file(small_disk: Path) -> None:
    target = small_disk / "papers.bib"
    target.write_text("@article{old, title={Old}}\n")
    filler = fill(small_disk)
    os.truncate(filler, filler.stat().st_size - 256 * 1024)  # room for a little, not for all
    with pytest.raises(ExportError, match="full"):
        atomic_write_bytes(target, b"x" * (2 * 1024 * 1024), ExportError)
    assert target.read_text() == "@article{old, title={Old}}\n"
    assert _files(small_disk) == {filler.name, target.name}


# a folder that really refuses writes ------------------------------------------------


@pytest.fixture
def readonly_view(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(writable folder, the same folder through a read-only bind mount)."""
    source, view = tmp_path / "rw", tmp_path / "ro"
    source.mkdir()
    view.mkdir()
    if not run_quietly("mount", "--bind", str(source), str(view)):
        pytest.skip("cannot bind-mount here")
    try:
        if not run_quietly("mount", "-o", "remount,bind,ro", str(view)):
            pytest.skip("cannot make a read-only bind mount here")
        yield source, view
    finally:
        if not run_quietly("umount", str(view)):
            run_quietly("umount", "-l", str(view))


def test_a_library_in_a_read_only_folder_is_refused_clearly(
    readonly_view: tuple[Path, Path], sample_paths: list[Path]
) -> None:
    source, view = readonly_view
    closed_library(source / "lib", sample_paths[0])
    before = _rows(source / "lib" / "library.sqlite3")
    with pytest.raises(LibraryError, match="read-only"):
        open_library(view / "lib", today=lambda: TODAY)
    assert _rows(source / "lib" / "library.sqlite3") == before


def test_a_backup_or_export_into_a_read_only_folder(
    readonly_view: tuple[Path, Path], loaded: Library
) -> None:
    source, view = readonly_view
    (source / "papers.bib").write_text("old\n")
    with pytest.raises(LibraryError, match="read-only"):
        loaded.backups.make(view / "copy.sqlite3")
    with pytest.raises(ExportError, match="read-only"):
        atomic_write_bytes(view / "papers.bib", b"new\n", ExportError)
    assert _files(source) == {"papers.bib"}
    assert (source / "papers.bib").read_text() == "old\n"


# the same faults, injected at the write call -----------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "full"), (errno.EROFS, "read-only"), (errno.EACCES, "No permission")],
)
def test_injected_write_errors_keep_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    target = tmp_path / "papers.bib"
    target.write_text("old\n")

    def failing(path: Path) -> None:
        raise OSError(code, "injected")

    monkeypatch.setattr(atomic, "fsync_file", failing)
    with pytest.raises(ExportError, match=words):
        atomic_write_bytes(target, b"new\n", ExportError)
    assert target.read_text() == "old\n"
    assert _files(tmp_path) == {"papers.bib"}


def test_injected_error_creating_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", failing)
    with pytest.raises(ExportError, match="read-only"):
        atomic_write_bytes(tmp_path / "papers.bib", b"new\n", ExportError)
    assert _files(tmp_path) == set()


def test_an_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "papers.bib"
    atomic_write_bytes(target, b"one\n", ExportError)
    target.chmod(0o600)
    atomic.atomic_write_text(target, "two\n", ExportError)
    assert target.read_text() == "two\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert _files(tmp_path) == {"papers.bib"}


@pytest.mark.parametrize(
    ("driver_message", "words"),
    [
        ("database or disk is full", "full"),
        ("attempt to write a readonly database", "read-only"),
        ("disk I/O error", "disk I/O error"),
    ],
)
def test_injected_database_write_errors_change_nothing(
    loaded: Library, monkeypatch: pytest.MonkeyPatch, driver_message: str, words: str
) -> None:
    before = _rows(loaded.paths.database)
    execute = Connection.execute
    calls = 0

    def failing(self: Connection, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise sqlite3.OperationalError(driver_message)
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "execute", failing)
    with pytest.raises(LibraryError, match=words):
        loaded.import_text(digest_text(50, day="Nov 2"))
    monkeypatch.undo()
    assert _rows(loaded.paths.database) == before
    assert loaded.check().ok


# BibTeX exports into full and read-only places ------------------------------------------


def test_an_export_onto_a_full_disk_keeps_the_old_file(small_disk: Path, loaded: Library) -> None:
    target = small_disk / "refs.bib"
    target.write_text("% the old export\n")
    filler = fill(small_disk)
    with pytest.raises(ExportError, match="full"):
        loaded.bibtex.export_to(target, ExportScope("all"), abstracts=True)
    assert target.read_text() == "% the old export\n"
    assert _files(small_disk) == {filler.name, target.name}


def test_an_auto_export_onto_a_full_disk_never_undoes_the_change(
    small_disk: Path, loaded: Library
) -> None:
    target = small_disk / "starred.bib"
    loaded.bibtex.add_autoexport(target, ExportScope("starred"))
    exported = target.read_text()
    filler = fill(small_disk)

    loaded.mark([1, 2, 3], starred=True)  # the export fails; the stars stay

    assert all(p.starred for p in loaded.papers([1, 2, 3]))
    assert target.read_text() == exported
    [link] = loaded.bibtex.autoexports()
    assert link.error is not None and "full" in link.error
    assert not loaded.check(repair=False).ok
    filler.unlink()
    report = loaded.check()
    assert report.ok and any("starred.bib" in r for r in report.repaired)
    assert target.read_text().count("@misc{") == 3


def test_an_export_into_a_read_only_folder(
    readonly_view: tuple[Path, Path], loaded: Library
) -> None:
    source, view = readonly_view
    (source / "refs.bib").write_text("old\n")
    with pytest.raises(ExportError, match="read-only"):
        loaded.bibtex.export_to(view / "refs.bib", ExportScope("all"))
    assert _files(source) == {"refs.bib"} and (source / "refs.bib").read_text() == "old\n"


# an index that cannot be written -----------------------------------------------------


class _FullIndex:
    """An index whose disk is full: every sync fails as Whoosh would."""

    def __init__(self) -> None:
        self.calls = 0

    def sync(self, db: object) -> None:
        self.calls += 1
        if self.calls > 1:  # the first sync is at open
            raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        pass


def test_a_full_disk_under_the_index_keeps_the_change_and_says_why(tmp_path: Path) -> None:
    index = _FullIndex()
    with Library.open(tmp_path / "lib", index_factory=lambda p, d: index) as library:
        library.import_text(digest_text(5, day="Nov 2"))
        library.set_note(1, "saved even though the index is full")
        assert library.paper(1).note == "saved even though the index is full"
        assert len(library.warnings) == 1 and "search index" in library.warnings[0]
        assert "No space left" in library.warnings[0]
        with library.db.read() as conn:  # the index's work waits in the queue
            assert conn.exec_driver_sql("SELECT count(*) FROM index_queue").scalar() == 5


def test_a_real_full_disk_under_the_search_index(small_disk: Path) -> None:
    root = small_disk / "lib"
    with open_library(root, today=lambda: TODAY) as library:
        library.import_text(digest_text(200), "first.txt")
        filler = fill(small_disk)
        os.truncate(filler, filler.stat().st_size - 400 * 1024)  # room for the database only

        with pytest.raises(LibraryError, match="full"):
            library.import_text(digest_text(1500, day="Oct 30", tag="H"), "second.txt")
        library.set_note(1, "zyzzyva, written while the disk was full")

        assert library.paper(1).note.startswith("zyzzyva")
        assert all("search index" in w for w in library.warnings)
        filler.unlink()
    with open_library(root, today=lambda: TODAY) as library:
        assert library.count() == 200
        assert library.check().ok
        search = getattr(library, "search")  # noqa: B009
        assert search("zyzzyva").total == 1


# a backup copy that fails half-way ---------------------------------------------------------


def test_a_backup_that_fills_the_disk_half_way_leaves_nothing_beside_it(
    small_disk: Path, loaded: Library
) -> None:
    """Room for part of the copy: SQLite's journal, WAL and SHM of the half-made
    copy go with it (at some sizes they stayed, as ``.….part-journal`` and the like)."""
    filler = fill(small_disk)
    freed = 0
    while filler.stat().st_size > 8 * 1024:  # free a little more each time, until it fits
        os.truncate(filler, filler.stat().st_size - 8 * 1024)
        freed += 8 * 1024
        try:
            loaded.backups.make(small_disk / "copy.sqlite3")
        except LibraryError as exc:
            assert "full" in str(exc)
            assert _files(small_disk) == {filler.name}, freed
        else:
            break
    assert _files(small_disk) == {filler.name, "copy.sqlite3"}


# a database file that is read-only ----------------------------------------------------------


def test_a_read_only_database_is_refused_and_leaves_no_read_only_shm(
    tmp_path: Path, sample_paths: list[Path]
) -> None:
    root = closed_library(tmp_path / "lib", sample_paths[0])
    database = root / "library.sqlite3"
    before = _rows(database)  # read while writable: this process is not held to permissions
    database.chmod(0o444)

    done = run_cli_held_to_permissions(root, "note", "1", "--set", "never written")

    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is read-only" in done.stderr and "chmod u+w" in done.stderr
    assert [p.name for p in root.iterdir() if p.name.startswith("library.sqlite3-")] == []
    # no -wal or -shm made with its read-only mode
    database.chmod(0o644)
    assert run_cli_held_to_permissions(root, "note", "1", "--set", "written").returncode == 0
    assert _rows(database) != before


def test_a_read_only_shm_left_by_an_older_version_is_given_back_its_mode(
    tmp_path: Path, sample_paths: list[Path]
) -> None:
    """What opening a read-only database used to leave: ``-wal`` and ``-shm`` at
    mode 444, which kept the library read-only after the file was made writable."""
    root = closed_library(tmp_path / "lib", sample_paths[0])
    database = root / "library.sqlite3"
    for suffix in ("-wal", "-shm"):
        sidecar = root / f"library.sqlite3{suffix}"
        sidecar.write_bytes(b"")
        sidecar.chmod(0o444)

    done = run_cli_held_to_permissions(root, "note", "1", "--set", "written after all")

    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT note FROM paper WHERE id = 1").fetchone()[0] == "written after all"
    conn.close()
