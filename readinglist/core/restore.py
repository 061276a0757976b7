"""Restoring a library from a backup file, without ever losing the current one.

The file to restore is untrusted: it is checked (SQLite, intact, a
readinglist schema this version can read) and copied into a staging file
next to the library, which is upgraded to the current schema. Only then is
the library replaced, and what it held is kept first:

- a healthy library is copied to ``backups/before-restore-….sqlite3`` and
  then overwritten in place through SQLite's backup API: one transaction, so
  a crash leaves the old library or the restored one, and another process
  with the library open sees the restored content (a writer holding it gets
  a clear "busy" error instead);
- a damaged or missing library (any that does not open, short of being
  busy: the recovery command must work on whatever the file holds) is moved
  aside to ``backups/damaged-…`` (with its ``-wal``), and the staging file
  renamed into its place.

The search index is derived, so it is deleted and rebuilt on the next open.
A library open in a readinglist window (its ``app.lock`` held by a live
process) is not restored under it: the user is asked to close it first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from readinglist.core import backup, migrations
from readinglist.core.atomic import fsync_file
from readinglist.core.db import (
    Database,
    is_sqlite_file,
    remove_sidecars,
    translate_errors,
    utcnow,
)
from readinglist.core.errors import (
    LibraryBusyError,
    LibraryDamagedError,
    LibraryError,
    LibraryReadOnlyError,
    NotFoundError,
)
from readinglist.core.paths import LibraryPaths

#: Tables every readinglist database has had since schema 1.
REQUIRED_TABLES = frozenset({"paper", "digest", "digest_entry", "tag", "paper_tag", "setting"})


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, for the user to confirm before restoring."""

    path: Path
    schema: int
    papers: int


def inspect_backup(path: Path) -> BackupInfo:
    """Check that ``path`` is an intact readinglist database; raise a clear error if not."""
    if not path.is_file():
        raise NotFoundError(f"No backup file {path}.")
    try:
        sqlite = is_sqlite_file(path)
    except OSError as exc:
        raise LibraryError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not sqlite:
        raise LibraryError(f"{path} is not a readinglist database; nothing was changed.")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return _inspect(conn, path)
    except sqlite3.Error as exc:
        raise LibraryError(
            f"{path} is damaged or not a readinglist database ({exc}); nothing was changed."
        ) from exc
    except UnicodeDecodeError as exc:  # SQLite's message quoted a schema name that is not text
        raise LibraryError(
            f"{path} is damaged (its schema holds a name that is not text); choose another "
            "backup. Nothing was changed."
        ) from exc


def _inspect(conn: sqlite3.Connection, path: Path) -> BackupInfo:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    if problems != ["ok"]:
        raise LibraryError(
            f"{path} is damaged ({problems[0]}); choose another backup. Nothing was changed."
        )
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = migrations.schema_version(conn)
    if version < 1 or not tables >= REQUIRED_TABLES:
        raise LibraryError(
            f"{path} is an SQLite file but not a readinglist library; nothing was changed."
        )
    if version > migrations.SCHEMA_VERSION:
        raise LibraryError(
            f"{path} was written by a newer readinglist (schema {version}); upgrade readinglist "
            "to restore it. Nothing was changed."
        )
    papers = int(conn.execute("SELECT count(*) FROM paper").fetchone()[0])
    return BackupInfo(path, version, papers)


def restore_library(
    root: Path, source: Path, *, now: datetime | None = None, busy_timeout: float = 5.0
) -> Path | None:
    """Replace the library in ``root`` with the backup ``source``.

    Returns the copy of what was replaced (``None`` when there was no
    library). Raises :class:`LibraryError` with nothing changed when the
    source is not a usable backup, or the library is busy or unwritable.
    """
    moment = now or utcnow()
    paths = LibraryPaths(root)
    inspect_backup(source)
    _refuse_if_open_in_a_window(paths)
    try:
        paths.backups.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"Cannot write in the library folder {root}: {exc.strerror}.") from exc
    with _staging(paths, source) as staged:
        try:
            if not _has_database(paths.database):
                raise LibraryDamagedError("no database to open")
            live = Database.open(paths.database, busy_timeout=busy_timeout)
        except (LibraryBusyError, LibraryReadOnlyError):
            raise
        except LibraryError:  # damaged in any way that stops it opening: kept as it is
            kept = _set_aside(paths, moment)
            _install_file(staged, paths.database)
        else:
            try:
                kept = _replace_live(live, staged, paths, moment)
            finally:
                live.close()
    shutil.rmtree(paths.index, ignore_errors=True)
    return kept


