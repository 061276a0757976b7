"""The SQLite database of one library: opening, upgrading, transactions.

The pysqlite driver runs in autocommit mode and every write is an explicit
``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock is taken up front, so two
processes never deadlock upgrading a read to a write, and a waiting writer
gets a clear :class:`LibraryBusyError` after the busy timeout instead of a
half-done change.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from readinglist.core import backup, checked, migrations
from readinglist.core.atomic import atomic_path
from readinglist.core.errors import (
    LibraryBusyError,
    LibraryDamagedError,
    LibraryError,
    LibraryReadOnlyError,
)

DB_NAME = "library.sqlite3"
#: What SQLite writes beside a database file.
SIDECARS = ("-journal", "-wal", "-shm")
#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"


#: How text cells are read: bytes that are not UTF-8 (written by another program,
#: or by a damaged disk) come out as U+FFFD instead of failing every read of the
#: row (``show``, ``export``, ``reindex``, ``search``); ``check`` reports them.
decode_text = functools.partial(str, encoding="utf-8", errors="replace")


def utcnow() -> datetime:
    """Aware UTC to the second: sqlmodel stores it as UTC and returns it aware."""
    return datetime.now(UTC).replace(microsecond=0)


class Database:
    """One library's SQLite file. Create with :meth:`open`."""

    def __init__(self, path: Path, engine: Engine, backup_dir: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        #: Where this library's backups live: named in the message when the file is damaged.
        self.backup_dir = backup_dir

    @classmethod
    def open(
        cls, path: Path, *, busy_timeout: float = 5.0, backup_dir: Path | None = None
    ) -> Database:
        """Open (creating if needed), check and upgrade the database at ``path``.

        A damaged file raises :class:`LibraryDamagedError` naming the latest
        backup; so does a missing or empty file when backups exist, so that a
        lost database never silently becomes an empty library.
        """
        fresh = not path.exists() or path.stat().st_size == 0
        if fresh and backup.latest_backup(backup_dir) is not None:
            raise damaged_error(
                path,
                "it is missing or empty, but this library has backups",
                backup_dir,
                hint="To start an empty library here instead, move the backups folder away.",
            )
        _check_header(path, fresh, backup_dir)
        if not fresh:
            _check_writable(path)
        untouched = checked.untouched(path)  # before a connection puts a log beside it
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={
                "isolation_level": None,
                "check_same_thread": False,
                "timeout": busy_timeout,
            },
            poolclass=QueuePool,
            pool_size=4,
        )
        timeout_ms = int(busy_timeout * 1000)

        @event.listens_for(engine, "connect")
        def _configure(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.text_factory = decode_text
            dbapi_conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            dbapi_conn.execute("PRAGMA journal_mode = WAL")
            dbapi_conn.execute("PRAGMA synchronous = FULL")
            dbapi_conn.execute("PRAGMA foreign_keys = ON")

        db = cls(path, engine, backup_dir)
        try:
            db._upgrade(fresh, untouched, backup_dir)
        except BaseException:
            engine.dispose()
            raise
        return db

    def close(self) -> None:
        """Close every connection; the last one out stamps the file as checked
        (core/checked.py), so the next open can skip the integrity check."""
        self.engine.dispose()
        checked.record(self.path)

    def _upgrade(self, fresh: bool, untouched: bool, backup_dir: Path | None) -> None:
        with translate_errors(self.path, backup_dir), self.engine.connect() as conn:
            raw = _raw(conn)
            if not fresh and not untouched:
                ok = raw.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise damaged_error(self.path, str(ok), backup_dir)
            checked.forget(self.path)  # open now: only a clean close stamps it again
            version = migrations.schema_version(raw)
            if version > migrations.SCHEMA_VERSION:
                raise LibraryError(
                    f"{self.path} was written by a newer readinglist (schema {version}); "
                    "upgrade readinglist to open it."
                )
            if 0 < version < migrations.SCHEMA_VERSION and backup_dir is not None:
                kind = f"{backup.PRE_MIGRATION}-v{version}"
                backup.make_backup(self, backup_dir, kind, utcnow())
            migrations.migrate(raw)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One atomic write transaction: all of it commits, or none of it."""
        with translate_errors(self.path, self.backup_dir), self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent snapshot for several reads."""
        with translate_errors(self.path, self.backup_dir), self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()

    def backup_to(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API.

        The copy is consistent even while others write, is one self-contained
        file (rollback journal, not WAL) and appears at ``target`` only when
        complete: a full or read-only disk leaves no partial file behind.
        """
        with (
            atomic_path(target, LibraryError) as tmp,
            translate_errors(self.path, self.backup_dir),
            self.engine.connect() as conn,
        ):
            source = _raw(conn)
            dest = sqlite3.connect(tmp, isolation_level=None)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.Error as exc:
                raise _target_error(target, exc) from exc
            finally:
                dest.close()
                remove_sidecars(tmp)  # a copy that failed half-way leaves them


def remove_sidecars(database: Path) -> None:
    """Delete the journal, WAL and shared-memory files SQLite keeps beside a copy
    it was writing (a full disk stops it before it can tidy them itself)."""
    for suffix in SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            database.with_name(database.name + suffix).unlink()


def _raw(conn: Connection) -> sqlite3.Connection:
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def damaged_error(
    path: Path, detail: str, backup_dir: Path | None, *, hint: str = ""
) -> LibraryDamagedError:
    """The error for a damaged library: what is wrong and how to get it back."""
    detail = detail if len(detail) <= 200 else detail[:200] + "…"
    message = (
        f"The library database {path} is damaged ({detail}). {backup.restore_advice(backup_dir)}"
    )
    return LibraryDamagedError(
        message + (f" {hint}" if hint else ""), backup.latest_backup(backup_dir)
    )


def _target_error(target: Path, exc: sqlite3.Error) -> LibraryError:
    """A failure writing a copy of the database: about the copy, not the library."""
    text = str(exc).lower()
    if "full" in text:
        return LibraryError(f"The disk holding {target.parent} is full; no backup was written.")
    if "disk i/o error" in text:
        return LibraryError(
            f"Could not write to the disk holding {target.parent} (a disk I/O error: is it "
            "full, or failing?); no backup was written."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return LibraryError(f"Cannot write in {target.parent} (read-only?); no backup was written.")
    return LibraryError(f"Cannot write the backup {target}: {exc}.")


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` begins as an SQLite database does.

    Raises :class:`OSError` when the file cannot be read: what that means
    (a damaged library, a bad backup) is the caller's to say.
    """
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _check_header(path: Path, fresh: bool, backup_dir: Path | None = None) -> None:
    """Refuse a file that is not SQLite before the driver says something obscure."""
    if fresh:
        return
    try:
        sqlite = is_sqlite_file(path)
    except OSError as exc:
        raise LibraryError(f"Cannot read the library database {path}: {exc.strerror}.") from exc
    if not sqlite:
        raise damaged_error(path, "not a readinglist database: not even an SQLite file", backup_dir)


def _writable(path: Path) -> bool:
    """Whether this process can open ``path`` for writing (what SQLite will try)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return False
        raise
    os.close(fd)
    return True


def _check_writable(path: Path) -> None:
    """Refuse a database file that cannot be written, before SQLite opens it.

    SQLite would open it read-only and create its ``-shm`` with the file's own
    read-only permissions, which then kept the library read-only after the
    file itself was made writable. Such a leftover ``-wal`` or ``-shm`` (only
    shared memory and a log SQLite manages) is given the database's
    permissions back when this process owns it.
    """
    if not _writable(path):
        raise LibraryReadOnlyError(
            f"The library database {path} is read-only (its file permissions); readinglist "
            f"needs to write to it. Make it writable (for example: chmod u+w {path}) and "
            "try again. Nothing was changed."
        )
    mode = path.stat().st_mode & 0o777
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if _writable(sidecar):
            continue
        try:
            sidecar.chmod(mode)
        except OSError as exc:
            raise LibraryReadOnlyError(
                f"{sidecar} is read-only, which keeps the library read-only; make it writable "
                f"(or delete it while no readinglist is running) and try again."
            ) from exc
        if not _writable(sidecar):
            raise LibraryReadOnlyError(
                f"{sidecar} cannot be written, which keeps the library read-only; make it "
                "writable (or delete it while no readinglist is running) and try again."
            )


@contextmanager
def translate_errors(path: Path, backup_dir: Path | None = None) -> Iterator[None]:
    """Turn driver errors into messages a user can act on."""
    try:
        yield
    except DBAPIError as exc:
        raise _translated(path, exc.orig, backup_dir) from exc
    except sqlite3.Error as exc:
        raise _translated(path, exc, backup_dir) from exc
    except UnicodeDecodeError as exc:
        # SQLite's own message (which quotes the schema) was not UTF-8: a name in the
        # database's schema holds bytes that are not text. Python cannot even raise it.
        raise damaged_error(path, _UNREADABLE_SCHEMA, backup_dir) from exc


_UNREADABLE_SCHEMA = "its schema holds a name that is not valid UTF-8 text"


def _translated(
    path: Path, exc: BaseException | None, backup_dir: Path | None = None
) -> LibraryError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return LibraryBusyError(
            f"The library {path.parent} is busy: another readinglist is writing to it. "
            "Try again in a moment."
        )
    if "full" in text:
        return LibraryError(f"The disk holding {path.parent} is full; nothing was changed.")
    if "disk i/o error" in text:
        return LibraryError(
            f"Could not write to the disk holding {path.parent} (a disk I/O error: is it full, "
            "read-only or disconnected?); nothing was changed."
        )
    if "readonly" in text or "read-only" in text:
        return LibraryReadOnlyError(f"The library {path.parent} is read-only; nothing was changed.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return damaged_error(path, str(exc), backup_dir)
    if "unable to open" in text:
        return LibraryError(
            f"Cannot open the library database {path}: check the folder exists and is writable."
        )
    return LibraryError(f"Library database error in {path}: {exc}")
