"""The search field: results while typing, debounced; Esc clears.

The field only says *what* to search (:attr:`SearchBar.query_changed`, after
the user pauses); the search controller runs the query on a worker and drops
answers to queries that are no longer current.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QToolButton, QWidget

from readinglist.gui.icons import icon

#: Quiet time after a keystroke before the query goes out: the list answers
#: within 200 ms of the last key on 100,000 papers. A slow typist's pause
#: mid-word may search a part of it; that runs on a worker, and an answer
#: overtaken by a newer query is dropped.
DEBOUNCE_MS = 100


class SearchBar(QLineEdit):
    query_changed = Signal(str)  # "" means: no search, show the sidebar's list
    escaped = Signal()
    scope_changed = Signal(bool)  # True: only the list shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self.setPlaceholderText("Search  (Ctrl+F or /)")
        self.setClearButtonEnabled(True)
        self.addAction(icon("edit-find"), QLineEdit.ActionPosition.LeadingPosition)
        self.setToolTip(
            "Search titles, abstracts, notes and tags while you type.\n"
            'Words, "a phrase", prefix*, fuzzy~, title:word, tag:name. Esc clears.'
        )
        self.setMinimumWidth(200)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self._last = ""
        self.textChanged.connect(self._changed)
        self.installEventFilter(self)
        # What the search covers, always in sight beside the field (the window
        # puts it in the toolbar); a click switches it.
        self.scope_button = QToolButton(parent)
        self.scope_button.setObjectName("searchScope")
        self.scope_button.setCheckable(True)
        self.scope_button.setAutoRaise(True)
        self.scope_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.scope_button.clicked.connect(self.scope_changed)
        self.show_scope(False, "")

    def show_scope(self, scoped: bool, name: str) -> None:
        """Say what the search covers: the whole library, or the list ``name``."""
        self.scope_button.setChecked(scoped)
        self.scope_button.setText(f"In {name}" if scoped else "In all papers")
        self.scope_button.setToolTip(
            f"Searching only {name}: click to search the whole library (Ctrl+Shift+F)"
            if scoped
            else "Searching the whole library: click to search only the list shown (Ctrl+Shift+F)"
        )

    def _changed(self, _text: str) -> None:
        self._timer.start()

    def _emit(self) -> None:
        query = self.text().strip()
        if query != self._last:
            self._last = query
            self.query_changed.emit(query)

    def flush(self) -> None:
        """Emit the pending query now (Enter, tests)."""
        self._timer.stop()
        self._emit()

    def clear_search(self) -> None:
        self.clear()
        self.flush()

    @property
    def active(self) -> bool:
        return bool(self._last)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.clear_search()
                self.escaped.emit()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                self.flush()
                self.escaped.emit()  # hand the keyboard to the list
                return True
        return super().eventFilter(watched, event)