@contextmanager
def _staging(paths: LibraryPaths, source: Path) -> Iterator[Path]:
    """A checked copy of ``source`` at the current schema, next to the library."""
    staged = paths.root / ".restore.sqlite3.part"
    _remove(staged)
    try:
        with translate_errors(staged):
            src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            dest = sqlite3.connect(staged, isolation_level=None)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
                migrations.migrate(dest)
                dest.execute("PRAGMA foreign_keys = ON")
            finally:
                src.close()
                dest.close()
        yield staged
    finally:
        _remove(staged)
        remove_sidecars(staged)


def _replace_live(
    live: Database, staged: Path, paths: LibraryPaths, moment: datetime
) -> Path | None:
    kept = backup.new_backup_path(paths.backups, backup.BEFORE_RESTORE, moment)
    live.backup_to(kept)
    with translate_errors(paths.database), live.engine.connect() as conn:
        target = conn.connection.driver_connection
        assert isinstance(target, sqlite3.Connection)
        page_size = target.execute("PRAGMA page_size").fetchone()[0]
        _match_page_size(staged, page_size)
        # Fail with a clear "busy" now rather than wait on a writer inside the copy.
        target.execute("BEGIN IMMEDIATE")
        target.execute("ROLLBACK")
        with closing(sqlite3.connect(staged)) as src:
            src.backup(target)
    return kept


def _match_page_size(staged: Path, page_size: int) -> None:
    """SQLite cannot back up into a WAL database of another page size: convert first."""
    with closing(sqlite3.connect(staged, isolation_level=None)) as conn:
        if conn.execute("PRAGMA page_size").fetchone()[0] != page_size:
            conn.execute(f"PRAGMA page_size = {int(page_size)}")
            conn.execute("VACUUM")


def _set_aside(paths: LibraryPaths, moment: datetime) -> Path | None:
    """Move a damaged database (and its WAL) into the backups folder, untouched."""
    if not paths.database.exists():
        return None
    aside = backup.new_backup_path(paths.backups, backup.DAMAGED, moment)
    try:
        paths.database.replace(aside)
        wal = paths.database.with_name(paths.database.name + "-wal")
        if wal.exists():
            wal.replace(aside.with_name(aside.name + "-wal"))
        _remove(paths.database.with_name(paths.database.name + "-shm"))
    except OSError as exc:
        raise LibraryError(f"Cannot move the damaged library aside: {exc.strerror}.") from exc
    return aside


def _install_file(staged: Path, database: Path) -> None:
    try:
        fsync_file(staged)
        staged.replace(database)
    except OSError as exc:
        raise LibraryError(
            f"Cannot write the restored library to {database}: {exc.strerror}."
        ) from exc


def _refuse_if_open_in_a_window(paths: LibraryPaths) -> None:
    """The app holds ``app.lock`` (a Qt lock file: PID on the first line) while open.

    Restoring under a running window would leave it writing to a library and
    index that changed beneath it, so the user is asked to close it first.
    The calling process itself may hold the lock (the window's own restore
    closes its library before calling this).
    """
    try:
        first = paths.lock.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        pid = int(first.strip())
    except (OSError, ValueError):
        return
    if pid <= 0 or pid == os.getpid() or not _alive(pid):
        return
    raise LibraryBusyError(
        f"The library {paths.root} is open in a readinglist window (process {pid}); "
        "close the window and run the restore again. Nothing was changed."
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _has_database(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
