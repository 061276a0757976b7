"""``library.tags``: the tags of papers, read and changed.

Each change is one transaction over any number of papers (a whole-library
selection included) and is announced as a structural :class:`ChangeSet`:
the sidebar's tag list and counts, the search index's tag field and tag
auto-exports all follow it. What a tag name is, and when two spellings are
one tag, is :mod:`readinglist.core.tag_names`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist.core import queries
from readinglist.core.chunks import chunks
from readinglist.core.store import Store, require, touch
from readinglist.core.tables import PAPER_TAG, TAG
from readinglist.core.tag_names import clean_tag, stored_tags, tag_key
from readinglist.core.views import ChangeSet, TagSummary


class Tags:
    """The Library's tags part (``library.tags``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self) -> list[TagSummary]:
        """Every tag with the number of papers (not in the bin) carrying it, by name."""
        with self._store.db.read() as conn:
            return queries.tags(conn)

    def of(self, paper_id: int) -> list[str]:
        """One paper's tags, by name."""
        with self._store.db.read() as conn:
            return queries.paper_tags(conn, [paper_id])[paper_id]

    def of_papers(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """The tags of each of ``ids`` (an empty list for a paper without any)."""
        with self._store.db.read() as conn:
            return queries.paper_tags(conn, ids)

    def add(self, ids: Iterable[int], names: Iterable[str]) -> None:
        self.change(ids, add=names)

    def remove(self, ids: Iterable[int], names: Iterable[str]) -> None:
        self.change(ids, remove=names)

    def change(
        self, ids: Iterable[int], *, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> None:
        """Add and remove tags on papers in one transaction (all of it, or none)."""
        wanted = sorted(set(ids))
        adding, removing = [clean_tag(n) for n in add], [clean_tag(n) for n in remove]
        if not wanted or not (adding or removing):
            return
        with self._store.write() as conn:
            require(conn, wanted)
            _link(conn, wanted, adding)
            _unlink(conn, wanted, removing)
            touch(conn, wanted)
        self._store.changed(ChangeSet(frozenset(wanted), structure=True))

    def set(self, paper_id: int, names: Iterable[str]) -> None:
        """Make a paper's tags exactly ``names`` (the detail pane's editor), in one transaction."""
        current = {tag_key(t): t for t in self.of(paper_id)}
        target = {tag_key(n): clean_tag(n) for n in names if n.strip()}
        self.change(
            [paper_id],
            add=[target[k] for k in target.keys() - current.keys()],
            remove=[current[k] for k in current.keys() - target.keys()],
        )


def _link(conn: Connection, ids: list[int], names: list[str]) -> None:
    """Give papers the tags ``names``, creating the tags that do not exist yet."""
    if not names:
        return
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(tag_key(name), name)
    known = {tag_key(name) for _, name in stored_tags(conn, names)}
    new = [{"name": name} for key, name in first.items() if key not in known]
    if new:
        conn.execute(sqlite_insert(TAG).on_conflict_do_nothing(), new)
    tag_ids: dict[str, int] = {}
    for tag_id, name in stored_tags(conn, names):
        tag_ids.setdefault(tag_key(name), tag_id)  # the oldest spelling, if ever two
    for chunk in chunks(ids):
        rows = [{"paper_id": p, "tag_id": t} for p in chunk for t in tag_ids.values()]
        conn.execute(sqlite_insert(PAPER_TAG).on_conflict_do_nothing(), rows)


def _unlink(conn: Connection, ids: list[int], names: list[str]) -> None:
    """Take tags ``names`` off papers; a tag no paper carries any more is deleted."""
    if not names:
        return
    tag_ids = [tag_id for tag_id, _ in stored_tags(conn, names)]
    if not tag_ids:
        return
    for chunk in chunks(ids):
        stmt = delete(PAPER_TAG).where(
            PAPER_TAG.c.paper_id.in_(chunk), PAPER_TAG.c.tag_id.in_(tag_ids)
        )
        conn.execute(stmt)
    unused = select(PAPER_TAG.c.tag_id).distinct()
    conn.execute(delete(TAG).where(TAG.c.id.in_(tag_ids), TAG.c.id.not_in(unused)))
