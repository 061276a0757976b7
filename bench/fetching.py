"""A digest of the bench library served by a replay server on loopback, for
timing the window while it completes papers online.

Reuses the tests' real HTTP server and their builders of the sources'
answers (``tests/support``): no request leaves the machine, and the clock
only pretends to wait, so the figure is the window's own cost, not the
sources' politeness intervals.

The server runs in a process of its own (``python -m bench.fetching``), as
a real source's would: on a thread of the window's process, its Python
(parsing requests, building arXiv's answers) would compete with the window
for the interpreter lock, and the stall measured would partly be the
bench's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date

from readinglist.core.library import Library
from readinglist.core.online.clock import Cancel
from readinglist.core.online.scope import EnrichScope
from readinglist.core.online.session import OnlineSources
from readinglist.core.views import PaperFilter, SortKey
from tests.support.online import Remote, arxiv_api, hf_day, sources_for
from tests.support.replay import Canned, ReplayServer, replay_server

Opener = Callable[[Cancel], AbstractContextManager[OnlineSources]]


@contextmanager
def served_digest(library: Library) -> Iterator[tuple[Opener, EnrichScope]]:
    """A day's digest (the newest of 50 to 200 papers, as a day's are), its
    papers as Hugging Face and arXiv would describe them."""
    day = next(d.day for d in library.digests() if 50 <= d.papers <= 200)
    ids = library.paper_ids(PaperFilter(digest_day=day), SortKey.POSITION, descending=False)
    remote = [
        (f"2611.{10000 + i}", p.title, [f"Ann Author{i}", "Bo Writer"])
        for i, p in enumerate(library.papers(ids))
    ]
    with _server_process(day, remote) as url:
        server = ReplayServer(url=url)  # only its address: the server runs elsewhere

        def open_sources(cancel: Cancel) -> AbstractContextManager[OnlineSources]:
            return sources_for(server, library.paths.cache, cancel=cancel)

        yield open_sources, EnrichScope(digests=(day,))


@contextmanager
def _server_process(day: date, remote: list[tuple[str, str, list[str]]]) -> Iterator[str]:
    """The serving process, given the papers on its stdin; yields its address
    and stops it (by closing its stdin) when the block ends."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.fetching"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(json.dumps({"day": day.isoformat(), "papers": remote}) + "\n")
        child.stdin.flush()
        url = child.stdout.readline().strip()
        if not url.startswith("http://"):
            raise RuntimeError("the bench's replay server did not start")
        yield url
    finally:
        child.stdin.close()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        child.stdout.close()


def _serve() -> None:
    """The child: serve the papers read from stdin until stdin closes."""
    asked = json.loads(sys.stdin.readline())
    remote = [Remote(i, t, authors=tuple(a)) for i, t, a in asked["papers"]]
    with replay_server() as server:
        server.serve(
            "/api/daily_papers", Canned.json(hf_day(remote, date.fromisoformat(asked["day"])))
        )
        server.serve("/api/query", arxiv_api(remote))
        print(server.url, flush=True)
        sys.stdin.read()  # until the bench closes it


if __name__ == "__main__":
    _serve()
