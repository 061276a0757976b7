"""``library.sources``: Hugging Face pages that are not one day's digest.

A trending page, search results, a weekly or monthly page or a collection
lists papers without making them a digest of any day. Each import of such a
page is recorded as a *source*: what page it was, what it showed (the words
searched, the week, the collection), the day it was seen and where each
paper stood on it. One source stands for one page, query and day, so a
second capture of the same search on the same day only adds the papers the
first lacked; the same capture imported again on a later day (a file without
a date of its own) is recognised by its papers and adds nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Integer, column, func, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist.core.store import Store
from readinglist.core.tables import SOURCE, SOURCE_ENTRY
from readinglist.core.text import source_name
from readinglist.core.views import SourceRef, SourceSummary

if TYPE_CHECKING:  # the importers load when something is imported, not for a list
    from readinglist.core.importers.base import IncomingSource, ParsedBatch

# Counted like the sidebar's digests: through the narrow covering index of flags.
_COUNTS = text(
    """
    SELECT source.id, source.page, source.query, source.seen, source.name,
           sum(iif(paper.removed_at IS NULL, 1, 0)) AS papers,
           sum(iif(paper.removed_at IS NULL AND paper.read = 0, 1, 0)) AS unread
    FROM source
    LEFT JOIN source_entry ON source_entry.source_id = source.id
    LEFT JOIN paper INDEXED BY paper_flags ON paper.id = source_entry.paper_id
    GROUP BY source.id
    ORDER BY source.seen DESC, source.id DESC
    """
).columns(
    SOURCE.c.id,
    SOURCE.c.page,
    SOURCE.c.query,
    SOURCE.c.seen,
    SOURCE.c.name,
    column("papers", Integer),
    column("unread", Integer),
)


class Sources:
    """The Library's sources part (``library.sources``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self) -> list[SourceSummary]:
        """Every source, the most recently seen first, with its papers (not in the bin)
        and how many of them are unread."""
        with self._store.db.read() as conn:
            return summaries(conn)

    def of(self, paper_id: int) -> list[SourceSummary]:
        """The sources that listed a paper, the most recently seen first."""
        with self._store.db.read() as conn:
            listed = set(
                conn.execute(
                    select(SOURCE_ENTRY.c.source_id).where(SOURCE_ENTRY.c.paper_id == paper_id)
                ).scalars()
            )
            return [s for s in summaries(conn) if s.id in listed] if listed else []


def summaries(conn: Connection) -> list[SourceSummary]:
    return [
        SourceSummary(sid, page, query or None, seen, name, int(papers or 0), int(unread or 0))
        for sid, page, query, seen, name, papers, unread in conn.execute(_COUNTS)
    ]


def record_sources(
    conn: Connection, batch: ParsedBatch, per_paper: list[int], now: datetime
) -> tuple[int, tuple[SourceRef, ...]]:
    """Record the batch's sources and where each paper stood; returns the entries
    added and the sources. ``per_paper`` maps ``batch.all_papers()`` to paper ids."""
    offset = sum(len(d.papers) for d in batch.digests)
    added = 0
    found: list[SourceRef] = []
    for page in batch.sources:
        pids = per_paper[offset : offset + len(page.papers)]
        offset += len(page.papers)
        ordered = list(dict.fromkeys(pids))  # a paper listed twice stands where it first did
        source_id = _find(conn, page, ordered)
        if source_id is None:
            source_id = _insert(conn, page, batch.source, now)
        added += _add_entries(conn, source_id, page, pids)
        row = conn.execute(select(SOURCE).where(SOURCE.c.id == source_id)).mappings().one()
        found.append(SourceRef(source_id, row["page"], row["query"] or None, row["seen"]))
    return added, tuple(found)


def _find(conn: Connection, page: IncomingSource, ordered: list[int]) -> int | None:
    """The source this capture adds to: the same page, query and day; or the latest
    capture of the same page and query if it listed exactly these papers."""
    same = (SOURCE.c.page == page.page) & (SOURCE.c.query == (page.query or ""))
    found = conn.execute(select(SOURCE.c.id).where(same, SOURCE.c.seen == page.seen)).scalar()
    if found is not None:
        return int(found)
    latest = conn.execute(
        select(SOURCE.c.id).where(same).order_by(SOURCE.c.seen.desc(), SOURCE.c.id.desc()).limit(1)
    ).scalar()
    if latest is None:
        return None
    listed = conn.execute(
        select(SOURCE_ENTRY.c.paper_id)
        .where(SOURCE_ENTRY.c.source_id == latest)
        .order_by(SOURCE_ENTRY.c.position)
    ).scalars()
    return int(latest) if list(listed) == ordered else None


def _insert(conn: Connection, page: IncomingSource, source: str, now: datetime) -> int:
    values = {
        "page": page.page,
        "query": page.query or "",
        "seen": page.seen,
        "name": source_name(source),
        "url": page.url,
        "imported_at": now,
    }
    inserted = conn.execute(insert(SOURCE).values(**values)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def _add_entries(conn: Connection, source_id: int, page: IncomingSource, pids: list[int]) -> int:
    start = conn.execute(
        select(func.coalesce(func.max(SOURCE_ENTRY.c.position), -1)).where(
            SOURCE_ENTRY.c.source_id == source_id
        )
    ).scalar_one()
    rows = []
    seen: set[int] = set()
    for position, (paper, pid) in enumerate(zip(page.papers, pids, strict=True)):
        if pid not in seen:
            seen.add(pid)
            rows.append(
                {
                    "source_id": source_id,
                    "paper_id": pid,
                    "position": start + 1 + position,
                    "upvotes": paper.upvotes,
                }
            )
    if not rows:
        return 0
    result = conn.execute(sqlite_insert(SOURCE_ENTRY).on_conflict_do_nothing(), rows)
    return max(result.rowcount, 0)
