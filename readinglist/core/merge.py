"""Merging incoming papers into the library, inside the caller's transaction.

Identity: papers that share an arXiv id or a normalised title are one paper
(within a batch, transitively). A batch's paper finds its library row by
arXiv id, then by title, then by a former title (``title_alias``). New
papers are inserted in bulk; known ones are combined with what arrived by
the order-independent rules of :mod:`readinglist.core.merge_rules`, so
importing the same sources in any order gives the same library. A field the
user edited, the note, read/starred and tags are never touched. Citation keys
that came in are settled by :mod:`readinglist.core.merge_keys` (kept, kept as
aliases, or replaced and reported); a .bib file's papers remember the file
(``bib_source``), whose ``@preamble``s go back out with them.

:func:`merge_known` applies descriptions to papers already identified by the
caller (the online matcher, which matches looser than identity does) by the
same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, bindparam, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist.core import merge_keys
from readinglist.core.bibtex.keys import fill_bases_of
from readinglist.core.chunks import chunks
from readinglist.core.digest_order import refresh_listing
from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from readinglist.core.merge_bib import record_source, same_paper_notices
from readinglist.core.merge_keys import Arrival
from readinglist.core.merge_rules import MERGED, Record, changes, join, record
from readinglist.core.sources import record_sources
from readinglist.core.tables import DIGEST, DIGEST_ENTRY, INDEX_QUEUE, PAPER, TITLE_ALIAS
from readinglist.core.text import source_name, title_key
from readinglist.core.views import ImportReport


@dataclass
class _Group:
    """One paper of the batch: every incoming description of it."""

    members: list[int]
    record: Record
    ids: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)


def merge_batch(conn: Connection, batch: ParsedBatch, now: datetime) -> ImportReport:
    papers = batch.all_papers()
    groups = _group(papers)
    rows = _find_rows(conn, groups)
    pid_of: dict[int, int] = {}  # group index -> paper id
    known: dict[int, Record] = {}
    new_groups: list[int] = []
    for index, group in enumerate(groups):
        row = rows.get(index)
        if row is None:
            new_groups.append(index)
            continue
        pid_of[index] = row["id"]
        known.setdefault(row["id"], dict(row))
        base = known[row["id"]]
        merged = join(base, group.record, frozenset(base["user_fields"] or []))
        known[row["id"]] = {**base, **merged}
    original = {r["id"]: r for r in rows.values()}
    plan = merge_keys.decide(conn, _arrivals(papers, groups, pid_of))
    keys = [plan.new_keys.get(-1 - i) for i in new_groups]
    new_ids = _insert_new(conn, [groups[i] for i in new_groups], keys, now)
    pid_of.update(zip(new_groups, new_ids, strict=True))
    enriched_rows = _apply_changes(conn, original, known, groups, pid_of, now)
    per_paper = [0] * len(papers)
    for index, group in enumerate(groups):
        for member in group.members:
            per_paper[member] = pid_of[index]
    notices = [*batch.notices, *same_paper_notices(papers, [g.members for g in groups])]
    notices.extend(merge_keys.apply(conn, plan, lambda s: s if s > 0 else pid_of[-1 - s]))
    record_source(conn, batch, per_paper, now)
    entries = _record_digests(conn, batch, per_paper, now)
    source_entries, sources = record_sources(conn, batch, per_paper, now)
    entries += source_entries
    _first_seen(conn, batch, per_paper)
    if entries:
        refresh_listing(conn, per_paper)
    fill_bases_of(conn, per_paper)  # after every write above a base is made of
    touched = set(new_ids) | enriched_rows
    if touched:  # plain driver SQL: SQLAlchemy's per-row work was half a second per 10k
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO index_queue (paper_id) VALUES (?)",
            [(i,) for i in sorted(touched)],
        )
    fresh = set(new_groups)
    enriched = sum(1 for i, pid in pid_of.items() if i not in fresh and pid in enriched_rows)
    return ImportReport(
        source=batch.source,
        kind=batch.kind,
        days=tuple(d.day for d in batch.digests),
        papers=len(groups),
        new=len(new_ids),
        enriched=enriched,
        unchanged=len(groups) - len(new_ids) - enriched,
        entries_added=entries,
        new_ids=tuple(sorted(new_ids)),
        notices=tuple(sorted(notices, key=lambda n: n.line or 0)),
        encoding=batch.encoding,
        sources=sources,
    )


def merge_known(
    conn: Connection, incoming: Sequence[tuple[int, IncomingPaper]], now: datetime
) -> set[int]:
    """Combine each ``(paper id, description)`` into that paper; returns the ids that changed.

    Removed and unknown papers are left alone. A title or arXiv id that
    another paper already has is not taken (as in :func:`merge_batch`); the
    incoming title is remembered as an alias, so importing that source later
    finds the paper. Changed papers are queued for the search index.
    """
    wanted = sorted({pid for pid, _ in incoming})
    original: dict[int, dict[str, Any]] = {}
    for chunk in chunks(wanted):
        stmt = select(PAPER).where(PAPER.c.id.in_(chunk), PAPER.c.removed_at.is_(None))
        original.update((row["id"], dict(row)) for row in conn.execute(stmt).mappings())
    merged: dict[int, Record] = {}
    groups: list[_Group] = []
    pid_of: dict[int, int] = {}
    for pid, paper in incoming:
        if pid not in original:
            continue
        base = merged.get(pid, original[pid])
        user = frozenset(original[pid]["user_fields"] or [])
        merged[pid] = {**base, **join(base, record(paper), user)}
        pid_of[len(groups)] = pid
        groups.append(_Group([len(groups)], record(paper), keys={title_key(paper.title)}))
    changed = _apply_changes(conn, original, merged, groups, pid_of, now)
    fill_bases_of(conn, changed)
    if changed:
        conn.execute(
            sqlite_insert(INDEX_QUEUE).on_conflict_do_nothing(),
            [{"paper_id": i} for i in sorted(changed)],
        )
    return changed


def _arrivals(
    papers: Sequence[IncomingPaper], groups: Sequence[_Group], pid_of: dict[int, int]
) -> list[Arrival]:
    """Every key that came in, in file order, with its paper's slot (its id, or
    ``-1 - group`` for a paper about to be inserted)."""
    slot_of: dict[int, int] = {}
    for index, group in enumerate(groups):
        for member in group.members:
            slot_of[member] = pid_of.get(index, -1 - index)
    out: list[Arrival] = []
    for number, paper in enumerate(papers):
        for key in (paper.citation_key, *paper.aliases):
            if key is not None:
                out.append(Arrival(slot_of[number], key, paper.line, paper.citation_key))
    return out


def identity(paper: IncomingPaper) -> str:
    """The identity a paper is first looked up by: arXiv id when known, else its title."""
    return f"arxiv:{paper.arxiv_id}" if paper.arxiv_id else f"title:{title_key(paper.title)}"


def _group(papers: Sequence[IncomingPaper]) -> list[_Group]:
    """Union papers sharing an arXiv id or a title key; groups in first-seen order."""
    parent = list(range(len(papers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for index, paper in enumerate(papers):
        title = f"title:{title_key(paper.title)}"
        for name in (f"arxiv:{paper.arxiv_id}" if paper.arxiv_id else "", title):
            if not name:
                continue
            if name in first:
                a, b = find(first[name]), find(index)
                parent[max(a, b)] = min(a, b)
            else:
                first[name] = index
    by_root: dict[int, _Group] = {}
    for index, paper in enumerate(papers):
        root = find(index)
        rec = record(paper)
        group = by_root.get(root)
        if group is None:
            group = by_root[root] = _Group([index], rec)
        else:
            group.members.append(index)
            group.record = join(group.record, rec)
        if paper.arxiv_id:
            group.ids.add(paper.arxiv_id)
        group.keys.add(title_key(paper.title))
    return list(by_root.values())


def _find_rows(conn: Connection, groups: list[_Group]) -> dict[int, dict[str, Any]]:
    """Each group's library row: by arXiv id, else title key, else a former title."""
    by_id = {i: n for n, g in enumerate(groups) for i in sorted(g.ids)}
    by_key = {k: n for n, g in enumerate(groups) for k in sorted(g.keys)}
    found: dict[int, dict[str, Any]] = {}
    for chunk in chunks(sorted(by_id)):
        for row in conn.execute(select(PAPER).where(PAPER.c.arxiv_id.in_(chunk))).mappings():
            found.setdefault(by_id[row["arxiv_id"]], dict(row))
    missing = sorted(k for k, n in by_key.items() if n not in found)
    aliased: dict[str, int] = {}
    for chunk in chunks(missing):
        for row in conn.execute(select(PAPER).where(PAPER.c.title_key.in_(chunk))).mappings():
            found.setdefault(by_key[row["title_key"]], dict(row))
        stmt = select(TITLE_ALIAS.c.title_key, TITLE_ALIAS.c.paper_id).where(
            TITLE_ALIAS.c.title_key.in_(chunk)
        )
        aliased.update({key: pid for key, pid in conn.execute(stmt)})
    wanted = {by_key[k]: pid for k, pid in sorted(aliased.items()) if by_key[k] not in found}
    for id_chunk in chunks(sorted(set(wanted.values()))):
        stmt = select(PAPER).where(PAPER.c.id.in_(id_chunk))
        rows = {r["id"]: dict(r) for r in conn.execute(stmt).mappings()}
        for number, pid in wanted.items():
            if pid in rows:
                found.setdefault(number, rows[pid])
    return found


