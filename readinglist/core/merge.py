"""Merging incoming papers into the library, inside the caller's transaction.

A paper is matched by arXiv id, then by normalised title. New papers are
inserted in bulk; known ones only gain what they lack: a field the user
edited, the note, read/starred, tags and an assigned citation key are never
touched. Re-importing a source therefore changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import PurePath
from typing import Any, TypeVar

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from readinglist.core.models import DIGEST, DIGEST_ENTRY, INDEX_QUEUE, PAPER, Precision
from readinglist.core.text import clean_line, title_key
from readinglist.core.views import ImportReport

_CHUNK = 500
T = TypeVar("T")
_PRECISION_RANK = {None: 0, Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}
#: Fields filled from a source when the library has none and the user did not edit them.
_FILLABLE = ("abstract", "authors", "author_count", "arxiv_id", "primary_class", "venue", "url")
_EDIT_NAME = {"published": "year"}


@dataclass
class _Known:
    row: dict[str, Any]
    changes: dict[str, Any]


def merge_batch(conn: Connection, batch: ParsedBatch, now: datetime) -> ImportReport:
    incoming = _dedupe(batch.all_papers())
    known = _find_known(conn, incoming)
    new_rows: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    for key, paper in incoming.items():
        existing = known.get(key)
        if existing is None:
            new_rows.append(_new_row(paper, now))
        else:
            existing.changes.update(_fills(existing.row, paper))
            ids[key] = existing.row["id"]
    new_ids = _insert_new(conn, new_rows, ids)
    enriched = _apply_changes(conn, known.values(), now)
    entries = _record_digests(conn, batch, ids, now)
    _first_seen(conn, batch, ids)
    touched = set(new_ids) | {k.row["id"] for k in known.values() if k.changes}
    if touched:
        conn.execute(
            sqlite_insert(INDEX_QUEUE).on_conflict_do_nothing(),
            [{"paper_id": i} for i in sorted(touched)],
        )
    return ImportReport(
        source=batch.source,
        kind=batch.kind,
        days=tuple(d.day for d in batch.digests),
        papers=len(incoming),
        new=len(new_ids),
        enriched=enriched,
        unchanged=len(incoming) - len(new_ids) - enriched,
        entries_added=entries,
        new_ids=tuple(new_ids),
    )


def identity(paper: IncomingPaper) -> str:
    """The in-batch identity: arXiv id when known, else the normalised title."""
    return f"arxiv:{paper.arxiv_id}" if paper.arxiv_id else f"title:{title_key(paper.title)}"


def _dedupe(papers: Sequence[IncomingPaper]) -> dict[str, IncomingPaper]:
    """One entry per paper; a later duplicate only fills what the first lacks."""
    out: dict[str, IncomingPaper] = {}
    by_title: dict[str, str] = {}
    for raw in papers:
        paper = replace(raw, title=clean_line(raw.title), abstract=clean_line(raw.abstract))
        tkey = title_key(paper.title)
        key = identity(paper)
        key = by_title.get(tkey, key) if not paper.arxiv_id else key
        if key in out:
            out[key] = _combine(out[key], paper)
        else:
            out[key] = paper
            by_title.setdefault(tkey, key)
    return out


def _combine(first: IncomingPaper, other: IncomingPaper) -> IncomingPaper:
    fills = {
        name: getattr(other, name)
        for name in (*_FILLABLE, "published", "precision", "citation_key")
        if not getattr(first, name) and getattr(other, name)
    }
    upvotes = max(first.upvotes or 0, other.upvotes or 0) or None
    return replace(first, upvotes=upvotes, **fills)


def _find_known(conn: Connection, incoming: dict[str, IncomingPaper]) -> dict[str, _Known]:
    arxiv = {p.arxiv_id: k for k, p in incoming.items() if p.arxiv_id}
    titles = {title_key(p.title): k for k, p in incoming.items()}
    found: dict[str, _Known] = {}
    for chunk in _chunks(list(arxiv)):
        for row in conn.execute(select(PAPER).where(PAPER.c.arxiv_id.in_(chunk))).mappings():
            found[arxiv[row["arxiv_id"]]] = _Known(dict(row), {})
    for chunk in _chunks(list(titles)):
        for row in conn.execute(select(PAPER).where(PAPER.c.title_key.in_(chunk))).mappings():
            key = titles[row["title_key"]]
            if key not in found:
                found[key] = _Known(dict(row), {})
    return found


def _new_row(paper: IncomingPaper, now: datetime) -> dict[str, Any]:
    return {
        "title": paper.title,
        "title_key": title_key(paper.title),
        "abstract": paper.abstract,
        "authors": list(paper.authors),
        "author_count": paper.author_count or (len(paper.authors) or None),
        "published": paper.published,
        "published_precision": paper.precision.value if paper.precision else None,
        "arxiv_id": paper.arxiv_id,
        "primary_class": paper.primary_class,
        "venue": paper.venue,
        "url": paper.url,
        "upvotes": paper.upvotes or 0,
        "citation_key": None,
        "user_fields": [],
        "added_at": now,
        "updated_at": now,
    }


def _fills(row: dict[str, Any], paper: IncomingPaper) -> dict[str, Any]:
    user = set(row["user_fields"] or [])
    changes: dict[str, Any] = {}
    for name in _FILLABLE:
        value = getattr(paper, name)
        if name == "authors":
            value = list(value)
        if value and not row[name] and name not in user:
            changes[name] = value
    if paper.authors and not row["author_count"] and "authors" not in user:
        changes["author_count"] = len(paper.authors)
    rank = _PRECISION_RANK[
        Precision(row["published_precision"]) if row["published_precision"] else None
    ]
    if paper.published and _PRECISION_RANK[paper.precision] > rank and "year" not in user:
        changes["published"] = paper.published
        changes["published_precision"] = paper.precision.value if paper.precision else None
    if paper.upvotes and paper.upvotes > row["upvotes"]:
        changes["upvotes"] = paper.upvotes
    return changes


def _insert_new(conn: Connection, rows: list[dict[str, Any]], ids: dict[str, int]) -> list[int]:
    if not rows:
        return []
    conn.execute(insert(PAPER), rows)
    keys = [r["title_key"] for r in rows]
    new_ids: list[int] = []
    for chunk in _chunks(keys):
        stmt = select(PAPER.c.id, PAPER.c.title_key, PAPER.c.arxiv_id).where(
            PAPER.c.title_key.in_(chunk)
        )
        for pid, tkey, arxiv in conn.execute(stmt):
            ids[f"arxiv:{arxiv}" if arxiv else f"title:{tkey}"] = pid
            ids.setdefault(f"title:{tkey}", pid)
            new_ids.append(pid)
    return sorted(new_ids)


def _apply_changes(conn: Connection, known: Iterable[_Known], now: datetime) -> int:
    count = 0
    for item in known:
        if item.changes:
            stmt = update(PAPER).where(PAPER.c.id == item.row["id"])
            conn.execute(stmt.values(**item.changes, updated_at=now))
            count += 1
    return count


def _record_digests(
    conn: Connection, batch: ParsedBatch, ids: dict[str, int], now: datetime
) -> int:
    added = 0
    for digest in batch.digests:
        digest_id = conn.execute(select(DIGEST.c.id).where(DIGEST.c.day == digest.day)).scalar()
        if digest_id is None:
            values = {
                "day": digest.day,
                "source": batch.kind,
                "name": PurePath(batch.source).name or batch.source,
                "imported_at": now,
            }
            inserted = conn.execute(insert(DIGEST).values(**values)).inserted_primary_key
            assert inserted is not None
            digest_id = inserted[0]
        start = conn.execute(
            select(func.coalesce(func.max(DIGEST_ENTRY.c.position), -1)).where(
                DIGEST_ENTRY.c.digest_id == digest_id
            )
        ).scalar_one()
        rows = []
        seen: set[int] = set()
        for position, paper in enumerate(digest.papers):
            pid = _lookup(ids, paper)
            if pid is not None and pid not in seen:
                seen.add(pid)
                rows.append(
                    {
                        "digest_id": digest_id,
                        "paper_id": pid,
                        "position": start + 1 + position,
                        "upvotes": paper.upvotes,
                    }
                )
        if rows:
            result = conn.execute(sqlite_insert(DIGEST_ENTRY).on_conflict_do_nothing(), rows)
            added += max(result.rowcount, 0)
    return added


def _lookup(ids: dict[str, int], paper: IncomingPaper) -> int | None:
    pid = ids.get(identity(paper))
    return pid if pid is not None else ids.get(f"title:{title_key(paper.title)}")


def _first_seen(conn: Connection, batch: ParsedBatch, ids: dict[str, int]) -> None:
    """Keep ``paper.digest_day`` the earliest digest a paper stood in."""
    for digest in batch.digests:
        pids = [p for p in (_lookup(ids, x) for x in digest.papers) if p is not None]
        for chunk in _chunks(pids):
            conn.execute(
                update(PAPER)
                .where(PAPER.c.id.in_(chunk))
                .where((PAPER.c.digest_day.is_(None)) | (PAPER.c.digest_day > digest.day))
                .values(digest_day=digest.day)
            )


def _chunks(items: list[T]) -> Iterable[list[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


__all__ = ["identity", "merge_batch"]
