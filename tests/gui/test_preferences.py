"""Preferences are stored in QSettings and read back with safe defaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from readinglist.gui.preferences import (
    DEFAULT_READ_DELAY,
    NEVER,
    READ_DELAY_KEY,
    PreferencesDialog,
    read_delay,
    theme,
)


def test_dialog_saves_delay_and_theme(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert read_delay(settings) == DEFAULT_READ_DELAY
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.delay.setCurrentIndex(dialog.delay.findData(NEVER))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert read_delay(settings) == NEVER
    assert theme(settings) == "dark"


def test_garbage_settings_fall_back(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(READ_DELAY_KEY, "soon")
    settings.setValue("appearance/theme", "purple")
    assert read_delay(settings) == DEFAULT_READ_DELAY
    assert theme(settings) == "system"
