"""Fixtures for driving the real main window offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.gui.main_window import MainWindow

WindowFactory = Callable[[Library], MainWindow]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a temporary file (never the user's), marking read 'never' by default."""
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("triage/mark_read_after_ms", -1)
    return s


@pytest.fixture
def make_window(qtbot: QtBot, settings: QSettings) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(library: Library) -> MainWindow:
        window = MainWindow(library, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()
