"""The paper list model: paged rows from SQL, sorting in SQL, live updates."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt, QThread
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.core.views import ChangeSet, PaperFilter, PaperRow, SortKey, View
from readinglist.gui import paper_model
from readinglist.gui.paper_model import (
    COL_DATE,
    COL_STAR,
    COL_TITLE,
    COL_UPVOTES,
    PaperModel,
    compact_date,
)
from tests.gui.conftest import WindowFactory

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def test_model_passes_the_item_model_tester_through_every_change(
    qtbot: QtBot, loaded: Library
) -> None:
    model = PaperModel(loaded)
    tester = QAbstractItemModelTester(model, FATAL)
    model.reload()
    assert model.rowCount() == 230
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.AscendingOrder)
        model.sort(column, Qt.SortOrder.DescendingOrder)
    model.set_filter(PaperFilter(view=View.INBOX))
    first = model.paper_id(0)
    loaded.mark([first], starred=True)
    model.apply(ChangeSet(frozenset([first])))
    model.set_search([first, model.paper_id(1)])
    assert model.rowCount() == 2
    model.set_search(None)
    loaded.remove([first])
    model.apply(ChangeSet(frozenset([first]), structure=True))
    assert first not in model.ids()
    del tester


def test_sorting_is_sql_order(loaded: Library) -> None:
    model = PaperModel(loaded)
    model.reload()
    model.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert model.ids() == loaded.paper_ids(PaperFilter(), SortKey.TITLE, descending=False)
    model.sort(COL_UPVOTES, Qt.SortOrder.DescendingOrder)
    assert model.ids() == loaded.paper_ids(PaperFilter(), SortKey.UPVOTES, descending=True)
    votes = [model.row_data(r).upvotes for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert votes == sorted(votes, reverse=True)


def test_rows_are_fetched_a_page_at_a_time(
    loaded: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paper_model, "PAGE", 50)
    model = PaperModel(loaded)
    model.reload()
    assert model._pages == {}
    model.data(model.index(0, COL_TITLE))
    assert list(model._pages) == [0]
    last = model.rowCount() - 1
    model.data(model.index(last, COL_TITLE))
    assert list(model._pages) == [0, last // 50]
    assert len(model._pages[0]) == 50


def test_display_bold_unread_and_star(loaded: Library) -> None:
    model = PaperModel(loaded)
    model.reload()
    index = model.index(0, COL_TITLE)
    paper = loaded.paper(model.paper_id(0))
    assert model.data(index) == paper.title
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == paper.title
    loaded.mark([paper.id or 0], read=True, starred=True)
    model.apply(ChangeSet(frozenset([paper.id or 0])))
    assert model.data(index, Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(0, COL_STAR)) == "★"
    assert model.data(model.index(0, COL_DATE)) == compact_date(paper.published)
    assert compact_date(date(2022, 6, 19), date(2026, 1, 1)) == "Jun 2022"
    assert compact_date(date(2026, 6, 19), date(2026, 1, 1)) == "Jun 19"


def test_every_role_asked_at_once_is_what_it_is_asked_alone(loaded: Library) -> None:
    """Delegates ask a cell's roles in one call (``multiData``); the answers are
    those of ``data``, and the flags are Qt's table defaults."""
    model = PaperModel(loaded)
    model.reload()
    loaded.mark(model.ids()[:2], read=True, starred=True)
    model.apply(ChangeSet(frozenset(model.ids()[:2])))
    roles = [*range(0, 14), paper_model.HIT_ROLE, paper_model.ID_ROLE]
    for row in range(4):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in roles:
                item = QModelRoleData(role)
                index.multiData(QModelRoleDataSpan(item))
                assert item.data() == model.data(index, role), (row, column, role)
            assert model.flags(index) == (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren
            )
    assert model.flags(model.index(-1, 0)) == Qt.ItemFlag.NoItemFlags


def test_flag_change_refreshes_only_the_changed_rows(qtbot: QtBot, loaded: Library) -> None:
    model = PaperModel(loaded)
    model.reload()
    model.data(model.index(5, 0))
    target = model.paper_id(5)
    loaded.mark([target], starred=True)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.apply(ChangeSet(frozenset([target])))
    top, bottom = blocker.args[0], blocker.args[1]
    assert (top.row(), bottom.row()) == (5, 5)


def test_read_paper_stays_in_inbox_until_reloaded(loaded: Library) -> None:
    model = PaperModel(loaded)
    model.set_filter(PaperFilter(view=View.INBOX))
    before = model.rowCount()
    first = model.paper_id(0)
    loaded.mark([first], read=True)
    model.apply(ChangeSet(frozenset([first])))
    assert model.rowCount() == before
    model.reload()
    assert model.rowCount() == before - 1


