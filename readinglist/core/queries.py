"""Read-only SQL for lists, counts and summaries.

Sorting and filtering happen here, in SQLite, on indexed columns (the way
calibre's BooksModel does it): the GUI asks for ids in order and fetches rows
for the visible page only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

from readinglist.core import tallies
from readinglist.core.chunks import chunks
from readinglist.core.tables import DIGEST, DIGEST_ENTRY, PAPER, PAPER_TAG, SOURCE_ENTRY, TAG
from readinglist.core.tag_names import stored_tags
from readinglist.core.views import (
    DigestSummary,
    PaperFilter,
    PaperRow,
    SortKey,
    Stats,
    TagSummary,
    View,
)

if TYPE_CHECKING:
    from readinglist.core.models import Paper

_LIVE = PAPER.c.removed_at.is_(None)
_SORT_COLUMNS: dict[SortKey, ColumnElement[Any]] = {
    SortKey.TITLE: PAPER.c.title_key,
    SortKey.PUBLISHED: PAPER.c.published,
    SortKey.DIGEST_DAY: PAPER.c.digest_day,
    SortKey.UPVOTES: PAPER.c.upvotes,
    SortKey.ADDED: PAPER.c.added_at,
    SortKey.STARRED: PAPER.c.starred,
    # The expression of the covering index ``paper_by_pdf`` (migration 4), as written there.
    SortKey.PDF: PAPER.c.pdf_file.is_not(None),
}


def conditions(conn: Connection, flt: PaperFilter) -> list[ColumnElement[bool]]:
    if flt.view is View.BIN:
        return [PAPER.c.removed_at.is_not(None)]
    where: list[ColumnElement[bool]] = [_LIVE]
    if flt.view is View.INBOX:
        where.append(PAPER.c.read.is_(False))
    elif flt.view is View.READ:
        where.append(PAPER.c.read.is_(True))
    elif flt.view is View.STARRED:
        where.append(PAPER.c.starred.is_(True))
    if flt.tag is not None:
        tag_ids = [tag_id for tag_id, _ in stored_tags(conn, [flt.tag])]
        tagged = select(PAPER_TAG.c.paper_id).where(PAPER_TAG.c.tag_id.in_(tag_ids))
        where.append(PAPER.c.id.in_(tagged))
    if flt.digest_day is not None:
        where.append(PAPER.c.id.in_(_in_digest(flt)))
    if flt.source is not None:
        listed = select(SOURCE_ENTRY.c.paper_id).where(SOURCE_ENTRY.c.source_id == flt.source)
        where.append(PAPER.c.id.in_(listed))
    return where


def _in_digest(flt: PaperFilter) -> Select[tuple[int]]:
    return (
        select(DIGEST_ENTRY.c.paper_id)
        .join(DIGEST, DIGEST.c.id == DIGEST_ENTRY.c.digest_id)
        .where(DIGEST.c.day == flt.digest_day)
    )


def paper_ids(
    conn: Connection,
    flt: PaperFilter,
    sort: SortKey,
    descending: bool,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    stmt = select(PAPER.c.id).where(and_(*conditions(conn, flt)))
    if sort is SortKey.DIGEST_ORDER and flt.digest_day is None and flt.source is None:
        return _fetch_ids(conn, stmt.order_by(*_digest_order(descending)), limit, offset)
    if sort in (SortKey.POSITION, SortKey.DIGEST_ORDER) and flt.digest_day is not None:
        stmt = stmt.join(DIGEST_ENTRY, DIGEST_ENTRY.c.paper_id == PAPER.c.id).join(
            DIGEST, and_(DIGEST.c.id == DIGEST_ENTRY.c.digest_id, DIGEST.c.day == flt.digest_day)
        )
        column: ColumnElement[Any] = DIGEST_ENTRY.c.position
        if sort is SortKey.DIGEST_ORDER:  # natural direction: first listed first
            descending = not descending
    elif sort in (SortKey.POSITION, SortKey.DIGEST_ORDER) and flt.source is not None:
        stmt = stmt.join(
            SOURCE_ENTRY,
            and_(SOURCE_ENTRY.c.paper_id == PAPER.c.id, SOURCE_ENTRY.c.source_id == flt.source),
        )
        column = SOURCE_ENTRY.c.position  # a page's list in the page's own order
        if sort is SortKey.DIGEST_ORDER:
            descending = not descending
    else:
        column = _SORT_COLUMNS.get(sort, PAPER.c.digest_day)
    if descending:
        stmt = stmt.order_by(column.desc().nulls_last(), PAPER.c.id.desc())
    else:
        stmt = stmt.order_by(column.asc().nulls_last(), PAPER.c.id.asc())
    return _fetch_ids(conn, stmt, limit, offset)


def _digest_order(descending: bool) -> list[ColumnElement[Any]]:
    """Newest digest first, then its position (the index ``paper_by_digest_order``);
    papers no digest listed come last either way; ascending is the exact reverse."""
    day, position = PAPER.c.listed_day, PAPER.c.listed_position
    if descending:
        return [day.desc().nulls_last(), position.asc(), PAPER.c.id.asc()]
    return [day.asc().nulls_last(), position.desc(), PAPER.c.id.desc()]


def _fetch_ids(
    conn: Connection, stmt: Select[tuple[int]], limit: int | None, offset: int
) -> list[int]:
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    # Plain ints straight from the driver's cursor: SQLAlchemy's row objects
    # cost ~1 µs each, which is most of the time for 100,000 ids.
    result = conn.execute(stmt)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def papers(
    conn: Connection, ids: Sequence[int], *, include_removed: bool = False
) -> dict[int, Paper]:
    """Whole papers by id (unknown ids left out; those in the bin too, unless asked for).

    The one place the sqlmodel classes load: lists, rows and counts need none of
    them, and importing them (SQLAlchemy's ORM, pydantic) costs more than a whole
    ``readinglist list`` does without them.
    """
    from readinglist.core.models import Paper

    found: dict[int, Paper] = {}
    for chunk in chunks(ids):
        # Filter the bin in Python: a `removed_at` term in SQL makes
        # SQLite walk the (removed_at, …) list index instead of the ids.
        for row in conn.execute(select(PAPER).where(PAPER.c.id.in_(chunk))).mappings():
            if include_removed or row["removed_at"] is None:
                found[row["id"]] = Paper.model_validate(dict(row))
    return found


#: The library total that is each plain list's count.
_VIEW_TOTALS = {
    View.ALL: "papers",
    View.INBOX: "unread",
    View.READ: "read",
    View.STARRED: "starred",
    View.BIN: "binned",
}


def count(conn: Connection, flt: PaperFilter) -> int:
    if flt.tag is None and flt.digest_day is None and flt.source is None:
        kept = tallies.totals(conn)  # the status bar asks after every change
        if kept is not None:
            return kept[_VIEW_TOTALS[flt.view]]
    stmt = select(func.count()).select_from(PAPER).where(and_(*conditions(conn, flt)))
    return int(conn.execute(stmt).scalar_one())


#: One list row per paper, all of a page's rows in one JSON text: see :func:`rows`.
_ROWS = """
    SELECT json_group_array(json_array(
        id, title, published, digest_day, upvotes, read, starred,
        pdf_file IS NOT NULL, listed_day, keep_unread))
    FROM paper WHERE id IN ({marks})
"""


def rows(conn: Connection, ids: Sequence[int]) -> list[PaperRow]:
    """Rows for ``ids``, in the order given (missing ids are left out).

    The window asks for a page of rows while it paints, and SQLite hands the
    interpreter lock back at every row it steps: with a worker running Python
    meanwhile (an import, a fetch), each row cost the window up to a thread
    switch interval to get the lock back, so a 256-row page painted in 190 to
    370 ms (1 ms interval; 15 ms with no worker). So a page is one row of
    JSON, one step, whatever its size.
    """
    found: dict[int, PaperRow] = {}
    for chunk in chunks(ids):
        sql = _ROWS.format(marks=",".join("?" * len(chunk)))
        text = conn.exec_driver_sql(sql, tuple(chunk)).scalar_one()
        for pid, title, published, digest_day, upvotes, *flags, listed, keep in json.loads(text):
            read, starred, has_pdf = (bool(f) for f in flags)
            found[pid] = PaperRow(
                pid, title, _day(published), _day(digest_day), upvotes, read, starred,
                has_pdf, _day(listed), bool(keep),
            )  # fmt: skip
    return [found[i] for i in ids if i in found]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# The digests' and tags' counts and the library's totals are not counted here
# but kept by triggers (core/tally_sql.py): counting them took 0.1 s on
# 100,000 papers, on every start and after every change.
_DIGEST_COUNTS = """
    SELECT digest.day, digest.name, digest_tally.papers, digest_tally.unread
    FROM digest LEFT JOIN digest_tally ON digest_tally.digest_id = digest.id
    ORDER BY digest.day DESC
"""
_TAG_COUNTS = """
    SELECT tag.name, tag_tally.papers
    FROM tag LEFT JOIN tag_tally ON tag_tally.tag_id = tag.id
    ORDER BY lower(tag.name)
"""


def digests(conn: Connection) -> list[DigestSummary]:
    # Plain tuples from the driver's cursor, days parsed here (stored as ISO
    # dates): SQLAlchemy's row and type processing was most of the time left.
    result = conn.exec_driver_sql(_DIGEST_COUNTS)
    try:
        found = result.cursor.fetchall()
    finally:
        result.close()
    day = date.fromisoformat
    return [DigestSummary(day(d), n, p or 0, u or 0) for d, n, p, u in found]


def tags(conn: Connection) -> list[TagSummary]:
    return [TagSummary(name, int(n or 0)) for name, n in conn.exec_driver_sql(_TAG_COUNTS)]


def stats(conn: Connection) -> Stats:
    """The library's totals from the triggers' tally; the rest are plain counts of
    small tables (or of ``digest_entry``, which SQLite counts from its smallest index)."""
    kept = tallies.totals(conn) or tallies.totals_recount(conn)
    n_digests = conn.execute(select(func.count()).select_from(DIGEST)).scalar_one()
    n_entries = conn.execute(select(func.count()).select_from(DIGEST_ENTRY)).scalar_one()
    n_tags = conn.execute(select(func.count()).select_from(TAG)).scalar_one()
    return Stats(
        kept["papers"],
        kept["unread"],
        kept["starred"],
        kept["read"],
        kept["noted"],
        int(n_digests),
        int(n_entries),
        int(n_tags),
        kept["binned"],
    )


def paper_digests(conn: Connection, paper_id: int) -> list[tuple[str, int]]:
    """(ISO day, position) of every digest a paper stood in, oldest first."""
    stmt = (
        select(DIGEST.c.day, DIGEST_ENTRY.c.position)
        .join(DIGEST, DIGEST.c.id == DIGEST_ENTRY.c.digest_id)
        .where(DIGEST_ENTRY.c.paper_id == paper_id)
        .order_by(DIGEST.c.day)
    )
    return [(day.isoformat(), pos) for day, pos in conn.execute(stmt)]


def paper_tags(conn: Connection, paper_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in paper_ids}
    for chunk in chunks(paper_ids):
        stmt = (
            select(PAPER_TAG.c.paper_id, TAG.c.name)
            .join(TAG, TAG.c.id == PAPER_TAG.c.tag_id)
            .where(PAPER_TAG.c.paper_id.in_(chunk))
            .order_by(func.lower(TAG.c.name))
        )
        for pid, name in conn.execute(stmt):
            out[pid].append(name)
    return out
