"""A digest of the bench library served by a replay server on loopback, for
timing the window while it completes papers online.

Reuses the tests' real HTTP server and their builders of the sources'
answers (``tests/support``): no request leaves the machine, and the clock
only pretends to wait, so the figure is the window's own cost, not the
sources' politeness intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from readinglist.core.library import Library
from readinglist.core.online.clock import Cancel
from readinglist.core.online.scope import EnrichScope
from readinglist.core.online.session import OnlineSources
from readinglist.core.views import PaperFilter, SortKey
from tests.support.online import Remote, arxiv_api, hf_day, sources_for
from tests.support.replay import Canned, replay_server

Opener = Callable[[Cancel], AbstractContextManager[OnlineSources]]


@contextmanager
def served_digest(library: Library) -> Iterator[tuple[Opener, EnrichScope]]:
    """A day's digest (the newest of 50 to 200 papers, as a day's are), its
    papers as Hugging Face and arXiv would describe them."""
    day = next(d.day for d in library.digests() if 50 <= d.papers <= 200)
    ids = library.paper_ids(PaperFilter(digest_day=day), SortKey.POSITION, descending=False)
    remote = [
        Remote(f"2611.{10000 + i}", p.title, authors=(f"Ann Author{i}", "Bo Writer"))
        for i, p in enumerate(library.papers(ids))
    ]
    with replay_server() as server:
        server.serve("/api/daily_papers", Canned.json(hf_day(remote, day)))
        server.serve("/api/query", arxiv_api(remote))

        def open_sources(cancel: Cancel) -> AbstractContextManager[OnlineSources]:
            return sources_for(server, library.paths.cache, cancel=cancel)

        yield open_sources, EnrichScope(digests=(day,))
