"""The bar above the paper list while it shows the bin: what the bin is, and
its two actions (Restore, Empty Bin…) in reach of the mouse too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class BinBar(QWidget):
    def __init__(self, restore: QAction, empty: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("binBar")
        self.label = QLabel(
            "Removed papers wait here: restore them, or empty the bin to delete them for good.",
            self,
        )
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label, 1)
        for action in (restore, empty):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            layout.addWidget(button)
