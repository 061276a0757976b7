"""Writing what the shared document says about papers into their SQLite rows.

For each paper: the columns (metadata joined with what this library knows,
registers, hand edits, the note), then its tags, digest entries and former
titles. Writes are batched by the set of columns that change, as imports do,
so a device joining a folder of 100,000 papers runs a few statements per
kind of change rather than one per paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist.core import merge_rules
from readinglist.core.bibtex.keys import fill_bases_of
from readinglist.core.chunks import chunks
from readinglist.core.digest_order import refresh_listing
from readinglist.core.sync import fields, local
from readinglist.core.sync.local import LocalPaper
from readinglist.core.sync.shared import SharedDoc
from readinglist.core.sync.view import EDIT, SharedPaper
from readinglist.core.tables import DIGEST, DIGEST_ENTRY, PAPER, PAPER_TAG, TAG, TITLE_ALIAS
from readinglist.core.tag_names import tag_key
from readinglist.core.text import title_key

#: Column values of a paper that has nothing yet (a paper new to this library).
DEFAULTS: dict[str, Any] = {
    "abstract": "",
    "authors": [],
    "upvotes": 0,
    "read": False,
    "starred": False,
    "note": "",
    "user_fields": [],
}


@dataclass
class Written:
    changed: set[int] = field(default_factory=set)
    notes: int = 0


def target(paper: LocalPaper, doc: SharedPaper, *, fresh: bool = False) -> dict[str, Any]:
    """The synced columns of ``paper`` as the document says they should be.

    ``fresh``: the row was just made from the document's record (its metadata
    is the record's already).
    """
    edits = doc.edits()
    edited = paper.edited | set(edits)
    guarded = {c for c, g in merge_rules.GUARD.items() if g in edited}
    out: dict[str, Any] = {}
    if doc.meta is not None and not fresh:
        joined = fields.join_meta(doc.meta, local.meta_of(paper, doc.meta))
        out.update({c: joined[c] for c in fields.META_COLUMNS if c not in guarded})
    for name, (columns, _) in doc.registers.items():
        if not name.startswith(EDIT):
            out.update(columns)
    for columns in edits.values():
        out.update(columns)
    out["user_fields"] = sorted(edited)
    if doc.noted:
        out["note"] = doc.note
    if out.get("title"):
        out["title_key"] = title_key(out["title"])
    elif "title" in out:
        del out["title"]
    return out


def _norm(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def diff(row: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    return {c: v for c, v in wanted.items() if _norm(row.get(c)) != _norm(v)}


def write_papers(
    conn: Connection,
    shared: SharedDoc,
    papers: Mapping[int, LocalPaper],
    docs: Mapping[int, SharedPaper],
    now: datetime,
    *,
    fresh: set[int],
) -> Written:
    """Bring the rows of ``papers`` to their documents (and write back what we know
    more of); ``fresh`` papers were just made from their records."""
    done = Written()
    diffs = {
        pid: diff(papers[pid].row, target(papers[pid], docs[pid], fresh=pid in fresh))
        for pid in sorted(papers)
    }
    _drop_clashes(conn, papers, diffs)
    batches: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for pid, changes in diffs.items():
        if "title_key" in changes:
            _keep_old_title(conn, papers[pid].row)
            papers[pid].sets.setdefault("titles", []).append(papers[pid].row["title_key"])
        if "note" in changes:
            done.notes += 1
        if changes:
            done.changed.add(pid)
            papers[pid].row.update(changes)
            params = {f"v_{c}": v for c, v in changes.items()}
            batches.setdefault(tuple(sorted(changes)), []).append({"v_pid": pid, **params})
    for columns, rows in batches.items():
        values: dict[str, Any] = {c: bindparam(f"v_{c}", type_=PAPER.c[c].type) for c in columns}
        values["updated_at"] = now
        conn.execute(update(PAPER).where(PAPER.c.id == bindparam("v_pid")).values(values), rows)
    with shared.local():
        for pid in sorted(set(papers) - fresh):
            _write_back(shared, papers[pid], docs[pid])
    done.changed |= write_tags(conn, papers, docs)
    done.changed |= write_entries(conn, shared, papers, docs, now)
    done.changed |= write_sets(conn, papers, docs)
    # As imports do: a paper that arrives or changes here has its key base stored
    # (the trigger cleared a stale one), so a first export only picks suffixes.
    fill_bases_of(conn, papers)
    return done


def _write_back(shared: SharedDoc, paper: LocalPaper, doc: SharedPaper) -> None:
    """Our record of the paper, when it knows more than the document's."""
    if doc.meta is None:
        return
    joined = fields.join_meta(doc.meta, local.meta_of(paper, doc.meta))
    if not fields.same_meta(joined, doc.metas.get(doc.primary)):
        shared.set_meta(doc.primary, fields.meta_to_doc(joined))