def _insert_new(
    conn: Connection, groups: list[_Group], keys: list[str | None], now: datetime
) -> list[int]:
    """Insert new papers; their ids in the order of ``groups``.

    Plain driver SQL with each column's own bind processor: SQLAlchemy's
    per-row statement work was most of the time of a 10,000-paper import.
    """
    if not groups:
        return []
    process = [_processor(conn, c) for c in MERGED]
    stamp = _processor(conn, "added_at")
    fixed = ("[]", stamp(now) if stamp else now)  # user_fields, added_at = updated_at
    rows = []
    titles = []
    for group, citation_key in zip(groups, keys, strict=True):
        rec = group.record
        tkey = title_key(rec["title"])
        titles.append(tkey)
        values = [p(rec[c]) if p else rec[c] for p, c in zip(process, MERGED, strict=True)]
        used = fixed[1] if citation_key else None  # an imported key: never re-keyed
        rows.append((*values, tkey, citation_key, used, fixed[0], fixed[1], fixed[1]))
    columns = (
        *MERGED, "title_key", "citation_key", "key_used_at", "user_fields", "added_at",
        "updated_at",
    )  # fmt: skip
    marks = ", ".join("?" * len(columns))
    conn.exec_driver_sql(f"INSERT INTO paper ({', '.join(columns)}) VALUES ({marks})", rows)
    by_key: dict[str, int] = {}
    for chunk in chunks(titles):
        stmt = select(PAPER.c.id, PAPER.c.title_key).where(PAPER.c.title_key.in_(chunk))
        by_key.update({tkey: pid for pid, tkey in conn.execute(stmt)})
    _add_aliases(conn, groups, [by_key[k] for k in titles])
    return [by_key[k] for k in titles]


