"""The open-time integrity check is skipped only for a file a clean close left."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from readinglist.core import checked
from readinglist.core.db import DB_NAME, Database
from readinglist.core.errors import LibraryDamagedError
from tests.helpers import closed_library
from tests.support.corrupt import zero_page


@pytest.fixture
def database(tmp_path: Path, sample_paths: list[Path]) -> Path:
    return closed_library(tmp_path / "lib", sample_paths[0]) / DB_NAME


def test_a_clean_close_stamps_the_file_and_an_open_forgets_the_stamp(database: Path) -> None:
    assert checked.untouched(database)
    db = Database.open(database)
    assert not checked.stamp_path(database).exists()  # open: the file may change
    db.close()
    assert checked.untouched(database)


def test_any_change_to_the_file_means_checking_again(database: Path, tmp_path: Path) -> None:
    with database.open("r+b") as fh:  # the same bytes written back: only the times change
        data = fh.read(100)
        fh.seek(0)
        fh.write(data)
    assert not checked.untouched(database)

    Database.open(database).close()
    copy = tmp_path / "copy" / DB_NAME
    copy.parent.mkdir()
    shutil.copy2(database, copy)  # times kept, but another file
    shutil.copy2(checked.stamp_path(database), checked.stamp_path(copy))
    assert not checked.untouched(copy)


def test_a_log_left_beside_the_file_means_checking_again(database: Path) -> None:
    Database.open(database).close()
    database.with_name(database.name + "-wal").write_bytes(b"")  # what a crash leaves
    assert not checked.untouched(database)


def test_damage_under_a_stamp_is_still_reported_when_read(database: Path) -> None:
    """A failing disk changes no time: the open trusts the stamp (it would
    refuse the file otherwise), and reading the bad page says it is damaged."""
    with sqlite3.connect(database) as raw:
        [(root,)] = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'paper'")
    raw.close()
    zero_page(database, root)
    checked.record(database)  # as if the bits had rotted under the stamp
    db = Database.open(database)
    try:
        with pytest.raises(LibraryDamagedError, match="damaged"), db.read() as conn:
            conn.exec_driver_sql("SELECT * FROM paper").fetchall()
    finally:
        db.close()
    checked.forget(database)
    with pytest.raises(LibraryDamagedError, match="damaged"):
        Database.open(database)  # and without the stamp the open itself refuses it
