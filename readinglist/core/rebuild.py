"""A search-index rebuild deferred past opening, run later on a worker.

``Library.open(rebuild_index="later")`` only checks the index; when it must
be rebuilt (missing, stale, damaged) the library is *pending* until
``Library.reindex`` finishes. Meanwhile searches raise a clear
:class:`SearchError` with the progress, and writes keep queueing in
``index_queue`` (nothing is lost: the rebuild reads a snapshot and then
applies the queue). Closing the library stops a running rebuild at its next
progress report, so the window can close without waiting minutes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from readinglist.core.db import Database
from readinglist.core.errors import SearchError
from readinglist.core.gcpause import full_collections_held
from readinglist.core.indexing import SearchableIndex

Progress = Callable[[int, int], None]


class RebuildStopped(SearchError):
    """The library was closed while its index was being rebuilt."""


class RebuildState:
    """Whether the index awaits a rebuild, how far one got, and how to stop it."""

    def __init__(self) -> None:
        self.pending = False
        self.failed: str | None = None
        self._done = 0
        self._total = 0
        self._stop = threading.Event()
        self._running = threading.Lock()

    @property
    def percent(self) -> int:
        return 100 * self._done // self._total if self._total else 0

    def check(self) -> None:
        """Raise the message a search shows while the index is not usable."""
        if not self.pending:
            return
        if self.failed is not None:
            raise SearchError(
                f"The search index could not be rebuilt ({self.failed}). "
                "Run `readinglist reindex`, or reopen the library."
            )
        raise SearchError(
            f"The search index is being rebuilt ({self.percent}%); "
            "search works again when it is done."
        )

    def run(self, index: SearchableIndex, db: Database, progress: Progress | None) -> int:
        """``index.rebuild`` with progress recorded; one at a time; stoppable."""

        def report(done: int, total: int) -> None:
            if self._stop.is_set():
                raise RebuildStopped("The library was closed before its index was rebuilt.")
            self._done, self._total = done, total
            if progress is not None:
                progress(done, total)

        with self._running:
            if self._stop.is_set():
                raise RebuildStopped("The library was closed before its index was rebuilt.")
            try:
                with full_collections_held():  # core/gcpause.py: the window stays responsive
                    count = index.rebuild(db, report)
            except RebuildStopped:
                raise
            except Exception as exc:
                if self.pending:
                    self.failed = str(exc) or type(exc).__name__
                raise
            self.pending = False
            self.failed = None
            return count

    def stop(self) -> None:
        """Make a running rebuild give up at its next report, and wait for it."""
        self._stop.set()
        with self._running:
            pass
