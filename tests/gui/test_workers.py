"""Workers: a task whose window closed while it ran ends quietly; searches
have a lane of their own, where only the newest waiting one runs."""

from __future__ import annotations

import threading

import shiboken6
from pytestqt.qtbot import QtBot

from readinglist.core.errors import ReadingListError
from readinglist.gui.workers import Task, Workers


def _fail() -> None:
    raise ReadingListError("the library was closed")


def test_a_task_whose_receiver_is_gone_ends_without_raising(qtbot: QtBot) -> None:
    """At shutdown a counts query or the daily backup may end after the window
    is gone; its result has nobody to go to, and raising would reach
    ``sys.excepthook`` on the worker thread (a dialog there never returns)."""
    for fn in (lambda: 42, _fail):
        task = Task(fn)
        task.setAutoDelete(False)
        shiboken6.delete(task.signals)
        task.run()  # raises RuntimeError("Signal source has been deleted") unguarded


def test_a_task_reports_its_result(qtbot: QtBot) -> None:
    task = Task(lambda: 42)
    task.setAutoDelete(False)
    with qtbot.waitSignal(task.signals.finished) as blocker:
        task.run()
    assert blocker.args == [42]


def test_a_search_runs_while_both_job_threads_are_busy(qtbot: QtBot) -> None:
    """An import and a fetch fill the pool; a search typed meanwhile must not wait for them."""
    workers = Workers()
    release = threading.Event()
    for _ in range(2):
        workers.start(release.wait, 10.0)
    try:
        # Heard through on_done, connected before the search starts: a signal
        # waited on after start() returns can be emitted before it is listened to.
        got: list[str] = []
        workers.start(lambda: "found", search=True, on_done=got.append)
        qtbot.waitUntil(lambda: bool(got))
        assert got == ["found"]
        assert workers.busy  # the two jobs still run
    finally:
        release.set()
    qtbot.waitUntil(lambda: not workers.busy)
    assert workers.wait(5000)


def test_only_the_newest_waiting_search_runs(qtbot: QtBot) -> None:
    workers = Workers()
    release = threading.Event()
    ran: list[str] = []
    skipped: list[str] = []
    results: list[str] = []

    def search(name: str) -> str:
        ran.append(name)
        if name == "running":
            release.wait(10.0)
        return name

    def start(name: str) -> Task:
        task = workers.start(search, name, on_done=results.append, search=True)
        task.signals.skipped.connect(lambda _n: skipped.append(name))
        return task

    start("running")
    qtbot.waitUntil(lambda: ran == ["running"])  # the lane is busy with it
    for name in ("a", "ab", "abc"):
        start(name)
    release.set()
    qtbot.waitUntil(lambda: not workers.busy)
    assert ran == ["running", "abc"]
    assert skipped == ["a", "ab"]
    assert results == ["running", "abc"]
    assert workers.wait(5000)
