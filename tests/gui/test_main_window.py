"""The real main window, driven like a user: drop digests, triage by keyboard, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.gui.main_window import MainWindow
from tests.conftest import TODAY
from tests.gui.conftest import WindowFactory


def drop(window: MainWindow, mime: QMimeData, over: QWidget | None = None) -> None:
    """Drag ``mime`` over the window and drop it, as the windowing system would.

    Both events go to the window's QWindow, which routes them to the widget
    under the point (Qt delivers a drop only to the widget that accepted the
    drag-enter).
    """
    handle = window.windowHandle()
    point = QPointF(window.width() / 2, window.height() / 2)
    if over is not None:
        point = QPointF(over.mapTo(window, over.rect().center()))
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(point.toPoint(), *args)
    QApplication.sendEvent(handle, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(handle, QDropEvent(point, *args))


def drop_files(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> object:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    with qtbot.waitSignal(window.import_export.import_finished, timeout=20000) as blocker:
        drop(window, mime)
    return blocker.args[0] if blocker.args else None


def key(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.view.setFocus()
    QTest.keyClicks(window.view, text)


def current(window: MainWindow, library: Library) -> tuple[int, bool, bool]:
    paper_id = window.selection.current_id()
    assert paper_id is not None
    paper = library.paper(paper_id)
    return paper_id, paper.read, paper.starred


def test_drop_samples_then_triage_with_the_keyboard(
    qtbot: QtBot, make_window: WindowFactory, library: Library, sample_paths: list[Path]
) -> None:
    window = make_window(library)
    assert window.pages.currentWidget() is window.welcome

    outcome = drop_files(qtbot, window, sample_paths)
    assert library.stats().papers == 230
    assert "papers" in outcome.summary()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.splitter)
    window.lists.show_all()
    assert window.model.rowCount() == 230

    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Home)
    assert window.view.currentIndex().row() == 0
    key(qtbot, window, "j")
    assert window.view.currentIndex().row() == 1
    first, _, _ = current(window, library)
    key(qtbot, window, "j")
    second, _, _ = current(window, library)
    assert second != first

    key(qtbot, window, "s")
    assert library.paper(second).starred
    key(qtbot, window, "r")
    assert library.paper(second).read
    key(qtbot, window, "r")
    assert not library.paper(second).read
    key(qtbot, window, "r")
    assert library.paper(second).read

    # undo walks back: read, unread, read, star
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not library.paper(second).read
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.paper(second).read
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not library.paper(second).read
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not library.paper(second).starred
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.view, Qt.Key.Key_Z, redo)
    assert library.paper(second).starred

    # k goes back up
    key(qtbot, window, "k")
    assert window.selection.current_id() == first


def test_note_and_tags_from_the_keyboard_without_triggering_shortcuts(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    key(qtbot, window, "j")
    paper_id = window.selection.current_id()
    assert paper_id is not None

    key(qtbot, window, "n")
    editor = window.detail.note.editor
    assert editor.hasFocus()
    QTest.keyClicks(editor, "skim sections 3 and 4")  # s and r must type, not star/read
    assert editor.toPlainText() == "skim sections 3 and 4"
    assert not loaded.paper(paper_id).starred
    assert window.detail.note.status.text() == "Unsaved"
    with qtbot.waitSignal(window.detail.note.state_changed, timeout=5000):
        pass  # the autosave after typing stops
    assert window.detail.note.status.text() == "Saved"
    assert loaded.paper(paper_id).note == "skim sections 3 and 4"

    window.view.setFocus()
    key(qtbot, window, "t")
    tags = window.detail.tags_edit
    assert tags.hasFocus()
    QTest.keyClicks(tags, "survey, robotics")
    QTest.keyClick(tags, Qt.Key.Key_Return)
    assert loaded.tags.of(paper_id) == ["robotics", "survey"]
    assert not loaded.paper(paper_id).starred  # the s in "survey" typed, nothing else

    # undo the tags, then the note
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert loaded.tags.of(paper_id) == []
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert loaded.paper(paper_id).note == ""
    assert window.detail.note.text() == ""


def test_delete_removes_and_undo_restores(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    key(qtbot, window, "j")
    paper_id = window.selection.current_id()
    assert paper_id is not None
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert loaded.count() == 229
    assert window.model.rowCount() == 229
    assert paper_id not in window.model.ids()
    assert window.selection.current_id() is not None  # the cursor moved on, ready for the next key
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert loaded.count() == 230
    assert paper_id in window.model.ids()


def test_note_typed_then_window_closed_before_autosave_is_kept(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, sample_paths: list[Path]
) -> None:
    root = tmp_path / "lib"
    library = open_library(root, today=lambda: TODAY)
    library.import_file(sample_paths[0])
    window = make_window(library)
    window.lists.show_all()
    key(qtbot, window, "j")
    paper_id = window.selection.current_id()
    assert paper_id is not None
    window.reading.focus_note()
    QTest.keyClicks(window.detail.note.editor, "read this before Friday")
    assert window.detail.note.timer.isActive()  # the autosave has not run yet
    window.close()
    library.close()

    with open_library(root, today=lambda: TODAY) as reopened:
        assert reopened.paper(paper_id).note == "read this before Friday"


def test_mark_read_after_the_configured_delay(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.settings.setValue("triage/mark_read_after_ms", 50)
    window.lists.show_all()
    key(qtbot, window, "j")
    paper_id = window.selection.current_id()
    assert paper_id is not None
    qtbot.waitUntil(lambda: loaded.paper(paper_id).read, timeout=5000)


def test_never_mark_read(qtbot: QtBot, make_window: WindowFactory, loaded: Library) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    key(qtbot, window, "j")
    assert not window.reading.read_timer.isActive()


def test_bad_file_shows_the_error_and_changes_nothing(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 not a digest \xff\xfe")
    before = loaded.stats()
    window = make_window(loaded)
    with qtbot.waitSignal(window.status.error_shown, timeout=20000) as blocker:
        drop_files(qtbot, window, [bad])
    title, message = blocker.args
    assert "broken.txt" in message
    assert "import" in title.lower()
    assert loaded.stats() == before


def test_dropped_text_is_imported(
    qtbot: QtBot, make_window: WindowFactory, library: Library, sample_paths: list[Path]
) -> None:
    window = make_window(library)
    mime = QMimeData()
    mime.setText(sample_paths[0].read_text(encoding="utf-8"))
    with qtbot.waitSignal(window.import_export.import_finished, timeout=20000):
        drop(window, mime)
    assert library.stats().papers > 0


def test_paste_digest_from_the_clipboard(
    qtbot: QtBot, make_window: WindowFactory, library: Library, sample_paths: list[Path]
) -> None:
    window = make_window(library)
    QGuiApplication.clipboard().setText(sample_paths[1].read_text(encoding="utf-8"))
    window.view.setFocus()
    with qtbot.waitSignal(window.import_export.import_finished, timeout=20000):
        QTest.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert library.stats().papers > 0


def test_welcome_loads_the_samples(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    window = make_window(library)
    assert window.pages.currentWidget() is window.welcome
    with qtbot.waitSignal(window.import_export.import_finished, timeout=20000):
        QTest.mouseClick(window.welcome.samples_button, Qt.MouseButton.LeftButton)
    assert library.stats().papers == 230
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.splitter)
    assert window.model.rowCount() > 0


def test_shortcut_sheet_lists_every_bound_action(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    from readinglist.gui.actions import ACTIONS

    window = make_window(loaded)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_F1)
    sheet = window.app_dialogs.shortcut_sheet
    assert sheet is not None
    assert sheet.isVisible()
    texts = []
    for i in range(sheet.tree.topLevelItemCount()):
        group = sheet.tree.topLevelItem(i)
        assert group is not None
        for j in range(group.childCount()):
            child = group.child(j)
            assert child is not None
            texts.append(child.text(1))
    bound = [a for a in ACTIONS if a.shortcuts]
    assert len([t for t in texts if t]) == len(bound)
    sheet.close()
    QTest.keyClicks(window.view, "?")
    again = window.app_dialogs.shortcut_sheet
    assert again is not None
    assert again is not sheet and again.isVisible()
    again.close()


def test_settings_persist_view_and_columns(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.lists.show_starred()
    window.view.setColumnWidth(2, 140)
    window.close()
    again = make_window(loaded)
    assert again.sidebar.current_key() == "view:starred"
    assert again.view.columnWidth(2) == 140


def test_edit_details_and_undo(qtbot: QtBot, make_window: WindowFactory, loaded: Library) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    key(qtbot, window, "j")
    paper_id = window.selection.current_id()
    assert paper_id is not None
    old = loaded.paper(paper_id)
    QTest.keyClick(window.view, Qt.Key.Key_F2)
    dialog = window.triage.edit_window
    assert dialog is not None
    dialog.title.setText("A Corrected Title")
    dialog.authors.setPlainText("Ada Lovelace\nAlan Turing")
    dialog.arxiv.setText("2401.00001")
    dialog.accept()
    paper = loaded.paper(paper_id)
    assert paper.title == "A Corrected Title"
    assert paper.authors == ["Ada Lovelace", "Alan Turing"]
    assert paper.arxiv_id == "2401.00001"
    assert "arXiv:2401.00001" in window.detail.info.toPlainText()
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    paper = loaded.paper(paper_id)
    assert (paper.title, paper.authors, paper.arxiv_id) == (old.title, old.authors, old.arxiv_id)


def test_files_dropped_on_the_note_are_imported_not_pasted(
    qtbot: QtBot,
    make_window: WindowFactory,
    loaded: Library,
    sample_paths: list[Path],
    tmp_path: Path,
) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    key(qtbot, window, "j")
    extra = tmp_path / "extra.txt"
    extra.write_bytes(sample_paths[0].read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(extra))])
    with qtbot.waitSignal(window.import_export.import_finished, timeout=20000):
        drop(window, mime, over=window.detail.note.editor.viewport())
    assert window.detail.note.text() == ""


def test_the_first_rows_come_first_then_the_paper_they_open_on(
    qtbot: QtBot, settings: QSettings, loaded: Library
) -> None:
    """The pane loads the whole-paper models (a fifth of a start's imports): a paper
    chosen before the rows were painted is shown right after they are."""
    window = MainWindow(loaded, settings)
    qtbot.addWidget(window)

    def shown() -> int | None:
        paper = window.detail.paper
        return None if paper is None else paper.id

    assert window.selection.current_id() is not None  # opened on a paper
    assert shown() is None  # not shown before any rows are
    with qtbot.waitSignal(window.first_rows_painted, timeout=10000):
        window.show()
    qtbot.waitUntil(lambda: shown() is not None)
    assert shown() == window.selection.current_id()
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Down)  # later moves show at once
    assert shown() == window.selection.current_id()
