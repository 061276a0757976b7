"""File ▸ Auto-exports…: the .bib files kept in sync, added and removed on their own.

Each linked file shows its scope, format and last error; "Add…" links a new
file (scope, format, file) and writes it at once; "Remove" stops keeping one
in sync (the file itself stays). The export dialog can also link the file it
writes ("Keep this file in sync"); both go through ``library.bibtex``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import ReadingListError
from readinglist.core.library import Library
from readinglist.gui.export_dialog import BIB_FILTER

#: How a link's format is shown in the list.
FORMAT_NAMES = {"bibtex": "BibTeX", "biblatex": "BibLaTeX", "csl-json": "CSL-JSON"}


class AddLinkDialog(QDialog):
    """What a new auto-exported file follows, in which format, where."""

    def __init__(self, tags: Sequence[str], start_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addAutoexport")
        self.setWindowTitle("Keep a .bib File in Sync")
        self.start_dir = start_dir
        self.scope = QComboBox(self)
        self.scope.addItem("Starred papers", "starred")
        for tag in tags:
            self.scope.addItem(f"Papers tagged {tag}", f"tag:{tag}")
        self.scope.addItem("Papers a search finds…", "query")
        self.scope.addItem("All papers", "all")
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("a search, e.g. tag:thesis is:starred")
        self.query.setEnabled(False)
        self.scope.currentIndexChanged.connect(
            lambda _i: self.query.setEnabled(self.scope.currentData() == "query")
        )
        self.format = QComboBox(self)
        self.format.addItem("BibTeX", False)
        self.format.addItem("BibLaTeX (biber)", True)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("~/thesis/refs.bib")
        browse = QPushButton("Br&owse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Papers", self.scope)
        form.addRow("&Search", self.query)
        form.addRow("&Format", self.format)
        form.addRow("&File", row)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Keep in sync", self.path.text() or self.start_dir, BIB_FILTER
        )
        if name:
            self.path.setText(name if name.endswith(".bib") else name + ".bib")

    def link(self) -> tuple[Path, ExportScope, bool] | None:
        """The file, its scope and whether it is BibLaTeX (``None``: not complete)."""
        text = self.path.text().strip()
        data = str(self.scope.currentData())
        if not text:
            return None
        try:
            if data.startswith("tag:"):
                scope = ExportScope("tag", data[4:])
            elif data == "query":
                scope = ExportScope("query", self.query.text().strip())
            else:
                scope = ExportScope(data)  # type: ignore[arg-type]
        except ReadingListError:
            return None
        return Path(text).expanduser(), scope, bool(self.format.currentData())

    def _accept(self) -> None:
        if self.link() is None:
            self.message.setText("Choose the file, and the search when the papers are a search's.")
            return
        self.accept()


class AutoExportsDialog(QDialog):
    """The linked files, with Add… and Remove."""

    def __init__(
        self,
        library: Library,
        tags: Sequence[str],
        start_dir: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("autoexportsDialog")
        self.setWindowTitle("Auto-exports")
        self.library = library
        self.tags = list(tags)
        self.start_dir = start_dir
        intro = QLabel(
            "These .bib files are rewritten after every change to their papers, "
            "only when their content changes.",
            self,
        )
        intro.setWordWrap(True)
        self.links = QListWidget(self)
        self.links.setObjectName("autoexportLinks")
        self.add_button = QPushButton("&Add…", self)
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.clicked.connect(self.remove)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.links, 1)
        row.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(620, 320)
        self.add_window: AddLinkDialog | None = None
        self.reload()

    def reload(self) -> None:
        self.links.clear()
        try:
            links = self.library.bibtex.autoexports()
        except ReadingListError as exc:
            links = []
            self.message.setText(str(exc))
        for link in links:
            fmt = FORMAT_NAMES.get(link.format, link.format)
            label = f"{link.path}  —  {link.scope.describe()}, {fmt}"
            if link.error:
                label += f"  (last update failed: {link.error})"
            item = QListWidgetItem(label, self.links)
            item.setData(Qt.ItemDataRole.UserRole, str(link.path))
            item.setToolTip(label)
        if not links:
            QListWidgetItem("No file is kept in sync yet.", self.links).setFlags(
                Qt.ItemFlag.NoItemFlags
            )
        else:
            self.links.setCurrentRow(0)
        self.remove_button.setEnabled(bool(links))

    def add(self) -> AddLinkDialog:
        dialog = AddLinkDialog(self.tags, self.start_dir, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()
        self.add_window = dialog
        return dialog

    def _added(self, dialog: AddLinkDialog) -> None:
        link = dialog.link()
        if link is None:
            return
        path, scope, biblatex = link
        try:
            written = self.library.bibtex.add_autoexport(path, scope, biblatex=biblatex)
        except ReadingListError as exc:
            self.message.setText(str(exc))
        else:
            self.message.setText(f"Wrote {written} entries to {path}; it is kept in sync.")
        self.reload()

    def remove(self) -> None:
        item = self.links.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        try:
            self.library.bibtex.remove_autoexport(path)
        except ReadingListError as exc:
            self.message.setText(str(exc))
        else:
            self.message.setText(f"{path} is no longer kept in sync (the file stays).")
        self.reload()
