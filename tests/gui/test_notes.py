"""The note editor: debounced autosave, preview, no remote loading."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextCursor, QTextDocument
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
    for url in ("https://example.org/tracker.png", "file:///etc/passwd"):
        stand_in = document.loadResource(kind, QUrl(url))  # never nothing: Qt would load it
        assert isinstance(stand_in, QImage) and stand_in.size().width() == 16
    style = QTextDocument.ResourceType.StyleSheetResource.value
    assert document.loadResource(style, QUrl("https://example.org/x.css")) is None


# the preview never reads a local file ------------------------------------------------------


def _red_png(path: Path) -> bytes:
    """A real 64x64 red PNG at ``path``; returns its bytes."""
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 0, 0))
    assert image.save(str(path))  # the format from the suffix
    return path.read_bytes()


def _red_pixels(editor: NoteEditor) -> int:
    shot = editor.preview.viewport().grab().toImage()
    return sum(
        1
        for x in range(0, shot.width(), 4)
        for y in range(0, shot.height(), 4)
        if shot.pixelColor(x, y) == QColor(255, 0, 0)
    )


def _preview(qtbot: QtBot, text: str) -> NoteEditor:
    editor = NoteEditor(lambda *a: True)
    qtbot.addWidget(editor)
    editor.resize(400, 400)
    editor.show()
    editor.set_paper(1, text)
    editor.toggle.setChecked(True)
    qtbot.waitExposed(editor)
    return editor


def test_the_preview_shows_an_image_written_into_the_note(qtbot: QtBot, tmp_path: Path) -> None:
    """The control for the test below: an image given in the note itself (a data:
    URL) is drawn, and the red is found on screen."""
    data = base64.b64encode(_red_png(tmp_path / "red.png")).decode("ascii")
    editor = _preview(qtbot, f"![inline](data:image/png;base64,{data})")
    assert _red_pixels(editor) > 50


def test_the_preview_never_reads_a_local_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    red = tmp_path / "red.png"
    _red_png(red)
    (tmp_path / "share").mkdir()
    _red_png(tmp_path / "share" / "red.png")
    monkeypatch.chdir(tmp_path)  # where a relative path would be looked up
    for target in (
        str(red),  # an absolute path
        "red.png",  # a relative one
        red.as_uri(),  # file://
        f"//localhost{red}",  # a network path (//host/share)
        f"file://localhost{red}",
        "share/../red.png",
    ):
        editor = _preview(qtbot, f'# Note\n\n![x]({target})\n\n<img src="{target}">')
        assert "Note" in editor.preview.toPlainText()
        assert _red_pixels(editor) == 0, target
        document = editor.preview.document()
        kind = QTextDocument.ResourceType.ImageResource.value
        stand_in = document.loadResource(kind, QUrl(target))
        assert stand_in.pixelColor(0, 0) != QColor(255, 0, 0), target
