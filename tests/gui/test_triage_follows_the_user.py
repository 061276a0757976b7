"""The window never decides for the user: what marks a paper read, what undo
undoes, the bin, the digest's own order, and reaching lists by keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.core.views import View
from readinglist.gui.main_window import MainWindow
from readinglist.gui.paper_model import COL_UPVOTES
from tests.gui.conftest import WindowFactory
from tests.gui.test_main_window import drop_files, key
from tests.helpers import listed_ids

DELAY = "triage/mark_read_after_ms"


def read_count(library: Library) -> int:
    return library.stats().read


def nothing_pending(window: MainWindow) -> bool:
    return not window.reading.read_timer.isActive()


def test_opening_switching_importing_and_searching_mark_nothing_read(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, sample_paths: list[Path]
) -> None:
    window = make_window(loaded)
    window.settings.setValue(DELAY, 50)
    assert window.selection.current_id() is not None  # the window put the cursor there
    assert nothing_pending(window)
    window.lists.show_starred()
    window.lists.show_all()
    assert nothing_pending(window)
    extra = sample_paths[0].parent / "again.txt"
    extra.write_bytes(sample_paths[0].read_bytes())
    drop_files(qtbot, window, [extra])
    assert nothing_pending(window)
    with qtbot.waitSignal(window.search.search_finished, timeout=10000):
        window.search_bar.setText("diffusion")
        window.search_bar.flush()
    assert nothing_pending(window)
    window.search.clear_search()
    menu_at = window.view.visualRect(window.model.index(4, 1)).center()
    window.view.menu_requested.emit(menu_at)  # a right-click selects, and does not read
    assert window.navigation.menu is not None
    window.navigation.menu.close()
    assert nothing_pending(window)
    assert read_count(loaded) == 0
    assert window.undo_stack.count() == 0

    key(qtbot, window, "j")  # the user moves, and stays
    moved_to = window.selection.current_id()
    assert moved_to is not None
    assert window.detail.read_marker.counting  # the sign that it is about to be marked
    qtbot.waitUntil(lambda: loaded.paper(moved_to).read, timeout=5000)
    assert read_count(loaded) == 1
    assert window.undo_stack.count() == 0  # not an undo step of its own
    assert "Marked read" in window.detail.read_marker.label.text()


def test_an_explicit_unread_sticks(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.settings.setValue(DELAY, 50)
    window.lists.show_all()
    key(qtbot, window, "j")
    paper_id = window.selection.current_id()
    assert paper_id is not None
    qtbot.waitUntil(lambda: loaded.paper(paper_id).read, timeout=5000)
    key(qtbot, window, "r")  # read already by the delay: r confirms it, one undo step
    assert loaded.paper(paper_id).read
    assert window.undo_stack.count() == 1
    key(qtbot, window, "r")  # now the user says unread
    assert not loaded.paper(paper_id).read
    key(qtbot, window, "j")
    key(qtbot, window, "k")  # back on it, and staying
    assert window.selection.current_id() == paper_id
    assert nothing_pending(window)  # kept unread: no countdown at all
    assert "Kept unread" in window.detail.read_marker.label.text()
    assert not loaded.paper(paper_id).read
    assert loaded.rows([paper_id])[0].keep_unread  # stored: it sticks across restarts


def test_ctrl_z_after_a_removal_restores_it_and_says_so(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.settings.setValue(DELAY, 50)
    window.lists.show_all()
    key(qtbot, window, "j")
    paper_id = window.selection.current_id()
    assert paper_id is not None
    QTest.keyClick(window.view, Qt.Key.Key_Delete)  # at once, before the delay ends
    assert nothing_pending(window)  # the cursor moved on by itself: nothing to read
    assert paper_id in loaded.bin.ids()
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert loaded.bin.ids() == []
    assert window.selection.current_id() == paper_id  # back on it
    message = window.statusBar().currentMessage()
    assert "Undone: Remove Paper" in message and "back" in message
    assert read_count(loaded) == 0


def test_the_bin_lists_removed_papers_restores_and_empties(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    first, second = window.model.ids()[:2]
    loaded.remove([first, second])
    window.lists.show_bin()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.lists.in_bin()
    assert window.actions_by_id["restore"].isEnabled()
    assert not window.actions_by_id["star"].isEnabled()  # shown, not changed
    assert window.detail.tags_edit.isReadOnly()
    window.selection.select_row(window.model.row_of(first))
    window.actions_by_id["restore"].trigger()
    assert loaded.bin.ids() == [second]
    assert "Restored 1 paper" in window.statusBar().currentMessage()
    window.actions_by_id["empty_bin"].trigger()
    box, button = window.triage.empty_box, window.triage.empty_button
    assert box is not None and button is not None
    button.click()
    assert loaded.bin.ids() == []
    assert loaded.stats().papers == 229
    assert window.undo_stack.count() == 0


def test_the_inbox_follows_the_digest_and_an_import_shows_its_top(
    qtbot: QtBot, make_window: WindowFactory, library: Library, sample_paths: list[Path]
) -> None:
    window = make_window(library)
    drop_files(qtbot, window, [sample_paths[3]])
    window.lists.show_inbox()
    assert window.model.ids() == listed_ids(library, sample_paths[3])
    drop_files(qtbot, window, [sample_paths[1]])  # an older digest, Mar 14
    march = listed_ids(library, sample_paths[1])
    assert window.selection.current_id() == next(i for i in march if i in window.model.ids())
    assert read_count(library) == 0


def test_every_column_sorts_first_its_sensible_way(
    make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    header = window.view.horizontalHeader()
    upvotes = COL_UPVOTES
    at = QPoint(header.sectionViewportPosition(upvotes) + 5, 5)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    votes = [r.upvotes for r in loaded.rows(window.model.ids())]
    assert votes[0] == max(votes)  # most upvotes first
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)  # and the other way
    votes = [r.upvotes for r in loaded.rows(window.model.ids())]
    assert votes[0] == min(votes) and votes[0] != max(votes)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_the_quick_switcher_reaches_any_list(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    loaded.tags.add(loaded.paper_ids()[:2], ["thesis"])
    window = make_window(loaded)
    qtbot.waitUntil(lambda: window.sidebar.sidebar_model.find("tag:thesis").isValid())
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    switcher = window.navigation.switcher
    assert switcher is not None and switcher.isVisible()
    names = switcher.shown()
    assert {"Inbox", "Bin", "thesis"} <= set(names)
    assert any("Oct 31" in n for n in names)
    QTest.keyClicks(switcher.field, "oct 31")
    assert len(switcher.shown()) == 1
    QTest.keyClick(switcher.field, Qt.Key.Key_Return)
    assert window.sidebar.current_key() == "digest:2026-10-31"
    assert window.view.hasFocus()


def test_the_context_menu_has_the_paper_menu(make_window: WindowFactory, loaded: Library) -> None:
    window = make_window(loaded)
    window.lists.show_all()
    point = window.view.visualRect(window.model.index(2, 1)).center()
    menu = window.navigation.context_menu(point)
    assert menu is not None
    texts = {a.text() for a in menu.actions() if not a.isSeparator()}
    paper_menu = {a.text() for a in window.menus["Paper"].actions() if not a.isSeparator()}
    assert paper_menu <= texts
    assert window.actions_by_id["remove"].text() in texts
    assert window.selection.current_row() == 2
    menu.close()


def test_a_search_within_the_list_counts_as_the_command_line(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    loaded.mark(loaded.paper_ids()[:60], starred=True)
    window = make_window(loaded)
    window.lists.show_starred()
    window.search_bar.scope_button.click()
    assert window.search.scoped
    with qtbot.waitSignal(window.search.search_finished, timeout=10000):
        window.search_bar.setText("model")
        window.search_bar.flush()
    expected = loaded.search("model is:starred", limit=500)
    assert window.model.ids() == [h.paper_id for h in expected.hits]
    message = window.statusBar().currentMessage()
    assert f"{expected.total} match" in message and "in Starred" in message
    hit = window.model.hits[window.model.ids()[0]]
    assert hit.fields  # which field matched, and the snippet under the title
    assert window.view.snippets.enabled
    assert window.view.verticalHeader().defaultSectionSize() > window.view._row_height
    window.search_bar.scope_button.click()  # the whole library again
    with qtbot.waitSignal(window.search.search_finished, timeout=10000):
        pass
    assert f"{loaded.search('model').total} match" in window.statusBar().currentMessage()
    assert "whole library" in window.statusBar().currentMessage()
    assert window.view.model() is window.model
    assert window.model.filter.view == View.STARRED


def test_a_click_on_the_paper_the_window_chose_counts_a_right_click_does_not(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    window.settings.setValue(DELAY, 60_000)
    window.lists.show_all()
    first = window.view.visualRect(window.model.index(0, 1)).center()
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.RightButton, pos=first)
    assert nothing_pending(window)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert window.selection.current_row() == 0
    assert window.reading.read_timer.isActive()  # chosen by the user now