def _processor(conn: Connection, column: str) -> Callable[[Any], Any] | None:
    """The column type's own bind processor (empty JSON lists and objects short-cut)."""
    dialect = conn.dialect
    process = PAPER.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    if process is None or not isinstance(PAPER.c[column].type, JSON):
        return process
    return lambda value: "[]" if value == [] else "{}" if value == {} else process(value)


def _add_aliases(conn: Connection, groups: list[_Group], ids: list[int]) -> None:
    """Other titles a batch knew a paper by, so they find it again next time."""
    rows = [
        {"title_key": key, "paper_id": pid}
        for group, pid in zip(groups, ids, strict=True)
        for key in sorted(group.keys)
        if key != title_key(group.record["title"])
    ]
    if rows:
        conn.execute(sqlite_insert(TITLE_ALIAS).on_conflict_do_nothing(), rows)


def _apply_changes(
    conn: Connection,
    original: dict[int, dict[str, Any]],
    merged: dict[int, Record],
    groups: list[_Group],
    pid_of: dict[int, int],
    now: datetime,
) -> set[int]:
    """Write what known papers gained; returns the ids that changed."""
    aliases: dict[int, set[str]] = {}
    for index, group in enumerate(groups):
        pid = pid_of.get(index)
        if pid not in merged:
            continue
        aliases.setdefault(pid, set()).update(group.keys)
    diffs = {pid: changes(original[pid], merged[pid]) for pid in sorted(merged)}
    _drop_clashes(conn, original, diffs)
    changed: set[int] = set()
    batches: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for pid in sorted(merged):
        diff = diffs[pid]
        if not diff:
            continue
        if "title" in diff:
            diff["title_key"] = title_key(diff["title"])
            aliases[pid].add(original[pid]["title_key"])
        params = {f"v_{name}": value for name, value in diff.items()}
        batches.setdefault(tuple(sorted(diff)), []).append({"v_pid": pid, **params})
        changed.add(pid)
    for columns, rows in batches.items():
        # One executemany per set of changed columns: thousands of papers gaining
        # authors from a JSON file cost one statement, not one each.
        values: dict[str, Any] = {c: bindparam(f"v_{c}", type_=PAPER.c[c].type) for c in columns}
        values["updated_at"] = now
        stmt = update(PAPER).where(PAPER.c.id == bindparam("v_pid")).values(values)
        conn.execute(stmt, rows)
    alias_rows = [
        {"title_key": key, "paper_id": pid}
        for pid in sorted(aliases)
        for key in sorted(aliases[pid])
        if key != diffs[pid].get("title_key", original[pid]["title_key"])
    ]
    if alias_rows:
        conn.execute(sqlite_insert(TITLE_ALIAS).on_conflict_do_nothing(), alias_rows)
    return changed


