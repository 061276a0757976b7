"""The main window: sidebar, paper list, detail pane; every action wired here.

The window holds no business logic: it asks the :class:`Library` for data,
runs writes as undoable commands, runs slow work (import, search, export) on
workers, and refreshes its models from the library's change notifications.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from readinglist import __version__
from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import NotFoundError, ReadingListError
from readinglist.core.library import Library
from readinglist.core.views import ChangeSet, PaperFilter, View
from readinglist.gui import contract
from readinglist.gui.actions import ACTIONS, MENUS, build_actions
from readinglist.gui.detail import DetailPane
from readinglist.gui.edit_dialog import EditDialog
from readinglist.gui.import_export import (
    ExportChoice,
    ExportDialog,
    ImportOutcome,
    ask_files,
    can_accept,
    dropped,
    import_paths,
    import_text,
    run_export,
)
from readinglist.gui.paper_model import PaperModel
from readinglist.gui.paper_view import PaperView
from readinglist.gui.preferences import NEVER, PreferencesDialog, read_delay
from readinglist.gui.search_bar import SearchBar
from readinglist.gui.shortcuts import ShortcutSheet
from readinglist.gui.sidebar import Counts, Sidebar, filter_from_key, filter_key, load_counts
from readinglist.gui.undo import (
    EditCommand,
    MarkCommand,
    NoteCommand,
    RemoveCommand,
    TagsCommand,
    UndoRunner,
)
from readinglist.gui.welcome import WelcomePage
from readinglist.gui.workers import Workers
from readinglist.resources import sample_digests

SEARCH_LIMIT = 500


class _Bridge(QObject):
    """Carries library notifications (maybe from a worker thread) to the GUI thread."""

    changed = Signal(object)


class MainWindow(QMainWindow):
    first_rows_painted = Signal()
    import_finished = Signal(object)  # ImportOutcome
    search_finished = Signal(str)  # the query whose results are now shown
    export_finished = Signal(object)  # entries written, or the error
    error_shown = Signal(str, str)  # title, message
    counts_updated = Signal()

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
        QTimer.singleShot(0, self._sidebar_timer.start)

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

    # errors ------------------------------------------------------------------

    def show_error(self, title: str, message: str) -> None:
        """Every error a user sees passes here: recorded, signalled, shown non-modally."""
        self.errors.append((title, message))
        self.error_shown.emit(title, message)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _command_failed(self, exc: BaseException) -> None:
        self.show_error("That did not work", str(exc))

    # library changes -----------------------------------------------------------

    def _library_changed(self, changes: ChangeSet) -> None:
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

    def _show_counts(self) -> None:
        counts = self.sidebar.sidebar_model.counts
        if counts is None:
            return
        stats = counts.stats
        shown = self.model.rowCount()
        prefix = f"{shown:,} found · " if self._query else f"{shown:,} shown · "
        self.counts_label.setText(
            f"{prefix}{stats.papers:,} papers · {stats.unread:,} unread · {stats.starred:,} starred"
        )
        empty = stats.papers == 0 and self.model.rowCount() == 0 and self.model.search_ids is None
        self.pages.setCurrentWidget(self.welcome if empty else self.splitter)

    def _list_reloaded(self) -> None:
        self._sidebar_timer.start()
        if self.view.currentIndex().isValid():
            return
        if self.detail.paper is not None and self.detail.paper.id is not None:
            row = self.model.row_of(self.detail.paper.id)
            if row >= 0:
                self._select_row(row)
                return
        self._show_current()

    # selection -----------------------------------------------------------------

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.paper_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [self.model.paper_id(r) for r in rows]
        if not ids and (current := self.current_id()) is not None:
            ids = [current]
        return ids

    def _select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 1)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()
        self._update_actions()

    def _show_current(self, *, reload_only: bool = False) -> None:
        paper_id = self.current_id()
        if paper_id is None:
            self.detail.show_paper(None)
            self._read_timer.stop()
            return
        try:
            paper = self.library.paper(paper_id)
        except NotFoundError:
            self.detail.show_paper(None)
            return
        self.detail.show_paper(
            paper, self.library.digests_of(paper_id), self.library.tags_of(paper_id)
        )
        if not reload_only:
            delay = read_delay(self.settings)
            self._read_timer.stop()
            if delay != NEVER and not paper.read:
                self._read_timer.start(delay)

    def _mark_current_read(self) -> None:
        paper_id = self.current_id()
        paper = self.detail.paper
        if paper_id is None or paper is None or paper.id != paper_id or paper.read:
            return
        self.commands.run(MarkCommand(self.library, [paper_id], field="read", value=True))

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

    # handlers named in the action registry ------------------------------------------

    def select_next(self) -> None:
        current = self.view.currentIndex()
        self._select_row(current.row() + 1 if current.isValid() else 0)

    def select_previous(self) -> None:
        current = self.view.currentIndex()
        self._select_row(max(current.row() - 1, 0) if current.isValid() else 0)

    def toggle_star(self) -> None:
        self._toggle("starred")

    def toggle_read(self) -> None:
        self._read_timer.stop()
        self._toggle("read")

    def _toggle(self, field: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        rows = self.library.rows(ids)
        value = not all(getattr(r, field) for r in rows)
        self.commands.run(MarkCommand(self.library, ids, field=field, value=value))

    def focus_note(self) -> None:
        if self.detail.paper is not None:
            self.detail.note.focus_editor()

    def focus_tags(self) -> None:
        if self.detail.paper is not None:
            self.detail.tags_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.detail.tags_edit.end(False)

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid():
            self._select_row(0)

    def focus_search(self) -> None:
        self.search_bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_bar.selectAll()

    def clear_search(self) -> None:
        if self.search_bar.text():
            self.search_bar.clear_search()
        self.focus_list()

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        row = self.view.currentIndex().row()
        if self.commands.run(RemoveCommand(self.library, ids)):
            self._select_row(min(row, self.model.rowCount() - 1))
            self.statusBar().showMessage(
                f"Removed {_papers(len(ids))} (Ctrl+Z brings {_them(len(ids))} back)",
                5000,
            )

    def undo(self) -> None:
        self.detail.note.flush()
        self.commands.undo()

    def redo(self) -> None:
        self.commands.redo()

    def copy_cite(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            keys = self.library.cite_keys(ids)
        except ReadingListError as exc:
            self.show_error("Cannot copy the citation", str(exc))
            return
        text = "\\cite{" + ",".join(keys) + "}"
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied {text}", 4000)
        self._show_current(reload_only=True)

    def copy_bibtex(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            text = self.library.export_bibtex(ExportScope("ids", None, tuple(ids)))
        except ReadingListError as exc:
            self.show_error("Cannot copy BibTeX", str(exc))
            return
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(
            f"Copied {len(ids)} BibTeX entr{'ies' if len(ids) > 1 else 'y'}", 4000
        )
        self._show_current(reload_only=True)

    def edit_details(self) -> None:
        paper_id = self.current_id()
        if paper_id is None or not contract.has(self.library, contract.EDIT):
            return
        paper = self.library.paper(paper_id)
        dialog = EditDialog(paper, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._edited(paper_id, dialog.before(), dialog.changes()))
        dialog.open()
        self.edit_window = dialog

    def _edited(self, paper_id: int, before: dict[str, Any], changes: dict[str, Any]) -> None:
        if changes:
            self.commands.run(EditCommand(self.library, paper_id, before, changes))

    def show_inbox(self) -> None:
        self.sidebar.select_key("view:inbox")

    def show_all(self) -> None:
        self.sidebar.select_key("view:all")

    def show_starred(self) -> None:
        self.sidebar.select_key("view:starred")

    def show_read(self) -> None:
        self.sidebar.select_key("view:read")

    def show_shortcuts(self) -> None:
        sheet = ShortcutSheet(self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.open()
        self.shortcut_sheet = sheet

    def preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec():
            from readinglist.gui.app import apply_theme
            from readinglist.gui.preferences import theme

            app = QGuiApplication.instance()
            from PySide6.QtWidgets import QApplication

            if isinstance(app, QApplication):
                apply_theme(app, theme(self.settings))
            self.detail.refresh_info()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Reading List",
            f"<b>Reading List</b> {__version__}<br>A keyboard-first reading list for researchers."
            f"<br><br>Library: {self.library.paths.root}",
        )

    # notes and tags ------------------------------------------------------------

    def _save_note(self, paper_id: int, before: str, after: str) -> bool:
        return self.commands.run(NoteCommand(self.library, paper_id, before, after))

    def _tags_edited(self, paper_id: int, tags: list[str]) -> None:
        self.commands.run(TagsCommand(self.library, paper_id, tags))

    # import ----------------------------------------------------------------------

    def import_files(self) -> None:
        paths = ask_files(self, self._last_dir)
        if paths:
            self._last_dir = str(paths[0].parent)
            self.import_paths(paths)

    def import_paths(self, paths: Sequence[Path]) -> None:
        self.workers.start(
            import_paths,
            self.library,
            list(paths),
            on_done=self._imported,
            on_error=self._worker_failed,
            on_progress=self._progress,
        )

    def import_text(self, text: str, source: str = "clipboard") -> None:
        self.workers.start(
            import_text,
            self.library,
            text,
            source,
            on_done=self._imported,
            on_error=self._worker_failed,
            on_progress=self._progress,
        )

    def paste_digest(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not can_accept(mime):
            self.statusBar().showMessage("The clipboard holds no digest text or files.", 4000)
            return
        self._import_mime(mime, "clipboard")

    def load_samples(self) -> None:
        self.workers.start(
            _import_samples,
            self.library,
            on_done=self._imported,
            on_error=self._worker_failed,
            on_progress=self._progress,
        )

    def _import_mime(self, mime: Any, source: str) -> None:
        paths, text = dropped(mime)
        if paths:
            self.import_paths(paths)
        elif text.strip():
            self.import_text(text, source)

    def _imported(self, outcome: ImportOutcome) -> None:
        if outcome.reports:
            self.statusBar().showMessage(outcome.summary(), 10000)
            if self.sidebar.current_key() is None:
                self.sidebar.select_key("view:inbox")
        if outcome.errors:
            one = len(outcome.errors) == 1
            lines = "\n".join(f"• {source}: {reason}" for source, reason in outcome.errors)
            ok = f"\n\nImported: {outcome.summary()}" if outcome.reports else ""
            self.show_error(
                "Could not import"
                if len(outcome.errors) == 1
                else f"Could not import {len(outcome.errors)} inputs",
                f"{lines}\n\nNothing from {'this input' if one else 'these inputs'} was added; "
                f"the library is unchanged by {'it' if one else 'them'}.{ok}",
            )
        self._show_counts()
        if not self.view.currentIndex().isValid():
            self._select_row(0)
        self.import_finished.emit(outcome)

    def _worker_failed(self, exc: BaseException) -> None:
        self.show_error("That did not work", str(exc))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1) if total > 1 else 0)
        self.progress.setValue(done)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if can_accept(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if not can_accept(mime):
            event.ignore()
            return
        event.acceptProposedAction()
        self._import_mime(mime, "dropped text")

    # search ------------------------------------------------------------------------

    def _search(self, query: str) -> None:
        self._search_seq += 1
        seq = self._search_seq
        if not query:
            self._query = ""
            self.statusBar().clearMessage()
            self.model.set_search(None)
            self.detail.set_terms([])
            self.view.setSortingEnabled(True)
            self._select_row(0)
            self._show_counts()
            self.search_finished.emit("")
            return
        if not contract.has(self.library, contract.SEARCH):
            return
        self.workers.start(
            _run_search,
            self.library,
            query,
            on_done=lambda result: self._searched(seq, query, result),
            on_error=lambda exc: self._search_failed(seq, exc),
        )

    def _searched(
        self, seq: int, query: str, result: tuple[list[int], list[str], str | None, int]
    ) -> None:
        if seq != self._search_seq:
            return  # an older query answered late
        ids, terms, message, total = result
        self._query = query
        self.view.setSortingEnabled(False)
        self.model.set_search(ids)
        self.detail.set_terms(terms)
        self._select_row(0)
        self._show_counts()
        shown = f"{len(ids):,} of {total:,}" if total > len(ids) else f"{total:,}"
        self.statusBar().showMessage(
            message or f"{shown} match{'es' if total != 1 else ''} for “{query}”"
        )
        self.search_finished.emit(query)

    def _search_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._search_seq:
            self.statusBar().showMessage(f"Search failed: {exc}", 8000)

    # export --------------------------------------------------------------------------

    def export_dialog(self) -> ExportDialog:
        self.detail.note.flush()
        dialog = ExportDialog(
            self.library,
            selection=self.selected_ids(),
            query=self._query,
            tags=[t.name for t in self.library.tags()],
            start_dir=self._last_dir,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._export(dialog.choice()))
        dialog.open()
        self.export_window = dialog
        return dialog

    def _export(self, choice: ExportChoice | None) -> None:
        if choice is None:
            return
        self._last_dir = str(choice.path.parent)
        self.workers.start(
            run_export,
            self.library,
            choice,
            on_done=lambda n: self._exported(choice, n),
            on_error=lambda exc: self._export_failed(exc),
        )

    def _exported(self, choice: ExportChoice, written: int) -> None:
        self.statusBar().showMessage(
            f"Exported {written} entr{'ies' if written != 1 else 'y'} to {choice.path}", 10000
        )
        self.export_finished.emit(written)

    def _export_failed(self, exc: BaseException) -> None:
        self.show_error("Export failed", str(exc))
        self.export_finished.emit(exc)

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
        self._require(acts["search"], contract.SEARCH)
        self._require(acts["edit_details"], contract.EDIT, has_paper)
        self.search_bar.setEnabled(contract.has(self.library, contract.SEARCH))
        if not self.search_bar.isEnabled():
            self.search_bar.setToolTip(contract.MISSING_TIPS[contract.SEARCH])
        self.detail.cite_button.setEnabled(acts["copy_cite"].isEnabled())
        self.detail.bibtex_button.setEnabled(acts["copy_bibtex"].isEnabled())

    def _require(self, action: QAction, method: str, also: bool = True) -> None:
        present = contract.has(self.library, method)
        action.setEnabled(present and also)
        if not present:
            tip = contract.MISSING_TIPS.get(method, "Not available in this build.")
            action.setToolTip(tip)
            action.setStatusTip(tip)

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


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def _them(n: int) -> str:
    return "it" if n == 1 else "them"


def _import_samples(library: Library, progress: Callable[[int, int], None]) -> ImportOutcome:
    from readinglist.core.views import ImportReport

    items = sample_digests()
    reports: list[ImportReport] = []
    errors: list[tuple[str, str]] = []
    for done, item in enumerate(items, start=1):
        try:
            reports.append(library.import_bytes(item.read_bytes(), item.name))
        except ReadingListError as exc:
            errors.append((item.name, str(exc)))
        progress(done, len(items))
    return ImportOutcome(tuple(reports), tuple(errors))


def _run_search(library: Library, query: str) -> tuple[list[int], list[str], str | None, int]:
    results: Any = contract.call(library, contract.SEARCH, query, limit=SEARCH_LIMIT)
    terms: list[str] = (
        contract.call(library, "match_terms", query) if contract.has(library, "match_terms") else []
    )
    return [h.paper_id for h in results.hits], terms, results.message, int(results.total)


__all__ = ["MainWindow", "View"]
