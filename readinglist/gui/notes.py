"""The note editor: Markdown text, a rendered preview, and autosave.

Nothing typed is ever lost: the note is saved shortly after typing stops
(debounced), when another paper is opened, and when the window closes. The
preview uses Qt's own Markdown renderer on a document that loads nothing at
all, neither from the network nor from files (a note is private; rendering
it must not touch the network, and a note imported or synced from elsewhere
must not make the app read ``/home/…`` or ``//host/share``): only images
written into the note itself, as ``data:`` URLs, are shown.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

AUTOSAVE_MS = 800
Saver = Callable[[int, str, str], bool]  # (paper id, old text, new text) -> saved


class LocalDocument(QTextDocument):
    """A document that only shows what the note itself holds: no network, no files.

    Every resource goes through here. Qt's own loading (this class's base, then
    the ``QTextBrowser`` it sits in) reads absolute and relative paths,
    ``file:`` and network paths from the disk, so it is never called: a
    ``data:`` image is decoded here. Any other image is answered with a small
    grey square, never with nothing: given nothing, Qt's image handler loads
    the file itself (``QImage::load`` on the name), which is what showed
    ``![x](/abs/path.png)``.
    """

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return None  # style sheets and the like: nothing to load in a note
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() == "data":
            data = _data_url_bytes(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
            image = QImage.fromData(data) if data is not None else QImage()
            if not image.isNull():
                return image
        return _not_shown()


def _not_shown() -> QImage:
    """What stands for an image the preview does not load: a small grey square."""
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(QColor(158, 158, 158, 160))
    return image


#: A larger inline image is not drawn (a note is text; this is many screenfuls).
_MAX_INLINE_IMAGE = 8 * 1024 * 1024


def _data_url_bytes(text: str) -> bytes | None:
    """The bytes of ``data:[type][;base64],payload``, or None if it is not one."""
    header, comma, payload = text.partition(",")
    if not comma or not header.startswith("data:") or len(payload) > _MAX_INLINE_IMAGE:
        return None
    if header.endswith(";base64"):
        try:
            return base64.b64decode(unquote(payload), validate=False)
        except (binascii.Error, ValueError):
            return None
    return unquote_to_bytes(payload)


class NoteEditor(QWidget):
    """Edit one paper's note; :attr:`saver` writes it through the library."""

    state_changed = Signal(str)  # "Saved", "Unsaved", "Not saved: …"

    def __init__(self, saver: Saver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saver = saver
        self.paper_id: int | None = None
        self._saved_text = ""
        self._loading = False
        self._unsaved: dict[int, tuple[str, str]] = {}  # paper id -> (stored, typed)

        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText("Your note (Markdown). Saved automatically.")
        self.editor.setTabChangesFocus(True)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("notePreview")
        self.preview.setDocument(LocalDocument(self.preview))
        self.preview.setOpenLinks(False)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.preview)

        self.title = QLabel("Note", self)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.status = QLabel("", self)
        self.status.setObjectName("noteStatus")
        self.status.setEnabled(False)
        self.toggle = QToolButton(self)
        self.toggle.setText("Preview")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip("Show the note rendered as Markdown (Ctrl+Shift+P)")
        self.toggle.setShortcut("Ctrl+Shift+P")
        self.toggle.toggled.connect(self._show_preview)

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.status)
        head.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self._autosave)
        self.editor.textChanged.connect(self._typed)
        self.set_paper(None, "")

    # state -------------------------------------------------------------------

    def set_paper(self, paper_id: int | None, text: str, *, save: bool = True) -> None:
        """Show another paper's note, saving the current one first (unless told not to)."""
        if save and not self.flush() and self.paper_id is not None:
            # Keep what could not be saved; it comes back when this paper is shown again.
            self._unsaved[self.paper_id] = (self._saved_text, self.editor.toPlainText())
        self.paper_id = paper_id
        self._saved_text = text
        shown = text
        if paper_id is not None and paper_id in self._unsaved:
            self._saved_text, shown = self._unsaved.pop(paper_id)
        self._loading = True
        self.editor.setPlainText(shown)
        self._loading = False
        self.editor.setEnabled(paper_id is not None)
        self.toggle.setEnabled(paper_id is not None)
        if self.toggle.isChecked():
            self._render()
        if self.dirty:
            self._set_state("Unsaved")
            self.timer.start()
        else:
            self._set_state("Saved" if paper_id is not None and text else "")

    def reload_text(self, text: str) -> None:
        """The stored note changed elsewhere (undo): show it unless the user is mid-edit."""
        if self.dirty:
            return
        self.set_paper(self.paper_id, text)

    @property
    def dirty(self) -> bool:
        return self.paper_id is not None and self.editor.toPlainText() != self._saved_text

    def text(self) -> str:
        return self.editor.toPlainText()

    def _typed(self) -> None:
        if self._loading:
            return
        if self.dirty:
            self._set_state("Unsaved")
            self.timer.start()
        else:
            self.timer.stop()
            self._set_state("Saved")

    def _autosave(self) -> None:
        # A slot must return None: PySide mishandles a bool returned to a C++ signal.
        self.flush()

    def flush(self) -> bool:
        """Save now if anything is unsaved; returns whether the note is stored."""
        self.timer.stop()
        if not self.dirty or self.paper_id is None:
            return True
        new = self.editor.toPlainText()
        if self.saver(self.paper_id, self._saved_text, new):
            self._saved_text = new
            self._set_state("Saved")
            return True
        self._set_state("Not saved")
        return False

    def _set_state(self, text: str) -> None:
        self.status.setText(text)
        self.status.setToolTip(
            {
                "Saved": "The note is stored in the library.",
                "Unsaved": "Saving shortly after you stop typing…",
                "Not saved": "The note could not be saved; it stays here until it can.",
            }.get(text, "")
        )
        self.state_changed.emit(text)

    # preview -----------------------------------------------------------------

    def _show_preview(self, on: bool) -> None:
        if on:
            self._render()
            self.stack.setCurrentWidget(self.preview)
            self.toggle.setText("Edit")
        else:
            self.stack.setCurrentWidget(self.editor)
            self.toggle.setText("Preview")

    def _render(self) -> None:
        document = self.preview.document()
        text = self.editor.toPlainText().strip()
        document.setMarkdown(
            text or "*No note yet.*", QTextDocument.MarkdownFeature.MarkdownDialectGitHub
        )

    def focus_editor(self) -> None:
        if self.toggle.isChecked():
            self.toggle.setChecked(False)
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
