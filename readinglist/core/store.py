"""What the Library and its parts (``library.tags``, ``library.bibtex``...) share.

A part is handed the :class:`Store` rather than the Library itself: it
writes under the same lock and announces its change to the same listeners,
without reaching back into the facade (and without an import circle). The
functions below are steps of a write that several parts take inside their
one transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from readinglist.core.chunks import chunks
from readinglist.core.db import Database, utcnow
from readinglist.core.errors import NotFoundError
from readinglist.core.tables import INDEX_QUEUE, PAPER
from readinglist.core.views import ChangeSet


@dataclass(frozen=True)
class Store:
    """The database, the lock that serialises the Library's writes, and how to
    tell listeners (views, auto-export, the index) what a commit changed."""

    db: Database
    lock: threading.RLock
    changed: Callable[[ChangeSet], None]

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction under the Library's lock; announce after it."""
        with self.lock, self.db.write() as conn:
            yield conn


def require(conn: Connection, ids: Sequence[int], include_removed: bool = False) -> None:
    """Unknown ids (or papers in the bin) are the user's mistake, named in the error."""
    found: set[int] = set()
    for chunk in chunks(ids):
        stmt = select(PAPER.c.id).where(PAPER.c.id.in_(chunk))
        if not include_removed:
            stmt = stmt.where(PAPER.c.removed_at.is_(None))
        found.update(conn.execute(stmt).scalars())
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"No paper with id {', '.join(map(str, missing))}.")


def enqueue(conn: Connection, ids: Sequence[int]) -> None:
    """Queue papers for the search index (applied after the commit)."""
    conn.execute(
        sqlite_insert(INDEX_QUEUE).on_conflict_do_nothing(), [{"paper_id": i} for i in ids]
    )


def touch(conn: Connection, ids: Sequence[int]) -> None:
    """Mark papers changed now, and queue them for the index."""
    now = utcnow()
    for chunk in chunks(ids):
        conn.execute(update(PAPER).where(PAPER.c.id.in_(chunk)).values(updated_at=now))
    enqueue(conn, ids)
