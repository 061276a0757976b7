"""A damaged database is never a crash, and never a silent empty library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from readinglist.core.errors import LibraryDamagedError
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.restore import restore_library
from tests.conftest import TODAY
from tests.helpers import closed_library
from tests.support.corrupt import (
    garbage,
    page_count,
    truncate_half,
    unreadable_schema_name,
    zero_page,
)
from tests.support.processes import run_cli


@pytest.fixture
def backed_up_root(loaded: Library) -> Path:
    """A closed library of 230 papers with its daily backup."""
    root = loaded.paths.root
    loaded.close()
    with open_library(root, today=lambda: TODAY) as library:
        assert len(library.backups.all()) == 1
    return root


def _middle(path: Path) -> None:
    zero_page(path, page_count(path) // 2)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage": garbage,
    "truncated": truncate_half,
    "zeroed-first-page": lambda p: zero_page(p, 1),
    "zeroed-middle-page": _middle,
    "zeroed-schema-page": lambda p: zero_page(p, 2),
    "schema-name-not-utf8": unreadable_schema_name,
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_file_names_the_latest_backup(
    backed_up_root: Path, damage: Callable[[Path], None]
) -> None:
    database = backed_up_root / "library.sqlite3"
    damage(database)
    damaged = database.read_bytes()

    with pytest.raises(LibraryDamagedError) as caught:
        open_library(backed_up_root, today=lambda: TODAY)

    [latest] = sorted((backed_up_root / "backups").glob("library-*.sqlite3"))
    assert caught.value.backup == latest
    message = str(caught.value)
    assert "damaged" in message and f"readinglist restore {latest}" in message
    assert database.read_bytes() == damaged  # opening never "repairs" it into something else

    restore_library(backed_up_root, latest)
    with open_library(backed_up_root, today=lambda: TODAY) as library:
        assert library.count() == 230
        assert library.check().ok


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_database_with_backups_is_not_a_new_empty_library(
    backed_up_root: Path, how: str
) -> None:
    database = backed_up_root / "library.sqlite3"
    if how == "deleted":
        database.unlink()
    else:
        database.write_bytes(b"")
    with pytest.raises(LibraryDamagedError, match=r"missing or empty.*readinglist restore"):
        open_library(backed_up_root, today=lambda: TODAY)
    assert not database.exists() or database.stat().st_size == 0


def test_a_damaged_file_without_backups_says_so(tmp_path: Path, sample_paths: list[Path]) -> None:
    root = closed_library(tmp_path / "lib", sample_paths[0])
    for made in (root / "backups").glob("*"):
        made.unlink()
    zero_page(root / "library.sqlite3", 2)
    with pytest.raises(LibraryDamagedError, match="no backup") as caught:
        open_library(root, today=lambda: TODAY)
    assert caught.value.backup is None


def test_the_cli_reports_damage_in_one_line(backed_up_root: Path) -> None:
    _middle(backed_up_root / "library.sqlite3")
    for command in (["stats"], ["check"], ["list", "--json"]):
        done = run_cli(backed_up_root, *command)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert "damaged" in done.stderr and "readinglist restore" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_restore_works_on_any_damaged_file(
    backed_up_root: Path, damage: Callable[[Path], None]
) -> None:
    """The recovery command, from a real shell, whatever the file holds."""
    database = backed_up_root / "library.sqlite3"
    damage(database)
    damaged = database.read_bytes()
    [latest] = sorted((backed_up_root / "backups").glob("library-*.sqlite3"))
    listed = run_cli(backed_up_root, "list")
    assert listed.returncode == 1 and "Traceback" not in listed.stderr
    assert f"readinglist restore {latest}" in listed.stderr

    done = run_cli(backed_up_root, "restore", latest)

    assert done.returncode == 0, done.stderr
    [aside] = (backed_up_root / "backups").glob("damaged-*.sqlite3")
    assert aside.read_bytes() == damaged
    assert run_cli(backed_up_root, "check").returncode == 0
    assert "230" in run_cli(backed_up_root, "stats").stdout


def test_a_damaged_backup_is_refused_in_one_line(backed_up_root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    [latest] = sorted((backed_up_root / "backups").glob("library-*.sqlite3"))
    bad.write_bytes(latest.read_bytes())
    unreadable_schema_name(bad)
    done = run_cli(backed_up_root, "restore", bad)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "damaged" in done.stderr and "Nothing was changed" in done.stderr
