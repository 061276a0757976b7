"""Reaching lists and actions without the mouse: the quick switcher and the
paper list's context menu.

Both are built from what exists when they open, not from a fixed set: the
switcher from the sidebar's model (every list, digest, source and tag), the
context menu from the window's Paper menu (itself built from the action
registry) plus the bin's actions, so whatever a later version adds to either
appears in them too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.paper_view import PaperView
from readinglist.gui.quick_switcher import QuickSwitcher
from readinglist.gui.sidebar import Sidebar


class Navigation(QObject):
    def __init__(
        self,
        sidebar: Sidebar,
        view: PaperView,
        selection: Selection,
        paper_menu: QMenu,
        extra: Sequence[QAction],
        actions: Mapping[str, QAction],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.sidebar = sidebar
        self.view = view
        self.selection = selection
        self.paper_menu = paper_menu
        self.extra = list(extra)  # remove / restore: the Edit menu's paper actions
        self._window = window
        self.switcher: QuickSwitcher | None = None  # the one last opened (for tests)
        self.menu: QMenu | None = None
        view.menu_requested.connect(self.context_menu)
        connect_actions(actions, "navigation", self)

    # the quick switcher ------------------------------------------------------------

    def open_switcher(self) -> QuickSwitcher:
        dialog = QuickSwitcher(self.sidebar.model(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self._go)
        dialog.open()
        dialog.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.switcher = dialog
        return dialog

    def _go(self, index: QModelIndex) -> None:
        self.sidebar.setCurrentIndex(index)
        self.selection.focus_list()

    # the context menu --------------------------------------------------------------

    def context_menu(self, point: QPoint) -> QMenu | None:
        """The Paper menu's actions for the paper under the pointer (or the
        selection it belongs to); a right-click never counts as reading it."""
        index = self.view.indexAt(point)
        if index.isValid():
            selected = {i.row() for i in self.view.selectionModel().selectedRows()}
            if index.row() not in selected:
                self.selection.select_row(index.row())
        elif self.view.currentIndex().isValid():
            point = self.view.visualRect(self.view.currentIndex()).center()  # the Menu key
        else:
            return None
        menu = QMenu(self.view)
        menu.setObjectName("paperMenu")
        for action in self.paper_menu.actions():
            if action.isSeparator():
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.addSeparator()
        for action in self.extra:
            if action.isEnabled():
                menu.addAction(action)
        menu.popup(self.view.viewport().mapToGlobal(point))
        self.menu = menu
        return menu
