"""Full collections wait while bulk work runs, and come back after it."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from readinglist.core.gcpause import full_collections_held
from readinglist.core.library import Library


def test_the_oldest_generation_waits_inside_and_nested_holds_share_it() -> None:
    before = gc.get_threshold()
    with full_collections_held():
        held = gc.get_threshold()
        assert held[:2] == before[:2] and held[2] > 10**9
        with full_collections_held():
            assert gc.get_threshold() == held
        assert gc.get_threshold() == held  # the outer hold is still on
    assert gc.get_threshold() == before


def test_concurrent_holds_end_when_the_last_ends() -> None:
    before = gc.get_threshold()
    inside, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with full_collections_held():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=worker)
    with full_collections_held():
        thread.start()
        inside.wait(10)
    assert gc.get_threshold()[2] > 10**9  # the worker still holds
    leave.set()
    thread.join(10)
    assert gc.get_threshold() == before


def test_an_error_inside_still_restores() -> None:
    before = gc.get_threshold()
    try:
        with full_collections_held():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.get_threshold() == before


def test_an_import_holds_full_collections_while_it_runs(
    library: Library, sample_paths: list[Path]
) -> None:
    seen: list[int] = []

    def listener(_changes: object) -> None:  # runs inside the import, after its commit
        seen.append(gc.get_threshold()[2])

    library.subscribe(listener)
    before = gc.get_threshold()
    library.import_file(sample_paths[0])
    assert seen and seen[0] > 10**9
    assert gc.get_threshold() == before


def test_a_rebuild_holds_full_collections_while_it_runs(
    loaded: Library,
) -> None:
    seen: list[int] = []
    before = gc.get_threshold()
    loaded.reindex(progress=lambda _done, _total: seen.append(gc.get_threshold()[2]))
    assert seen and all(t > 10**9 for t in seen)
    assert gc.get_threshold() == before
