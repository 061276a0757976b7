"""Settings stored in the library (the ``setting`` table), and the Library's part for them.

These are settings that travel with the library file: how many days of
backups to keep, the search index's generation, an auto-export's last
error. Preferences of one person on one machine (the theme, the read delay)
live in ``QSettings`` instead and are the window's business.

The connection-level functions run inside a caller's transaction (the index
bumps its generation in the same transaction as its dequeue);
:class:`Settings` is what ``library.settings`` gives the CLI and the GUI.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist.core.db import Database
from readinglist.core.tables import SETTING


def get(conn: Connection, key: str) -> str | None:
    """The value stored under ``key``, or None."""
    value = conn.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
    return None if value is None else str(value)


def put(conn: Connection, key: str, value: str) -> None:
    """Store ``value`` under ``key``, replacing any value there."""
    stmt = sqlite_insert(SETTING).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def drop(conn: Connection, key: str) -> None:
    """Forget ``key`` (nothing happens if it is not set)."""
    conn.execute(delete(SETTING).where(SETTING.c.key == key))


def with_prefix(conn: Connection, prefix: str) -> dict[str, str]:
    """Every setting whose key starts with ``prefix``, by key."""
    stmt = select(SETTING.c.key, SETTING.c.value).where(SETTING.c.key.startswith(prefix))
    return {str(key): str(value) for key, value in conn.execute(stmt)}


class Settings:
    """``library.settings``: read and write one setting, each write its own transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        with self._db.read() as conn:
            value = get(conn, key)
        return default if value is None else value

    def set(self, key: str, value: str) -> None:
        with self._db.write() as conn:
            put(conn, key, value)
