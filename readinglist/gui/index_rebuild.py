"""Rebuilding a missing or stale search index after the window is up.

The library is opened with ``rebuild_index="later"`` so the window appears at
once; this runs ``Library.reindex`` on its own one-thread pool (so imports,
counts and searches keep the window's two workers) and reports progress as
signals the window turns into its status bar's progress bar and message.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from readinglist.core.library import Library
from readinglist.gui.workers import Task


class IndexRebuild(QObject):
    progress = Signal(int)  # percent done
    finished = Signal(int)  # papers indexed
    failed = Signal(str)  # what went wrong, for the status bar

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.percent = 0
        self._started = False
        self._task: Task | None = None

    @property
    def needed(self) -> bool:
        return self.library.index_needs_rebuild()

    @property
    def running(self) -> bool:
        return self._task is not None

    @property
    def waiting(self) -> bool:
        """Searches fail only because the rebuild has not finished yet."""
        return self.running or (not self._started and self.needed)

    def start(self) -> None:
        """Start once (if the library still needs it); safe to call again."""
        if self._started or not self.needed:
            return
        self._started = True
        task = Task(self.library.reindex, with_progress=True)
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(self._finished)
        task.signals.failed.connect(self._failed)
        self._task = task
        self.pool.start(task)
        self.percent = 0
        self.progress.emit(0)  # the bar and message show before the first report

    def message(self) -> str:
        return f"Rebuilding the search index… {self.percent}%"

    def _progress(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 0
        if percent != self.percent:
            self.percent = percent
            self.progress.emit(percent)

    def _finished(self, count: object) -> None:
        self._task = None
        self.percent = 100
        self.finished.emit(int(count) if isinstance(count, int) else 0)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.failed.emit(str(exc))

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)