def _drop_clashes(
    conn: Connection, original: dict[int, dict[str, Any]], diffs: dict[int, Record]
) -> None:
    """A new title or arXiv id that another paper already has is not taken."""
    titles = {pid: title_key(d["title"]) for pid, d in diffs.items() if "title" in d}
    ids = {pid: d["arxiv_id"] for pid, d in diffs.items() if d.get("arxiv_id")}
    owners: dict[tuple[str, str], int] = {}
    for column, wanted in ((PAPER.c.title_key, titles), (PAPER.c.arxiv_id, ids)):
        for chunk in chunks(sorted(set(wanted.values()))):
            for pid, value in conn.execute(select(PAPER.c.id, column).where(column.in_(chunk))):
                owners[(column.name, value)] = pid
    claimed: set[tuple[str, str]] = set()
    for pid in sorted(diffs):
        for name, value in (("title_key", titles.get(pid)), ("arxiv_id", ids.get(pid))):
            if value is None:
                continue
            slot = (name, value)
            if owners.get(slot, pid) != pid or slot in claimed:
                del diffs[pid]["title" if name == "title_key" else "arxiv_id"]
            else:
                claimed.add(slot)


def _record_digests(
    conn: Connection, batch: ParsedBatch, per_paper: list[int], now: datetime
) -> int:
    added = 0
    offset = 0
    for digest in batch.digests:
        pids = per_paper[offset : offset + len(digest.papers)]
        offset += len(digest.papers)
        digest_id = conn.execute(select(DIGEST.c.id).where(DIGEST.c.day == digest.day)).scalar()
        if digest_id is None:
            values = {
                "day": digest.day,
                "source": batch.kind,
                "name": source_name(batch.source),
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
        for position, (paper, pid) in enumerate(zip(digest.papers, pids, strict=True)):
            if pid not in seen:
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


def _first_seen(conn: Connection, batch: ParsedBatch, per_paper: list[int]) -> None:
    """Keep ``paper.digest_day`` the earliest digest a paper stood in."""
    offset = 0
    for digest in batch.digests:
        pids = sorted(set(per_paper[offset : offset + len(digest.papers)]))
        offset += len(digest.papers)
        for chunk in chunks(pids):
            conn.execute(
                update(PAPER)
                .where(PAPER.c.id.in_(chunk))
                .where((PAPER.c.digest_day.is_(None)) | (PAPER.c.digest_day > digest.day))
                .values(digest_day=digest.day)
            )


__all__ = ["identity", "merge_batch", "merge_known"]
