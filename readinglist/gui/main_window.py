"""The main window: it builds the panes, owns the models, and composes the controllers.

The window holds no business logic and few handlers of its own. Each part of
what a user can do is a controller (``gui/controllers/``) given exactly what
it needs (the library, the undo runner, the selection, the status sink, ...)
that connects its own actions from the registry (``gui/actions.py``). The
window keeps what is about the window itself: its layout, menus and toolbar,
which actions are enabled, its saved geometry, library change notifications,
and closing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QModelIndex, QObject, QSettings, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.library import Library
from readinglist.core.views import ChangeSet
from readinglist.gui.actions import ACTIONS, MENUS, build_actions, connect_actions
from readinglist.gui.bin_bar import BinBar
from readinglist.gui.controllers.app_dialogs import AppDialogs
from readinglist.gui.controllers.citations import COPY_LABELS, CitationController
from readinglist.gui.controllers.documents import DocumentWatcher
from readinglist.gui.controllers.import_export import ImportExportController
from readinglist.gui.controllers.lists import ListController
from readinglist.gui.controllers.navigation import Navigation
from readinglist.gui.controllers.online import OnlineController
from readinglist.gui.controllers.reading import ReadingController, note_saver
from readinglist.gui.controllers.search import SearchController
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.controllers.sync import SyncController
from readinglist.gui.controllers.triage import TriageController
from readinglist.gui.detail import DetailPane
from readinglist.gui.index_rebuild import IndexRebuild
from readinglist.gui.paper_model import PaperModel, Refreshed
from readinglist.gui.paper_view import PaperView
from readinglist.gui.search_bar import SearchBar
from readinglist.gui.sidebar import Sidebar
from readinglist.gui.undo import UndoRunner
from readinglist.gui.upkeep import DailyBackup, LibraryWarnings
from readinglist.gui.welcome import WelcomePage
from readinglist.gui.workers import Workers


class _Bridge(QObject):
    """Carries library notifications (maybe from a worker thread) to the GUI thread."""

    changed = Signal(object, bool)  # the ChangeSet; made off the GUI thread

    def heard(self, changes: ChangeSet) -> None:
        """The Library's listener: runs on the thread that committed the change."""
        self.changed.emit(changes, QThread.currentThread() is not self.thread())


#: Start a pending index rebuild after this long if no rows were painted.
REBUILD_FALLBACK_MS = 1500

#: Menu groups: a separator goes before each action that starts a new group.
MENU_GROUPS = {
    "export": "io",
    "autoexports": "io",
    "restore": "del",
    "empty_bin": "del",
    "quick_switch": "go",
    "snippets": "show",
    "sync_now": "sync",
    "preferences": "app",
    "search": "find",
    "remove": "del",
    "copy_cite": "copy",
    "edit_details": "edit",
    "focus_list": "focus",
    "about": "about",
    "star": "mark",
    "open_page": "online",
    "enrich": "enrich",
}


