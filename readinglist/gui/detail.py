"""The detail pane: everything about the current paper, and its editors.

Reading (title, authors, dates, arXiv link, digests, abstract with the search
terms highlighted) is one ``QTextBrowser`` so it wraps and scrolls like text;
editing (tags with completion, citation key, note) sits below it. All writes
leave through signals and the note's saver; the controllers run them as
undoable commands.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.bibtex.record import describe, from_columns
from readinglist.core.names import display_name
from readinglist.core.search.highlight import Highlights, Phrases, mark
from readinglist.core.tag_names import split_tags, tag_key
from readinglist.gui.notes import LocalDocument, NoteEditor, Saver
from readinglist.gui.read_marker import ReadMarker

if TYPE_CHECKING:  # the sqlmodel classes load when a paper is first shown
    from readinglist.core.models import Paper

MAX_AUTHORS = 12


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: object) -> str:
        chosen = super().pathFromIndex(index)  # type: ignore[arg-type]
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        done = [t.strip() for t in text.split(",")[:-1] if t.strip()]
        return ", ".join([*done, chosen]) + ", "


def highlight(text: str, terms: Collection[str], colour: str, phrases: Phrases = ()) -> str:
    """HTML-escaped ``text`` with every word the search matched marked in ``colour``.

    ``terms`` are index terms (``Library.match_terms``: stems such as
    ``studi``); the core highlighter analyses each word as the index does, so
    ``study`` and ``studies`` are both marked, exactly the words the search
    found. It marks with ``<b>``; every other ``<`` is escaped, so the tags
    can be swapped for the pane's background colour.
    """
    marked = mark(text, set(terms), phrases)
    return marked.replace("<b>", f'<span style="background-color:{colour}">').replace(
        "</b>", "</span>"
    )


def authors_line(paper: Paper) -> str:
    names = [display_name(n) for n in paper.authors]
    if not names:
        count = f"{paper.author_count} authors" if paper.author_count else ""
        return " · ".join(x for x in (paper.organisation or "", count) if x)
    if len(names) > MAX_AUTHORS:
        return ", ".join(names[: MAX_AUTHORS - 2]) + f" and {len(names) - (MAX_AUTHORS - 2)} more"
    return ", ".join(names)


def published_text(paper: Paper) -> str:
    day = paper.published
    if day is None:
        return ""
    if paper.published_precision == "year":
        return str(day.year)
    if paper.published_precision == "month":
        return f"{day:%B %Y}"
    return f"{day:%B} {day.day}, {day.year}"


#: The link in the pane that opens the paper's PDF (handled by the window, not a browser).
PDF_LINK = "readinglist:pdf"


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(text, address) of the ways out to the paper: its pages, its DOI, its PDF."""
    links: list[tuple[str, str]] = []
    if paper.arxiv_id:
        links.append((f"arXiv:{paper.arxiv_id}", f"https://arxiv.org/abs/{paper.arxiv_id}"))
        links.append(("Hugging Face", f"https://huggingface.co/papers/{paper.arxiv_id}"))
    elif paper.url:
        links.append(("link", paper.url))
    if paper.doi:
        links.append((f"doi:{paper.doi}", f"https://doi.org/{paper.doi}"))
    if paper.pdf_file:
        links.append(("PDF", PDF_LINK))
    return links


