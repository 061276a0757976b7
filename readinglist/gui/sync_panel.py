"""The sync section of Preferences: the folder, joining another, stopping, the last sync."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from readinglist.gui.controllers.sync import SyncController


class SyncPanel(QGroupBox):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__("Sync with your other devices", parent)
        self.setObjectName("syncPanel")
        self.controller = controller
        self.details = QLabel(self)
        self.details.setObjectName("syncDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            "Choose a folder that Syncthing, Nextcloud, Dropbox, iCloud Drive or OneDrive "
            "keeps the same on each computer (or a USB stick). The library is merged "
            "through it: nothing is lost, notes edited on two computers keep both edits. "
            "PDFs are not synced.",
            self,
        )
        hint.setWordWrap(True)
        self.choose = QPushButton("Choose Folder…", self)
        self.choose.setObjectName("syncChoose")
        self.choose.clicked.connect(controller.choose_folder)
        self.sync_now = QPushButton("Sync Now", self)
        self.sync_now.clicked.connect(controller.sync_now)
        self.leave = QPushButton("Stop Syncing", self)
        self.leave.setObjectName("syncLeave")
        self.leave.clicked.connect(controller.leave)
        buttons = QHBoxLayout()
        for button in (self.choose, self.sync_now, self.leave):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        controller.folder_changed.connect(self.update_status)
        controller.synced.connect(self.update_status)
        self.update_status()

    def update_status(self, *_args: object) -> None:
        state = self.controller.library.sync.status()
        self.details.setText("\n".join(state.lines()))
        syncing = state.folder is not None
        self.sync_now.setEnabled(syncing)
        self.leave.setEnabled(syncing)
        self.choose.setText("Change Folder…" if syncing else "Choose Folder…")
