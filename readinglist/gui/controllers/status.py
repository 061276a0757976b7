"""Where every controller reports: status-bar messages, the progress bar, error and notice boxes.

One sink, so that every error a user sees is recorded and signalled the same
way (the tests wait on :attr:`StatusSink.error_shown`), and so that the one
progress bar is shared sensibly between workers and the index rebuild.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar


class StatusSink(QObject):
    error_shown = Signal(str, str)  # title, message
    notice_shown = Signal(str, str)  # title, message

    def __init__(self, window: QMainWindow, progress: QProgressBar) -> None:
        super().__init__(window)
        self._window = window
        self.progress = progress
        self.errors: list[tuple[str, str]] = []
        self.notices: list[tuple[str, str]] = []
        self._percent_shown = False  # the bar shows the index rebuild's percentage

    # messages and errors -------------------------------------------------------

    def say(self, text: str, timeout_ms: int = 0) -> None:
        self._window.statusBar().showMessage(text, timeout_ms)

    def clear(self) -> None:
        self._window.statusBar().clearMessage()

    def show_error(self, title: str, message: str) -> None:
        """Every error a user sees passes here: recorded, signalled, shown non-modally."""
        self.errors.append((title, message))
        self.error_shown.emit(title, message)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self._window
        )
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Beside the window, not over it: the keyboard stays where the user was.
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        box.show()

    def show_notices(self, title: str, message: str, details: str = "") -> None:
        """What went well but needs reading (entries skipped, keys replaced): shown
        non-modally, recorded and signalled like errors; ``details`` (the whole
        list) behind the box's Show Details, scrollable."""
        self.notices.append((title, message))
        self.notice_shown.emit(title, details or message)
        box = QMessageBox(
            QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok,
            self._window,
        )  # fmt: skip
        box.setObjectName("noticeBox")
        if details and details != message:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Beside the window, not over it: the keyboard stays where the user was.
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        box.show()

    def show_new_warnings(self, warnings: list[str], since: int, title: str) -> None:
        """The Library's warnings added since ``since`` (a citation key replaced
        on its way out...), shown as notices."""
        if new := warnings[since:]:
            self.show_notices(title, "\n".join(new))

    def failed(self, exc: BaseException) -> None:
        """A command or a worker raised: say so (the error's own message)."""
        self.show_error("That did not work", str(exc))

    # the progress bar ------------------------------------------------------------

    def work_progress(self, done: int, total: int) -> None:
        """A worker's ``done`` of ``total`` (a busy bar while there is one step)."""
        self.progress.setRange(0, max(total, 1) if total > 1 else 0)
        self.progress.setValue(done)

    def busy(self, busy: bool) -> None:
        """Workers started or all ended (:attr:`Workers.busy_changed`)."""
        if self._percent_shown:
            return  # the bar shows the rebuild's percentage until it ends
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def percent(self, value: int) -> None:
        self._percent_shown = True
        self.progress.show()
        self.progress.setRange(0, 100)
        self.progress.setValue(value)

    def percent_done(self, busy: bool) -> None:
        """The percentage is over; the bar stays only while workers are ``busy``."""
        self._percent_shown = False
        self.progress.setVisible(busy)