def test_a_change_from_elsewhere_is_requeried_on_a_worker_and_keeps_the_cursor(
    qtbot: QtBot, make_window: WindowFactory, library: Library, sample_paths: list[Path]
) -> None:
    """An import or a sync commits on another thread: the window re-reads the
    list on a worker and moves the rows in a layout change, so the GUI thread
    never runs the query and the cursor stays on the user's paper."""
    for path in sample_paths[:2]:
        library.import_file(path)
    window = make_window(library)
    tester = QAbstractItemModelTester(window.model, FATAL)
    window.lists.show_all()
    window.selection.select_row(7)
    chosen = window.selection.current_id()
    resets: list[bool] = []
    window.model.modelReset.connect(lambda: resets.append(True))
    threads: list[bool] = []
    query = library.paper_ids

    def recorded(*args: Any, **kwargs: Any) -> list[int]:
        threads.append(QThread.currentThread() is window.thread())
        return query(*args, **kwargs)

    library.paper_ids = recorded  # type: ignore[method-assign]
    importer = threading.Thread(target=library.import_file, args=(sample_paths[2],))
    with qtbot.waitSignal(window.model.reloaded, timeout=20000):
        importer.start()
    importer.join()
    library.paper_ids = query  # type: ignore[method-assign]

    assert threads and not any(threads)  # queried, and never on the GUI thread
    assert resets == []
    assert window.model.ids() == library.paper_ids(
        window.model.filter, window.model.sort_key, descending=window.model.descending
    )
    assert window.selection.current_id() == chosen
    del tester


def test_a_refresh_reads_the_pages_it_will_show_on_its_worker(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    sample_paths: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The top page and the cursor's page come with the new ids, so painting
    them after a change from elsewhere reads nothing on the GUI thread (where
    a worker still running would make every read wait), and they are fresh."""
    monkeypatch.setattr(paper_model, "PAGE", 20)
    for path in sample_paths[:2]:
        library.import_file(path)
    window = make_window(library)
    model = window.model
    window.lists.show_all()
    window.selection.select_row(45)
    chosen = window.selection.current_id()
    on_gui: list[bool] = []
    rows = library.rows

    def recorded(ids: Sequence[int]) -> list[PaperRow]:
        on_gui.append(QThread.currentThread() is window.thread())
        return rows(ids)

    library.rows = recorded  # type: ignore[method-assign]
    importer = threading.Thread(target=library.import_file, args=(sample_paths[2],))
    with qtbot.waitSignal(model.reloaded, timeout=20000):
        importer.start()
    importer.join()
    assert False in on_gui  # some read with the ids, on the worker
    on_gui.clear()
    assert chosen is not None
    cursor_row = model.row_of(chosen)
    assert cursor_row >= 0
    shown = [*range(20), *range(cursor_row // 20 * 20, cursor_row // 20 * 20 + 20)]
    painted = [model.row_data(r) for r in shown if r < model.rowCount()]
    assert on_gui == []  # nothing read on the GUI thread for them
    library.rows = rows  # type: ignore[method-assign]
    fresh = {r.id: r for r in library.rows(model.ids())}
    assert painted == [fresh[model.paper_id(r)] for r in shown if r < model.rowCount()]


class _Held:
    """A background runner that holds each refresh until the test lands it."""

    def __init__(self) -> None:
        self.held: list[tuple[Any, Any, Any]] = []

    def __call__(self, query: Any, done: Any, failed: Any) -> None:
        self.held.append((query, done, failed))


def test_a_star_given_while_a_refresh_is_on_its_way_is_not_undone_by_it(loaded: Library) -> None:
    """The refresh's worker read the rows before the star: its page holding
    the paper is dropped on landing, and read again (starred) when painted."""
    held = _Held()
    model = PaperModel(loaded, background=held)
    tester = QAbstractItemModelTester(model, FATAL)
    model.reload()
    first = model.paper_id(0)
    assert model.row_data(0).starred is False  # type: ignore[union-attr]
    model.refresh()
    ((query, done, _failed),) = held.held
    read_before = query()  # the worker has read the ids and the pages
    loaded.mark([first], starred=True)
    model.apply(ChangeSet(frozenset([first])))
    done(read_before)
    assert model.row_data(model.row_of(first)).starred is True  # type: ignore[union-attr]
    del tester


def test_a_refresh_made_here_outdates_one_still_on_its_way(loaded: Library) -> None:
    """A removal refreshed at once, then an older refresh landing late: the
    removed paper does not come back."""
    held = _Held()
    model = PaperModel(loaded, background=held)
    model.reload()
    gone = model.paper_id(3)
    model.refresh()
    ((query, done, _failed),) = held.held
    read_before = query()
    loaded.remove([gone])
    model.refresh(background=False)
    assert gone not in model.ids()
    done(read_before)
    assert gone not in model.ids()
