"""Starting the desktop app: QApplication, theme, single instance, errors.

``run()`` is what ``readinglist`` with no subcommand calls. It opens the
library, refuses politely when another window already has it open (a
``QLockFile`` in the library folder), shows errors as dialogs a person can
act on, and follows the system's light or dark colour scheme.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLockFile, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from readinglist import APP_ID, __version__
from readinglist.core.errors import LibraryDamagedError, ReadingListError
from readinglist.core.factory import open_library
from readinglist.core.paths import LibraryPaths
from readinglist.gui.icons import icon
from readinglist.gui.instance import InstanceServer
from readinglist.gui.recovery import offer_restore
from readinglist.gui.theme import follow_saved_theme

APP_NAME = "readinglist"


#: Seconds a thread may hold the interpreter lock while another waits (Python's default:
#: 0.005), in the window's process: see ``run``.
WINDOW_SWITCH_INTERVAL = 0.001


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication (created once), named and styled."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("Reading List")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland app id = desktop entry
    app.setWindowIcon(icon(APP_ID))
    return app


def show_fatal(title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, message)
    box.exec()


class _ExceptionDialog:
    """sys.excepthook: an unexpected error becomes a dialog, not a console traceback."""

    def __call__(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if QApplication.instance() is None:
            sys.__excepthook__(kind, exc, tb)
            return
        QMessageBox.critical(
            None,
            "Something went wrong",
            f"{exc}\n\nYour library is safe: every change is saved as it happens. "
            "If this keeps happening, please report it with the steps that led here.",
        )


def acquire_lock(paths: LibraryPaths) -> QLockFile | None:
    """The library's single-instance lock, or ``None`` if another window holds it."""
    paths.root.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(paths.lock))
    lock.setStaleLockTime(0)  # only a dead process's lock is stale
    if lock.tryLock(100):
        return lock
    lock.removeStaleLockFile()
    return lock if lock.tryLock(100) else None


def already_running_message(root: Path, lock: QLockFile) -> str:
    info = lock.getLockInfo()
    pid, host = (info[0], info[1]) if isinstance(info, tuple) and len(info) >= 2 else (0, "")
    who = f" (process {pid} on {host})" if pid else ""
    return (
        f"This library is already open in another Reading List window{who}.\n\n"
        f"Library: {root}\n\nSwitch to that window, or close it and try again."
    )


def _close(window: QWidget) -> None:
    window.close()


def run(root: Path, *, smoke_test: bool = False, started: float | None = None) -> int:
    """Open the window on the library in ``root``; returns the exit code."""
    started = time.perf_counter() if started is None else started
    app = application()
    # The smoke test (packaging checks) must not touch the user's settings.
    scratch = tempfile.TemporaryDirectory() if smoke_test else None
    settings = (
        QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat)
        if scratch is not None
        else QSettings()
    )
    follow_saved_theme(app, settings)
    paths = LibraryPaths(root)
    try:
        lock = acquire_lock(paths)
    except OSError as exc:
        show_fatal(
            "Cannot open the library", f"The library folder {root} cannot be used: {exc.strerror}."
        )
        return 1
    if lock is None:
        probe = QLockFile(str(paths.lock))
        message = already_running_message(root, probe)
        if smoke_test:
            print(message, file=sys.stderr)
        else:
            show_fatal("Reading List is already open", message)
        return 1
    restored = None
    try:
        # The window rebuilds a stale index and makes the daily backup once its
        # first rows are painted (gui/upkeep.py), so neither delays the start.
        try:
            library = open_library(root, rebuild_index="later", backup=False)
        except LibraryDamagedError as damage:
            if smoke_test or damage.backup is None:
                raise
            restored = offer_restore(root, damage)  # one button: its latest backup
            if restored is None:
                lock.unlock()
                return 1
            library = open_library(root, rebuild_index="later", backup=False)
    except ReadingListError as exc:
        lock.unlock()
        if smoke_test:
            print(f"readinglist: {exc}", file=sys.stderr)
        else:
            show_fatal("Cannot open the library", str(exc))
        return 1
    # Imported only now: a launch refused above never loads the window's modules.
    from readinglist.gui.main_window import MainWindow

    sys.excepthook = _ExceptionDialog()
    window = MainWindow(library, settings)
    if restored:
        window.status.say(restored, 30_000)
    # A second launch on this library hands its files over instead (gui/instance.py).
    server = InstanceServer(root, window)
    server.files_arrived.connect(window.receive_files)
    # What is alive once the rows are painted (modules, the window, its models)
    # lives as long as the process: no later full collection walks it again
    # (core/gcpause.py measures what those cost the window).
    window.first_rows_painted.connect(gc.freeze)
    # Workers (an import, a fetch, a rebuild's feeding) run Python on threads of this
    # process; the window's thread waits for the interpreter lock between its events.
    # At the default 5 ms switch interval it waited 40-90 ms about fifty times during a
    # 5,000-paper import into 100k; at 1 ms, twice over 40 ms (the rest is its own work).
    # Set once the rows are painted: before, the start's own threads only pay for it.
    window.first_rows_painted.connect(lambda: sys.setswitchinterval(WINDOW_SWITCH_INTERVAL))
    if not smoke_test:
        server.listen()
    if smoke_test:
        window.first_rows_painted.connect(
            lambda: print(f"first-rows {time.perf_counter() - started:.3f}", flush=True)
        )
        QTimer.singleShot(200, lambda: _close(window))
    window.show()
    try:
        code = app.exec()
    finally:
        server.close()
        library.close()
        lock.unlock()
        if scratch is not None:
            scratch.cleanup()
    if smoke_test:
        print(f"peak-rss-mb {_peak_rss_mb():.0f}", flush=True)
        print(f"gc-frozen {gc.get_freeze_count()}", flush=True)
        print(f"switch-interval {sys.getswitchinterval()}", flush=True)
    return code


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024
