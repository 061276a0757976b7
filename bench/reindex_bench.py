"""Reindex speed: ``Library.reindex`` on the fast paths, and beside it on Whoosh's own.

The fast paths (``whoosh_ext``: the inverted pool, the block-at-a-time
flush, two worker processes) are timed on a private copy of the library;
at 10k, Whoosh's own paths (its ``SegmentWriter``, in this process, as
before any of them) rebuild the same copy in the same job, taking turns, so
the ratio compares like with like on however busy a machine. At 100k only
the fast paths run: Whoosh's own would take about five minutes.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any

from bench.generate import TODAY
from bench.harness import Context, Figure, Job, Outcome, Target, UnavailableError
from readinglist.core.factory import open_library
from readinglist.core.search.whoosh_ext.engine import SearchPaths

TARGET = (Target("median", ">=", 2_000),)


class _Capped(Exception):
    """Raised from the progress callback to stop a reindex that would blow the budget."""


def _rate(root: Any, paths: SearchPaths, cap: float | None, notes: list[str]) -> float:
    """Papers per second of one ``Library.reindex`` of the library in ``root``.

    With ``cap``, a rebuild still running after ``cap`` seconds is stopped
    (through its progress callback; the rebuild cancels its writer) and the
    rate is that of the papers indexed so far, noted as partial: it leaves
    out the final commit, so it flatters the engine, never the reverse.
    """
    with open_library(root, today=lambda: TODAY, search_paths=paths) as library:
        reindex = getattr(library, "reindex", None)
        if not callable(reindex):
            raise UnavailableError("Library.reindex is not on this branch yet (search, issue 3)")
        done = [0, 0]
        start = time.perf_counter()

        def progress(count: int, total: int) -> None:
            done[:] = [count, total]
            # (the last call, count == total, comes after the commit: let it finish)
            if cap is not None and count < total and time.perf_counter() - start > cap:
                raise _Capped

        try:
            count = int(reindex(progress))
        except _Capped:
            count = done[0]
            notes.append(
                f"partial: stopped after {cap:.0f} s at {done[0]:,} of {done[1]:,} papers, "
                "commit not included"
            )
        return count / (time.perf_counter() - start)


def reindex_job(
    size: int, repeats: int, *, cap: float | None = None, whoosh: int = 0
) -> Callable[[Context], dict[str, Outcome]]:
    """``repeats`` fast rebuilds of the ``size`` library; with ``whoosh``, that
    many rebuilds on Whoosh's own paths too, each right after a fast one."""

    def run(ctx: Context) -> dict[str, Outcome]:
        root = ctx.copy_library(size, f"reindex-{size}")
        name = f"reindex.{size // 1000}k"
        rates: list[float] = []
        own: list[float] = []
        ratios: list[float] = []
        notes: list[str] = []
        for number in range(ctx.repeats(repeats)):
            rates.append(_rate(root, "fast", cap, notes))
            if number < ctx.repeats(whoosh):
                own.append(_rate(root, "whoosh", cap, notes))
                ratios.append(rates[-1] / own[-1])
        details: dict[str, Any] = {"note": notes[0]} if notes else {}
        # the job's own peak RSS leaves the worker processes out; this is the
        # largest worker's (an upper bound: Linux starts it at the job's own)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        details["workers_peak_rss_mb"] = round(workers)
        out = {name: Outcome(rates, details)}
        if own:
            out[f"{name}.whoosh"] = Outcome(own, details)
            out[f"{name}.ratio"] = Outcome(ratios, {"fast": rates, "whoosh": own})
        return out

    return run


JOBS: tuple[Job, ...] = (
    Job(
        "reindex10k",
        reindex_job(10_000, 3, cap=60, whoosh=1),
        (
            Figure("reindex.10k", "reindex 10k papers", "papers/s", TARGET),
            Figure("reindex.10k.whoosh", "… on Whoosh's own paths (its writer)", "papers/s"),
            Figure("reindex.10k.ratio", "… its time over ours (same job)", "×"),
        ),
    ),
    Job(
        "reindex100k",
        reindex_job(100_000, 1, cap=120),
        (Figure("reindex.100k", "reindex 100k papers", "papers/s", TARGET),),
        timeout=480,
    ),
)
