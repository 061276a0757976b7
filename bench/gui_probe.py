"""Runs the real desktop window (offscreen) and reports what the GUI figures need.

Started by :func:`bench.gui.gui_job` as ``python -m bench.gui_probe ROOT``. It
starts the app through ``readinglist.gui.app.run`` (the path ``readinglist``
with no subcommand takes), listens for the main window's
``first_rows_painted`` signal, and prints one line per event on stdout:

- ``first-rows`` as soon as rows are painted (the parent times it from Popen);
- ``result {json}`` with the interaction timings (jumps to the end and the
  start, sorts by the date and by every other column, switches between
  sidebar views, searches), each measured from the action until the list's
  viewport has painted the changed content, and, given
  a digest (``ROOT DIGEST``), its import through the window (worker thread)
  and then completing a digest's papers online (against a server on
  loopback), each with the longest gap between 5 ms timer ticks on the GUI
  thread meanwhile; with ``ROOT --rebuild`` (a library without its index),
  only the rebuild the window starts, and its longest gap;
- ``done``; then it waits for a line on stdin (the parent reads VmHWM from
  ``/proc/<pid>/status`` meanwhile) and quits.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, SignalInstance
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTableView, QWidget

SEARCHES = ("distillation", "knowledge graph", "retrieval")
TIMEOUT_MS = 10_000
#: The stall detector's tick: a gap between ticks longer than this is the GUI thread busy.
TICK_MS = 5


class Probe(QObject):
    def __init__(
        self,
        app: QApplication,
        digest: Path | None = None,
        rebuild: bool = False,
        start_only: bool = False,
    ) -> None:
        super().__init__()
        self.app = app
        self.digest = digest
        self.rebuild = rebuild
        self.start_only = start_only  # report once the first rows are painted, and quit
        self.window: QMainWindow | None = None
        self.view: QTableView | None = None
        self._loop: QEventLoop | None = None
        self._changed: Callable[[], bool] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            self.window is None
            and event.type() == QEvent.Type.Show
            and isinstance(watched, QMainWindow)
        ):
            self.window = watched
            signal = getattr(watched, "first_rows_painted", None)
            if signal is None:
                print("unavailable the main window has no first_rows_painted signal", flush=True)
                QTimer.singleShot(0, self.app.quit)
            else:
                signal.connect(self._first_rows)
        elif (
            self._loop is not None
            and self._changed is not None
            and event.type() == QEvent.Type.Paint
            and self.view is not None
            and watched is self.view.viewport()
            and self._changed()
        ):
            self._changed = None
            QTimer.singleShot(0, self._loop.quit)  # once this paint is done
        return False

    def _first_rows(self) -> None:
        print("first-rows", flush=True)
        if self.start_only:
            window = self.window
            assert window is not None
            QTimer.singleShot(0, lambda: self._report(window, {}))
            return
        QTimer.singleShot(0, self._rebuild_only if self.rebuild else self._interact)

    def _until_painted(self, action: Callable[[], object], changed: Callable[[], bool]) -> float:
        """Seconds from ``action`` until the list has painted content for which ``changed``."""
        loop = QEventLoop()
        self._loop, self._changed = loop, changed
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(TIMEOUT_MS)
        start = time.perf_counter()
        action()
        if self._changed is not None:
            loop.exec()
        elapsed = time.perf_counter() - start
        timed_out = self._changed is not None
        self._loop = self._changed = None
        guard.stop()
        return float("nan") if timed_out else elapsed

    def _interact(self) -> None:
        window = self.window
        assert window is not None
        view = getattr(window, "view", None) or window.findChild(QTableView)
        assert isinstance(view, QTableView)
        self.view = view
        view.setFocus()
        result: dict[str, Any] = {"rows": view.model().rowCount()}

        jumps, homes = [], []
        for _ in range(5):
            jumps.append(self._until_painted(partial(_key, view, Qt.Key.Key_End), _changes(view)))
            result["end_row"] = view.currentIndex().row()
            homes.append(self._until_painted(partial(_key, view, Qt.Key.Key_Home), _changes(view)))
        result["jump"], result["home"] = jumps, homes

        column = _column(view, ("date", "published"))
        orders = [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder]
        sorts = []
        for order in orders * 2:
            sorts.append(
                self._until_painted(partial(view.sortByColumn, column, order), _changes(view))
            )
        result["sort"] = sorts
        result["sort_other"] = [
            self._until_painted(partial(view.sortByColumn, other, order), _changes(view))
            for other in range(view.model().columnCount())
            if other != column
            for order in orders
        ]
        result["switch"] = self._switch_views(window, view)

        field = getattr(window, "search_bar", None) or _search_field(window)
        assert isinstance(field, QLineEdit)
        searches, found = [], []
        for text in SEARCHES:
            field.setFocus()
            searches.append(
                self._until_painted(partial(QTest.keyClicks, field, text), _changes(view))
            )
            found.append(view.model().rowCount())
            if math.isnan(searches[-1]):  # the list never changed: no search on this branch
                break
            self._until_painted(partial(QTest.keyClick, field, Qt.Key.Key_Escape), _changes(view))
        result["search"], result["search_rows"] = searches, found
        if self.digest is not None:
            result.update(self._import(window, self.digest))
            result.update(self._fetch(window))
        self._report(window, result)

    def _report(self, window: QMainWindow, result: dict[str, Any]) -> None:
        """Print the figures, wait while the parent reads the peak memory, quit."""
        print("result " + json.dumps(result), flush=True)
        print("done", flush=True)
        sys.stdin.readline()
        self.app.removeEventFilter(self)
        window.close()
        self.app.quit()

    def _switch_views(self, window: QMainWindow, view: QTableView) -> list[float]:
        """Seconds from choosing a view in the sidebar until the list shows it."""
        select = getattr(getattr(window, "sidebar", None), "select_key", None)
        if select is None:  # no sidebar that selects by key on this branch
            return []
        return [
            self._until_painted(partial(select, key), _changes(view))
            for key in ("view:starred", "view:all", "view:inbox")  # it starts on the inbox
        ]

    def _import(self, window: QMainWindow, digest: Path) -> dict[str, float]:
        """Import a digest the way a drop does; time it and the worst event-loop stall."""
        importer = getattr(window, "import_export", window)  # the window's import controller
        start_import = getattr(importer, "import_paths", None)
        finished = getattr(importer, "import_finished", None)
        if start_import is None or finished is None:
            return {}
        timed = _stalls(partial(start_import, [digest]), finished)
        return {} if timed is None else {"import": timed[0], "stall": timed[1]}

    def _fetch(self, window: QMainWindow) -> dict[str, float]:
        """Complete a digest's papers online (a server on loopback answers at
        once); the worst event-loop stall meanwhile."""
        online = getattr(window, "online", None)
        library = getattr(window, "library", None)
        if online is None or library is None or not hasattr(online, "enrich_finished"):
            return {}
        from bench.fetching import served_digest  # the replay server of the tests

        with served_digest(library) as (open_sources, scope):
            online.open_sources = open_sources
            timed = _stalls(partial(online.enrich, scope), online.enrich_finished)
        return {} if timed is None else {"fetch": timed[0], "fetch_stall": timed[1]}

    def _rebuild_only(self) -> None:
        """A start without an index: the window rebuilds it once its rows are
        painted; the worst stall until it is done."""
        window = self.window
        assert window is not None
        rebuild = getattr(window, "index_rebuild", None)
        result: dict[str, float] = {}
        if rebuild is not None and (rebuild.running or rebuild.waiting):
            action = (lambda: None) if rebuild.running else rebuild.start
            timed = _stalls(action, rebuild.finished, timeout_ms=600_000)
            if timed is not None:
                result = {"rebuild": timed[0], "rebuild_stall": timed[1]}
        self._report(window, result)


def _stalls(
    action: Callable[[], object], finished: SignalInstance, timeout_ms: int = 120_000
) -> tuple[float, float] | None:
    """Seconds from ``action`` until ``finished``, and the longest gap between
    5 ms timer ticks on the GUI thread meanwhile (None: it never finished)."""
    loop = QEventLoop()
    finished.connect(loop.quit)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    ticks = QTimer()
    ticks.setInterval(TICK_MS)
    last, worst = [time.perf_counter()], [0.0]

    def tick() -> None:
        now = time.perf_counter()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    ticks.timeout.connect(tick)
    guard.start(timeout_ms)
    start = last[0] = time.perf_counter()
    ticks.start()
    action()
    loop.exec()
    tick()
    ticks.stop()
    finished.disconnect(loop.quit)
    if not guard.isActive():
        return None
    guard.stop()
    return time.perf_counter() - start, worst[0]


def _key(view: QTableView, key: Qt.Key) -> None:
    QTest.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)


def _column(view: QTableView, names: tuple[str, ...]) -> int:
    model = view.model()
    for column in range(model.columnCount()):
        header = str(model.headerData(column, Qt.Orientation.Horizontal) or "").casefold()
        if any(n in header for n in names):
            return column
    raise LookupError(f"no column named {names}")


def _snapshot(view: QTableView) -> tuple[str, ...]:
    """What the list shows at its top: row count, first visible row and its neighbours."""
    model = view.model()
    top = max(view.indexAt(view.viewport().rect().topLeft()).row(), 0)
    rows = range(top, min(top + 3, model.rowCount()))
    cells = [str(model.data(model.index(r, c))) for r in rows for c in range(model.columnCount())]
    return (str(model.rowCount()), str(top), *cells)


def _changes(view: QTableView) -> Callable[[], bool]:
    """True once the list shows something other than it does now."""
    before = _snapshot(view)
    return lambda: _snapshot(view) != before


def _search_field(window: QWidget) -> QLineEdit:
    for field in window.findChildren(QLineEdit):
        if "search" in (field.objectName() + type(field).__name__).casefold():
            return field
    raise LookupError("no search field")


def main(argv: list[str]) -> int:
    try:  # imported by name: the window may not be on this branch yet
        gui_app = importlib.import_module("readinglist.gui.app")
    except ImportError as exc:
        print(f"unavailable the desktop window is not on this branch yet ({exc})", flush=True)
        return 3
    app = gui_app.application()
    rebuild = argv[2:] == ["--rebuild"]
    start_only = argv[2:] == ["--start"]
    digest = None if rebuild or start_only or len(argv) < 3 else Path(argv[2])
    probe = Probe(app, digest, rebuild, start_only)
    app.installEventFilter(probe)
    code: int = gui_app.run(Path(argv[1]))
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
