"""A damaged library, offered back from its latest backup with one button.

When the library will not open because its database is damaged (or gone
while backups exist), the window does not just say so: it names the latest
backup and offers to restore it, exactly as ``readinglist restore`` does
(:func:`~readinglist.core.restore.restore_library`): what it replaces is
kept, untouched, in the backups folder, and the search index is rebuilt.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from readinglist.core.errors import LibraryDamagedError, ReadingListError
from readinglist.core.restore import restore_library


class RecoveryDialog(QMessageBox):
    """The damage, the latest backup, and Restore or Quit."""

    restored = Signal(str)  # what was done, for the user
    failed = Signal(str)

    def __init__(self, root: Path, error: LibraryDamagedError, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("The library is damaged")
        self.root = root
        self.backup = error.backup
        self.setText(str(error))
        self.restore_button: QAbstractButton | None = None
        if self.backup is not None:
            self.setInformativeText(
                f"Restore the latest backup, {self.backup.name}? What is there now is kept "
                "in the backups folder, untouched."
            )
            self.restore_button = self.addButton(
                "&Restore This Backup", QMessageBox.ButtonRole.AcceptRole
            )
            self.setDefaultButton(self.restore_button)
        self.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        self.buttonClicked.connect(self._clicked)
        self.message = ""

    def _clicked(self, button: QAbstractButton) -> None:
        if button is not self.restore_button or self.backup is None:
            return
        try:
            kept = restore_library(self.root, self.backup)
        except ReadingListError as exc:
            self.message = f"The backup could not be restored: {exc}"
            self.failed.emit(self.message)
            return
        where = f" The library it replaced is kept as {kept}." if kept else ""
        self.message = f"Restored {self.backup.name}.{where}"
        self.restored.emit(self.message)


def offer_restore(root: Path, error: LibraryDamagedError) -> str | None:
    """Ask, and restore if the user says so; what was done, or ``None`` (quit)."""
    dialog = RecoveryDialog(root, error)
    dialog.exec()
    if dialog.clickedButton() is dialog.restore_button and dialog.message.startswith("Restored"):
        return dialog.message
    if dialog.message:
        QMessageBox.critical(None, "Cannot restore the library", dialog.message)
    return None