def paper_html(paper: Paper, digests: Sequence[date], marks: Highlights, palette: QPalette) -> str:
    dim = palette.color(QPalette.ColorRole.PlaceholderText).name()
    mark = palette.color(QPalette.ColorRole.Highlight)
    mark.setAlpha(90)
    mark_css = f"rgba({mark.red()},{mark.green()},{mark.blue()},0.35)"
    link = palette.color(QPalette.ColorRole.Link).name()
    title = highlight(paper.title, marks.terms_for("title"), mark_css, marks.phrases_for("title"))
    meta: list[str] = []
    if text := published_text(paper):
        meta.append(f"Published {html.escape(text)}")
    for text, address in paper_links(paper):
        meta.append(
            f'<a style="color:{link}" href="{html.escape(address)}">{html.escape(text)}</a>'
        )
    record = from_columns(paper.entry_type, paper.bib_fields)
    if record is not None:  # a .bib entry says more than the venue
        meta.append(html.escape(describe(record, paper.editors)))
    elif paper.venue:
        meta.append(html.escape(paper.venue))
    if paper.journal_ref and paper.journal_ref != paper.venue:
        meta.append(html.escape(paper.journal_ref))
    if paper.upvotes:
        meta.append(f"▲ {paper.upvotes}")
    days = ", ".join(f"{d:%b} {d.day}, {d.year}" for d in digests)
    abstract = (
        highlight(
            paper.abstract, marks.terms_for("abstract"), mark_css, marks.phrases_for("abstract")
        )
        if paper.abstract
        else "<i>No abstract.</i>"
    )
    parts = [
        f'<h2 style="margin:0 0 6px 0; font-weight:600">{title}</h2>',
        f'<p style="margin:0 0 4px 0">{html.escape(authors_line(paper))}</p>'
        if authors_line(paper)
        else "",
        f'<p style="margin:0 0 4px 0; color:{dim}">{" · ".join(meta)}</p>' if meta else "",
        f'<p style="margin:0 0 12px 0; color:{dim}">In digests: {html.escape(days)}</p>'
        if days
        else "",
        f'<p style="line-height:140%">{abstract}</p>',
    ]
    return "\n".join(p for p in parts if p)


