"""The daily backup is made after the window's first rows, not before them."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.search.index import SearchIndex
from readinglist.gui import online_jobs
from tests.conftest import TODAY
from tests.gui.conftest import WindowFactory


def _backups(library: Library) -> list[str]:
    folder = library.paths.backups
    return sorted(p.name for p in folder.glob("library-*.sqlite3")) if folder.exists() else []


def test_window_makes_the_daily_backup_after_it_is_up(
    qtbot: QtBot, loaded: Library, make_window: WindowFactory
) -> None:
    root = loaded.paths.root
    for old in loaded.paths.backups.glob("library-*.sqlite3"):
        old.unlink()  # none expected (the fixture opened an empty library), but be sure
    loaded.close()
    library = open_library(root, today=lambda: TODAY, rebuild_index="later", backup=False)
    try:
        assert _backups(library) == []  # opening no longer copies the database
        window = make_window(library)
        with qtbot.waitSignal(window.daily_backup.done, timeout=20_000):
            window.daily_backup.start()
        (made,) = _backups(library)
        window.daily_backup.start()  # once per session
        assert _backups(library) == [made]
    finally:
        library.close()


def test_a_failed_backup_is_a_status_message_not_a_dialog(
    qtbot: QtBot, loaded: Library, make_window: WindowFactory
) -> None:
    blocker = loaded.paths.backups
    if blocker.exists():
        for old in blocker.glob("*"):
            old.unlink()
        blocker.rmdir()
    blocker.write_text("a file where the backups folder should be")
    window = make_window(loaded)
    with qtbot.waitSignal(window.warnings.warned, timeout=20_000) as warned:
        window.daily_backup.start()
    assert "backup" in str(warned.args[0]).lower()
    assert window.status.errors == []


def test_closing_stops_the_rebuild_and_waits_for_the_backup(
    qtbot: QtBot, loaded: Library, make_window: WindowFactory
) -> None:
    import shutil

    root, index_dir = loaded.paths.root, loaded.paths.index
    for old in loaded.paths.backups.glob("library-*.sqlite3"):
        old.unlink()
    loaded.close()
    shutil.rmtree(index_dir)
    library = open_library(root, today=lambda: TODAY, rebuild_index="later", backup=False)
    try:
        window = make_window(library)
        window.daily_backup.start()
        window.index_rebuild.start()
        window.close()  # at once: neither task may still run once it returns
        assert window.index_rebuild.pool.activeThreadCount() == 0
        assert len(_backups(library)) == 1  # the backup was waited for, whole
    finally:
        library.close()
    with open_library(root, today=lambda: TODAY) as again:  # a stopped rebuild starts again
        assert again.search("distillation").total > 0


def test_the_librarys_warnings_show_even_when_the_backup_fails(
    qtbot: QtBot, loaded: Library, make_window: WindowFactory
) -> None:
    loaded.warnings.append("The search index could not be updated (a test).")
    blocker = loaded.paths.backups
    if blocker.exists():
        for old in blocker.glob("*"):
            old.unlink()
        blocker.rmdir()
    blocker.write_text("a file where the backups folder should be")
    window = make_window(loaded)  # its first rows start the backup, which fails
    qtbot.waitUntil(lambda: len(window.warnings.shown) == 2, timeout=20_000)
    first, second = window.warnings.shown
    assert first == "The search index could not be updated (a test)."  # shown, not lost
    assert "backup failed" in second
    assert window.status.errors == []


def test_once_the_backup_is_done_the_http_stack_is_readied_on_a_worker(
    qtbot: QtBot, loaded: Library, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first fetch then imports nothing on its worker while the window repaints."""
    on_gui: list[bool] = []
    window = make_window(loaded)
    monkeypatch.setattr(
        online_jobs, "warm_up", lambda: on_gui.append(QThread.currentThread() is window.thread())
    )
    window.daily_backup.done.emit()
    qtbot.waitUntil(lambda: on_gui != [], timeout=20_000)
    assert not any(on_gui)


def test_the_http_stack_is_readied_after_an_index_rebuild_not_beside_it(
    qtbot: QtBot, loaded: Library, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index_dir = loaded.paths.root, loaded.paths.index
    loaded.close()
    shutil.rmtree(index_dir)
    library = open_library(root, today=lambda: TODAY, rebuild_index="later", backup=False)
    order: list[str] = []  # both appended on the upkeep pool's one thread
    reindex = library.reindex

    def reindexed(*args: Any, **kwargs: Any) -> Any:
        try:
            return reindex(*args, **kwargs)
        finally:
            order.append("rebuilt")

    library.reindex = reindexed  # type: ignore[method-assign]
    monkeypatch.setattr(online_jobs, "warm_up", lambda: order.append("readied"))
    index = library.index
    assert isinstance(index, SearchIndex)
    index._write.acquire()  # the rebuild cannot finish before the warm-up is queued
    try:
        window = make_window(library)
        window.index_rebuild.start()  # if the first paint has not started it already
        window.daily_backup.done.emit()  # as a backup queued before the rebuild would be
    finally:
        index._write.release()
    try:
        qtbot.waitUntil(lambda: "readied" in order, timeout=60_000)
        assert order[0] == "rebuilt" and set(order[1:]) == {"readied"}
        window.close()
    finally:
        library.close()
