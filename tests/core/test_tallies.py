"""The sidebar's tallies, kept by triggers, always equal a recount.

A state machine applies random sequences of the library's own operations
(imports, marks, stars, notes, the bin and emptying it, tags) and of the
writes no operation makes today but a merge or another program could (an
entry re-pointed to another paper or moved to another digest, a tag's links
re-pointed to another tag, a digest or a paper deleted outright), and after
each step compares the tallies with the recount (core/tally_sql.py) and with a
count done here in Python from the raw rows. The migration's fill and
``readinglist check`` are tested below.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import Connection

from readinglist.core import migrations, tallies
from readinglist.core.importers.base import IncomingDigest, IncomingPaper, ParsedBatch
from readinglist.core.library import Library
from readinglist.core.views import PaperFilter, View
from tests.conftest import TODAY

POOL = tuple(
    IncomingPaper(f"Paper number {i} on tallies", f"Abstract {i}.", arxiv_id=f"2401.{i:05d}")
    for i in range(8)
)
DAYS = tuple(date(2026, 3, d) for d in range(1, 5))
TAGS = ("thesis", "todo")

papers = st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=4)


Counts = tuple[dict[int, tuple[int, int]], dict[int, int], dict[str, int]]


def by_hand(conn: Connection) -> Counts:
    """The digests' and tags' counts and the library's totals, counted in Python from
    the rows."""
    flags: dict[int, tuple[bool, int, int, bool]] = {
        int(i): (removed is None, int(read), int(starred), note != "")
        for i, removed, read, starred, note in conn.exec_driver_sql(
            "SELECT id, removed_at, read, starred, note FROM paper"
        )
    }
    digests = {int(d): [0, 0] for (d,) in conn.exec_driver_sql("SELECT id FROM digest")}
    for digest_id, paper_id in conn.exec_driver_sql("SELECT digest_id, paper_id FROM digest_entry"):
        alive, read, _, _ = flags.get(paper_id, (False, 0, 0, False))
        if digest_id in digests and alive:
            digests[digest_id][0] += 1
            digests[digest_id][1] += not read
    tags = {int(t): 0 for (t,) in conn.exec_driver_sql("SELECT id FROM tag")}
    for tag_id, paper_id in conn.exec_driver_sql("SELECT tag_id, paper_id FROM paper_tag"):
        if tag_id in tags and flags.get(paper_id, (False,))[0]:
            tags[tag_id] += 1
    live = [f for f in flags.values() if f[0]]
    totals = {
        "papers": len(live),
        "unread": sum(1 for f in live if not f[1]),
        "starred": sum(1 for f in live if f[2]),
        "read": sum(1 for f in live if f[1]),
        "noted": sum(1 for f in live if f[3]),
        "binned": len(flags) - len(live),
    }
    return {d: (p, u) for d, (p, u) in digests.items()}, tags, totals


def assert_tallies_agree(library: Library) -> None:
    """The tallies, the recount and the count by hand agree, and so do the reads
    the sidebar makes (``digests``, ``stats``, ``count``) with the plain lists."""
    with library.db.read() as conn:
        digests, tags, totals = by_hand(conn)
        assert tallies.digest_recount(conn) == digests
        assert tallies.tag_recount(conn) == tags
        assert tallies.totals_recount(conn) == totals
        assert tallies.digest_tallies(conn) == digests
        assert tallies.tag_tallies(conn) == tags
        assert tallies.totals(conn) == totals
        assert tallies.disagreements(conn) == []
        days = {str(d): int(i) for d, i in conn.exec_driver_sql("SELECT day, id FROM digest")}
        names = {str(n): int(i) for n, i in conn.exec_driver_sql("SELECT name, id FROM tag")}
    shown = {d.day.isoformat(): (d.papers, d.unread) for d in library.digests()}
    assert shown == {day: digests[i] for day, i in days.items()}
    assert {t.name: t.papers for t in library.tags.all()} == {n: tags[i] for n, i in names.items()}
    stats = library.stats()
    assert (stats.papers, stats.unread, stats.starred, stats.read) == (
        totals["papers"],
        totals["unread"],
        totals["starred"],
        totals["read"],
    )
    assert (stats.noted, stats.binned) == (totals["noted"], totals["binned"])
    for view in View:
        flt = PaperFilter(view=view)
        assert library.count(flt) == len(library.paper_ids(flt)), view


class Tallies(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="tallies-"))
        self.library = Library.open(self.root / "lib", today=lambda: TODAY, backup=False)

    def teardown(self) -> None:
        self.library.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def _id(self, index: int, *, binned: bool | None = False) -> int | None:
        """The id of POOL[index] if it is in the library (in the bin or not, as asked)."""
        sql = "SELECT id, removed_at FROM paper WHERE arxiv_id = ?"
        with self.library.db.read() as conn:
            row = conn.exec_driver_sql(sql, (POOL[index].arxiv_id,)).fetchone()
        if row is None or (binned is not None and (row[1] is not None) != binned):
            return None
        return int(row[0])

    def _raw(self, sql: str, *args: object) -> None:
        with self.library.db.write() as conn:
            conn.exec_driver_sql(sql, args)

    @rule(day=st.sampled_from(DAYS), chosen=papers)
    def import_digest(self, day: date, chosen: list[int]) -> None:
        batch = tuple(POOL[i] for i in dict.fromkeys(chosen))
        self.library.import_batch(ParsedBatch("d.txt", "hf-text", (IncomingDigest(day, batch),)))

    @rule(index=st.integers(0, len(POOL) - 1), read=st.booleans(), starred=st.booleans())
    def mark(self, index: int, read: bool, starred: bool) -> None:
        if (pid := self._id(index)) is not None:
            self.library.mark([pid], read=read, starred=starred)

    @rule(index=st.integers(0, len(POOL) - 1))
    def read_automatically(self, index: int) -> None:
        if (pid := self._id(index)) is not None:
            self.library.mark_read_automatically(pid)

    @rule(index=st.integers(0, len(POOL) - 1), note=st.sampled_from(["", "a note", "another"]))
    def note(self, index: int, note: str) -> None:
        if (pid := self._id(index)) is not None:
            self.library.set_note(pid, note)

    @rule(chosen=papers)
    def remove(self, chosen: list[int]) -> None:
        ids = [pid for i in chosen if (pid := self._id(i)) is not None]
        self.library.remove(ids)

    @rule(chosen=papers)
    def restore(self, chosen: list[int]) -> None:
        ids = [pid for i in chosen if (pid := self._id(i, binned=True)) is not None]
        self.library.restore(ids)

    @rule()
    def empty_bin(self) -> None:
        self.library.bin.empty()

    @rule(index=st.integers(0, len(POOL) - 1), tag=st.sampled_from(TAGS), add=st.booleans())
    def tag(self, index: int, tag: str, add: bool) -> None:
        if (pid := self._id(index)) is not None:
            self.library.tags.change([pid], add=[tag] if add else [], remove=[] if add else [tag])

    @rule(source=st.integers(0, len(POOL) - 1), into=st.integers(0, len(POOL) - 1))
    def repoint_entries(self, source: int, into: int) -> None:
        """What a merge of two papers does with the first one's digest entries."""
        old, new = self._id(source, binned=None), self._id(into, binned=None)
        if old is not None and new is not None:
            self._raw("UPDATE OR IGNORE digest_entry SET paper_id = ? WHERE paper_id = ?", new, old)

    @rule(index=st.integers(0, len(POOL) - 1), day=st.sampled_from(DAYS))
    def move_entry(self, index: int, day: date) -> None:
        if (pid := self._id(index, binned=None)) is not None:
            self._raw(
                "UPDATE OR IGNORE digest_entry"
                " SET digest_id = (SELECT id FROM digest WHERE day = ?)"
                " WHERE paper_id = ? AND EXISTS (SELECT 1 FROM digest WHERE day = ?)",
                day.isoformat(),
                pid,
                day.isoformat(),
            )

    @rule(source=st.sampled_from(TAGS), into=st.sampled_from(TAGS))
    def merge_tags(self, source: str, into: str) -> None:
        """A tag merged into another: its links re-pointed, then the tag deleted."""
        self._raw(
            "UPDATE OR IGNORE paper_tag SET tag_id = (SELECT id FROM tag WHERE name = ?)"
            " WHERE tag_id = (SELECT id FROM tag WHERE name = ?)"
            " AND EXISTS (SELECT 1 FROM tag WHERE name = ?)",
            into,
            source,
            into,
        )
        if source != into:
            self._raw("DELETE FROM tag WHERE name = ?", source)

    @rule(index=st.integers(0, len(POOL) - 1))
    def delete_entries(self, index: int) -> None:
        if (pid := self._id(index, binned=None)) is not None:
            self._raw("DELETE FROM digest_entry WHERE paper_id = ?", pid)

    @rule(day=st.sampled_from(DAYS))
    def delete_digest(self, day: date) -> None:
        self._raw("DELETE FROM digest WHERE day = ?", day.isoformat())

    @rule(index=st.integers(0, len(POOL) - 1))
    def purge_paper(self, index: int) -> None:
        """What sync does with a paper another device deleted for good."""
        if (pid := self._id(index, binned=None)) is not None:
            self._raw("DELETE FROM paper WHERE id = ?", pid)

    @invariant()
    def tallies_agree(self) -> None:
        assert_tallies_agree(self.library)


