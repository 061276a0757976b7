"""Every shape of Hugging Face page comes into the window by Ctrl+V and by drag and drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.gui.import_jobs import ImportOutcome
from tests.gui.conftest import WindowFactory
from tests.gui.test_main_window import drop, drop_files
from tests.snapshots import DATA

PAGES = sorted(p for p in (DATA / "hf_pages").iterdir() if p.name != "README.md")
#: Distinct papers of each page (tests/core/importers/test_hf_pages.py checks each in full).
COUNTS = {
    "collection_markdown.md": 30,
    "daily_lynx_dump.txt": 40,
    "daily_text_current.txt": 60,
    "daily_text_older.txt": 40,
    "hf_search_plaintext_intercode-bash.txt": 107,
    "hf_trending_markdown_duplicated.md": 50,
    "monthly_reference_dump.md": 35,
    "search_markdown_reader.md": 40,
    "trending_w3m_dump.txt": 35,
    "weekly_markdown_clipper.md": 45,
}


def test_the_counts_cover_every_page() -> None:
    assert sorted(COUNTS) == [p.name for p in PAGES]


def test_each_shape_pasted_with_ctrl_v_is_imported(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    window = make_window(library)
    for page in PAGES:
        QGuiApplication.clipboard().setText(page.read_text(encoding="utf-8"))
        window.activateWindow()  # back from the last import's notice box, as a user would
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.view.setFocus()
        with qtbot.waitSignal(window.import_export.import_finished, timeout=20000) as blocker:
            QTest.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        outcome = blocker.args[0]
        assert isinstance(outcome, ImportOutcome)
        assert outcome.errors == (), page.name
        (report,) = outcome.reports
        assert report.papers == COUNTS[page.name], page.name


def test_each_shape_dropped_as_text_is_imported(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    window = make_window(library)
    for page in PAGES:
        mime = QMimeData()
        mime.setText(page.read_text(encoding="utf-8"))
        with qtbot.waitSignal(window.import_export.import_finished, timeout=20000) as blocker:
            drop(window, mime)
        (report,) = blocker.args[0].reports
        assert report.papers == COUNTS[page.name], page.name


def test_the_shapes_dropped_as_files_come_in_and_show_their_sources(
    qtbot: QtBot, make_window: WindowFactory, library: Library, tmp_path: Path
) -> None:
    window = make_window(library)
    outcome = drop_files(qtbot, window, PAGES)
    assert isinstance(outcome, ImportOutcome)
    assert outcome.errors == ()
    assert {Path(r.source).name: r.papers for r in outcome.reports} == COUNTS
    # Warnings (a paper without an abstract, a page without any) reach the status bar.
    assert "warning" in outcome.summary() and " — " in outcome.message()
    assert window.statusBar().currentMessage() == outcome.message()
    labels = [s.label for s in library.sources.all()]
    # Ten pages: three are daily digests, and the two trending pages, seen the same
    # day, are one source.
    assert len(labels) == 6
    sidebar = window.sidebar.sidebar_model
    qtbot.waitUntil(lambda: sidebar.counts is not None and len(sidebar.counts.sources) == 6)
    (search,) = [s for s in library.sources.all() if s.page == "search" and s.papers == 107]
    assert window.sidebar.select_key(f"source:{search.id}")
    qtbot.waitUntil(lambda: window.model.rowCount() == 107)