class DetailPane(QWidget):
    """Shows one paper (or a hint when none is selected)."""

    tags_edited = Signal(int, list)  # paper id, new tag list
    copy_cite_requested = Signal()
    copy_bibtex_requested = Signal()
    pdf_requested = Signal()  # the pane's PDF link

    def __init__(self, saver: Saver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.paper: Paper | None = None
        self.marks = Highlights()  # what the search marks (phrases as phrases)
        self._painted: tuple[Paper, Highlights] | None = None  # what the info shows

        self.info = QTextBrowser(self)
        self.info.setObjectName("paperInfo")
        self.info.setDocument(LocalDocument(self.info))
        self.info.setOpenLinks(False)
        self.info.anchorClicked.connect(self._open_link)
        self.info.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.info.document().setDocumentMargin(14)
        font = QFont(self.info.font())
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.info.setFont(font)

        self.tags_edit = QLineEdit(self)
        self.tags_edit.setObjectName("tagsEditor")
        self.tags_edit.setPlaceholderText("Add tags, separated by commas")
        self.tags_edit.setToolTip("Tags (Enter saves; t focuses this field)")
        self._tag_names = QStringListModel(self)
        self._shown_tags: list[str] = []  # the paper's tags as last shown, to spot edits
        completer = TagCompleter(self._tag_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tags_edit.setCompleter(completer)
        self.tags_edit.editingFinished.connect(self._commit_tags)

        self.key_label = QLabel(self)
        self.key_label.setObjectName("citationKey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cite_button = QPushButton("\\cite{…}", self)
        self.cite_button.setObjectName("copyCitation")
        self.cite_button.setToolTip("Copy the citation (c); Paper › Citation Format chooses how")
        self.cite_button.clicked.connect(self.copy_cite_requested)
        self.bibtex_button = QPushButton("BibTeX", self)
        self.bibtex_button.setToolTip("Copy the BibTeX entry (Ctrl+Shift+C)")
        self.bibtex_button.clicked.connect(self.copy_bibtex_requested)

        self.note = NoteEditor(saver, self)
        self.read_marker = ReadMarker(self)

        edit_box = QWidget(self)
        form = QVBoxLayout(edit_box)
        form.setContentsMargins(14, 8, 14, 10)
        form.setSpacing(8)
        self.read_marker.set_margins(0)
        form.addWidget(self.read_marker)
        tags_row = QHBoxLayout()
        tags_label = QLabel("Tags", edit_box)
        tags_label.setMinimumWidth(44)
        tags_label.setBuddy(self.tags_edit)
        tags_row.addWidget(tags_label)
        tags_row.addWidget(self.tags_edit, 1)
        cite_row = QHBoxLayout()
        key_title = QLabel("Key", edit_box)
        key_title.setMinimumWidth(44)
        cite_row.addWidget(key_title)
        self.key_label.setMinimumWidth(self.key_label.fontMetrics().horizontalAdvance("m" * 12))
        cite_row.addWidget(self.key_label, 1)
        cite_row.addWidget(self.cite_button)
        cite_row.addWidget(self.bibtex_button)
        form.addLayout(tags_row)
        form.addLayout(cite_row)
        form.addWidget(self.note, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("detailSplitter")
        self.splitter.addWidget(self.info)
        self.splitter.addWidget(edit_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.empty = QLabel("Select a paper to see its abstract, tags and note.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # showing -----------------------------------------------------------------

    def show_paper(
        self, paper: Paper | None, digests: Sequence[date] = (), tags: Sequence[str] = ()
    ) -> None:
        """Show ``paper`` (saving the previous note first) or the empty hint."""
        switching = paper is None or self.paper is None or paper.id != self.paper.id
        if switching:
            self._commit_tags()
        self.paper = paper
        if paper is None:
            self.note.set_paper(None, "")
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.splitter)
        self._digests = list(digests)
        self.refresh_info()
        if switching or not self.tags_edit.hasFocus():
            self.tags_edit.setText(", ".join(tags))
        self._shown_tags = list(tags)
        self.key_label.setText(paper.citation_key or "none yet")
        self.key_label.setToolTip(
            ""
            if paper.citation_key
            else "A key is assigned when the paper is first cited or exported, and never changes."
        )
        self.key_label.setEnabled(bool(paper.citation_key))
        if switching:
            assert paper.id is not None
            self.note.set_paper(paper.id, paper.note)
        else:
            self.note.reload_text(paper.note)

    def set_editable(self, editable: bool) -> None:
        """Papers in the bin are shown, not changed: restore one to edit it."""
        self.tags_edit.setReadOnly(not editable)
        self.note.editor.setReadOnly(not editable)
        self.cite_button.setEnabled(editable)
        self.bibtex_button.setEnabled(editable)

    def set_cite_label(self, label: str) -> None:
        """The copy button says what it copies (``[@…]`` for ``Copy [@…]``): short,
        so the key beside it stays readable in a narrow pane; the tooltip says it all."""
        self.cite_button.setText(label.removeprefix("Copy "))
        self.cite_button.setToolTip(f"{label} (c); Paper › Citation Format chooses how")

    def refresh_info(self) -> None:
        if self.paper is None:
            return
        bar = self.info.verticalScrollBar()
        keep = bar.value()
        self.info.setHtml(paper_html(self.paper, self._digests, self.marks, self.palette()))
        bar.setValue(keep)
        self._painted = (self.paper, self.marks)

    def save_edits(self) -> None:
        """Store the note and tags being edited now (before an undo or a removal)."""
        self._commit_tags()
        self.note.flush()

    def set_terms(self, terms: Sequence[str]) -> None:
        """Mark these index terms wherever they stand (no phrases)."""
        self.set_highlights(Highlights({None: frozenset(terms)}))

    def set_highlights(self, marks: Highlights, *, show: bool = True) -> None:
        """Mark what the search matched; ``show=False`` only keeps them for the
        paper shown next (a search's results move to another paper: the info,
        about 15 ms of HTML, is then laid out once, not twice)."""
        self.marks = marks
        painted = self._painted
        if show and (painted is None or painted[0] is not self.paper or painted[1] is not marks):
            self.refresh_info()

    def set_tag_names(self, names: Sequence[str]) -> None:
        self._tag_names.setStringList(list(names))

    def _commit_tags(self) -> None:
        if self.paper is None or self.paper.id is None:
            return
        wanted = split_tags(self.tags_edit.text())
        if {tag_key(t) for t in wanted} != {tag_key(t) for t in self._shown_tags}:
            self._shown_tags = wanted
            self.tags_edited.emit(self.paper.id, wanted)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh_info()

    def _open_link(self, url: QUrl) -> None:
        if url.toString() == PDF_LINK:
            self.pdf_requested.emit()
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
