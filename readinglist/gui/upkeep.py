"""The daily backup, made after the window is up instead of before it; and
the library's warnings, shown once each.

``Library.open`` would copy the whole database first (about 0.3 s per 100,000
papers); the window opens with ``backup=False`` and runs
``library.backups.daily`` here, on the index rebuild's one-thread pool so the
two never compete for the disk at once. A failure is not an error dialog:
the library's warning goes to the status bar.

:class:`LibraryWarnings` shows what ``Library.warnings`` holds (an index on
an unverified Whoosh, a full disk under the index, a failed backup) as soon
as the first rows are painted, and anything new after the backup: each
warning once, whether or not the backup worked.

Closing the window (``MainWindow.closeEvent``) stops a running index rebuild
(the index is derived: the next start rebuilds it) and waits for the backup,
a copy of a few hundred milliseconds that is then complete.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from readinglist.core.library import Library
from readinglist.gui.workers import Task


class DailyBackup(QObject):
    done = Signal()
    warned = Signal(str)

    def __init__(self, library: Library, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.pool = pool
        self._task: Task | None = None

    def start(self) -> None:
        """Start once; later calls do nothing."""
        if self._task is not None:
            return
        self._task = Task(self.library.backups.daily)
        self._task.signals.finished.connect(self._finished)
        self._task.signals.failed.connect(lambda exc: self.warned.emit(str(exc)))
        self.pool.start(self._task)

    def _finished(self, _path: object) -> None:
        self.done.emit()


class LibraryWarnings(QObject):
    """Each of ``Library.warnings`` once, in the status bar, when :meth:`show_new` is called."""

    warned = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.shown: list[str] = []

    def show_new(self, *_args: object) -> None:
        new = [w for w in self.library.warnings if w not in self.shown]
        if new:
            self.shown += new
            self.warned.emit("  ·  ".join(new))
