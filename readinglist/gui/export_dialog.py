"""The export dialog: which papers, which format, which file; and running it.

It opens on the papers the user is looking at: the list shown (the Starred
list exports the starred papers, a tag's list the tag, the Inbox and a
digest what they hold), or the search shown; a scope and file chosen from
the same list before are remembered (``QSettings``). Focus starts on the
chosen scope, every control has a mnemonic, and "Keep this file in sync"
turns the choice into an auto-export (File ▸ Auto-exports… manages those).
:func:`run_export` writes the file on a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.scope import ScopeKind
from readinglist.core.library import Library

BIB_FILTER = "BibTeX (*.bib);;All files (*)"
CSL_FILTER = "CSL-JSON (*.json);;All files (*)"
#: Remembered choices: the scope (and its value) for the list it was made on, the file.
LAST_KEYS = ("export/list", "export/scope", "export/value", "export/path", "export/biblatex")

#: The radio buttons, in order; "list" is the list shown when it is a query
#: (the Inbox, Read, a digest: otherwise it is starred, a tag or all).
SCOPES: tuple[str, ...] = ("ids", "list", "query", "starred", "tag", "all")


@dataclass(frozen=True)
class ExportChoice:
    kind: ScopeKind
    value: str | None
    ids: tuple[int, ...]
    biblatex: bool
    abstracts: bool
    notes: bool
    path: Path
    keep_in_sync: bool
    csl: bool = False


@dataclass(frozen=True)
class CurrentList:
    """What the window shows when the dialog opens."""

    key: str  # the sidebar's key of the list (remembered choices are per list)
    name: str
    scope: ExportScope | None  # core.bibtex.scope.list_scope of its filter
    count: int


class ExportDialog(QDialog):
    """Scope, format and file for an export."""

    def __init__(
        self,
        library: Library,
        *,
        selection: Sequence[int],
        query: str,
        tags: Sequence[str],
        current: CurrentList | None = None,
        settings: QSettings | None = None,
        start_dir: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.library = library
        self.selection = tuple(selection)
        self.query = query
        self.current = current
        self.settings = settings
        self.start_dir = start_dir
        self.list_scope = current.scope if current else None

        scope_box = QGroupBox("Papers", self)
        self.scope_group = QButtonGroup(self)
        scope_layout = QVBoxLayout(scope_box)
        self.scope_buttons: dict[str, QRadioButton] = {}
        n = len(self.selection)
        name = current.name if current else "this list"
        labels = {
            "ids": f"&Selected paper{'s' if n != 1 else ''} ({n})",
            "list": f"This &list: {name}" + (f" ({current.count})" if current else ""),
            "query": f"Current s&earch: “{query}”" if query else "Current s&earch",
            "starred": "Starre&d papers",
            "tag": "Papers &tagged",
            "all": "&All papers",
        }
        self.tag_combo = QComboBox(self)
        self.tag_combo.addItems(list(tags))
        self.tag_combo.setEnabled(bool(tags))
        self.tag_combo.setFocusPolicy(
            Qt.FocusPolicy.ClickFocus
        )  # arrows never change it by surprise
        for kind in SCOPES:
            button = QRadioButton(labels[kind], scope_box)
            button.setObjectName(f"scope_{kind}")
            self.scope_group.addButton(button)
            self.scope_buttons[kind] = button
            if kind == "tag":
                row = QHBoxLayout()
                row.addWidget(button)
                row.addWidget(self.tag_combo, 1)
                scope_layout.addLayout(row)
            else:
                scope_layout.addWidget(button)
        listed = self.list_scope is not None and self.list_scope.kind == "query"
        self.scope_buttons["ids"].setEnabled(n > 0)
        self.scope_buttons["list"].setVisible(listed)
        self.scope_buttons["tag"].setEnabled(bool(tags))
        self.scope_buttons["query"].setEnabled(bool(query))
        self.scope_buttons["tag"].toggled.connect(self.tag_combo.setEnabled)

        format_box = QGroupBox("Format", self)
        self.bibtex = QRadioButton("&BibTeX (natbib, classic .bst styles)", format_box)
        self.biblatex = QRadioButton("B&ibLaTeX (biber)", format_box)
        self.csl = QRadioButton("&CSL-JSON (pandoc, Quarto, Zotero)", format_box)
        self.csl.setObjectName("formatCsl")
        self.bibtex.setChecked(True)
        self.abstracts = QCheckBox("Include abst&racts", format_box)
        self.notes = QCheckBox("Include &notes", format_box)
        format_layout = QVBoxLayout(format_box)
        for w in (self.bibtex, self.biblatex, self.csl, self.abstracts, self.notes):
            format_layout.addWidget(w)
        format_layout.addStretch(1)

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setPlaceholderText("Choose a .bib file")
        self.path_edit.setMinimumWidth(260)
        file_label = QLabel("&File", self)
        file_label.setBuddy(self.path_edit)
        browse = QPushButton("Br&owse…", self)
        browse.clicked.connect(self._browse)
        self.sync = QCheckBox("&Keep this file in sync (auto-export after every change)", self)
        file_row = QHBoxLayout()
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "E&xport", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(scope_box, 3)
        top.addWidget(format_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(file_row)
        layout.addWidget(self.sync)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._choose_initial()

    # the scope it opens on ---------------------------------------------------------

    def _remembered(self, name: str) -> str:
        if self.settings is None:
            return ""
        value = self.settings.value(name, "")
        return str(value) if value is not None else ""

    def _choose_initial(self) -> None:
        """The scope chosen from this list last time, else the list (or search) shown."""
        kind, value = self._current_kind()
        if self.current and self._remembered("export/list") == self.current.key:
            kind = self._remembered("export/scope") or kind
            value = self._remembered("export/value") or value
        button = self.scope_buttons.get(kind)
        if button is None or not button.isEnabled() or button.isHidden():
            kind = next(k for k in ("all", "starred") if self.scope_buttons[k].isEnabled())
            button = self.scope_buttons[kind]
        button.setChecked(True)
        if kind == "tag" and value:
            self.tag_combo.setCurrentText(value)
        self.tag_combo.setEnabled(kind == "tag")
        self.path_edit.setText(self._remembered("export/path"))
        if self._remembered("export/biblatex") == "true":
            self.biblatex.setChecked(True)
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _current_kind(self) -> tuple[str, str | None]:
        if self.query:
            return "query", None
        scope = self.list_scope
        if scope is None:
            return "all", None
        if scope.kind == "query":
            return "list", scope.value
        return scope.kind, scope.value

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        checked = self.scope_group.checkedButton()
        if checked is not None:
            checked.setFocus(Qt.FocusReason.OtherFocusReason)

    # choosing ----------------------------------------------------------------------

    def _browse(self) -> None:
        csl = self.csl.isChecked()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text() or self.start_dir,
            CSL_FILTER if csl else BIB_FILTER,
        )  # fmt: skip
        if name:
            suffix = ".json" if csl else ".bib"
            if not name.endswith(suffix):
                name += suffix
            self.path_edit.setText(name)

    def choice(self) -> ExportChoice | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        chosen = next(k for k, b in self.scope_buttons.items() if b.isChecked())
        kind: ScopeKind
        value: str | None = None
        if chosen == "list":
            assert self.list_scope is not None
            kind, value = self.list_scope.kind, self.list_scope.value
        else:
            kind = chosen  # type: ignore[assignment]
            if kind == "tag":
                value = self.tag_combo.currentText()
            elif kind == "query":
                value = self.query
        return ExportChoice(
            kind=kind,
            value=value,
            ids=self.selection if kind == "ids" else (),
            biblatex=self.biblatex.isChecked(),
            abstracts=self.abstracts.isChecked(),
            notes=self.notes.isChecked(),
            path=Path(text).expanduser(),
            keep_in_sync=self.sync.isChecked(),
            csl=self.csl.isChecked(),
        )

    def _accept(self) -> None:
        if self.choice() is None:
            self.message.setText("Choose the file to write.")
            self.path_edit.setFocus()
            return
        self._remember()
        self.accept()

    def _remember(self) -> None:
        if self.settings is None:
            return
        chosen = next(k for k, b in self.scope_buttons.items() if b.isChecked())
        value = self.tag_combo.currentText() if chosen == "tag" else ""
        self.settings.setValue("export/list", self.current.key if self.current else "")
        self.settings.setValue("export/scope", chosen)
        self.settings.setValue("export/value", value)
        self.settings.setValue("export/path", self.path_edit.text().strip())
        self.settings.setValue("export/biblatex", "true" if self.biblatex.isChecked() else "false")


def run_export(library: Library, choice: ExportChoice) -> int:
    """Write the file (atomically, in the library) and add the link if asked; on a worker."""
    scope = ExportScope(choice.kind, choice.value, choice.ids)
    fmt = "csl-json" if choice.csl else "biblatex" if choice.biblatex else "bibtex"
    written = library.bibtex.export_to(
        choice.path, scope, abstracts=choice.abstracts, notes=choice.notes, format=fmt
    )
    if choice.keep_in_sync:
        library.bibtex.add_autoexport(choice.path, scope, format=fmt)
    return written
