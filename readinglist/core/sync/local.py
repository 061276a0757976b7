"""A paper's synced parts as this library holds them, read in bulk from SQLite.

Publishing and applying both compare a paper as SQLite has it with the
paper as the shared document has it; this is the SQLite side, for many
papers in a few queries (a device joining a folder reads every paper).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Connection, select
from sqlalchemy.types import JSON, Boolean, Date, DateTime

from readinglist.core import merge_rules
from readinglist.core.chunks import chunks
from readinglist.core.sync import fields
from readinglist.core.sync.fields import Record
from readinglist.core.tables import DIGEST, DIGEST_ENTRY, PAPER, PAPER_TAG, TAG
from readinglist.core.tag_names import tag_key
from readinglist.core.text import title_key


@dataclass
class LocalPaper:
    row: dict[str, Any]
    #: The uids this paper is shared under, smallest first (empty: never shared).
    uids: list[str] = field(default_factory=list)
    #: tag key -> name
    tags: dict[str, str] = field(default_factory=dict)
    #: digest day (ISO) -> (position, upvotes)
    entries: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    #: each :data:`fields.META_SETS` name -> its values
    sets: dict[str, list[str]] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def edited(self) -> set[str]:
        return set(self.row["user_fields"] or [])


def uids_of(conn: Connection, paper_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for chunk in chunks(sorted(set(paper_ids))):
        marks = ",".join("?" * len(chunk))
        stmt = f"SELECT paper_id, uid FROM sync_paper WHERE paper_id IN ({marks})"
        for pid, uid in conn.exec_driver_sql(stmt, tuple(chunk)):
            out.setdefault(pid, []).append(uid)
    return {pid: sorted(uids) for pid, uids in out.items()}


def papers_of(conn: Connection, uids: Sequence[str]) -> dict[str, int]:
    """uid -> local paper id, for the uids this library knows."""
    out: dict[str, int] = {}
    for chunk in chunks(sorted(set(uids))):
        marks = ",".join("?" * len(chunk))
        stmt = f"SELECT uid, paper_id FROM sync_paper WHERE uid IN ({marks})"
        out.update(dict(conn.exec_driver_sql(stmt, tuple(chunk)).fetchall()))
    return out


def _reader(column: Column[Any]) -> Callable[[Any], Any]:
    """How SQLite's stored value of a paper column becomes what sqlmodel would return."""
    declared = column.type
    kind = getattr(declared, "impl", declared)
    if isinstance(kind, JSON):
        return json.loads
    if isinstance(kind, DateTime):
        return lambda v: datetime.fromisoformat(v).replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Boolean):
        return bool
    return lambda v: v


_COLUMNS = [c.name for c in PAPER.c]
_READERS = [_reader(c) for c in PAPER.c]
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM paper WHERE id IN"


def rows(conn: Connection, paper_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Paper rows by id, read without SQLAlchemy's statement machinery: a device
    joining a folder reads 100,000 of them."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in chunks(sorted(set(paper_ids))):
        marks = ",".join("?" * len(chunk))
        for raw in conn.exec_driver_sql(f"{_SELECT} ({marks})", tuple(chunk)):
            row: dict[str, Any] = {
                name: None if value is None else read(value)
                for name, read, value in zip(_COLUMNS, _READERS, raw, strict=True)
            }
            out[row["id"]] = row
    return out


def _writer(column: Column[Any]) -> Callable[[Any], Any]:
    """How a Python value of a paper column is stored (what sqlmodel would store)."""
    declared = column.type
    kind = getattr(declared, "impl", declared)
    if isinstance(kind, JSON):
        return json.dumps
    if isinstance(kind, DateTime):
        return lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(kind, Date):
        return lambda v: v.isoformat()
    if isinstance(kind, Boolean):
        return int
    return lambda v: v


_WRITERS = {c.name: _writer(c) for c in PAPER.c}


def insert_rows(conn: Connection, new: Sequence[dict[str, Any]]) -> None:
    """Insert paper rows (all with the same columns) in one statement, without
    SQLAlchemy's per-value processing (a device joining inserts 100,000)."""
    if not new:
        return
    names = sorted(new[0])
    sql = f"INSERT INTO paper ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    writers = [_WRITERS[n] for n in names]
    conn.exec_driver_sql(
        sql,
        [
            tuple(None if r[n] is None else w(r[n]) for n, w in zip(names, writers, strict=True))
            for r in new
        ],
    )


def lookup(conn: Connection, table: str, key: str, value: str, wanted: set[str]) -> dict[str, int]:
    """``key -> value`` of the rows of ``table`` whose ``key`` is one of ``wanted``."""
    out: dict[str, int] = {}
    for chunk in chunks(sorted(wanted)):
        marks = ",".join("?" * len(chunk))
        stmt = f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({marks})"
        out.update(dict(conn.exec_driver_sql(stmt, tuple(chunk)).fetchall()))
    return out


def load(conn: Connection, paper_ids: Sequence[int]) -> dict[int, LocalPaper]:
    """The papers (in the bin too) of ``paper_ids`` that exist, with their synced parts."""
    papers = {pid: LocalPaper(row) for pid, row in rows(conn, paper_ids).items()}
    for pid, uids in uids_of(conn, list(papers)).items():
        papers[pid].uids = uids
    ids = sorted(papers)
    for chunk in chunks(ids):
        stmt = (
            select(PAPER_TAG.c.paper_id, TAG.c.name)
            .join(TAG, TAG.c.id == PAPER_TAG.c.tag_id)
            .where(PAPER_TAG.c.paper_id.in_(chunk))
        )
        for pid, name in conn.execute(stmt):
            papers[pid].tags[tag_key(name)] = name
        stmt2 = (
            select(DIGEST_ENTRY.c.paper_id, DIGEST.c.day, DIGEST_ENTRY.c.position)
            .add_columns(DIGEST_ENTRY.c.upvotes)
            .join(DIGEST, DIGEST.c.id == DIGEST_ENTRY.c.digest_id)
            .where(DIGEST_ENTRY.c.paper_id.in_(chunk))
        )
        for pid, day, position, upvotes in conn.execute(stmt2):
            papers[pid].entries[day.isoformat()] = (position, upvotes)
        for meta_set in fields.META_SETS:
            column = meta_set.table.c[meta_set.column]
            paper = meta_set.table.c.paper_id
            for pid, value in conn.execute(select(paper, column).where(paper.in_(chunk))):
                papers[pid].sets.setdefault(meta_set.name, []).append(value)
    return papers


def meta_of(paper: LocalPaper, shared: Record | None) -> Record:
    """What this library knows of the paper's derived metadata.

    Columns the user edited hold the user's value, not what imports derived:
    they are left out (the shared record keeps its value), except a title the
    document does not have yet (a record needs one).
    """
    row = paper.row
    rec = fields.empty_meta()
    guarded = {c for c, g in merge_rules.GUARD.items() if g in paper.edited}
    for column in fields.META_COLUMNS:
        if column not in guarded:
            rec[column] = row[column]
    if rec["title"] is None:
        rec["title"] = shared["title"] if shared is not None else row["title"]
    rec["abstract"] = rec["abstract"] or ""
    rec["authors"] = list(rec["authors"] or [])
    rec["upvotes"] = rec["upvotes"] or 0
    for meta_set in fields.META_SETS:
        rec[meta_set.name] = sorted(paper.sets.get(meta_set.name, []))
    rec["titles"] = sorted({*rec["titles"], title_key(row["title"])})
    rec[fields.ENTRIES] = dict(paper.entries)
    return rec
