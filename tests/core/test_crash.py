"""Crash safety: a real process SIGKILLed mid-import leaves a sound library.

Each test imports a generated 5,000-paper digest in a child process
(``tests/support/crash_child.py`` or the real CLI) and kills it with
SIGKILL at a point chosen at random with a fixed seed. The library must
then open, pass the full ``check``, keep everything committed before, and
hold either none or all of the digest.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from sqlalchemy import func, select

from readinglist.core.bibtex import ExportScope
from readinglist.core.factory import open_library
from readinglist.core.tables import INDEX_QUEUE
from readinglist.core.views import PaperFilter, SortKey, View
from tests.conftest import TODAY
from tests.support.digests import digest_text, digest_titles
from tests.support.processes import cli, run_crash_child

SEED = 20261121
pytestmark = pytest.mark.slow
PAPERS = 5000


@pytest.fixture(scope="module")
def big_digest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "digest-5000.txt"
    path.write_text(digest_text(PAPERS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def statements(big_digest: Path, tmp_path_factory: pytest.TempPathFactory) -> int:
    """How many SQL statements the import runs when nothing kills it."""
    root = tmp_path_factory.mktemp("count") / "lib"
    done = _child("import", root, big_digest)
    assert done.returncode == 0, done.stderr
    with open_library(root, today=lambda: TODAY) as library:
        assert library.count() == PAPERS
    return int(done.stdout.strip())


@pytest.fixture
def seeded_root(tmp_path: Path, sample_paths: list[Path]) -> Path:
    """A library with one sample digest and some triage, committed and closed."""
    root = tmp_path / "lib"
    with open_library(root, today=lambda: TODAY) as library:
        library.import_file(sample_paths[0])
        ids = library.paper_ids()
        library.mark(ids[:5], read=True, starred=True)
        library.set_note(ids[0], "years of work")
        library.tags.add(ids[:3], ["thesis"])
    return root


def _child(action: str, root: Path, digest: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return run_crash_child(action, root, digest, *flags, timeout=120)


def _snapshot(root: Path) -> dict[str, object]:
    with open_library(root, today=lambda: TODAY) as library:
        ids = library.paper_ids()
        return {
            "ids": ids,
            "starred": library.paper_ids(PaperFilter(view=View.STARRED)),
            "notes": [p.note for p in library.papers(ids)],
            "tags": library.tags.of_papers(ids),
        }


def _assert_sound(root: Path, before: dict[str, object], *, expect: str | None = None) -> str:
    """The library opens, passes check, kept ``before`` and has none or all of the digest."""
    with open_library(root, today=lambda: TODAY) as library:
        report = library.check()
        assert report.ok, report.problems
        after_ids = library.paper_ids()
        old_ids = before["ids"]
        assert isinstance(old_ids, list)
        assert set(old_ids) <= set(after_ids)
        assert library.paper_ids(PaperFilter(view=View.STARRED)) == before["starred"]
        assert [p.note for p in library.papers(old_ids)] == before["notes"]
        assert library.tags.of_papers(old_ids) == before["tags"]
        new = set(after_ids) - set(old_ids)
        if not new:
            outcome = "none"
            assert len(library.digests()) == 1
        else:
            outcome = "all"
            assert len(new) == PAPERS
            assert {p.title for p in library.papers(sorted(new))} == digest_titles(PAPERS)
            assert len(library.digests()) == 2
        if library.index is not None:
            with library.db.read() as conn:
                assert conn.execute(select(func.count()).select_from(INDEX_QUEUE)).scalar() == 0
    if expect is not None:
        assert outcome == expect
    return outcome


@pytest.mark.parametrize("point", range(4))
def test_kill_at_a_random_statement_of_the_import(
    point: int, statements: int, big_digest: Path, seeded_root: Path
) -> None:
    kill_at = random.Random(SEED + point).randint(1, statements)
    before = _snapshot(seeded_root)

    done = _child("import", seeded_root, big_digest, "--kill-at", str(kill_at))

    assert done.returncode == -signal.SIGKILL
    _assert_sound(seeded_root, before, expect="none")


def test_kill_just_before_the_commit_keeps_nothing_of_the_digest(
    big_digest: Path, seeded_root: Path
) -> None:
    before = _snapshot(seeded_root)
    done = _child("import", seeded_root, big_digest, "--kill-before-commit")
    assert done.returncode == -signal.SIGKILL
    _assert_sound(seeded_root, before, expect="none")


def test_kill_after_the_commit_keeps_all_and_the_index_catches_up(
    big_digest: Path, seeded_root: Path
) -> None:
    before = _snapshot(seeded_root)
    done = _child("import", seeded_root, big_digest, "--kill-after-commit")
    assert done.returncode == -signal.SIGKILL
    _assert_sound(seeded_root, before, expect="all")


def test_kill_the_cli_after_random_delays(
    big_digest: Path, seeded_root: Path, statements: int
) -> None:
    """``kill -9`` of the real CLI at random moments, possibly inside the commit."""
    command = cli(seeded_root, "import", big_digest, "--date", "2026-10-31")
    started = time.monotonic()
    subprocess.run(command, capture_output=True, check=True, timeout=120)
    duration = time.monotonic() - started
    _undo_import(seeded_root)
    rng = random.Random(SEED)
    outcomes = []
    for _ in range(3):
        before = _snapshot(seeded_root)
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, duration))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        outcomes.append(_assert_sound(seeded_root, before))
        if outcomes[-1] == "all":
            _undo_import(seeded_root)
    assert outcomes  # each was "none" or "all"; which one depends on the moment


def _undo_import(root: Path) -> None:
    """Take the generated digest out again (a test-only shortcut, in one transaction)."""
    with open_library(root, today=lambda: TODAY) as library, library.db.write() as conn:
        generated = "SELECT id FROM paper WHERE title LIKE 'G0%'"
        conn.exec_driver_sql(f"INSERT OR IGNORE INTO index_queue (paper_id) {generated}")
        conn.exec_driver_sql(f"DELETE FROM paper WHERE id IN ({generated})")
        conn.exec_driver_sql(
            "DELETE FROM digest WHERE id NOT IN (SELECT digest_id FROM digest_entry)"
        )


@pytest.mark.parametrize("point", range(2))
def test_kill_during_many_small_writes_keeps_each_committed_one(
    point: int, seeded_root: Path, sample_paths: list[Path]
) -> None:
    """Notes written one transaction after another: a kill keeps exactly a prefix."""
    with open_library(seeded_root, today=lambda: TODAY) as library:
        order = library.paper_ids(sort=SortKey.TITLE, descending=False)
        old = {p.id: p.note for p in library.papers(order)}
    kill_at = random.Random(SEED * 7 + point).randint(len(order), len(order) * 3)

    done = _child("notes", seeded_root, sample_paths[0], "--kill-at", str(kill_at))

    assert done.returncode == -signal.SIGKILL
    with open_library(seeded_root, today=lambda: TODAY) as library:
        assert library.check().ok
        notes = [library.paper(i).note for i in order]
    written = [n == f"crash test note {i}" for i, n in zip(order, notes, strict=True)]
    done_count = written.count(True)
    assert 0 < done_count < len(order)
    assert written == [True] * done_count + [False] * (len(order) - done_count)
    assert all(notes[k] == old[order[k]] for k in range(done_count, len(order)))


def _entries(path: Path) -> int:
    """Entries in a .bib file, which must parse whole (no half-written entry)."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    library = parse_string(text)
    assert not library.failed_blocks
    return len(library.entries)


