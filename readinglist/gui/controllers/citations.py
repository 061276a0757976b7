"""Citing from the list: ``\\cite{key}`` and whole BibTeX entries to the clipboard.

Copying may assign a paper its citation key (keys are given on first use and
never change), so the detail pane is re-read afterwards to show it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication

from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import ReadingListError
from readinglist.core.library import Library
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.reading import ReadingController
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink


class CitationController(QObject):
    def __init__(
        self,
        library: Library,
        selection: Selection,
        reading: ReadingController,
        status: StatusSink,
        actions: Mapping[str, QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.selection = selection
        self.reading = reading
        self.status = status
        connect_actions(actions, "citations", self)

    def copy_cite(self) -> None:
        ids = self.selection.selected_ids()
        if not ids:
            return
        since = len(self.library.warnings)
        try:
            keys = self.library.bibtex.keys(ids)
        except ReadingListError as exc:
            self.status.show_error("Cannot copy the citation", str(exc))
            return
        self.status.show_new_warnings(self.library.warnings, since, "Citation keys replaced")
        text = "\\cite{" + ",".join(keys) + "}"
        QGuiApplication.clipboard().setText(text)
        self.status.say(f"Copied {text}", 4000)
        self.reading.show_current(reload_only=True)

    def copy_bibtex(self) -> None:
        ids = self.selection.selected_ids()
        if not ids:
            return
        since = len(self.library.warnings)
        try:
            text = self.library.bibtex.export(ExportScope("ids", None, tuple(ids)))
        except ReadingListError as exc:
            self.status.show_error("Cannot copy BibTeX", str(exc))
            return
        self.status.show_new_warnings(self.library.warnings, since, "Citation keys replaced")
        QGuiApplication.clipboard().setText(text)
        self.status.say(f"Copied {len(ids)} BibTeX entr{'ies' if len(ids) > 1 else 'y'}", 4000)
        self.reading.show_current(reload_only=True)
