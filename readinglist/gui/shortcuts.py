"""The shortcut sheet (F1 or ?), generated from the action registry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist.gui.actions import ACTIONS, MENUS, describe_keys


def plain(text: str) -> str:
    """Menu text without its ``&`` mnemonic marker."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard Shortcuts")
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        for menu in MENUS:
            group = QTreeWidgetItem(self.tree, [menu, ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for item in ACTIONS:
                if item.menu == menu and item.shortcuts:
                    QTreeWidgetItem(group, [plain(item.text).rstrip("…"), describe_keys(item)])
        self.tree.addTopLevelItem(
            QTreeWidgetItem(["Move in the list", "j / k, ↑ / ↓, Page Up / Down, Home / End"])
        )
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        note = (
            "Single keys (j, k, s, r, n, t, c, /, ?) work when the list or the abstract has focus."
        )
        from PySide6.QtWidgets import QLabel

        hint = QLabel(note, self)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(520, 620)
