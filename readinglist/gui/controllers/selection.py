"""The paper list's cursor and selection: which papers an action applies to.

Every controller that acts on "the current paper" or "the selected papers"
asks here rather than reading the view and the model itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView

from readinglist.gui.actions import connect_actions
from readinglist.gui.paper_model import PaperModel
from readinglist.gui.paper_view import PaperView


class Selection(QObject):
    #: The user moved to another paper (j/k, arrows, a click), not the window.
    moved_by_user = Signal()

    def __init__(
        self,
        model: PaperModel,
        view: PaperView,
        actions: Mapping[str, QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.view = view
        view.navigated.connect(self.moved_by_user)
        connect_actions(actions, "selection", self)

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.paper_id(index.row()) if index.isValid() else None

    def current_row(self) -> int:
        """The cursor's row, -1 when there is none."""
        return self.view.currentIndex().row()

    def has_current(self) -> bool:
        return self.view.currentIndex().isValid()

    def row_count(self) -> int:
        return self.model.rowCount()

    def selected_ids(self) -> list[int]:
        """The selected papers in list order, or the current one when none is selected."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [self.model.paper_id(r) for r in rows]
        if not ids and (current := self.current_id()) is not None:
            ids = [current]
        return ids

    def select_row(self, row: int, *, at_top: bool = False) -> None:
        """Make ``row`` the current and only selected row (out of range: nothing);
        ``at_top`` scrolls it to the top of the list (the start of a new digest)."""
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 1)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        if at_top:
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self.view.scrollTo(index)

    def select_paper(self, paper_id: int, *, at_top: bool = False) -> bool:
        """Put the cursor on ``paper_id`` if the list shows it."""
        row = self.model.row_of(paper_id)
        if row < 0:
            return False
        self.select_row(row, at_top=at_top)
        return True

    # actions -------------------------------------------------------------------

    def select_next(self) -> None:
        current = self.view.currentIndex()
        self._user_move(current.row() + 1 if current.isValid() else 0)

    def select_previous(self) -> None:
        current = self.view.currentIndex()
        self._user_move(max(current.row() - 1, 0) if current.isValid() else 0)

    def _user_move(self, row: int) -> None:
        before = self.current_row()
        self.select_row(row)
        if self.current_row() != before:
            self.moved_by_user.emit()

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid():
            self.select_row(0)