def _drop_clashes(
    conn: Connection, papers: Mapping[int, LocalPaper], diffs: dict[int, dict[str, Any]]
) -> None:
    """A title or arXiv id another paper here has is not taken (the paper keeps its own)."""
    for column, fields_dropped in (("title_key", ("title", "title_key")), ("arxiv_id", ())):
        wanted = {pid: d[column] for pid, d in diffs.items() if d.get(column)}
        owners: dict[str, int] = {}
        for chunk in chunks(sorted(set(wanted.values()))):
            stmt = select(PAPER.c.id, PAPER.c[column]).where(PAPER.c[column].in_(chunk))
            owners.update({value: pid for pid, value in conn.execute(stmt)})
        for pid in sorted(wanted):
            value = wanted[pid]
            if owners.setdefault(value, pid) != pid:
                for name in fields_dropped or (column,):
                    diffs[pid].pop(name, None)


def _keep_old_title(conn: Connection, row: Mapping[str, Any]) -> None:
    """A renamed paper keeps its old title as an alias (so re-imports still find it)."""
    conn.execute(
        sqlite_insert(TITLE_ALIAS).on_conflict_do_nothing(),
        [{"title_key": row["title_key"], "paper_id": row["id"]}],
    )


def write_tags(
    conn: Connection, papers: Mapping[int, LocalPaper], docs: Mapping[int, SharedPaper]
) -> set[int]:
    adds: dict[int, dict[str, str]] = {}
    removes: dict[int, set[str]] = {}
    for pid, paper in papers.items():
        wanted = docs[pid].tag_names()
        if missing := {k: v for k, v in wanted.items() if k not in paper.tags}:
            adds[pid] = missing
        if extra := set(paper.tags) - set(wanted):
            removes[pid] = extra
    if not adds and not removes:
        return set()
    ids = _tag_ids(conn, {n for names in adds.values() for n in names.values()})
    rows = [{"paper_id": p, "tag_id": ids[k]} for p, names in adds.items() for k in names]
    if rows:
        conn.execute(sqlite_insert(PAPER_TAG).on_conflict_do_nothing(), rows)
    known = {tag_key(n): i for i, n in conn.execute(select(TAG.c.id, TAG.c.name))}
    gone: set[int] = set()
    for pid, keys in removes.items():
        tag_ids = [known[k] for k in keys if k in known]
        gone.update(tag_ids)
        conn.execute(
            delete(PAPER_TAG).where(PAPER_TAG.c.paper_id == pid, PAPER_TAG.c.tag_id.in_(tag_ids))
        )
    if gone:  # a tag no paper carries any more is deleted, as when it is taken off by hand
        used = select(PAPER_TAG.c.tag_id).distinct()
        conn.execute(delete(TAG).where(TAG.c.id.in_(sorted(gone)), TAG.c.id.not_in(used)))
    return set(adds) | set(removes)


