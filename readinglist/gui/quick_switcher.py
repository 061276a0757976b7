"""The quick switcher (Ctrl+K or Ctrl+P): jump to any list by typing its name.

It lists whatever the sidebar holds, read from its model when it opens (the
fixed lists, digests, sources, tags: any group a later version adds comes
along), so every list is two keystrokes away without the mouse. Typing
filters by every word (``mar 13`` finds "Fri Mar 13, 2026"); Enter or a
click goes there, Esc closes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


@dataclass(frozen=True)
class Place:
    """One list the switcher offers: its name, its group, where it is in the sidebar."""

    name: str
    group: str
    index: QPersistentModelIndex
    count: str = ""

    def matches(self, words: list[str]) -> bool:
        text = f"{self.name} {self.group}".casefold()
        return all(w in text for w in words)


def places(model: QAbstractItemModel) -> list[Place]:
    """Every selectable leaf of the sidebar's model, group by group."""
    out: list[Place] = []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        title = str(group.data() or "")
        for child_row in range(model.rowCount(group)):
            leaf = model.index(child_row, 0, group)
            if not leaf.flags() & Qt.ItemFlag.ItemIsSelectable:
                continue
            count = model.index(child_row, 1, group).data() if model.columnCount(group) > 1 else ""
            out.append(
                Place(str(leaf.data() or ""), title, QPersistentModelIndex(leaf), str(count or ""))
            )
    return out


class QuickSwitcher(QDialog):
    chosen = Signal(QModelIndex)

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickSwitcher")
        self.setWindowTitle("Go to List")
        self.places = places(model)
        self.field = QLineEdit(self)
        self.field.setObjectName("switcherField")
        self.field.setPlaceholderText("Type a list, digest, source or tag…")
        self.field.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("switcherList")
        self.list.setUniformItemSizes(True)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.field.textChanged.connect(self._filter)
        self.field.returnPressed.connect(self.accept)
        self.field.installEventFilter(self)
        self.resize(460, 300)
        self._filter("")

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        self.list.clear()
        for place in self.places:
            if place.matches(words):
                label = f"{place.name}    ·  {place.group}"
                if place.count:
                    label += f" ({place.count})"
                item = QListWidgetItem(label, self.list)
                item.setData(Qt.ItemDataRole.UserRole, place)
        if self.list.count():
            self.list.setCurrentRow(0)

    def shown(self) -> list[str]:
        """The names listed now (for tests)."""
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole).name for i in range(self.list.count())
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down move in the list while the keyboard stays in the field."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.list.count():
                row = (self.list.currentRow() + step) % self.list.count()
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            place: Place = item.data(Qt.ItemDataRole.UserRole)
            index = place.index
            if index.isValid():
                model = index.model()
                self.chosen.emit(model.index(index.row(), index.column(), index.parent()))
        super().accept()
