"""The window syncs by itself: a change synced in appears without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.core.sync.status import FileProblem, SyncReport, SyncStatus
from readinglist.gui.controllers import sync as sync_controller
from readinglist.gui.controllers.sync import describe
from readinglist.gui.main_window import MainWindow
from readinglist.gui.preferences import PreferencesDialog
from readinglist.gui.sync_panel import SyncPanel
from tests.conftest import TODAY
from tests.gui.conftest import WindowFactory

HEADER = "new\n\nSubscribe\n\nbyAK and the research community\n\n"


def _digest(day: str, *titles: str) -> str:
    return HEADER + f"{day}\n\n" + "".join(f"{t}\n\nAbout {t}.\n\n" for t in titles)


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [row.title for row in (model.row_data(r) for r in range(model.rowCount())) if row]


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Library]:
    """Another device's library, in this process."""
    with Library.open(tmp_path / "other", today=lambda: TODAY, backup=False) as library:
        yield library


def test_a_change_synced_in_appears_without_a_restart(
    qtbot: QtBot, make_window: WindowFactory, library: Library, other: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "Sync"
    library.import_text(_digest("Mar 13", "Paper Here"))
    library.sync.join(folder)
    window = make_window(library)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=10_000)
    other.sync.join(folder)
    other.import_text(_digest("Mar 14", "Arrived From Elsewhere"))
    with qtbot.waitSignal(window.sync.synced, timeout=15_000):
        other.sync.run()  # a file appears in the folder; the window notices
    qtbot.waitUntil(lambda: "Arrived From Elsewhere" in _titles(window), timeout=5_000)
    assert "1 new paper" in window.sync_label.toolTip()
    assert window.sync_label.isVisible()


def test_a_change_made_here_is_shared_soon_after(
    qtbot: QtBot,
    settings: QSettings,
    library: Library,
    other: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync_controller, "AFTER_CHANGE_MS", 200)
    folder = tmp_path / "Sync"
    library.import_text(_digest("Mar 13", "Paper Here"))
    library.sync.join(folder)
    other.sync.join(folder)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.sync.start()
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=10_000)
    with qtbot.waitSignal(window.sync.synced, timeout=10_000):
        library.mark(library.paper_ids(), starred=True)
    other.sync.run()
    assert all(p.starred for p in other.papers(other.paper_ids()))
    window.close()


def test_joining_and_leaving_from_preferences(
    qtbot: QtBot, make_window: WindowFactory, library: Library, tmp_path: Path
) -> None:
    window = make_window(library)
    window.sync.start()
    panel = SyncPanel(window.sync)
    qtbot.addWidget(panel)
    assert "does not sync" in panel.details.text()
    assert not panel.leave.isEnabled()
    with qtbot.waitSignal(window.sync.folder_changed, timeout=10_000):
        window.sync.join(tmp_path / "Sync")
    qtbot.waitUntil(lambda: "Sync folder:" in panel.details.text(), timeout=10_000)
    assert panel.leave.isEnabled() and panel.choose.text() == "Change Folder…"
    with qtbot.waitSignal(window.sync.folder_changed, timeout=10_000):
        panel.leave.click()
    qtbot.waitUntil(lambda: "does not sync" in panel.details.text(), timeout=10_000)
    assert library.sync.folder() is None
    dialog = PreferencesDialog(window.settings, window, [SyncPanel(window.sync)])
    qtbot.addWidget(dialog)
    assert dialog.findChild(SyncPanel) is not None


def test_the_status_bar_says_when_and_what_is_wrong() -> None:
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    report = SyncReport(when=now - timedelta(minutes=7), folder="/f", device="a" * 16)
    assert describe(SyncStatus("/f", "a" * 16, report), now) == "Synced 7 min ago"
    assert describe(SyncStatus("/f", "a" * 16, None), now) == "Not synced yet"
    assert describe(SyncStatus("/f", "a" * 16, report, error="gone"), now) == "Sync failed"
    bad = SyncReport(
        when=now, folder="/f", device="a" * 16, problems=(FileProblem("x/1", "x", "damaged"),)
    )
    assert describe(SyncStatus("/f", "a" * 16, bad), now) == "Synced, 1 problem"


def test_a_device_whose_files_cannot_be_read_is_named_in_the_window(
    qtbot: QtBot, make_window: WindowFactory, library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "Sync"
    library.import_text(_digest("Mar 13", "Paper Here"))
    library.sync.join(folder)
    window = make_window(library)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=10_000)
    foreign = folder / "devices" / "0123456789abcdef" / "0000000001.update"
    foreign.parent.mkdir(parents=True)
    foreign.write_bytes(b"not ours")
    qtbot.waitUntil(lambda: window.sync_label.text() == "Synced, 1 problem", timeout=15_000)
    tip = window.sync_label.toolTip()
    assert "device 0123456789abcdef could not be read" in tip
    assert "Paper Here" in _titles(window)
