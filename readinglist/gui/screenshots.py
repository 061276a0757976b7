"""``make screenshots``: PNGs of the real window for review and for CI.

Builds a temporary library with the sample digests, opens the main window
offscreen and writes every part of it, in the light and the dark theme, at
1024×700 (a small laptop) and 1600×1000, to ``build/screenshots/`` (or the
folder given): ``PART-THEME-WxH.png`` for the parts in :data:`PARTS`. Run
with ``python -m readinglist.gui.screenshots [DIR]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import LibraryDamagedError
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.gui.app import application
from readinglist.gui.main_window import MainWindow
from readinglist.gui.recovery import RecoveryDialog
from readinglist.gui.theme import apply_theme
from readinglist.resources import sample_digests

SAMPLE_TODAY = date(2026, 11, 21)
SIZES = ((1024, 700), (1600, 1000))
THEMES = ("light", "dark")
PARTS = (
    "main",
    "search",
    "bin",
    "export",
    "autoexports",
    "switcher",
    "context-menu",
    "recovery",
)


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(predicate: Callable[[], bool], timeout_ms: int = 10000) -> None:
    waited = 0
    while not predicate() and waited < timeout_ms:
        settle(25)
        waited += 25


def compose(window: QWidget, popup: QWidget, at: QPoint | None = None, title: str = "") -> QPixmap:
    """The window with a dialog (centred, with a drawn title bar) or a popup
    (at ``at``) over it, as a window manager would show them: offscreen
    windows have no decorations, so the frame is drawn here, in the picture only."""
    shot = window.grab()
    pic = popup.grab()
    palette = popup.palette()
    painter = QPainter(shot)
    if at is not None:
        painter.fillRect(QRect(at, pic.size()).adjusted(-1, -1, 1, 1), QColor(0, 0, 0, 90))
        painter.drawPixmap(at, pic)
        painter.end()
        return shot
    bar = 30
    x = (shot.width() - pic.width()) // 2
    y = max((shot.height() - pic.height() - bar) // 3, 0)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    frame = QRect(x - 1, y - 1, pic.width() + 2, pic.height() + bar + 2)
    painter.fillRect(frame, palette.color(QPalette.ColorRole.Mid))
    painter.fillRect(
        QRect(x, y, pic.width(), bar), palette.color(QPalette.ColorRole.Button).darker(106)
    )
    painter.setPen(palette.color(QPalette.ColorRole.WindowText))
    painter.drawText(
        QRect(x, y, pic.width(), bar),
        Qt.AlignmentFlag.AlignCenter,
        title or popup.windowTitle(),
    )
    painter.drawPixmap(x, y + bar, pic)
    painter.end()
    return shot


class Shooter:
    """Drives one window through every part, for one theme and size."""

    def __init__(self, window: MainWindow, library: Library, out: Path, suffix: str) -> None:
        self.window = window
        self.library = library
        self.out = out
        self.suffix = suffix

    def save(self, part: str, picture: QPixmap | None = None) -> None:
        settle()
        path = self.out / f"{part}-{self.suffix}.png"
        (picture or self.window.grab()).save(str(path))
        print(f"wrote {path}")

    def main(self) -> None:
        w = self.window
        w.lists.show_inbox()
        settle(200)
        w.selection.select_row(min(3, w.model.rowCount() - 1))
        w.reading.user_arrived()  # the countdown before it is marked read
        w.selection.focus_list()
        self.save("main")
        w.reading.stop_reading()

    def search(self) -> None:
        w = self.window
        w.search.focus_search()
        w.search_bar.setText('"knowledge distillation"')
        w.search_bar.flush()
        wait_for(lambda: w.search.query == '"knowledge distillation"')
        w.selection.select_row(0)
        self.save("search")
        w.search.clear_search()
        wait_for(lambda: w.search.query == "")

    def bin(self) -> None:
        w = self.window
        w.lists.show_bin()
        settle(200)
        w.selection.select_row(0)
        self.save("bin")
        w.lists.show_inbox()

    def export(self) -> None:
        w = self.window
        w.lists.show_starred()
        settle(100)
        dialog = w.import_export.export_dialog()
        dialog.path_edit.setText("~/papers/thesis/references.bib")
        settle(200)
        self.save("export", compose(w, dialog))
        dialog.reject()
        w.lists.show_inbox()

    def autoexports(self) -> None:
        w = self.window
        dialog = w.import_export.autoexports_dialog()
        settle(200)
        self.save("autoexports", compose(w, dialog))
        dialog.reject()

    def switcher(self) -> None:
        w = self.window
        dialog = w.navigation.open_switcher()
        dialog.field.setText("mar")
        settle(200)
        self.save("switcher", compose(w, dialog))
        dialog.reject()

    def context_menu(self) -> None:
        w = self.window
        w.lists.show_inbox()
        settle(100)
        rect = w.view.visualRect(w.model.index(2, 1))
        menu = w.navigation.context_menu(rect.center())
        if menu is None:
            return
        settle(200)
        at = w.view.viewport().mapTo(w, rect.center())
        self.save("context-menu", compose(w, menu, at=at))
        menu.close()

    def recovery(self) -> None:
        w = self.window
        backup = self.library.paths.backups / "library-20261120-081500.sqlite3"
        error = LibraryDamagedError(
            f"The library database {self.library.paths.database} is damaged (file is not "
            f"a database). Restore the latest backup: readinglist restore {backup}",
            backup,
        )
        dialog = RecoveryDialog(self.library.paths.root, error, w)
        dialog.open()
        settle(200)
        self.save("recovery", compose(w, dialog, title="The library is damaged"))
        dialog.done(0)


def _library(folder: Path) -> Library:
    library = open_library(folder, today=lambda: SAMPLE_TODAY)
    for item in sample_digests():
        library.import_bytes(item.read_bytes(), item.name)
    ids = library.paper_ids()
    # a morning's triage: some papers read, a few starred, two removed
    library.mark([ids[i] for i in (0, 2, 4, 5, 8, 9, 12)], read=True)
    library.mark([ids[i] for i in (1, 3, 9, 20)], starred=True)
    library.remove([ids[i] for i in (30, 31)])
    library.tags.add([ids[3]], ["distillation", "to-read"])
    library.set_note(
        ids[3],
        "**Why it matters:** a cheap baseline for our ablation.\n\n"
        "- compare with Table 2\n- cite in §4",
    )
    library.bibtex.add_autoexport(folder.parent / "thesis.bib", ExportScope("starred"))
    return library


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "build/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("triage/mark_read_after_ms", 30_000)
        library = _library(Path(tmp) / "library")
        window = MainWindow(library, settings)
        window.show()
        for theme in THEMES:
            apply_theme(app, theme)
            window.detail.refresh_info()
            for width, height in SIZES:
                window.resize(width, height)
                settle(200)
                shooter = Shooter(window, library, out, f"{theme}-{width}x{height}")
                for part in PARTS:
                    getattr(shooter, part.replace("-", "_"))()
        apply_theme(app, "light")
        window.close()
        library.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
