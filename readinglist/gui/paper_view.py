"""The paper list widget: a fast, uniform-height table over :class:`PaperModel`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from readinglist.gui.paper_model import (
    COL_DATE,
    COL_DIGEST,
    COL_PDF,
    COL_STAR,
    COL_TITLE,
    COL_UPVOTES,
    HEADERS,
    PaperModel,
)
from readinglist.gui.snippet_delegate import SnippetDelegate


class PaperView(QTableView):
    """Rows are one line high and never measured: resizing to contents on
    100,000 rows would read every row, so widths are fixed defaults the user
    can change (and that persist)."""

    first_paint = Signal()
    #: The user moved the cursor to another paper (keys or a left click): the
    #: only moves that count for "mark read after a delay". The window's own
    #: moves (a list opened, an import, a search's first hit) never emit it.
    navigated = Signal()
    #: A context menu was asked for at this point (viewport coordinates).
    menu_requested = Signal(QPoint)

    def __init__(self, model: PaperModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperList")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSortingEnabled(True)
        self.setTabKeyNavigation(False)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STAR, QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Dates are compact ("Mar 13", "Jun 2024"): the title takes the rest.
        width = self.fontMetrics().horizontalAdvance
        self.setColumnWidth(COL_STAR, width("0") * 4)
        self.setColumnWidth(COL_DATE, width("Mmm 2026") + 18)
        self.setColumnWidth(COL_DIGEST, width("Mmm 2026") + 18)
        self.setColumnWidth(COL_UPVOTES, width("Votes") + 24)
        self.setColumnWidth(COL_PDF, width("PDF") + 24)
        header.setMinimumSectionSize(width("0") * 4)
        header.setSortIndicator(COL_DIGEST, Qt.SortOrder.DescendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.menu_requested)
        self._painted = False
        self.viewport().installEventFilter(self)
        self._row_height = vertical.defaultSectionSize()
        # Set on the title column only while snippets show: otherwise Qt's own
        # delegate paints titles without a call into Python per row.
        self.snippets = SnippetDelegate(self)

    def show_snippets(self, on: bool) -> None:
        """Two-line rows with each hit's snippet (while a search is shown), or one line."""
        if on == self.snippets.enabled:
            return
        self.snippets.enabled = on
        self.setItemDelegateForColumn(COL_TITLE, self.snippets if on else self.itemDelegate())
        height = self._row_height * 2 - 4 if on else self._row_height
        self.verticalHeader().setDefaultSectionSize(height)
        self.doItemsLayout()
        self.viewport().update()

    def _header_menu(self, point: QPoint) -> None:
        """Right-click on the header: show or hide columns (the title always shows)."""
        menu = QMenu(self)
        for column, name in enumerate(HEADERS):
            if column == COL_TITLE:
                continue
            label = {COL_STAR: "Starred", COL_UPVOTES: "Upvotes"}.get(column, name)
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.popup(self.horizontalHeader().mapToGlobal(point))
        self.header_menu = menu  # for tests

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and last paper (a list, not a spreadsheet)."""
        model = self.model()
        column = max(self.currentIndex().column(), 0)
        if action == QAbstractItemView.CursorAction.MoveHome and model.rowCount() > 0:
            return model.index(0, column)
        if action == QAbstractItemView.CursorAction.MoveEnd and model.rowCount() > 0:
            return model.index(model.rowCount() - 1, column)
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        before = self.currentIndex().row()
        super().keyPressEvent(event)
        if self.currentIndex().isValid() and self.currentIndex().row() != before:
            self.navigated.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A left click on a paper chooses it, even the one the window had put
        the cursor on; a right click only opens the menu."""
        super().mousePressEvent(event)
        clicked = self.indexAt(event.position().toPoint())
        left = event.button() == Qt.MouseButton.LeftButton
        if left and clicked.isValid() and clicked.row() == self.currentIndex().row():
            self.navigated.emit()

    @property
    def rows_painted(self) -> bool:
        """Rows have been on screen (``first_paint`` was sent or is on its way)."""
        return self._painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._painted
            and watched is self.viewport()
            and event.type() == QEvent.Type.Paint
            and self.model().rowCount() > 0
        ):
            self._painted = True
            QTimer.singleShot(0, self.first_paint.emit)  # after this paint has happened
        return super().eventFilter(watched, event)
