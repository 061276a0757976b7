"""The SQLite database of one library: opening, upgrading, transactions.

The pysqlite driver runs in autocommit mode and every write is an explicit
``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock is taken up front, so two
processes never deadlock upgrading a read to a write, and a waiting writer
gets a clear :class:`LibraryBusyError` after the busy timeout instead of a
half-done change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from readinglist.core import migrations
from readinglist.core.errors import LibraryBusyError, LibraryDamagedError, LibraryError

DB_NAME = "library.sqlite3"


def utcnow() -> datetime:
    """Aware UTC to the second: sqlmodel stores it as UTC and returns it aware."""
    return datetime.now(UTC).replace(microsecond=0)


class Database:
    """One library's SQLite file. Create with :meth:`open`."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @classmethod
    def open(
        cls, path: Path, *, busy_timeout: float = 5.0, backup_dir: Path | None = None
    ) -> Database:
        """Open (creating if needed), check and upgrade the database at ``path``."""
        fresh = not path.exists() or path.stat().st_size == 0
        _check_header(path, fresh)
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
            dbapi_conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            dbapi_conn.execute("PRAGMA journal_mode = WAL")
            dbapi_conn.execute("PRAGMA synchronous = FULL")
            dbapi_conn.execute("PRAGMA foreign_keys = ON")

        db = cls(path, engine)
        try:
            db._upgrade(fresh, backup_dir)
        except BaseException:
            engine.dispose()
            raise
        return db

    def close(self) -> None:
        self.engine.dispose()

    def _upgrade(self, fresh: bool, backup_dir: Path | None) -> None:
        with translate_errors(self.path), self.engine.connect() as conn:
            raw = _raw(conn)
            if not fresh:
                ok = raw.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise LibraryDamagedError(
                        f"The library database {self.path} is damaged ({ok})."
                    )
            version = migrations.schema_version(raw)
            if version > migrations.SCHEMA_VERSION:
                raise LibraryError(
                    f"{self.path} was written by a newer readinglist (schema {version}); "
                    "upgrade readinglist to open it."
                )
            if 0 < version < migrations.SCHEMA_VERSION and backup_dir is not None:
                backup_dir.mkdir(parents=True, exist_ok=True)
                stamp = utcnow().strftime("%Y%m%d-%H%M%S")
                self.backup_to(backup_dir / f"pre-migration-v{version}-{stamp}.sqlite3")
            migrations.migrate(raw)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One atomic write transaction: all of it commits, or none of it."""
        with translate_errors(self.path), self.engine.connect() as conn:
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
        with translate_errors(self.path), self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()

    def backup_to(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API."""
        tmp = target.with_name(target.name + ".part")
        with translate_errors(self.path), self.engine.connect() as conn:
            dest = sqlite3.connect(tmp)
            try:
                _raw(conn).backup(dest)
            finally:
                dest.close()
        tmp.replace(target)


def _raw(conn: Connection) -> sqlite3.Connection:
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _check_header(path: Path, fresh: bool) -> None:
    """Refuse a file that is not SQLite before the driver says something obscure."""
    if fresh:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise LibraryError(f"Cannot read the library database {path}: {exc.strerror}.") from exc
    if header != b"SQLite format 3\x00":
        raise LibraryDamagedError(
            f"{path} is not a readinglist database (it is damaged or another file)."
        )


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn driver errors into messages a user can act on."""
    try:
        yield
    except DBAPIError as exc:
        raise _translated(path, exc.orig) from exc
    except sqlite3.Error as exc:
        raise _translated(path, exc) from exc


def _translated(path: Path, exc: BaseException | None) -> LibraryError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return LibraryBusyError(
            f"The library {path.parent} is busy: another readinglist is writing to it. "
            "Try again in a moment."
        )
    if "full" in text:
        return LibraryError(f"The disk holding {path.parent} is full; nothing was changed.")
    if "readonly" in text or "read-only" in text:
        return LibraryError(f"The library {path.parent} is read-only; nothing was changed.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return LibraryDamagedError(f"The library database {path} is damaged ({exc}).")
    if "unable to open" in text:
        return LibraryError(
            f"Cannot open the library database {path}: check the folder exists and is writable."
        )
    return LibraryError(f"Library database error in {path}: {exc}")
