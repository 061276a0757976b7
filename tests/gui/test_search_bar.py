"""The search field: one query after typing stops, Esc clears."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from readinglist.gui.search_bar import SearchBar


def test_typing_emits_one_debounced_query(qtbot: QtBot) -> None:
    bar = SearchBar()
    qtbot.addWidget(bar)
    seen: list[str] = []
    bar.query_changed.connect(seen.append)
    with qtbot.waitSignal(bar.query_changed, timeout=5000):
        QTest.keyClicks(bar, "knowledge graph")
    assert seen == ["knowledge graph"]
    assert bar.active


def test_escape_clears_and_reports_the_empty_query(qtbot: QtBot) -> None:
    bar = SearchBar()
    qtbot.addWidget(bar)
    bar.setText("distillation")
    bar.flush()
    with qtbot.waitSignals([bar.query_changed, bar.escaped], timeout=5000):
        QTest.keyClick(bar, Qt.Key.Key_Escape)
    assert bar.text() == "" and not bar.active
