"""Citing from the list: a citation in the writer's syntax, or whole BibTeX entries.

**Copy Citation** (``c``) copies the selected papers' citation in the format
last chosen under *Paper › Citation Format* (``\\cite{…}``, ``\\autocite{…}``,
``[@…]``, ``@…``, Markdown links or bare keys; remembered in ``QSettings``).
Choosing a format there copies in it at once. Copying may assign a paper
its citation key (keys are given on first use and never change), so the
detail pane is re-read afterwards to show it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication

from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import ReadingListError
from readinglist.core.library import Library
from readinglist.core.writing.cite import FORMATS, CiteFormat
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.reading import ReadingController
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink

FORMAT_KEY = "citations/format"
DEFAULT_FORMAT: CiteFormat = "latex"
#: What the copy action and the detail pane's button say, per format.
COPY_LABELS: dict[str, str] = {
    "latex": "Copy \\cite{…}",
    "biblatex": "Copy \\autocite{…}",
    "pandoc": "Copy [@…]",
    "typst": "Copy @… (Typst)",
    "markdown": "Copy Markdown Links",
    "keys": "Copy Keys",
}


def saved_format(settings: QSettings) -> CiteFormat:
    value = str(settings.value(FORMAT_KEY, DEFAULT_FORMAT))
    return value if value in FORMATS else DEFAULT_FORMAT  # type: ignore[return-value]


class CitationController(QObject):
    format_changed = Signal(str)  # the label of the copy action, for the detail pane

    def __init__(
        self,
        library: Library,
        selection: Selection,
        reading: ReadingController,
        status: StatusSink,
        settings: QSettings,
        actions: Mapping[str, QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.selection = selection
        self.reading = reading
        self.status = status
        self.settings = settings
        self.copy_action = actions["copy_cite"]
        self.format_actions = {fmt: actions[f"cite_{fmt}"] for fmt in FORMATS}
        group = QActionGroup(self)
        group.setExclusive(True)
        for action in self.format_actions.values():
            action.setCheckable(True)
            group.addAction(action)
        connect_actions(actions, "citations", self)
        self._show_format(saved_format(settings))

    @property
    def format(self) -> CiteFormat:
        return saved_format(self.settings)

    def _show_format(self, fmt: CiteFormat) -> None:
        self.format_actions[fmt].setChecked(True)
        label = COPY_LABELS[fmt]
        self.copy_action.setText(label.replace("Copy", "&Copy", 1))
        self.copy_action.setToolTip(f"{label} for the selected papers (c)")
        self.format_changed.emit(label)

    def copy_cite(self) -> None:
        """Copy the selected papers' citation in the chosen format."""
        ids = self.selection.selected_ids()
        if not ids:
            return
        since = len(self.library.warnings)
        fmt = self.format
        try:
            text = self.library.bibtex.cite(ids, fmt)
        except ReadingListError as exc:
            self.status.show_error("Cannot copy the citation", str(exc))
            return
        self.status.show_new_warnings(self.library.warnings, since, "Citation keys replaced")
        QGuiApplication.clipboard().setText(text)
        shown = text if "\n" not in text else f"{len(ids)} lines"
        self.status.say(f"Copied {shown}", 4000)
        self.reading.show_current(reload_only=True)

    def use_format(self, fmt: CiteFormat) -> None:
        """Remember ``fmt`` for Copy Citation, and copy in it now."""
        self.settings.setValue(FORMAT_KEY, fmt)
        self._show_format(fmt)
        self.copy_cite()

    def cite_latex(self) -> None:
        self.use_format("latex")

    def cite_biblatex(self) -> None:
        self.use_format("biblatex")

    def cite_pandoc(self) -> None:
        self.use_format("pandoc")

    def cite_typst(self) -> None:
        self.use_format("typst")

    def cite_markdown(self) -> None:
        self.use_format("markdown")

    def cite_keys(self) -> None:
        self.use_format("keys")

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
