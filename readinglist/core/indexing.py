"""The contract between the Library and a derived search index.

Every write transaction that changes indexed content also records the paper
ids in the ``index_queue`` table. After the commit the Library calls
:meth:`PaperIndex.sync`, which brings the index up to date and empties the
queue. A crash between the two leaves the queue filled, so the next open
finishes the job: the index can lag, but never silently diverge.
"""

from __future__ import annotations

from typing import Protocol

from readinglist.core.db import Database


class PaperIndex(Protocol):
    def sync(self, db: Database) -> None:
        """Apply every queued change (or rebuild), then clear the queue."""

    def close(self) -> None:
        """Release files and locks."""