def _tag_ids(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    """tag key -> id, creating the tags that do not exist yet (in the spelling given)."""
    known = {
        tag_key(n): i for i, n in conn.execute(select(TAG.c.id, TAG.c.name).order_by(TAG.c.id))
    }
    new = {tag_key(n): n for n in sorted(names) if tag_key(n) not in known}
    if new:
        conn.execute(insert(TAG), [{"name": n} for n in new.values()])
        known = {tag_key(n): i for i, n in conn.execute(select(TAG.c.id, TAG.c.name))}
    return known


def ensure_digests(conn: Connection, shared: SharedDoc, days: Iterable[str], now: datetime) -> None:
    """Digest rows for ``days``, described as the document says (or as placeholders
    until the description arrives)."""
    wanted = {day: _described(shared.digest(day), now) for day in sorted(set(days))}
    found: dict[str, Any] = {}
    for chunk in chunks([date.fromisoformat(d) for d in wanted]):
        stmt = select(DIGEST.c.id, DIGEST.c.day, DIGEST.c.source, DIGEST.c.name)
        stmt = stmt.add_columns(DIGEST.c.imported_at).where(DIGEST.c.day.in_(chunk))
        found.update({row.day.isoformat(): row for row in conn.execute(stmt)})
    new = [{"day": date.fromisoformat(d), **v} for d, v in wanted.items() if d not in found]
    if new:
        conn.execute(insert(DIGEST), new)
    for day, row in found.items():
        theirs = wanted[day]
        mine = {"source": row.source, "name": row.name, "imported_at": row.imported_at}
        if fields.digest_wins(fields.digest_to_doc(theirs), fields.digest_to_doc(mine)):
            conn.execute(update(DIGEST).where(DIGEST.c.id == row.id).values(**theirs))


def _described(theirs: Any, now: datetime) -> dict[str, Any]:
    if isinstance(theirs, dict):
        try:
            when = datetime.fromisoformat(str(theirs.get("imported_at")))
        except ValueError:
            when = now
        return {
            "source": str(theirs.get("source") or fields.PLACEHOLDER)[:40],
            "name": str(theirs.get("name") or "")[:200],
            "imported_at": when,
        }
    return {"source": fields.PLACEHOLDER, "name": "", "imported_at": now}


def write_entries(
    conn: Connection,
    shared: SharedDoc,
    papers: Mapping[int, LocalPaper],
    docs: Mapping[int, SharedPaper],
    now: datetime,
) -> set[int]:
    """Digest entries: the union of everyone's, each at its first position.

    A record can list a digest whose description has not arrived yet (another
    device wrote the record again alone, in a file that came first): its
    digest is made now, as a placeholder (:func:`ensure_digests`), and named
    when the description comes. Skipping the entry instead would lose it for
    good, as nothing reads the record again unless it changes.
    """
    wanted: dict[tuple[int, str], tuple[int, int | None]] = {}
    for pid, paper in papers.items():
        meta = docs[pid].meta
        for day, entry in (meta[fields.ENTRIES] if meta else {}).items():
            mine = paper.entries.get(day)
            joined = entry if mine is None else _joined(mine, entry)
            if joined != mine:
                wanted[(pid, day)] = joined
    if not wanted:
        return set()
    days = sorted({day for _, day in wanted})
    ids = _digest_ids(conn, days)
    if missing := [d for d in days if d not in ids]:
        ensure_digests(conn, shared, missing, now)
        ids.update(_digest_ids(conn, missing))
    rows = [
        {"digest_id": ids[day], "paper_id": pid, "position": pos, "upvotes": votes}
        for (pid, day), (pos, votes) in sorted(wanted.items())
    ]
    upsert = sqlite_insert(DIGEST_ENTRY)
    upsert = upsert.on_conflict_do_update(
        index_elements=["digest_id", "paper_id"],
        set_={"position": upsert.excluded.position, "upvotes": upsert.excluded.upvotes},
    )
    conn.execute(upsert, rows)
    touched = {pid for pid, _ in wanted}
    refresh_listing(conn, sorted(touched))  # the digest order follows the entries
    return touched


def _digest_ids(conn: Connection, days: list[str]) -> dict[str, int]:
    """ISO day -> id of the digest rows there are for ``days``."""
    ids: dict[str, int] = {}
    for chunk in chunks([date.fromisoformat(d) for d in days]):
        stmt = select(DIGEST.c.day, DIGEST.c.id).where(DIGEST.c.day.in_(chunk))
        ids.update({d.isoformat(): i for d, i in conn.execute(stmt)})
    return ids


def _joined(a: tuple[int, int | None], b: tuple[int, int | None]) -> tuple[int, int | None]:
    votes = [v for v in (a[1], b[1]) if v is not None]
    return (min(a[0], b[0]), max(votes) if votes else None)


def write_sets(
    conn: Connection, papers: Mapping[int, LocalPaper], docs: Mapping[int, SharedPaper]
) -> set[int]:
    """Values of :data:`fields.META_SETS` this library lacks (a former title...)."""
    touched: set[int] = set()
    for meta_set in fields.META_SETS:
        rows = []
        for pid, paper in papers.items():
            meta = docs[pid].meta
            if meta is None:
                continue
            have = set(paper.sets.get(meta_set.name, []))
            current = title_key(paper.row["title"]) if meta_set.name == "titles" else None
            for value in sorted(set(meta[meta_set.name]) - have - {current}):
                rows.append({meta_set.column: value, "paper_id": pid})
                touched.add(pid)
        if rows:
            conn.execute(sqlite_insert(meta_set.table).on_conflict_do_nothing(), rows)
    return touched
