"""Digests in (files, drops, the clipboard, the samples) and BibTeX out.

Imports and exports run on workers; their outcomes come back as signals the
tests wait on. Files dropped anywhere on the window are imported, including
on the text fields, which would otherwise paste the files' paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QWidget

from readinglist.core.bibtex.scope import list_scope
from readinglist.core.library import Library
from readinglist.gui.actions import connect_actions
from readinglist.gui.autoexport_dialog import AutoExportsDialog
from readinglist.gui.controllers.lists import ListController
from readinglist.gui.controllers.reading import ReadingController
from readinglist.gui.controllers.search import SearchController
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.export_dialog import CurrentList, ExportChoice, ExportDialog, run_export
from readinglist.gui.import_jobs import (
    ImportOutcome,
    ask_files,
    can_accept,
    dropped,
    import_paths,
    import_samples,
    import_text,
)
from readinglist.gui.workers import Workers

DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class ImportExportController(QObject):
    import_finished = Signal(object)  # ImportOutcome
    export_finished = Signal(object)  # entries written, or the error

    def __init__(
        self,
        library: Library,
        workers: Workers,
        selection: Selection,
        reading: ReadingController,
        lists: ListController,
        search: SearchController,
        status: StatusSink,
        actions: Mapping[str, QAction],
        window: QWidget,
        *,
        settings: QSettings,
        last_dir: str,
        drop_fields: Iterable[QObject] = (),
    ) -> None:
        super().__init__(window)
        self.library = library
        self.workers = workers
        self.selection = selection
        self.reading = reading
        self.lists = lists
        self.search = search
        self.status = status
        self._window = window  # the dialogs' parent, and where files are dropped
        self.last_dir = last_dir  # the folder last imported from or exported to
        self.settings = settings
        self.export_window: ExportDialog | None = None  # the dialog last opened (for tests)
        self.autoexports_window: AutoExportsDialog | None = None
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        for field in drop_fields:
            field.installEventFilter(self)  # files dropped on them are imported
        connect_actions(actions, "import_export", self)

    # importing -------------------------------------------------------------------

    def import_files(self) -> None:
        paths = ask_files(self._window, self.last_dir)
        if paths:
            self.last_dir = str(paths[0].parent)
            self.import_paths(paths)

    def import_paths(self, paths: Sequence[Path]) -> None:
        self.workers.start(
            import_paths,
            self.library,
            list(paths),
            on_done=self._imported,
            on_error=self.status.failed,
            on_progress=self.status.work_progress,
        )

    def import_text(self, text: str, source: str = "clipboard") -> None:
        self.workers.start(
            import_text,
            self.library,
            text,
            source,
            on_done=self._imported,
            on_error=self.status.failed,
            on_progress=self.status.work_progress,
        )

    def paste_digest(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not can_accept(mime):
            self.status.say("The clipboard holds no digest text or files.", 4000)
            return
        self._import_mime(mime, "clipboard")

    def load_samples(self) -> None:
        self.workers.start(
            import_samples,
            self.library,
            on_done=self._imported,
            on_error=self.status.failed,
            on_progress=self.status.work_progress,
        )

    def _import_mime(self, mime: QMimeData, source: str) -> None:
        paths, text = dropped(mime)
        if paths:
            self.import_paths(paths)
        elif text.strip():
            self.import_text(text, source)

    def _imported(self, outcome: ImportOutcome) -> None:
        if outcome.reports:
            self.status.say(outcome.message(), 15000)
            self.lists.show_inbox_if_none()
            short, whole = outcome.notices()
            if whole:
                self.status.show_notices("Imported, with notes", short, whole)
        if outcome.errors:
            one = len(outcome.errors) == 1
            lines = "\n".join(f"• {source}: {reason}" for source, reason in outcome.errors)
            ok = f"\n\nImported: {outcome.summary()}" if outcome.reports else ""
            self.status.show_error(
                "Could not import" if one else f"Could not import {len(outcome.errors)} inputs",
                f"{lines}\n\nNothing from {'this input' if one else 'these inputs'} was added; "
                f"the library is unchanged by {'it' if one else 'them'}.{ok}",
            )
        self.lists.show_counts()
        self.lists.show_top_of(outcome.first, then=lambda: self.import_finished.emit(outcome))

    # dropping ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in DRAG_EVENTS:
            return False  # every event of the window and its fields passes here
        assert isinstance(event, QDropEvent)  # drag-enter and drag-move events are drop events
        if watched is self._window:
            self._window_drag(kind, event)
            return True
        # On a text field (note, tags, search) files are imported, not pasted as
        # paths; text dropped there is the field's own business.
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self._import_mime(event.mimeData(), "dropped files")
            return True
        return super().eventFilter(watched, event)

    def _window_drag(self, kind: QEvent.Type, event: QDropEvent) -> None:
        """Anything a digest can come in (files or text) may be dropped on the window."""
        if kind == QEvent.Type.DragMove:
            event.acceptProposedAction()
            return
        mime = event.mimeData()
        if not can_accept(mime):
            event.ignore()
            return
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self._import_mime(mime, "dropped text")

    # exporting ---------------------------------------------------------------------

    def export_dialog(self) -> ExportDialog:
        self.reading.flush_note()
        flt = self.lists.model.filter
        current = CurrentList(
            self.lists.current_key() or "",
            self.lists.current_name(),
            list_scope(flt),
            self.library.count(flt),
        )
        dialog = ExportDialog(
            self.library,
            selection=self.selection.selected_ids(),
            query=self.search.query,
            tags=[t.name for t in self.library.tags.all()],
            current=current,
            settings=self.settings,
            start_dir=self.last_dir,
            parent=self._window,
        )
        dialog.accepted.connect(lambda: self._export(dialog.choice()))
        dialog.open()
        self.export_window = dialog
        return dialog

    def autoexports_dialog(self) -> AutoExportsDialog:
        dialog = AutoExportsDialog(
            self.library, [t.name for t in self.library.tags.all()], self.last_dir, self._window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.autoexports_window = dialog
        return dialog

    def _export(self, choice: ExportChoice | None) -> None:
        if choice is None:
            return
        self.last_dir = str(choice.path.parent)
        since = len(self.library.warnings)
        self.workers.start(
            run_export,
            self.library,
            choice,
            on_done=lambda n: self._exported(choice, n, since),
            on_error=self._export_failed,
        )

    def _exported(self, choice: ExportChoice, written: int, since: int) -> None:
        self.status.say(
            f"Exported {written} entr{'ies' if written != 1 else 'y'} to {choice.path}", 10000
        )
        self.status.show_new_warnings(self.library.warnings, since, "Citation keys replaced")
        self.export_finished.emit(written)

    def _export_failed(self, exc: BaseException) -> None:
        self.status.show_error("Export failed", str(exc))
        self.export_finished.emit(exc)
