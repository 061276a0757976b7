"""What other devices changed, from the shared document into SQLite (inside one transaction).

The document's observers say which uids and digest days remote updates
touched; this module finds each uid's paper here — by uid, else by arXiv id
or title as an import would (so two devices that imported the same digest
end with one paper), else a new paper — and writes it (:mod:`.rows`), then
settles citation keys (:mod:`.keys`). A uid whose record has not arrived yet
(its file is still on the way) waits for a later sync.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, delete

from readinglist.core.chunks import chunks
from readinglist.core.sync import fields, keys, local, rows, view
from readinglist.core.sync.keys import KeyChange
from readinglist.core.sync.shared import SharedDoc
from readinglist.core.sync.view import SharedPaper
from readinglist.core.tables import INDEX_QUEUE, PAPER
from readinglist.core.text import title_key

#: uids written at a time.
BATCH = 5000


@dataclass
class Applied:
    added: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    notes: int = 0
    purged: int = 0
    keys: list[KeyChange] = field(default_factory=list)
    #: uids with changes but no record yet: looked at again next time
    waiting: set[str] = field(default_factory=set)


def apply(
    conn: Connection,
    shared: SharedDoc,
    uids: Iterable[str],
    days: Iterable[str],
    device: str,
    now: datetime,
) -> Applied:
    done = Applied()
    wanted = sorted(set(uids))
    changed_days = set(days)
    for start in range(0, len(wanted), BATCH):
        _apply_part(conn, shared, wanted[start : start + BATCH], changed_days, device, now, done)
        changed_days = set()
    if changed_days:
        rows.ensure_digests(conn, shared, changed_days, now)
    touched = sorted(done.changed | done.added)
    if touched:
        conn.execute(
            INDEX_QUEUE.insert().prefix_with("OR IGNORE"), [{"paper_id": p} for p in touched]
        )
    return done


def _apply_part(
    conn: Connection,
    shared: SharedDoc,
    uids: list[str],
    days: set[str],
    device: str,
    now: datetime,
    done: Applied,
) -> None:
    """Some of the uids (a device joining a folder of 100,000 papers holds a few
    thousand of them in memory at a time, not all)."""
    known = local.papers_of(conn, uids)
    pids = set(known.values())
    fresh = [u for u in uids if u not in known]
    views: Views = {}
    matched, new = _match(conn, shared, fresh, done, views)
    pids.update(matched.values())
    rows.ensure_digests(conn, shared, days, now)
    added = _insert(conn, shared, new, now, views)
    done.added.update(added.values())
    pids.update(added.values())
    links = sorted({**matched, **added}.items())
    if links:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO sync_paper (uid, paper_id) VALUES (?, ?)", links
        )
    _write_chunk(conn, shared, sorted(pids), device, now, done, views)


#: The papers read from the document in this sync, by their uids (each is read once).
Views = dict[tuple[str, ...], SharedPaper]


def _read(shared: SharedDoc, uids: list[str], views: Views) -> SharedPaper:
    key = tuple(sorted(uids))
    if key not in views:
        views[key] = view.read(shared, uids)
    return views[key]


def _match(
    conn: Connection, shared: SharedDoc, uids: list[str], done: Applied, views: Views
) -> tuple[dict[str, int], list[list[SharedPaper]]]:
    """Unknown uids: the paper here each one is (as an import would match it), and
    groups of the others that are one new paper each."""
    docs: dict[str, SharedPaper] = {}
    for uid in uids:
        doc = _read(shared, [uid], views)
        if doc.purged:
            continue
        if doc.meta is None:
            done.waiting.add(uid)
            continue
        docs[uid] = doc
    ids = {u: d.meta["arxiv_id"] for u, d in docs.items() if d.meta and d.meta["arxiv_id"]}
    titles = {u: _titles(d) for u, d in docs.items()}
    every_title = {t for ts in titles.values() for t in ts}
    by_id = local.lookup(conn, "paper", "arxiv_id", "id", set(ids.values()))
    by_title = local.lookup(conn, "paper", "title_key", "id", every_title)
    by_alias = local.lookup(conn, "title_alias", "title_key", "paper_id", every_title)
    matched: dict[str, int] = {}
    rest: list[str] = []
    for uid in sorted(docs):
        found = by_id.get(ids.get(uid, ""))
        for key in titles[uid]:
            found = found or by_title.get(key) or by_alias.get(key)
        if found is None:
            rest.append(uid)
        else:
            matched[uid] = found
    return matched, _groups([docs[u] for u in rest], ids, titles)


def _titles(doc: SharedPaper) -> list[str]:
    assert doc.meta is not None
    return sorted({title_key(doc.meta["title"]), *doc.meta["titles"]})


def _groups(
    docs: list[SharedPaper], ids: Mapping[str, str], titles: Mapping[str, list[str]]
) -> list[list[SharedPaper]]:
    """New uids that share an arXiv id or a title are one paper (two devices that
    shared it under different identities)."""
    first: dict[str, int] = {}
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, doc in enumerate(docs):
        uid = doc.primary
        names = [f"arxiv:{ids[uid]}"] if uid in ids else []
        names += [f"title:{t}" for t in titles[uid]]
        for name in names:
            if name in first:
                a, b = find(first[name]), find(index)
                parent[max(a, b)] = min(a, b)
            else:
                first[name] = index
    groups: dict[int, list[SharedPaper]] = {}
    for index, doc in enumerate(docs):
        groups.setdefault(find(index), []).append(doc)
    return list(groups.values())


def _insert(
    conn: Connection,
    shared: SharedDoc,
    groups: list[list[SharedPaper]],
    now: datetime,
    views: Views,
) -> dict[str, int]:
    """New papers, one per group, with their metadata: uid -> paper id."""
    if not groups:
        return {}
    new_rows = []
    for group in groups:
        doc = _read(shared, [d.primary for d in group], views)
        assert doc.meta is not None
        row = {c: doc.meta[c] for c in fields.META_COLUMNS}
        row.update({k: v for k, v in rows.DEFAULTS.items() if k not in row or row[k] is None})
        row.update(title_key=title_key(doc.meta["title"]), updated_at=now)
        row["added_at"] = row["added_at"] or now
        new_rows.append((group, row))
    local.insert_rows(conn, [row for _, row in new_rows])
    keys_wanted = [row["title_key"] for _, row in new_rows]
    by_key = local.lookup(conn, "paper", "title_key", "id", set(keys_wanted))
    out: dict[str, int] = {}
    for group, row in new_rows:
        for doc in group:
            out[doc.primary] = by_key[row["title_key"]]
    return out


def _write_chunk(
    conn: Connection,
    shared: SharedDoc,
    pids: list[int],
    device: str,
    now: datetime,
    done: Applied,
    views: Views,
) -> None:
    papers = local.load(conn, pids)
    docs = {pid: _read(shared, paper.uids, views) for pid, paper in papers.items() if paper.uids}
    gone = sorted(pid for pid, doc in docs.items() if doc.purged)
    for chunk in chunks(gone):
        conn.execute(delete(PAPER).where(PAPER.c.id.in_(chunk)))
    done.purged += len(gone)
    live = {pid: papers[pid] for pid in docs if pid not in gone}
    written = rows.write_papers(
        conn, shared, live, {p: docs[p] for p in live}, now, fresh=done.added
    )
    done.changed |= written.changed
    done.notes += written.notes
    with shared.local():
        done.keys += keys.settle(
            conn,
            shared,
            {p: docs[p] for p in live},
            {p: live[p].row for p in live},
            device,
            now.timestamp(),
        )
    done.changed |= {c.paper_id for c in done.keys}