class MainWindow(QMainWindow):
    first_rows_painted = Signal()

    def __init__(
        self, library: Library, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Reading List")
        self.library = library
        self.settings = settings
        self._build_status()
        self.status = StatusSink(self, self.progress)
        self.undo_stack = QUndoStack(self)
        self.commands = UndoRunner(self.undo_stack, self.status.failed)
        self.workers = Workers(self)
        self._pane_waits = False  # a paper chosen before the first rows were painted
        self.index_rebuild = IndexRebuild(library, self)
        self.daily_backup = DailyBackup(library, self.index_rebuild.pool, self)

        self.model = PaperModel(library, self, background=self._in_background)
        self.view = PaperView(self.model, self)
        self.sidebar = Sidebar(library, self)
        self.detail = DetailPane(note_saver(library, self.commands), self)
        self.search_bar = SearchBar(self)
        self.welcome = WelcomePage(self)
        self._build_layout()
        self.actions_by_id = build_actions(self)
        self.bin_bar = BinBar(self.actions_by_id["restore"], self.actions_by_id["empty_bin"], self)
        self.list_pane.layout().insertWidget(0, self.bin_bar)  # type: ignore[union-attr]
        self._build_menus()
        self._build_toolbar()
        self._build_controllers()
        self._wire()

        self._bridge = _Bridge(self)
        self._bridge.changed.connect(self._library_changed)
        self._unsubscribe: Callable[[], None] | None = library.subscribe(self._bridge.heard)
        self._restore_settings()
        self._update_actions()
        # The pane, then counts (aggregate queries): once the first rows are on screen.
        self.first_rows_painted.connect(lambda: QTimer.singleShot(0, self._fill_waiting_pane))
        self.first_rows_painted.connect(self.lists.schedule_counts)
        self.first_rows_painted.connect(self.daily_backup.start)
        self.warnings = LibraryWarnings(library, self)
        self.warnings.warned.connect(lambda text: self.status.say(text, 20_000))
        self.first_rows_painted.connect(self.warnings.show_new)
        self.daily_backup.done.connect(self.warnings.show_new)
        self.daily_backup.done.connect(lambda: self.online.warm(self.index_rebuild.pool))
        self.first_rows_painted.connect(self.sync.start)
        self.first_rows_painted.connect(self.search.warm)
        QTimer.singleShot(REBUILD_FALLBACK_MS, self.sync.start)
        self.daily_backup.warned.connect(lambda text: self.status.say(text, 20_000))
        QTimer.singleShot(0, self.lists.schedule_counts)
        if self.index_rebuild.needed:
            # A missing or stale index is rebuilt once the first rows are on
            # screen (the rebuild competes for the interpreter); the timer
            # covers a window that shows no rows.
            self.first_rows_painted.connect(self.index_rebuild.start)
            QTimer.singleShot(REBUILD_FALLBACK_MS, self.index_rebuild.start)

    # construction ------------------------------------------------------------

    def _build_status(self) -> None:
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("counts")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("syncStatus")
        self.sync_label.setContentsMargins(0, 0, 12, 0)
        status = self.statusBar()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.sync_label)
        status.addPermanentWidget(self.counts_label)

    def _build_layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.list_pane = QWidget(self)
        pane = QVBoxLayout(self.list_pane)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.setSpacing(0)
        pane.addWidget(self.view, 1)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.sidebar.setMinimumWidth(140)
        self.view.setMinimumWidth(320)
        self.detail.setMinimumWidth(300)
        # The list gets most of a narrow window: at 1024 px the titles keep ~300 px.
        self.splitter.setSizes([180, 640, 460])
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)
        self.resize(1280, 800)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus = menus = {name: bar.addMenu(f"&{name}") for name in MENUS}
        last_group: dict[str, str] = {}
        submenus: dict[str, QMenu] = {}
        for item in ACTIONS:
            menu = menus[item.menu]
            group = MENU_GROUPS.get(item.id, last_group.get(item.menu, ""))
            if item.menu in last_group and group != last_group[item.menu]:
                menu.addSeparator()
            last_group[item.menu] = group
            if item.submenu is not None:
                if item.submenu not in submenus:
                    submenus[item.submenu] = menu.addMenu(item.submenu)
                menu = submenus[item.submenu]
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
        bar.addWidget(self.search_bar.scope_button)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_controllers(self) -> None:
        """One controller per part of the work; each connects the actions it owns.

        The attribute names are the owners the action registry names
        (``"triage.toggle_star"`` runs ``self.triage.toggle_star``).
        """
        library, acts = self.library, self.actions_by_id
        self.selection = Selection(self.model, self.view, acts, self)
        self.reading = ReadingController(
            library, self.selection, self.detail, self.commands, self.settings, acts, self
        )
        self.triage = TriageController(
            library, self.commands, self.selection, self.reading, self.status, acts, self
        )
        self.citations = CitationController(
            library, self.selection, self.reading, self.status, self.settings, acts, self
        )
        self.documents = DocumentWatcher(library, self.workers, self.status, self)
        self.lists = ListController(
            library,
            self.workers,
            self.model,
            self.sidebar,
            self.search_bar,
            self.selection,
            self.reading,
            self.status,
            self.counts_label,
            acts,
            self,
        )
        self.search = SearchController(
            library,
            self.workers,
            self.model,
            self.view,
            self.search_bar,
            self.selection,
            self.reading,
            self.lists,
            self.status,
            self.index_rebuild,
            self.settings,
            acts,
            self,
        )
        self.import_export = ImportExportController(
            library,
            self.workers,
            self.selection,
            self.reading,
            self.lists,
            self.search,
            self.status,
            acts,
            self,
            settings=self.settings,
            last_dir=str(self.settings.value("paths/last_dir", str(Path.home()))),
            drop_fields=(
                self.detail.note.editor.viewport(),
                self.detail.tags_edit,
                self.search_bar,
            ),
        )
        self.sync = SyncController(library, self.workers, self.status, self.sync_label, acts, self)
        self.app_dialogs = AppDialogs(library, self.settings, acts, self, self.sync)
        self.online = OnlineController(
            library,
            self.workers,
            self.model,
            self.selection,
            self.sidebar,
            self.detail,
            self.status,
            self.settings,
            acts,
            self,
        )
        self.navigation = Navigation(
            self.sidebar,
            self.view,
            self.selection,
            self.menus["Paper"],
            [acts["remove"], acts["restore"]],
            acts,
            self,
        )
        connect_actions(acts, "window", self)

    def _wire(self) -> None:
        """Connect the parts that do not know each other."""
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.first_paint.connect(self.first_rows_painted)
        self.view.doubleClicked.connect(lambda _i: self.reading.focus_note())
        self.detail.copy_cite_requested.connect(self.citations.copy_cite)
        self.detail.copy_bibtex_requested.connect(self.citations.copy_bibtex)
        self.welcome.import_requested.connect(self.import_export.import_files)
        self.welcome.samples_requested.connect(self.import_export.load_samples)
        self.import_export.import_finished.connect(self.online.after_import)
        self.undo_stack.indexChanged.connect(self._undo_moved)
        self.undo_stack.cleanChanged.connect(self._undo_moved)
        self.workers.busy_changed.connect(self.status.busy)
        self.lists.library_empty.connect(self._show_welcome)
        self.lists.list_changed.connect(self._update_actions)
        self.app_dialogs.preferences_saved.connect(self.detail.refresh_info)
        self.citations.format_changed.connect(self.detail.set_cite_label)
        self.detail.set_cite_label(COPY_LABELS[self.citations.format])
        self.import_export.export_finished.connect(lambda _result: self.documents.watch())

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
        self.lists.restore(str(s.value("list/view", "view:inbox")))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/detail_splitter", self.detail.splitter.saveState())
        s.setValue("list/header", self.view.horizontalHeader().saveState())
        key = self.lists.current_key()
        if key:
            s.setValue("list/view", key)
        s.setValue("paths/last_dir", self.import_export.last_dir)
        s.sync()

    # what the window shows -------------------------------------------------------

    def _library_changed(self, changes: ChangeSet, elsewhere: bool) -> None:
        """Show a committed change. One made here (a star, a deletion) shows at
        once; one from a worker (an import, a sync, a fetch) is re-queried in the
        background, so the window never waits for it."""
        if changes.structure and self.model.search_ids is not None:
            self.search.refresh()  # the hits themselves may have changed
        if changes.structure:
            self.documents.watch()  # a document link may have come or gone
        self.model.apply(changes, background=elsewhere)
        self.lists.schedule_counts()
        shown = self.reading.shown_id()
        if shown is not None and shown in changes.paper_ids:
            self.reading.show_current(reload_only=True)

    def _in_background(
        self,
        query: Callable[[], Refreshed],
        done: Callable[[Refreshed], None],
        failed: Callable[[], None],
    ) -> None:
        """The list's re-query after a change, on a worker (PaperModel.refresh)."""

        def said(exc: BaseException) -> None:
            self.status.say(f"Could not refresh the list: {exc}", 8000)
            failed()

        self.workers.start(query, on_done=done, on_error=said, quiet=True)

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if self.view.rows_painted:
            self.reading.show_current()
        else:  # the first rows first: the pane loads the whole-paper models
            self._pane_waits = True
        self._update_actions()

    def _fill_waiting_pane(self) -> None:
        """The paper the window opened on, shown once the rows are on screen."""
        if self._pane_waits:
            self._pane_waits = False
            self.reading.show_current()

    def receive_files(self, paths: list[Path]) -> None:
        """Files a second launch handed over (gui/instance.py): import them, come forward."""
        if paths:
            self.import_export.import_paths(paths)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def _show_welcome(self, empty: bool) -> None:
        self.pages.setCurrentWidget(self.welcome if empty else self.splitter)

    # actions' enabled state ----------------------------------------------------------

    def _undo_moved(self, *_args: object) -> None:
        if shiboken6.isValid(self.undo_stack):  # not while the window is being destroyed
            self._update_actions()

    def _update_actions(self) -> None:
        acts = self.actions_by_id
        has_paper = self.selection.current_id() is not None
        in_bin = self.lists.in_bin()
        for item in ACTIONS:
            if item.needs_paper:
                fits = item.lists == "any" or (item.lists == "bin") == in_bin
                acts[item.id].setEnabled(has_paper and fits)
        acts["undo"].setEnabled(self.undo_stack.canUndo())
        acts["undo"].setText(f"&Undo {self.undo_stack.undoText()}".rstrip())
        acts["redo"].setEnabled(self.undo_stack.canRedo())
        acts["redo"].setText(f"&Redo {self.undo_stack.redoText()}".rstrip())
        self.bin_bar.setVisible(in_bin)
        self.detail.cite_button.setEnabled(has_paper and not in_bin)
        self.detail.bibtex_button.setEnabled(has_paper and not in_bin)

    # closing ---------------------------------------------------------------------

    def _confirm_discard_note(self) -> bool:
        """The note could not be saved: close only if the user says so."""
        errors = self.status.errors
        answer = QMessageBox.warning(
            self,
            "The note is not saved",
            "The note you are writing could not be saved to the library "
            f"({errors[-1][1] if errors else 'unknown reason'}).\n\n"
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
        if not self.reading.flush_note() and not self._confirm_discard_note():
            event.ignore()  # keep the window (and the unsaved note) open
            return
        self.detail.show_paper(None)  # flushes the tags editor
        self.reading.stop_reading()
        self.online.cancel()  # an online job stops at its next step, keeping what it has
        self.sync.flush()  # a change made here and not yet shared goes out now
        self.sync.stop()
        self.workers.wait(30000)
        # The index rebuild is stopped (derived: the next start rebuilds it);
        # the daily backup, a short copy, is waited for, so neither runs on
        # while the library closes.
        self.library.stop_reindex()
        self.index_rebuild.wait(30000)
        self.save_settings()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        event.accept()
