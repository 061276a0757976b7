"""Holding back CPython's full garbage collections during bulk work.

Why: importing 5,000 papers or rebuilding the search index allocates
millions of container objects, and each full collection over them (the
oldest generation: every object the process holds) keeps the interpreter
lock for 0.1–0.3 s, measured on 100,000 papers. In the window the GUI thread
cannot run meanwhile, so it froze though the work ran on a worker.

Only the oldest generation waits: the young ones are still collected as
usual (each pass is bounded by their small size), so nothing piles up for
one long pass at the end, and reference counting frees the work's objects
as it goes. Turning the collector off instead was measured: the first young
pass after it took 0.25–0.5 s.

The collector is one per process, so the hold is too: nested and concurrent
holds (two workers) share it, and it ends when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: A threshold the oldest generation's count never reaches.
_NEVER = 2**31 - 1

_lock = threading.Lock()
_held: list[tuple[int, int, int]] = []  # the thresholds to restore, while held


@contextmanager
def full_collections_held() -> Iterator[None]:
    """No collection of the oldest generation inside this block (any thread's)."""
    with _lock:
        if not _held:
            young, middle, old = gc.get_threshold()
            _held.append((young, middle, old))
            gc.set_threshold(young, middle, _NEVER)
        else:
            _held.append(_held[0])
    try:
        yield
    finally:
        with _lock:
            thresholds = _held.pop()
            if not _held:
                gc.set_threshold(*thresholds)
