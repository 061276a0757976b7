"""The rules behind triage that follows the user: the digest's own order, the
bin (restore, empty for good) and an explicit unread that sticks."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from readinglist.core import migrations
from readinglist.core.errors import NotFoundError
from readinglist.core.factory import open_library
from readinglist.core.importers import parse_input
from readinglist.core.library import Library
from readinglist.core.views import PaperFilter, SortKey, View
from tests.conftest import TODAY
from tests.helpers import listed_ids


def test_the_inbox_in_digest_order_is_the_digest_as_listed_ids(
    library: Library, sample_paths: list[Path]
) -> None:
    library.import_file(sample_paths[3])
    inbox = library.paper_ids(PaperFilter(view=View.INBOX), SortKey.DIGEST_ORDER)
    assert inbox == listed_ids(library, sample_paths[3])
    reverse = library.paper_ids(
        PaperFilter(view=View.INBOX), SortKey.DIGEST_ORDER, descending=False
    )
    assert reverse == inbox[::-1]


def test_newest_digest_first_then_its_order(loaded: Library, sample_paths: list[Path]) -> None:
    days = {
        p: parse_input(p.read_bytes(), p.name, today=TODAY).digests[0].day for p in sample_paths
    }
    newest = max(sample_paths, key=days.__getitem__)
    order = loaded.paper_ids(PaperFilter(), SortKey.DIGEST_ORDER)
    first = listed_ids(loaded, newest)
    assert order[: len(first)] == first
    # every paper sits under the newest digest that listed it
    listed_days = [loaded.paper(i).listed_day for i in order]
    assert listed_days == sorted(listed_days, key=lambda d: d or date.min, reverse=True)
    # one digest's own list follows that digest, whichever is newer
    march = min(sample_paths, key=days.__getitem__)
    flt = PaperFilter(digest_day=days[march])
    assert loaded.paper_ids(flt, SortKey.DIGEST_ORDER) == listed_ids(loaded, march)


def test_an_older_digest_imported_later_keeps_the_newer_listing(
    library: Library, sample_paths: list[Path]
) -> None:
    library.import_file(sample_paths[1])  # Mar 14
    before = {i: library.paper(i).listed_day for i in library.paper_ids()}
    library.import_file(sample_paths[0])  # Mar 13, shares papers with Mar 14
    for paper_id, day in before.items():
        assert library.paper(paper_id).listed_day == day


#: The migration that added the digest order and the sticky unread.
TRIAGE_MIGRATION = next(
    n for n, script in enumerate(migrations.MIGRATIONS) if "keep_unread" in script
)


def test_the_migration_fills_the_listing_of_an_older_library(
    tmp_path: Path, sample_paths: list[Path]
) -> None:
    """A library from before the migration (its schema built by the migrations
    before it, its rows those of a library of today) upgrades in digest order."""
    new = tmp_path / "new"
    with open_library(new, today=lambda: TODAY) as library:
        library.import_file(sample_paths[3])
        expected = library.paper_ids(PaperFilter(), SortKey.DIGEST_ORDER)
    root = tmp_path / "lib"
    root.mkdir()
    with closing(sqlite3.connect(root / "library.sqlite3", isolation_level=None)) as conn:
        for script in migrations.MIGRATIONS[:TRIAGE_MIGRATION]:
            for statement in migrations._statements(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {TRIAGE_MIGRATION}")
        conn.execute("ATTACH DATABASE ? AS new", (str(new / "library.sqlite3"),))
        for table in ("digest", "paper", "digest_entry"):
            names = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
            conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM new.{table}")
        conn.execute("DETACH DATABASE new")
    with open_library(root, today=lambda: TODAY) as library:
        assert library.paper_ids(PaperFilter(), SortKey.DIGEST_ORDER) == expected


def test_bin_restore_and_empty(loaded: Library) -> None:
    ids = loaded.paper_ids(PaperFilter(), SortKey.DIGEST_ORDER)[:3]
    loaded.tags.add(ids[:1], ["keep"])
    loaded.remove(ids)
    assert loaded.paper_ids(PaperFilter(view=View.BIN)) == sorted(ids, reverse=True)
    assert loaded.stats().binned == 3
    assert loaded.paper(ids[0], include_removed=True).removed_at is not None
    with pytest.raises(NotFoundError):
        loaded.paper(ids[0])
    loaded.bin.restore(ids[:1])
    assert loaded.tags.of(ids[0]) == ["keep"]
    assert [h.paper_id for h in loaded.search("tag:keep").hits] == ids[:1]  # indexed again
    assert loaded.bin.empty() == 2
    assert loaded.stats().binned == 0
    assert loaded.stats().papers == 228
    assert loaded.paper_ids(PaperFilter(view=View.BIN)) == []
    with pytest.raises(NotFoundError):
        loaded.paper(ids[1], include_removed=True)
    assert loaded.bin.empty() == 0
    assert loaded.check(repair=False).ok


def test_an_explicit_unread_sticks_until_marked_read(tmp_path: Path, loaded: Library) -> None:
    first, second = loaded.paper_ids(PaperFilter(), SortKey.DIGEST_ORDER)[:2]
    assert loaded.mark_read_automatically(first)
    assert loaded.paper(first).read
    assert not loaded.mark_read_automatically(first)  # already read
    loaded.mark([first], read=False)  # the user says: not read
    assert not loaded.mark_read_automatically(first)
    assert not loaded.paper(first).read
    root = loaded.paths.root
    loaded.close()
    with open_library(root, today=lambda: TODAY) as again:  # it sticks across restarts
        assert not again.mark_read_automatically(first)
        assert again.rows([first])[0].keep_unread
        again.mark([first], read=True)
        again.mark([first], read=False, keep_unread=False)  # what undo puts back
        assert again.mark_read_automatically(first)
        assert again.mark_read_automatically(second)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Müller, Jana", "Jana Müller"),
        ("García Márquez, Gabriel", "Gabriel García Márquez"),
        ("King, Jr., Martin Luther", "Martin Luther King Jr."),
        ("Jana Müller", "Jana Müller"),
        ("Plato", "Plato"),
    ],
)
def test_names_are_shown_first_name_first(stored: str, shown: str) -> None:
    from readinglist.core.names import display_name, display_names

    assert display_name(stored) == shown
    assert display_names(["Müller, Jana", "Smith, John"]) == "Jana Müller, John Smith"
