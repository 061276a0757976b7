"""Libraries as older releases wrote them, for upgrade and restore tests."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from readinglist.core import migrations


def version_1_library(database: Path, note: str = "my old note") -> Path:
    """A schema-1 database (the first release) holding one paper with ``note``."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(database, isolation_level=None)) as conn:
        for statement in migrations._statements(migrations.MIGRATIONS[0]):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO paper (title, title_key, added_at, updated_at, note) "
            "VALUES ('Old Paper', 'old paper', '2025-01-01', '2025-01-01', ?)",
            (note,),
        )
    return database
