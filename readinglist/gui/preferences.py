"""User preferences kept in ``QSettings``, and the small dialog that edits them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

READ_DELAY_KEY = "triage/mark_read_after_ms"
THEME_KEY = "appearance/theme"
#: Off unless the user turns it on: the app goes online only when asked.
ENRICH_AFTER_IMPORT_KEY = "online/enrich_after_import"
NEVER = -1
DEFAULT_READ_DELAY = 3000
READ_DELAYS = (
    ("Never (only with r)", NEVER),
    ("Immediately", 0),
    ("After 1 second", 1000),
    ("After 3 seconds", 3000),
    ("After 10 seconds", 10000),
    ("After 30 seconds", 30000),
)
THEMES = (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark"))


def read_delay(settings: QSettings) -> int:
    """Milliseconds a paper stays open before it is marked read; ``NEVER`` = -1."""
    value = settings.value(READ_DELAY_KEY, DEFAULT_READ_DELAY)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_READ_DELAY


def enrich_after_import(settings: QSettings) -> bool:
    """True when the user chose to complete imported papers online after each import."""
    return str(settings.value(ENRICH_AFTER_IMPORT_KEY, "false")).lower() == "true"


def theme(settings: QSettings) -> str:
    value = str(settings.value(THEME_KEY, "system"))
    return value if value in {t for _, t in THEMES} else "system"


class PreferencesDialog(QDialog):
    """``sections``: more widgets shown under the preferences (the sync panel)."""

    def __init__(
        self,
        settings: QSettings,
        parent: QWidget | None = None,
        sections: Sequence[QWidget] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.delay = QComboBox(self)
        self.delay.setToolTip("How long a paper stays open before it counts as read")
        for text, ms in READ_DELAYS:
            self.delay.addItem(text, ms)
        current = read_delay(settings)
        index = self.delay.findData(current)
        if index < 0:
            self.delay.addItem(f"After {current} ms", current)
            index = self.delay.count() - 1
        self.delay.setCurrentIndex(index)
        self.theme = QComboBox(self)
        for text, value in THEMES:
            self.theme.addItem(text, value)
        self.theme.setCurrentIndex(self.theme.findData(theme(settings)))
        self.enrich = QCheckBox("Complete imported papers online", self)
        self.enrich.setObjectName("enrichAfterImport")
        self.enrich.setToolTip(
            "After each import, ask Hugging Face (the digest's day, arXiv ids) and arXiv\n"
            "(arXiv ids; titles of papers without one) for authors, ids and categories.\n"
            "Nothing else is sent. Off: the app goes online only when you ask."
        )
        self.enrich.setChecked(enrich_after_import(settings))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("Mark a paper read", self.delay)
        form.addRow("Appearance", self.theme)
        form.addRow("Online", self.enrich)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.addLayout(form)
        for section in sections:
            layout.addSpacing(12)
            layout.addWidget(section)
        layout.addSpacing(12)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def accept(self) -> None:
        self.settings.setValue(READ_DELAY_KEY, int(self.delay.currentData()))
        self.settings.setValue(THEME_KEY, str(self.theme.currentData()))
        self.settings.setValue(ENRICH_AFTER_IMPORT_KEY, self.enrich.isChecked())
        super().accept()
