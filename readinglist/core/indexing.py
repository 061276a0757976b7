"""The contract between the Library and a derived search index.

Every write transaction that changes indexed content also records the paper
ids in the ``index_queue`` table. After the commit the Library calls
:meth:`PaperIndex.sync`, which brings the index up to date and empties the
queue. A crash between the two leaves the queue filled, so the next open
finishes the job: the index can lag, but never silently diverge.

Indexed content is a paper's title, abstract, note, authors and tags, and
whether it is in the bin. Read/starred flags are not indexed (search filters
them in SQLite), so :meth:`Library.mark` does not enqueue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from readinglist.core.db import Database

if TYPE_CHECKING:
    from readinglist.core.search.highlight import Highlights
    from readinglist.core.search.results import SearchHit, SearchResults
    from readinglist.core.views import PaperFilter


class PaperIndex(Protocol):
    def sync(self, db: Database) -> None:
        """Apply every queued change (or rebuild), then clear the queue."""

    def close(self) -> None:
        """Release files and locks."""


@runtime_checkable
class SearchableIndex(PaperIndex, Protocol):
    """A :class:`PaperIndex` that also answers queries (``core.search.SearchIndex``)."""

    def search(
        self,
        db: Database,
        text: str,
        *,
        limit: int = 50,
        offset: int = 0,
        within: PaperFilter | None = None,
    ) -> SearchResults: ...

    def similar(self, db: Database, paper_id: int, limit: int = 10) -> list[SearchHit]: ...

    def rebuild(self, db: Database, progress: Callable[[int, int], None] | None = None) -> int: ...

    def match_terms(self, db: Database, text: str) -> list[str]: ...

    def match_highlights(self, db: Database, text: str) -> Highlights: ...

    def search_ids(self, db: Database, text: str) -> list[int]: ...

    def warm(self, db: Database) -> int: ...


@runtime_checkable
class CheckableIndex(PaperIndex, Protocol):
    """An index that can say it must be rebuilt without rebuilding it now, so
    ``Library.open(rebuild_index="later")`` can defer the long part."""

    def needs_rebuild(self, db: Database) -> bool: ...


@runtime_checkable
class ReportingIndex(PaperIndex, Protocol):
    """An index with things to tell the user that did not stop it (Whoosh's own
    code paths on an unverified release; a damaged index it rebuilt): the
    Library uses this very list as its ``Library.warnings``."""

    warnings: list[str]
