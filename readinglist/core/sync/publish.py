"""This library's changes into the shared document: what changed since the last sync.

SQLite triggers (the sync migration) note every paper that changes, from
any code path and any process, in ``sync_dirty``. Publishing compares each
such paper with the document *as of the last sync* — before anything new
from the folder is applied, so the document is the base both sides last
agreed on — and writes only what differs: a star, a tag, the lines of a note
that changed. A paper this library never shared is joined instead of
imposed (:attr:`fields.Register.adds`, :func:`notes.edit` with ``keep``): a
device joining a folder adds what it has and takes nothing away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from readinglist.core.chunks import chunks
from readinglist.core.sync import fields, local, notes, view
from readinglist.core.sync.local import LocalPaper
from readinglist.core.sync.shared import SharedDoc, uid_for
from readinglist.core.sync.view import EDIT, KEY, NOTE, PURGED, TAG, SharedPaper
from readinglist.core.tables import DIGEST


@dataclass
class Published:
    papers: int = 0


def publish(
    conn: Connection,
    shared: SharedDoc,
    paper_ids: Sequence[int],
    now: datetime,
    device: str,
    *,
    join_all: bool = False,
) -> Published:
    """Write the changes of ``paper_ids`` into ``shared`` (one local transaction).

    ``join_all``: treat every paper as never shared (the document was rebuilt
    from the folder, so it is no base to compare with).
    """
    result = Published()
    stamp = now.timestamp()
    wanted = sorted(set(paper_ids))
    days: set[str] = set()
    for chunk in chunks(wanted):
        papers = local.load(conn, chunk)
        fresh = {pid for pid, paper in papers.items() if join_all or not paper.uids}
        _adopt(conn, [p for p in papers.values() if not p.uids])
        with shared.local():
            for pid, paper in sorted(papers.items()):
                _publish_paper(shared, paper, pid in fresh, stamp, device)
                days.update(paper.entries)
                result.papers += 1
    with shared.local():
        _purge(conn, shared, stamp)
        _publish_digests(conn, shared, sorted(days))
    return result


def _adopt(conn: Connection, papers: list[LocalPaper]) -> None:
    """The uid each paper is first shared under (recorded at once)."""
    for paper in papers:
        paper.uids = [uid_for(paper.row["arxiv_id"], paper.row["title_key"])]
    if papers:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO sync_paper (uid, paper_id) VALUES (?, ?)",
            [(p.uids[0], p.id) for p in papers],
        )


def _purge(conn: Connection, shared: SharedDoc, stamp: float) -> None:
    """Papers deleted for good here are deleted everywhere.

    A trigger moved their uids from ``sync_paper`` to ``sync_purged`` as they
    went (a new paper may get a deleted one's id).
    """
    for (uid,) in conn.exec_driver_sql("SELECT uid FROM sync_purged ORDER BY uid").fetchall():
        shared.set_register(uid, PURGED, True, stamp)


def _publish_paper(
    shared: SharedDoc, paper: LocalPaper, fresh: bool, stamp: float, device: str
) -> None:
    doc = view.read(shared, paper.uids)
    primary = doc.primary
    if doc.purged:  # deleted elsewhere, but here it is: it comes back
        shared.set_register(primary, PURGED, False, stamp)
    _meta(shared, paper, doc)
    for register in fields.REGISTERS:
        value = fields.columns_to_doc(paper.row, register.columns)
        _register(shared, doc, register.name, value, register.adds, fresh, stamp)
    for name in sorted(paper.edited & set(fields.EDITS)):
        value = fields.columns_to_doc(paper.row, fields.EDITS[name])
        _register(shared, doc, f"{EDIT}{name}", value, None, fresh, stamp)
    _tags(shared, paper, doc, fresh, stamp)
    _note(shared, paper, doc, fresh, stamp)
    _key(shared, paper, doc, fresh, stamp, device)


def _key(
    shared: SharedDoc, paper: LocalPaper, doc: SharedPaper, fresh: bool, stamp: float, device: str
) -> None:
    """A key given or changed here becomes this device's claim (:mod:`.keys`).

    Changed here, it supersedes the claims this device knew of; a key from
    before this device shared the paper only stands beside them, and the
    earliest claim wins.
    """
    key = paper.row["citation_key"]
    if not key or (doc.key is not None and doc.key[0] == key):
        return
    if not fresh:
        for (uid, name), (value, _) in sorted(doc.claims.items()):
            if value is not None:
                shared.set_register(uid, name, None, stamp)
    shared.set_register(doc.primary, f"{KEY}{device}", key, stamp)


def _meta(shared: SharedDoc, paper: LocalPaper, doc: SharedPaper) -> None:
    mine = local.meta_of(paper, doc.meta)
    joined = fields.join_meta(doc.meta, mine) if doc.meta is not None else mine
    if not fields.same_meta(joined, doc.metas.get(doc.primary)):
        shared.set_meta(doc.primary, fields.meta_to_doc(joined))


def _default(value: dict[str, Any]) -> bool:
    return not any(value.values())


def _register(
    shared: SharedDoc,
    doc: SharedPaper,
    name: str,
    value: dict[str, Any],
    adds: Any,
    fresh: bool,
    stamp: float,
) -> None:
    current = doc.registers.get(name)
    if current is None:
        write = adds is None or not _default(value)
    else:
        shared_value = fields.columns_to_doc(current[0], tuple(value))
        if shared_value == value:
            return
        write = not fresh or (adds is not None and adds(value) and not adds(current[0]))
    if write:
        shared.set_register(doc.primary, name, value, stamp)


def _tags(
    shared: SharedDoc, paper: LocalPaper, doc: SharedPaper, fresh: bool, stamp: float
) -> None:
    present = doc.tag_names()
    for key in sorted(paper.tags.keys() - present.keys()):
        shared.set_register(doc.primary, f"{TAG}{key}", paper.tags[key], stamp)
    if not fresh:
        for key in sorted(present.keys() - paper.tags.keys()):
            shared.set_register(doc.primary, f"{TAG}{key}", None, stamp)


def _note(
    shared: SharedDoc, paper: LocalPaper, doc: SharedPaper, fresh: bool, stamp: float
) -> None:
    mine = paper.row["note"] or ""
    if mine == doc.note or (fresh and not mine):
        return
    segments = [shared.note(uid) for uid in doc.uids]
    notes.edit(segments, notes.to_text(mine), keep=fresh)
    for uid in doc.uids:
        shared.set_register(uid, f"{NOTE}{shared.doc.client_id}", 1, stamp)


def _publish_digests(conn: Connection, shared: SharedDoc, days: list[str]) -> None:
    """The digests this library's papers stand in: name and source, the first import's."""
    for chunk in chunks(days):
        stmt = select(DIGEST.c.day, DIGEST.c.source, DIGEST.c.name, DIGEST.c.imported_at)
        for day, source, name, imported_at in conn.execute(stmt.where(DIGEST.c.day.in_(chunk))):
            mine = fields.digest_to_doc(
                {"source": source, "name": name, "imported_at": imported_at}
            )
            if fields.digest_wins(mine, shared.digest(day.isoformat())):
                shared.set_digest(day.isoformat(), mine)


__all__ = ["Published", "publish"]
