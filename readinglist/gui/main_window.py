"""The main window: sidebar, paper list, detail pane, menus, settings.

The window holds no business logic: it asks the :class:`Library` for data,
runs writes as undoable commands, runs slow work (import, search, export) on
workers, and refreshes its models from the library's change notifications.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from readinglist.core.library import Library
from readinglist.core.views import ChangeSet, PaperFilter, View
from readinglist.gui.actions import ACTIONS, MENUS, build_actions
from readinglist.gui.detail import DetailPane
from readinglist.gui.index_rebuild import IndexRebuild
from readinglist.gui.io_actions import InputOutputActions
from readinglist.gui.paper_model import PaperModel
from readinglist.gui.paper_view import PaperView
from readinglist.gui.search_bar import SearchBar
from readinglist.gui.sidebar import Counts, Sidebar, filter_from_key, filter_key, load_counts
from readinglist.gui.triage_actions import TriageActions
from readinglist.gui.undo import (
    UndoRunner,
)
from readinglist.gui.upkeep import DailyBackup
from readinglist.gui.welcome import WelcomePage
from readinglist.gui.workers import Workers


class _Bridge(QObject):
    """Carries library notifications (maybe from a worker thread) to the GUI thread."""

    changed = Signal(object)


#: Start a pending index rebuild after this long if no rows were painted.
REBUILD_FALLBACK_MS = 1500


class MainWindow(TriageActions, InputOutputActions):
    """The window: builds the panes and the actions; the handlers live in the mixins."""

    def __init__(
        self, library: Library, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Reading List")
        self.library = library
        self.settings = settings
        self.errors: list[tuple[str, str]] = []
        self.undo_stack = QUndoStack(self)
        self.commands = UndoRunner(self.undo_stack, self._command_failed)
        self.workers = Workers(self)
        self.index_rebuild = IndexRebuild(library, self)
        self.daily_backup = DailyBackup(library, self.index_rebuild.pool, self)
        self._search_seq = 0
        self._quiet_sidebar = False
        self._pending_key: str | None = None
        self._counting = False
        self._count_again = False
        self._query = ""
        self._last_dir = str(settings.value("paths/last_dir", str(Path.home())))

        self.model = PaperModel(library, self)
        self.view = PaperView(self.model, self)
        self.sidebar = Sidebar(library, self)
        self.detail = DetailPane(self._save_note, self)
        self.search_bar = SearchBar(self)
        self.welcome = WelcomePage(self)
        self._build_layout()
        self.actions_by_id = build_actions(self, self._resolve)
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self._wire()
        self.setAcceptDrops(True)
        for field in (self.detail.note.editor.viewport(), self.detail.tags_edit, self.search_bar):
            field.installEventFilter(self)  # files dropped on them are imported

        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.timeout.connect(self._mark_current_read)
        self._sidebar_timer = QTimer(self)
        self._sidebar_timer.setSingleShot(True)
        self._sidebar_timer.setInterval(50)
        self._sidebar_timer.timeout.connect(self._refresh_counts)

        self._bridge = _Bridge(self)
        self._bridge.changed.connect(self._library_changed)
        self._unsubscribe: Callable[[], None] | None = library.subscribe(self._bridge.changed.emit)
        self._restore_settings()
        self._update_actions()
        # Counts need aggregate queries: run them once the first rows are on screen.
        self.first_rows_painted.connect(self._sidebar_timer.start)
        self.first_rows_painted.connect(self.daily_backup.start)
        self.daily_backup.warned.connect(lambda text: self.statusBar().showMessage(text, 20_000))
        QTimer.singleShot(0, self._sidebar_timer.start)
        if self.index_rebuild.needed:
            # A missing or stale index is rebuilt once the first rows are on
            # screen (the rebuild competes for the interpreter); the timer
            # covers a window that shows no rows.
            self.first_rows_painted.connect(self.index_rebuild.start)
            QTimer.singleShot(REBUILD_FALLBACK_MS, self.index_rebuild.start)

    # construction ------------------------------------------------------------

    def _build_layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setChildrenCollapsible(False)
        self.sidebar.setMinimumWidth(150)
        self.view.setMinimumWidth(320)
        self.detail.setMinimumWidth(300)
        self.splitter.setSizes([210, 600, 470])
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)
        self.resize(1280, 800)

    def _resolve(self, name: str) -> Callable[[], object]:
        handler = getattr(self, name)
        assert callable(handler)
        return handler  # type: ignore[no-any-return]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        menus = {name: bar.addMenu(f"&{name}") for name in MENUS}
        last_group: dict[str, str] = {}
        groups = {
            "export": "io",
            "preferences": "app",
            "search": "find",
            "remove": "del",
            "copy_cite": "copy",
            "edit_details": "edit",
            "focus_list": "focus",
            "about": "about",
            "star": "mark",
        }
        for item in ACTIONS:
            menu = menus[item.menu]
            group = groups.get(item.id, last_group.get(item.menu, ""))
            if item.menu in last_group and group != last_group[item.menu]:
                menu.addSeparator()
            last_group[item.menu] = group
            menu.addAction(self.actions_by_id[item.id])

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action_id in ("import", "export"):
            bar.addAction(self.actions_by_id[action_id])
        bar.addSeparator()
        for action_id in ("star", "read"):
            bar.addAction(self.actions_by_id[action_id])
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.search_bar)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_status(self) -> None:
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("counts")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        status = self.statusBar()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.counts_label)

    def _wire(self) -> None:
        self.sidebar.filter_chosen.connect(self._filter_chosen)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.first_paint.connect(self.first_rows_painted)
        self.view.doubleClicked.connect(lambda _i: self.focus_note())
        self.model.reloaded.connect(self._list_reloaded)
        self.search_bar.query_changed.connect(self._search)
        self.search_bar.escaped.connect(self.focus_list)
        self.detail.tags_edited.connect(self._tags_edited)
        self.detail.copy_cite_requested.connect(self.copy_cite)
        self.detail.copy_bibtex_requested.connect(self.copy_bibtex)
        self.welcome.import_requested.connect(self.import_files)
        self.welcome.samples_requested.connect(self.load_samples)
        self.undo_stack.indexChanged.connect(self._undo_moved)
        self.undo_stack.cleanChanged.connect(self._undo_moved)
        self.workers.busy_changed.connect(self._busy)
        self.index_rebuild.progress.connect(self._rebuild_progress)
        self.index_rebuild.finished.connect(self._rebuild_finished)
        self.index_rebuild.failed.connect(self._rebuild_failed)

    # the deferred search-index rebuild (gui/index_rebuild.py) ---------------

    def _rebuild_progress(self, percent: int) -> None:
        self.progress.show()
        self.progress.setRange(0, 100)
        self.progress.setValue(percent)
        self.statusBar().showMessage(self._rebuild_message())

    def _rebuild_message(self) -> str:
        message = self.index_rebuild.message()
        query = self.search_bar.text().strip()
        return f"{message}; “{query}” is searched when it is done." if query else message

    def _rebuild_finished(self, count: int) -> None:
        self.progress.setVisible(self.workers.busy)
        self.statusBar().showMessage(f"Search index rebuilt ({count:,} papers).", 5000)
        query = self.search_bar.text().strip()
        if query:
            self._search(query)  # typed while the index was rebuilt: run it now
        self.index_rebuilt.emit()

    def _rebuild_failed(self, message: str) -> None:
        self.progress.setVisible(self.workers.busy)
        self.show_error("The search index could not be rebuilt", message)
        self.index_rebuilt.emit()

    # settings ----------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for key, widget in (
            ("window/splitter", self.splitter),
            ("window/detail_splitter", self.detail.splitter),
        ):
            state = s.value(key)
            if isinstance(state, QByteArray):
                widget.restoreState(state)
        header = s.value("list/header")
        if isinstance(header, QByteArray):
            self.view.horizontalHeader().restoreState(header)
        head = self.view.horizontalHeader()
        self.model.sort(
            head.sortIndicatorSection(), head.sortIndicatorOrder()
        )  # records the key only
        # Show the last list at once; the sidebar marks it when its counts arrive.
        key = str(s.value("list/view", "view:inbox"))
        flt = filter_from_key(key) or PaperFilter(view=View.INBOX)
        self.model.set_filter(flt)
        self._pending_key = filter_key(flt)
        if flt.digest_day is None and flt.tag is None:
            self._mark_sidebar(filter_key(flt))
        self._select_row(0)
        self.pages.setCurrentWidget(self.splitter if self.library.count() else self.welcome)

    def _mark_sidebar(self, key: str) -> None:
        """Select ``key`` in the sidebar without reloading the list it already shows."""
        self._pending_key = None
        self._quiet_sidebar = True
        try:
            self.sidebar.select_key(key)
        finally:
            self._quiet_sidebar = False

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/detail_splitter", self.detail.splitter.saveState())
        s.setValue("list/header", self.view.horizontalHeader().saveState())
        key = self.sidebar.current_key()
        if key:
            s.setValue("list/view", key)
        s.setValue("paths/last_dir", self._last_dir)
        s.sync()

    # library changes -----------------------------------------------------------

    def _library_changed(self, changes: ChangeSet) -> None:
        if changes.structure and self.model.search_ids is not None:
            self.refresh_search()  # the hits themselves may have changed
        self.model.apply(changes)
        self._sidebar_timer.start()
        paper = self.detail.paper
        if paper is not None and paper.id in changes.paper_ids:
            self._show_current(reload_only=True)

    def _refresh_counts(self) -> None:
        """Re-read the sidebar's and status bar's counts on a worker (aggregates over
        100,000 papers take a few hundred ms: never on the GUI thread)."""
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        self.workers.start(
            load_counts,
            self.library,
            on_done=self._counts_loaded,
            on_error=self._counts_failed,
            quiet=True,
        )

    def _counts_failed(self, exc: BaseException) -> None:
        self._counting = False
        self.statusBar().showMessage(f"Could not count papers: {exc}", 8000)

    def _counts_loaded(self, data: Counts) -> None:
        self._counting = False
        if self._count_again:
            self._count_again = False
            self._refresh_counts()
        self.sidebar.apply(data)
        if self._pending_key is not None:
            self._mark_sidebar(self._pending_key)
        self.detail.set_tag_names([t.name for t in data.tags])
        self._show_counts()
        self.counts_updated.emit()

    def _list_reloaded(self) -> None:
        self._sidebar_timer.start()
        if self.view.currentIndex().isValid():
            return
        if self.detail.paper is not None and self.detail.paper.id is not None:
            row = self.model.row_of(self.detail.paper.id)
            if row >= 0:
                self._select_row(row)
                return
        if self.model.rowCount():
            self._select_row(0)
        else:
            self._show_current()

    # selection -----------------------------------------------------------------

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()
        self._update_actions()

    def _filter_chosen(self, flt: PaperFilter) -> None:
        if self._quiet_sidebar:
            return
        self._pending_key = None
        if self.search_bar.active:
            self.search_bar.clear()
            self.search_bar.flush()
        self.model.set_filter(flt)
        self._select_row(0)
        if self.model.rowCount() == 0:
            self._show_current()

    # actions' enabled state ----------------------------------------------------------

    def _undo_moved(self, *_args: object) -> None:
        if shiboken6.isValid(self.undo_stack):  # not while the window is being destroyed
            self._update_actions()

    def _update_actions(self) -> None:
        acts = self.actions_by_id
        has_paper = self.current_id() is not None
        for item in ACTIONS:
            if item.needs_paper:
                acts[item.id].setEnabled(has_paper)
        acts["undo"].setEnabled(self.undo_stack.canUndo())
        acts["undo"].setText(f"&Undo {self.undo_stack.undoText()}".rstrip())
        acts["redo"].setEnabled(self.undo_stack.canRedo())
        acts["redo"].setText(f"&Redo {self.undo_stack.redoText()}".rstrip())
        self.detail.cite_button.setEnabled(has_paper)
        self.detail.bibtex_button.setEnabled(has_paper)

    # closing ---------------------------------------------------------------------

    def _confirm_discard_note(self) -> bool:
        """The note could not be saved: close only if the user says so."""
        answer = QMessageBox.warning(
            self,
            "The note is not saved",
            "The note you are writing could not be saved to the library "
            f"({self.errors[-1][1] if self.errors else 'unknown reason'}).\n\n"
            "Close anyway and lose it, or stay and copy it somewhere safe?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.detail.note.set_paper(None, "", save=False)
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the note being typed, the tags being edited, and the layout."""
        if not self.detail.note.flush() and not self._confirm_discard_note():
            event.ignore()  # keep the window (and the unsaved note) open
            return
        self.detail.show_paper(None)  # flushes the tags editor
        self._read_timer.stop()
        self.workers.wait(30000)
        self.save_settings()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        event.accept()
