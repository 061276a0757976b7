"""``library.bin``: removed papers, brought back or deleted for good.

Removing a paper only moves it to the bin (``paper.removed_at``): it leaves
every list, search and export, a later import does not bring it back, and
undo or :meth:`Bin.restore` returns it as it was (note, tags, flags, key).
Emptying the bin deletes those papers from the database in one transaction,
with their digest entries, tags links and former titles; it cannot be
undone, except by restoring a backup made before it (backups are copies of
the whole library, so they keep the papers until they are pruned).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select

from readinglist.core.chunks import chunks
from readinglist.core.db import utcnow
from readinglist.core.store import Store, enqueue, require
from readinglist.core.tables import PAPER
from readinglist.core.views import ChangeSet

_BINNED = PAPER.c.removed_at.is_not(None)


class Bin:
    """The Library's bin part (``library.bin``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def ids(self) -> list[int]:
        """The papers in the bin, most recently removed first."""
        stmt = select(PAPER.c.id).where(_BINNED).order_by(PAPER.c.removed_at.desc(), PAPER.c.id)
        with self._store.db.read() as conn:
            return list(conn.execute(stmt).scalars())

    def restore(self, ids: Iterable[int]) -> None:
        """Bring papers back from the bin (papers not in it are left as they are)."""
        wanted = sorted(set(ids))
        if not wanted:
            return
        with self._store.write() as conn:
            require(conn, wanted, include_removed=True)
            for chunk in chunks(wanted):
                conn.execute(
                    PAPER.update()
                    .where(PAPER.c.id.in_(chunk), _BINNED)
                    .values(removed_at=None, updated_at=utcnow())
                )
            enqueue(conn, wanted)
        self._store.changed(ChangeSet(frozenset(wanted), structure=True))

    def empty(self) -> int:
        """Delete every paper in the bin for good; returns how many."""
        with self._store.write() as conn:
            gone = list(conn.execute(select(PAPER.c.id).where(_BINNED)).scalars())
            if not gone:
                return 0
            # The search index drops any entry it still has for them (normally
            # none: removal already took them out).
            enqueue(conn, gone)
            for chunk in chunks(gone):
                conn.execute(delete(PAPER).where(PAPER.c.id.in_(chunk)))
        self._store.changed(ChangeSet(frozenset(gone), structure=True))
        return len(gone)