Tallies.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_tallies_follow_every_operation = Tallies.TestCase


def test_the_samples_tally_as_they_count(loaded: Library) -> None:
    """The five real digests, then a day of triage over them."""
    assert_tallies_agree(loaded)
    ids = loaded.paper_ids()
    loaded.mark(ids[::3], read=True)
    loaded.mark(ids[::5], starred=True)
    loaded.set_note(ids[1], "worth a look")
    loaded.tags.add(ids[::4], ["thesis"])
    loaded.remove(ids[::7])
    assert_tallies_agree(loaded)
    loaded.restore(ids[::14])
    loaded.bin.empty()
    assert_tallies_agree(loaded)


def test_migration_fills_the_tallies_of_a_populated_library(
    loaded: Library, tmp_path: Path
) -> None:
    """A library as the previous schema left it (tables and triggers dropped, the
    version set back) gets the right tallies when it is migrated again."""
    ids = loaded.paper_ids()
    loaded.mark(ids[::3], read=True)
    loaded.mark(ids[::4], starred=True)
    loaded.set_note(ids[2], "noted")
    loaded.tags.add(ids[::5], ["thesis"])
    loaded.remove(ids[::6])
    with loaded.db.read() as conn:
        expected = by_hand(conn)
    path = loaded.paths.database
    loaded.close()
    before = migrations.SCHEMA_VERSION - 1  # this change's migration is the last one
    raw = sqlite3.connect(path, isolation_level=None)
    triggers = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in triggers:
        if name.startswith("tally_"):
            raw.execute(f"DROP TRIGGER {name}")
    raw.execute("DROP TABLE digest_tally")
    raw.execute("DROP TABLE tag_tally")
    raw.execute("DROP TABLE library_tally")
    raw.execute(f"PRAGMA user_version = {before}")
    assert migrations.migrate(raw) == before
    raw.close()
    with Library.open(path.parent, today=lambda: TODAY, backup=False) as library:
        with library.db.read() as conn:
            assert by_hand(conn) == expected
            assert tallies.digest_tallies(conn) == expected[0]
            assert tallies.tag_tallies(conn) == expected[1]
            assert tallies.totals(conn) == expected[2]
        assert_tallies_agree(library)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE digest_tally SET unread = unread + 1 WHERE digest_id = "
        "(SELECT min(digest_id) FROM digest_tally)",
        "DELETE FROM digest_tally WHERE digest_id = (SELECT max(digest_id) FROM digest_tally)",
        "INSERT INTO digest_tally (digest_id, papers, unread) VALUES (999999, 1, 1)",
        "UPDATE library_tally SET starred = starred + 2",
        "UPDATE tag_tally SET papers = papers - 1",
        "DELETE FROM tag_tally",
        "DELETE FROM library_tally",
    ],
)
def test_check_finds_and_recounts_wrong_tallies(loaded: Library, damage: str) -> None:
    loaded.mark(loaded.paper_ids()[::2], read=True, starred=True)
    loaded.tags.add(loaded.paper_ids()[::3], ["thesis", "todo"])
    with loaded.db.write() as conn:
        conn.exec_driver_sql(damage)
    found = loaded.check(repair=False)
    assert any("disagree with a recount" in p for p in found.problems), found.problems
    with loaded.db.read() as conn:
        assert tallies.disagreements(conn)  # reporting changed nothing
    fixed = loaded.check(repair=True)
    assert any(r.startswith("recounted") for r in fixed.repaired), fixed.repaired
    assert fixed.ok, fixed.problems
    assert_tallies_agree(loaded)
    assert loaded.check(repair=False).ok


def test_check_is_quiet_when_the_tallies_agree(loaded: Library) -> None:
    report = loaded.check(repair=False)
    assert "the sidebar's counts" in report.checked
    assert not any("recount" in p for p in report.problems)
