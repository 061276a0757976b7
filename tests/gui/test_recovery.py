"""A damaged library is offered back from its latest backup with one button."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from readinglist.core.errors import LibraryDamagedError
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.gui.recovery import RecoveryDialog
from tests.conftest import TODAY
from tests.support.corrupt import garbage


def test_restore_this_backup_brings_the_library_back_and_keeps_the_damaged_one(
    qtbot: QtBot, loaded: Library
) -> None:
    root = loaded.paths.root
    loaded.close()
    with open_library(root, today=lambda: TODAY) as library:
        [backup] = library.backups.all()
    database = root / "library.sqlite3"
    garbage(database)
    damaged = database.read_bytes()
    with pytest.raises(LibraryDamagedError) as caught:
        open_library(root, today=lambda: TODAY)

    dialog = RecoveryDialog(root, caught.value)
    qtbot.addWidget(dialog)
    assert backup.name in dialog.informativeText()
    assert dialog.restore_button is not None
    dialog.open()
    with qtbot.waitSignal(dialog.restored, timeout=20_000) as done:
        dialog.restore_button.click()
    assert backup.name in done.args[0]
    with open_library(root, today=lambda: TODAY) as library:
        assert library.count() == 230
    [kept] = (root / "backups").glob("damaged-*.sqlite3")
    assert kept.read_bytes() == damaged  # what it replaced, untouched
