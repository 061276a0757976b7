"""Reading what the index reflects out of SQLite (the truth).

Plain SQL on the raw connection: building the index reads every paper once,
and ORM objects would cost more than the indexing itself. Papers are streamed
oldest first (by publication, else digest day), so that document numbers
follow recency, as they do for later imports (appended): a very broad query
ranks the highest document numbers (see ``capped``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date

from sqlalchemy import Connection

from readinglist.core.chunks import chunks
from readinglist.core.search.schema import PaperText

_RECENCY = "coalesce(p.published, p.digest_day)"


def _tags(conn: Connection, ids: Sequence[int] | None) -> dict[int, list[str]]:
    sql = "SELECT pt.paper_id, t.name FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id"
    out: dict[int, list[str]] = {}
    if ids is None:
        rows = conn.exec_driver_sql(sql).all()
    else:
        rows = []
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows += conn.exec_driver_sql(
                f"{sql} WHERE pt.paper_id IN ({marks})", tuple(chunk)
            ).all()
    for pid, name in rows:
        out.setdefault(pid, []).append(name)
    return out


def _text(row: Sequence[object], tags: dict[int, list[str]]) -> PaperText:
    pid = int(row[0])  # type: ignore[call-overload]
    authors = json.loads(str(row[4])) if row[4] else []
    return PaperText(
        pid, str(row[1]), str(row[2] or ""), str(row[3] or ""), authors, tags.get(pid, [])
    )


def live_texts(conn: Connection, ids: Sequence[int]) -> dict[int, PaperText]:
    """The indexed text of each live paper among ``ids`` (removed/unknown ones are absent)."""
    tags = _tags(conn, ids)
    out: dict[int, PaperText] = {}
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT id, title, abstract, note, authors FROM paper "
            f"WHERE +removed_at IS NULL AND id IN ({marks})"
        )
        for row in conn.exec_driver_sql(sql, tuple(chunk)):
            out[int(row[0])] = _text(row, tags)
    return out


def all_texts(conn: Connection) -> Iterator[PaperText]:
    """Every live paper, oldest first."""
    return texts_range(conn, _tags(conn, None), 0, None)


def all_tags(conn: Connection) -> dict[int, list[str]]:
    """Every paper's tag names, by paper id (for :func:`texts_range`)."""
    return _tags(conn, None)


def texts_range(
    conn: Connection, tags: dict[int, list[str]], start: int, count: int | None
) -> Iterator[PaperText]:
    """Live papers ``start`` to ``start + count`` (all the rest: ``None``) in
    :func:`all_texts`' order, streamed by one query: a parallel rebuild reads
    its parts side by side in one snapshot."""
    sql = (
        "SELECT p.id, p.title, p.abstract, p.note, p.authors FROM paper p "
        f"WHERE p.removed_at IS NULL ORDER BY {_RECENCY} ASC NULLS FIRST, p.id ASC "
        "LIMIT ? OFFSET ?"
    )
    for row in conn.exec_driver_sql(sql, (-1 if count is None else count, start)):
        yield _text(row, tags)


def live_count(conn: Connection) -> int:
    return int(
        conn.exec_driver_sql("SELECT count(*) FROM paper WHERE removed_at IS NULL").scalar_one()
    )


def queued(conn: Connection) -> list[int]:
    return [
        int(r[0])
        for r in conn.exec_driver_sql("SELECT paper_id FROM index_queue ORDER BY paper_id")
    ]


def has_queue(conn: Connection) -> bool:
    found = conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM index_queue)").scalar_one()
    return bool(found == 1)


def dequeue(conn: Connection, ids: Sequence[int]) -> None:
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        conn.exec_driver_sql(f"DELETE FROM index_queue WHERE paper_id IN ({marks})", tuple(chunk))


def recency(conn: Connection, ids: Sequence[int]) -> dict[int, str]:
    """ISO date by which equal scores are ordered (newest first)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = f"SELECT p.id, {_RECENCY} FROM paper p WHERE p.id IN ({marks})"
    return {int(i): str(d or "") for i, d in conn.exec_driver_sql(sql, tuple(ids))}


def titles_abstracts(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    # "+removed_at": without it SQLite walks the (removed_at, ...) index over
    # every live paper instead of looking the ids up (15-20 ms at 100k)
    sql = f"SELECT id, title, abstract FROM paper WHERE +removed_at IS NULL AND id IN ({marks})"
    return {int(i): (str(t), str(a or "")) for i, t, a in conn.exec_driver_sql(sql, tuple(ids))}


def hit_texts(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Title, abstract, authors, tags and note of live papers (``highlight.FIELDS``
    order; authors and tags joined by commas), for the hits shown."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = (
        "SELECT id, title, abstract, authors, note FROM paper "
        f"WHERE +removed_at IS NULL AND id IN ({marks})"
    )
    tags = _tags(conn, ids)
    out: dict[int, tuple[str, ...]] = {}
    for pid, title, abstract, authors, note in conn.exec_driver_sql(sql, tuple(ids)):
        names = ", ".join(json.loads(str(authors))) if authors else ""
        joined = ", ".join(tags.get(int(pid), []))
        out[int(pid)] = (str(title), str(abstract or ""), names, joined, str(note or ""))
    return out


def filtered_ids(conn: Connection, where: Sequence[str], params: Sequence[object]) -> set[int]:
    """Live paper ids matching every SQL condition in ``where`` (over ``paper p``)."""
    sql = "SELECT p.id FROM paper p WHERE " + " AND ".join(["p.removed_at IS NULL", *where])
    return {int(r[0]) for r in conn.exec_driver_sql(sql, tuple(params))}


def filtered_page(
    conn: Connection, where: Sequence[str], params: Sequence[object], limit: int, offset: int
) -> tuple[list[int], int]:
    """A page of filter-only results, newest first, and their total."""
    cond = " AND ".join(["p.removed_at IS NULL", *where])
    total = int(
        conn.exec_driver_sql(
            f"SELECT count(*) FROM paper p WHERE {cond}", tuple(params)
        ).scalar_one()
    )
    sql = (
        f"SELECT p.id FROM paper p WHERE {cond} "
        f"ORDER BY {_RECENCY} DESC NULLS LAST, p.id DESC LIMIT ? OFFSET ?"
    )
    ids = [int(r[0]) for r in conn.exec_driver_sql(sql, (*params, limit, offset))]
    return ids, total


def year_bounds(first: int, last: int) -> tuple[str, str]:
    """ISO bounds [start, end) covering calendar years ``first``..``last``."""
    return date(first, 1, 1).isoformat(), date(last + 1, 1, 1).isoformat()
