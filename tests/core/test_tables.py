"""The Core tables every statement runs on agree with the sqlmodel classes and the schema.

The two are written apart (the classes would bring the ORM and pydantic to
every command), so this is what keeps them one definition: every column's
name, order, type, nullability, key, foreign key and default, and every
index, compared table by table.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Column, String, Table, TypeDecorator
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString
from sqlmodel.sql.sqltypes import UTCDateTime as SqlmodelUTCDateTime

import readinglist.core.models  # noqa: F401  (registers the classes' tables)
from readinglist.core import tables
from readinglist.core.library import Library
from readinglist.core.tables import UTCDateTime


def _type(column: Column[Any]) -> str:
    """A column's type as SQLite sees it; sqlmodel's two own types by what they stand for."""
    kind = column.type
    if isinstance(kind, AutoString):
        return repr(String())
    if isinstance(kind, SqlmodelUTCDateTime | UTCDateTime):
        return f"UTCDateTime(impl={kind.impl!r})"
    assert not isinstance(kind, TypeDecorator), f"{column}: compare {kind!r} by what it does"
    return repr(kind)


def _describe(table: Table) -> dict[str, Any]:
    columns = [
        (
            c.name,
            _type(c),
            c.nullable,
            c.primary_key,
            sorted(fk.target_fullname for fk in c.foreign_keys),
            None if c.default is None else c.default.arg,  # type: ignore[attr-defined]
            c.server_default,
            c.autoincrement,
        )
        for c in table.columns
    ]
    indexes = sorted(
        (i.name, [c.name for c in i.columns], i.unique) for i in table.indexes if i.name
    )
    return {"columns": columns, "indexes": indexes}


def test_core_tables_are_the_sqlmodel_tables() -> None:
    models = SQLModel.metadata.tables
    assert sorted(tables.metadata.tables) == sorted(models)
    for name, table in tables.metadata.tables.items():
        assert _describe(table) == _describe(models[name]), name


def test_the_module_constants_are_its_tables() -> None:
    named = {value.name: value for value in vars(tables).values() if isinstance(value, Table)}
    # every table that statements use has its constant (sync_dirty and sync_purged
    # are kept by triggers alone, but are named all the same)
    assert named == dict(tables.metadata.tables)


def test_core_tables_match_the_migrated_schema(library: Library) -> None:
    conn = sqlite3.connect(library.paths.database)
    try:
        for name, table in tables.metadata.tables.items():
            info = {row[1]: row for row in conn.execute(f"PRAGMA table_info({name})")}
            assert set(info) == {c.name for c in table.columns}, name  # ALTER TABLE appends
            for column in table.columns:
                # NOT NULL in SQL or as the key (SQLite lets an INTEGER PRIMARY KEY be NULL:
                # it assigns the rowid)
                declared = bool(info[column.name][3]) or bool(info[column.name][5])
                assert declared == (not column.nullable), (name, column.name)
    finally:
        conn.close()


AWARE = [
    datetime(2024, 5, 1, 12, 30, tzinfo=UTC),
    datetime(2024, 5, 1, 14, 30, 15, 123, tzinfo=timezone(timedelta(hours=2))),
    None,
]


@pytest.mark.parametrize("value", AWARE)
def test_times_bind_and_read_as_sqlmodel_does(value: datetime | None) -> None:
    ours, theirs = UTCDateTime(), SqlmodelUTCDateTime()
    dialect: Any = None
    bound = ours.process_bind_param(value, dialect)
    assert bound == theirs.process_bind_param(value, dialect)
    if bound is not None:
        assert bound.tzinfo == theirs.process_bind_param(value, dialect).tzinfo  # type: ignore[union-attr]
    for stored in (bound, None if bound is None else bound.replace(tzinfo=None)):
        read = ours.process_result_value(stored, dialect)
        assert read == theirs.process_result_value(stored, dialect)
        assert read is None or read.tzinfo == UTC
    assert type(ours.coerce_compared_value(None, timedelta(1))) is type(
        theirs.coerce_compared_value(None, timedelta(1))
    )
    assert ours.coerce_compared_value(None, value) is ours


def test_a_naive_time_is_refused_as_sqlmodel_refuses_it() -> None:
    naive = datetime(2024, 5, 1, 12, 30)
    with pytest.raises(ValueError) as ours:
        UTCDateTime().process_bind_param(naive, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError) as theirs:
        SqlmodelUTCDateTime().process_bind_param(naive, None)  # type: ignore[arg-type]
    assert str(ours.value) == str(theirs.value)
