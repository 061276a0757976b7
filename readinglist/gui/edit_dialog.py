"""Correcting a paper's details by hand (title, authors, year, arXiv id, venue, URL).

Only fields the user actually changed are handed to ``Library.edit``, which
records them as user-edited so later imports leave them alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

if TYPE_CHECKING:  # the sqlmodel classes load when a paper is first shown
    from readinglist.core.models import Paper


class EditDialog(QDialog):
    def __init__(self, paper: Paper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editDialog")
        self.setWindowTitle("Edit Details")
        self.paper = paper
        self.title = QLineEdit(paper.title, self)
        self.authors = QPlainTextEdit("\n".join(paper.authors), self)
        self.authors.setPlaceholderText("One author per line")
        self.authors.setTabChangesFocus(True)
        self.year = QSpinBox(self)
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("unknown")
        self.year.setValue(paper.published.year if paper.published else 0)
        self.arxiv = QLineEdit(paper.arxiv_id or "", self)
        self.arxiv.setPlaceholderText("e.g. 2406.01234")
        self.venue = QLineEdit(paper.venue or "", self)
        self.url = QLineEdit(paper.url or "", self)
        self.primary_class = QLineEdit(paper.primary_class or "", self)
        self.primary_class.setPlaceholderText("e.g. cs.CL")
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Authors", self.authors)
        form.addRow("Year", self.year)
        form.addRow("arXiv id", self.arxiv)
        form.addRow("Venue", self.venue)
        form.addRow("URL", self.url)
        form.addRow("arXiv category", self.primary_class)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 420)

    def changes(self) -> dict[str, Any]:
        """The edited fields only, in ``Library.edit``'s terms."""
        p = self.paper
        out: dict[str, Any] = {}
        if (title := self.title.text().strip()) != p.title:
            out["title"] = title
        authors = [a.strip() for a in self.authors.toPlainText().splitlines() if a.strip()]
        if authors != list(p.authors):
            out["authors"] = authors
        year = self.year.value() or None
        if year != (p.published.year if p.published else None) and year is not None:
            out["year"] = year
        fields = (
            ("arxiv_id", self.arxiv),
            ("venue", self.venue),
            ("url", self.url),
            ("primary_class", self.primary_class),
        )
        for name, widget in fields:
            value = widget.text().strip() or None
            if value != getattr(p, name):
                out[name] = value
        return out

    def before(self) -> dict[str, Any]:
        """The paper's values for every editable field, as ``Library.edit`` takes them (undo)."""
        p = self.paper
        return {
            "title": p.title,
            "authors": list(p.authors),
            "year": p.published.year if p.published else None,
            "arxiv_id": p.arxiv_id,
            "venue": p.venue,
            "url": p.url,
            "primary_class": p.primary_class,
        }