@pytest.mark.parametrize("moment", ["before-rename", "after-rename"])
def test_kill_inside_an_auto_export(moment: str, seeded_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "starred.bib"
    with open_library(seeded_root, today=lambda: TODAY) as library:
        library.bibtex.add_autoexport(target, ExportScope("starred"))
        total = library.count()
    assert _entries(target) == 5

    done = _child("star", seeded_root, target, "--kill-in-write", moment)

    assert done.returncode == -signal.SIGKILL
    assert _entries(target) == (5 if moment == "before-rename" else total)
    with open_library(seeded_root, today=lambda: TODAY) as library:
        assert library.count(PaperFilter(view=View.STARRED)) == total  # the change committed
        report = library.check()
        assert report.ok, report.problems
    assert _entries(target) == total  # check brought the stale file up to date


def test_kill_the_cli_during_a_large_auto_export(tmp_path: Path, big_digest: Path) -> None:
    root = tmp_path / "lib"
    target = tmp_path / "all.bib"
    with open_library(root, today=lambda: TODAY) as library:
        library.import_file(big_digest)
        library.bibtex.add_autoexport(target, ExportScope("starred"))
    command = cli(root, "mark")
    rng = random.Random(SEED + 99)
    for round_ in range(3):
        ids = [str(i) for i in rng.sample(range(1, PAPERS + 1), 400)]
        star = "--star" if round_ % 2 == 0 else "--unstar"
        child = subprocess.Popen(
            [*command, *ids, star], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.3, 2.0))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        _entries(target)  # whole, whichever version it is
        with open_library(root, today=lambda: TODAY) as library:
            assert library.check().ok
            assert _entries(target) == library.count(PaperFilter(view=View.STARRED))
