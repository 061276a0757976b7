"""Run library calls off the GUI thread so the window never freezes.

A :class:`Task` wraps one callable for ``QThreadPool``; its result or its
error comes back as a queued signal on the GUI thread. The Library is
thread-safe (its writes are serialised by a lock and SQLite), so a worker may
import or search while the user keeps triaging.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from readinglist.core.errors import ReadingListError


class TaskSignals(QObject):
    """Signals of one task; lives on the GUI thread, emitted from the worker."""

    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the callable's result
    failed = Signal(object)  # the ReadingListError (or unexpected exception)
    skipped = Signal(object)  # None: superseded before it started, it never ran


class Task(QRunnable):
    """``fn(*args, progress=...)`` on a pool thread; see :class:`TaskSignals`."""

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False) -> None:
        super().__init__()
        self.signals = TaskSignals()
        self._fn = fn
        self._args = args
        self._with_progress = with_progress
        #: Set (on the GUI thread) when a newer search makes this one pointless.
        self.superseded = threading.Event()
        self.setAutoDelete(True)

    def run(self) -> None:
        if self.superseded.is_set():
            self._report(self.signals.skipped, None)
            return
        try:
            if self._with_progress:
                result = self._fn(*self._args, progress=self.signals.progress.emit)
            else:
                result = self._fn(*self._args)
        except ReadingListError as exc:
            self._report(self.signals.failed, exc)
        except Exception as exc:  # shown as a dialog, never a console traceback
            self._report(self.signals.failed, exc)
        else:
            self._report(self.signals.finished, result)

    def _report(self, signal: SignalInstance, value: object) -> None:
        """Emit, unless whoever waited for this is gone (the window closed while it
        ran): then there is nobody to tell, and an error raised here would reach
        ``sys.excepthook`` on this worker thread, whose dialog never returns."""
        try:
            signal.emit(value)
        except RuntimeError:
            if shiboken6.isValid(self.signals):
                raise


class Workers(QObject):
    """The window's pool: at most two concurrent library jobs, tracked for shutdown.

    Searches run in a lane of their own, one at a time: behind an import and a
    fetch in the pool a search typed would wait seconds. Only the newest search
    waiting there runs; the older ones are skipped (their answers would be
    dropped anyway: the user has typed on)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.search_lane = QThreadPool(self)
        self.search_lane.setMaxThreadCount(1)
        self._waiting_search: threading.Event | None = None  # the newest search's
        self._running = 0
        self._keep: set[TaskSignals] = set()

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        quiet: bool = False,
        search: bool = False,
    ) -> Task:
        """Run ``fn(*args)`` on the pool; ``quiet`` tasks (refreshing counts) show no
        progress; ``search`` tasks go to the search lane, superseding a search waiting there."""
        task = Task(fn, *args, with_progress=on_progress is not None)
        signals = task.signals
        self._keep.add(signals)
        if on_progress is not None:
            signals.progress.connect(on_progress)
        if on_done is not None:
            signals.finished.connect(on_done)
        if on_error is not None:
            signals.failed.connect(on_error)
        signals.finished.connect(lambda _r: self._done(signals, quiet))
        signals.failed.connect(lambda _e: self._done(signals, quiet))
        signals.skipped.connect(lambda _n: self._done(signals, quiet))
        if not quiet:
            self._running += 1
            if self._running == 1:
                self.busy_changed.emit(True)
        if search:
            if self._waiting_search is not None:
                self._waiting_search.set()  # skipped if it has not started
            flag = self._waiting_search = task.superseded
            signals.skipped.connect(lambda _n: self._left_lane(flag))
            signals.finished.connect(lambda _r: self._left_lane(flag))
            signals.failed.connect(lambda _e: self._left_lane(flag))
            self.search_lane.start(task)
        else:
            self.pool.start(task)
        return task

    def _left_lane(self, flag: threading.Event) -> None:
        if self._waiting_search is flag:
            self._waiting_search = None

    def _done(self, signals: TaskSignals, quiet: bool) -> None:
        self._keep.discard(signals)
        if quiet:
            return
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued task ran (used when closing the window)."""
        jobs_done = self.pool.waitForDone(msecs)
        return self.search_lane.waitForDone(msecs) and jobs_done
