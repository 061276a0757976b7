"""Sync in the window: by itself, when the folder changes and every few minutes.

The window syncs (``library.sync``, on a worker) when a file arrives in the
sync folder (a ``QFileSystemWatcher`` on the folder and each device's
folder; sync services write in bursts, so it waits for a quiet moment),
every few minutes in case a change was missed, shortly after a change made
here (so the other devices get it), and when the window closes with a
change not yet shared. One sync runs at a time; asked again meanwhile, it
runs once more after. What came in reaches the lists through the library's
change notices, like any other change. The status bar says when it last
synced; its tooltip says what came in and what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from readinglist.core.library import Library
from readinglist.core.sync.status import SyncReport, SyncStatus
from readinglist.core.views import ChangeSet
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.workers import Workers

#: Wait for the folder to be quiet this long before syncing (services write in bursts).
QUIET_MS = 1500
#: Sync this long after a change made here.
AFTER_CHANGE_MS = 15_000
#: Sync at least this often.
EVERY_MS = 5 * 60_000
#: Refresh "synced 3 min ago" this often.
CLOCK_MS = 30_000


class SyncController(QObject):
    """The window's sync: when, on which thread, and what the status bar says."""

    #: a sync finished: its report
    synced = Signal(object)
    #: the folder joined or left (the preferences panel redraws)
    folder_changed = Signal()
    _library_changed = Signal(object)

    def __init__(
        self,
        library: Library,
        workers: Workers,
        status: StatusSink,
        label: QLabel,
        actions: Mapping[str, QAction],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.workers = workers
        self.status = status
        self.label = label
        self._window = window
        self._running = False
        self._again = False
        self._folder: Path | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_touched)
        self._quiet = _single_shot(self, QUIET_MS, self.sync_now)
        self._after_change = _single_shot(self, AFTER_CHANGE_MS, self.sync_now)
        self._every = QTimer(self)
        self._every.setInterval(EVERY_MS)
        self._every.timeout.connect(self.sync_now)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._show)
        self._library_changed.connect(self._changed_here)
        self._unsubscribe: Callable[[], None] | None = library.subscribe(self._library_changed.emit)
        connect_actions(actions, "sync", self)
        self._started = False
        label.hide()

    def start(self) -> None:
        """Once the window is up: watch the folder and sync (what came in meanwhile).

        Not in the constructor: the first use of ``library.sync`` loads pycrdt,
        which a window on its way to its first rows does not wait for.
        """
        if self._started:
            return
        self._started = True
        self.refresh()
        if self._folder is not None:
            self.sync_now()

    @property
    def busy(self) -> bool:
        """A sync (or a join, or a leave) is running."""
        return self._running

    # what starts a sync ------------------------------------------------------------

    def refresh(self) -> None:
        """Read the folder from the library and watch it (after a join or a leave)."""
        self._folder = self.library.sync.folder()
        self._watch()
        if self._folder is None:
            self._every.stop()
            self._clock.stop()
        else:
            self._every.start()
            self._clock.start()
        self._show()
        self.folder_changed.emit()

    def _watch(self) -> None:
        """Watch the folder, its ``devices`` folder and each device's folder."""
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        if self._folder is None:
            return
        base = self._folder / "devices"
        paths = [self._folder, base]
        if base.is_dir():
            paths += [p for p in base.iterdir() if p.is_dir()]
        self.watcher.addPaths([str(p) for p in paths if p.is_dir()])

    def _folder_touched(self, _path: str) -> None:
        self._watch()  # a new device's folder, or the devices folder itself, appeared
        self._quiet.start()

    def _changed_here(self, _changes: ChangeSet) -> None:
        if self._folder is not None and not self._running:
            self._after_change.start()

    def sync_now(self) -> None:
        """Sync now (the action, the timers); without a folder, ask for one."""
        if not self._started:
            self.start()
            return
        if self._folder is None:
            self.choose_folder()
            return
        if self._running:
            self._again = True
            return
        self._quiet.stop()
        self._after_change.stop()
        self._run(self.library.sync.run)

    def flush(self) -> None:
        """The window is closing: share a change made here that is still waiting."""
        if self._after_change.isActive():
            self.sync_now()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self._window, "Choose the folder to sync through", str(Path.home())
        )
        if chosen:
            self.join(Path(chosen))

    def join(self, folder: Path) -> None:
        """Sync through ``folder`` from now on (and sync now)."""
        self._run(self.library.sync.join, folder)

    def leave(self) -> None:
        """Stop syncing (the folder's files stay)."""
        self._run(self.library.sync.leave)

    def stop(self) -> None:
        """The window closes: no more syncs start."""
        for timer in (self._quiet, self._after_change, self._every, self._clock):
            timer.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # running -----------------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], *args: Any) -> None:
        self._running = True
        self.label.setText("Syncing…")
        self.label.show()
        self.workers.start(fn, *args, on_done=self._done, on_error=self._failed, quiet=True)

    def _done(self, report: object) -> None:
        self._running = False
        self.refresh()
        if isinstance(report, SyncReport):
            self.synced.emit(report)
            if report.added or report.changed or report.purged:
                self.status.say(report.summary(), 10_000)
        self._next()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.refresh()
        self.status.say(f"Sync failed: {exc}", 20_000)
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.sync_now()

    # the status bar --------------------------------------------------------------------

    def _show(self) -> None:
        state = self.library.sync.status()
        self.label.setVisible(state.folder is not None)
        if state.folder is None:
            return
        self.label.setText(describe(state, datetime.now(UTC)))
        self.label.setToolTip("\n".join(state.lines()))


def describe(state: SyncStatus, now: datetime) -> str:
    """The status bar's few words: when it synced, and whether something is wrong."""
    if state.error:
        return "Sync failed"
    if state.last is None:
        return "Not synced yet"
    problems = sum(1 for p in state.last.problems if not p.waiting) + len(state.last.keys)
    if problems:
        return f"Synced, {problems} problem{'s' if problems != 1 else ''}"
    minutes = int((now - state.last.when).total_seconds() // 60)
    if minutes < 1:
        return "Synced just now"
    if minutes < 60:
        return f"Synced {minutes} min ago"
    return f"Synced at {state.last.when.astimezone():%H:%M}"


def _single_shot(parent: QObject, ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
