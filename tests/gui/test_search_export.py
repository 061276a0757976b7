"""Search while typing and the export dialog, driven through the real window.

Searching, the export dialog, citation commands, checked against the library.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.gui.controllers.search import FIRST_HITS
from tests.gui.conftest import WindowFactory

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def test_every_action_is_enabled_on_a_paper(make_window: WindowFactory, loaded: Library) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    assert window.selection.current_id() is not None
    disabled = [i for i, a in window.actions_by_id.items() if not a.isEnabled()]
    assert disabled == ["undo", "redo", "restore"]  # nothing done yet; restore: in the bin


def test_search_while_typing_then_escape(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    total = window.model.rowCount()
    window.view.setFocus()
    QTest.keyClicks(window.view, "/")
    assert window.search_bar.hasFocus()
    with qtbot.waitSignal(window.search.search_finished, timeout=10000) as blocker:
        QTest.keyClicks(window.search_bar, "diffusion")
    assert blocker.args == ["diffusion"]
    results = loaded.search("diffusion", limit=500)
    expected = [h.paper_id for h in results.hits]
    assert expected and window.model.ids() == expected
    assert window.detail.marks.all_terms()  # the abstract highlights the query's words
    with qtbot.waitSignal(window.search.search_finished, timeout=10000):
        QTest.keyClick(window.search_bar, Qt.Key.Key_Escape)
    assert window.model.rowCount() == total
    assert window.search_bar.text() == ""


def test_export_starred_to_a_file(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, tmp_path: Path
) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    window.view.setFocus()
    QTest.keyClicks(window.view, "j")
    QTest.keyClicks(window.view, "s")
    starred = window.selection.current_id()
    QTest.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_export.export_window
    assert dialog is not None
    assert dialog.isVisible()
    target = tmp_path / "refs.bib"
    dialog.scope_buttons["starred"].setChecked(True)
    dialog.biblatex.setChecked(True)
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(window.import_export.export_finished, timeout=20000) as blocker:
        dialog.export_button.click()
    assert blocker.args == [1]
    text = target.read_text(encoding="utf-8")
    assert text.count("@") == 1
    key = loaded.paper(starred or 0).citation_key
    assert key and key in text


def test_c_copies_the_cite_command(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    from PySide6.QtGui import QGuiApplication

    window = make_window(loaded)
    window.lists.show_all()
    window.view.setFocus()
    QTest.keyClicks(window.view, "j")
    QTest.keyClicks(window.view, "c")
    key = loaded.paper(window.selection.current_id() or 0).citation_key
    assert key and QGuiApplication.clipboard().text() == f"\\cite{{{key}}}"
    assert window.detail.key_label.text() == key


def test_remove_a_hit_then_keep_triaging(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.search_bar.setText("diffusion")
    with qtbot.waitSignal(window.search.search_finished, timeout=10000):
        window.search_bar.flush()
    hits = window.model.ids()
    assert len(hits) >= 2
    window.view.setFocus()
    with qtbot.waitSignal(window.search.search_finished, timeout=10000):
        QTest.keyClick(window.view, Qt.Key.Key_Delete)  # the search runs again
    assert hits[0] not in window.model.ids()
    current = window.selection.current_id()
    assert current is not None and current != hits[0]
    QTest.keyClicks(window.view, "s")
    assert loaded.paper(current).starred
    assert window.status.errors == []


def test_a_long_search_shows_its_first_page_and_the_rest_as_the_list_is_scrolled(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    """Hits beyond the first page are found when the list reaches its end
    (Qt's fetchMore), in the ranking's order, and the cursor stays put."""
    window = make_window(loaded)
    tester = QAbstractItemModelTester(window.model, FATAL)
    ranked = [h.paper_id for h in loaded.search("model", limit=500).hits]
    assert len(ranked) > 2 * FIRST_HITS
    with qtbot.waitSignal(window.search.search_finished, timeout=10000):
        window.search_bar.setText("model")
        window.search_bar.flush()
    assert window.model.ids() == ranked[:FIRST_HITS]
    assert window.model.canFetchMore(QModelIndex())
    window.selection.select_row(3)
    chosen = window.selection.current_id()
    window.view.setFocus()
    while window.model.rowCount() < len(ranked):
        with qtbot.waitSignal(window.model.rowsInserted, timeout=10000):
            window.view.scrollToBottom()
    assert window.model.ids() == ranked
    assert not window.model.canFetchMore(QModelIndex())
    assert window.selection.current_id() == chosen
    assert f"{len(ranked)} matches" in window.statusBar().currentMessage()
    del tester
