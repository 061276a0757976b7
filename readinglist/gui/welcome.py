"""What an empty library shows: how to get the first papers in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

WIDTH = 520


class WelcomePage(QWidget):
    import_requested = Signal()
    samples_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel("Your reading list is empty", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            "Import a daily digest to start: a file, text pasted with Ctrl+V, or a file dropped "
            "on this window. Then triage with the keyboard: j/k to move, s to star, "
            "r to mark read, n to write a note. Press F1 for every shortcut.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMinimumHeight(
            text.heightForWidth(WIDTH) + 4
        )  # layouts ignore height-for-width here
        self.import_button = QPushButton("Import a digest…", self)
        self.import_button.setObjectName("welcomeImport")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.import_requested)
        self.samples_button = QPushButton("Load the sample digests", self)
        self.samples_button.setObjectName("welcomeSamples")
        self.samples_button.clicked.connect(self.samples_requested)
        for button in (self.import_button, self.samples_button):
            button.setMinimumWidth(240)
        # A fixed-width column, centred: wrapped text gets its true height.
        column = QWidget(self)
        column.setFixedWidth(WIDTH)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(10)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(text)
        inner.addSpacing(14)
        inner.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.samples_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
