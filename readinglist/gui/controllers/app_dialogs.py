"""The application's own dialogs: preferences, the keyboard shortcuts, about."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from readinglist import __version__
from readinglist.core.library import Library
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.sync import SyncController
from readinglist.gui.preferences import PreferencesDialog
from readinglist.gui.shortcuts import ShortcutSheet
from readinglist.gui.sync_panel import SyncPanel
from readinglist.gui.theme import apply_saved_theme


class AppDialogs(QObject):
    preferences_saved = Signal()  # the theme is applied; views showing colours re-render

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        actions: Mapping[str, QAction],
        window: QWidget,
        sync: SyncController | None = None,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.settings = settings
        self.sync = sync
        self._window = window  # the dialogs' parent
        self.shortcut_sheet: ShortcutSheet | None = None  # the sheet last opened (for tests)
        self.preferences_dialog: PreferencesDialog | None = None
        connect_actions(actions, "app_dialogs", self)

    def preferences(self) -> None:
        sections = [SyncPanel(self.sync)] if self.sync is not None else []
        dialog = PreferencesDialog(self.settings, self._window, sections)
        self.preferences_dialog = dialog  # the dialog last opened (for tests)
        if dialog.exec():
            apply_saved_theme(self.settings)
            self.preferences_saved.emit()

    def show_shortcuts(self) -> None:
        sheet = ShortcutSheet(self._window)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.open()
        self.shortcut_sheet = sheet

    def about(self) -> None:
        QMessageBox.about(
            self._window,
            "About Reading List",
            f"<b>Reading List</b> {__version__}<br>A keyboard-first reading list for researchers."
            f"<br><br>Library: {self.library.paths.root}",
        )
