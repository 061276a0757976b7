"""The visible sign that the paper shown is about to be marked read.

Marking read after a delay is the window acting on the user's behalf, so it
must never happen unseen: while the delay runs, a thin bar under the detail
pane's title fills and says when; once done it says it was marked (and how
to take it back); a paper the user keeps unread says so instead.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

TICK_MS = 100


class ReadMarker(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readMarker")
        self.label = QLabel("", self)
        self.label.setEnabled(False)  # the dim, secondary text colour
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(4)
        self.bar.setFixedWidth(48)
        self.setToolTip(
            "A paper you move to and stay on is marked read after the delay set in "
            "Preferences; moving on first leaves it unread. Marking it unread yourself "
            "keeps it unread."
        )
        self.bar.setRange(0, 1000)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 0, 14, 0)
        layout.setSpacing(8)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self._clock = QElapsedTimer()
        self._delay = 0
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self.clear()

    def set_margins(self, side: int) -> None:
        self._layout.setContentsMargins(side, 0, side, 0)

    @property
    def counting(self) -> bool:
        return self._ticker.isActive()

    def count_down(self, delay_ms: int) -> None:
        """The paper is marked read in ``delay_ms`` unless the user moves on."""
        self._delay = max(delay_ms, 1)
        self._clock.start()
        self.bar.setValue(0)
        self.bar.show()
        self._ticker.start()
        self._tick()
        self.show()

    def marked(self) -> None:
        self._stop("Marked read · r marks it unread")

    def kept_unread(self) -> None:
        self._stop("Kept unread (you marked it so)")

    def clear(self) -> None:
        self._stop("")

    def _stop(self, text: str) -> None:
        self._ticker.stop()
        self.bar.hide()
        self.label.setText(text)
        self.setVisible(bool(text))

    def _tick(self) -> None:
        elapsed = self._clock.elapsed()
        left = max(self._delay - elapsed, 0)
        self.bar.setValue(min(1000, 1000 * elapsed // self._delay))
        seconds = (left + 999) // 1000
        self.label.setText(f"Read in {seconds} s unless you move on")
