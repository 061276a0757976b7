"""Text in the database that is not UTF-8, found for ``check``.

SQLite stores whatever bytes a program hands it as text. readinglist only
ever writes UTF-8, but another program, or a failing disk, can leave bytes
that are not; the connection reads them as U+FFFD (``db.decode_text``) so
``show``, ``export``, ``reindex`` and ``search`` keep working, and this scan
is how ``check`` finds them. It reads every text cell of every table as
bytes (``CAST(... AS BLOB)``, past the lenient decoding) and decodes it
strictly; the schema's own names and definitions are read the same way.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from readinglist.core.db import Database


def text_problems(db: Database) -> list[str]:
    """Every row holding text that is not UTF-8, as "paper 12: title, abstract".

    The cells are read as bytes (``CAST(... AS BLOB)``), not through the
    connection's lenient decoding, and decoded strictly here.
    """
    out: list[str] = []
    with db.read() as conn:
        raw: Any = conn.connection.driver_connection
        schema = raw.execute(
            "SELECT CAST(name AS BLOB), CAST(sql AS BLOB), type FROM sqlite_master"
        )
        tables: list[str] = []
        damaged_schema = False
        for name, sql, kind in schema.fetchall():
            if not (_utf8(name) and _utf8(sql)):
                damaged_schema = True
            elif kind == "table" and not bytes(name).startswith(b"sqlite_"):
                tables.append(bytes(name).decode("utf-8"))
        if damaged_schema:
            out.append("the database's schema (a name or a definition)")
        for table in tables:
            out += _table_text(raw, table)
    return out


def _table_text(raw: Any, table: str) -> list[str]:
    quoted = '"' + table.replace('"', '""') + '"'
    columns = [str(r[1]) for r in raw.execute(f"PRAGMA table_info({quoted})")]
    if not columns:
        return []
    names = ['"' + c.replace('"', '""') + '"' for c in columns]
    cells = ", ".join(f"CAST({n} AS BLOB)" for n in names)
    texts = " OR ".join(f"typeof({n}) = 'text'" for n in names)
    try:
        rows = raw.execute(f"SELECT rowid, {cells} FROM {quoted} WHERE {texts}").fetchall()
    except sqlite3.OperationalError:  # a table WITHOUT ROWID: rows are counted instead
        rows = raw.execute(f"SELECT NULL, {cells} FROM {quoted} WHERE {texts}").fetchall()
    out = []
    for number, (rowid, *values) in enumerate(rows, start=1):
        bad = [c for c, v in zip(columns, values, strict=True) if not _utf8(v)]
        if bad:
            row = rowid if rowid is not None else f"(text row {number})"
            out.append(f"{table} {row}: {', '.join(bad)}")
    return out


def _utf8(value: object) -> bool:
    if not isinstance(value, bytes):
        return True
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
