"""Key bases worked out when papers are written: never stale, exports unchanged.

Imports and merges store each written paper's key base (``paper.key_base``)
so that a first export only picks suffixes. A stored base must always be the
one the formula gives the paper's current columns (or be missing, to be
worked out at export), whatever happened to the paper since; and an export
must be the one a library that worked out every base at export gives.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.bibtex import ExportScope, keys
from readinglist.core.bibtex.keys import _source, current_formula, driver
from readinglist.core.db import utcnow
from readinglist.core.factory import open_library
from readinglist.core.importers.base import IncomingDigest, IncomingPaper, ParsedBatch
from readinglist.core.library import Library
from readinglist.core.merge import merge_known
from tests.conftest import TODAY

_COLUMNS = "id, title, authors, COALESCE(published, digest_day), arxiv_id"


def _bases(library: Library) -> tuple[dict[int, str | None], dict[int, str]]:
    """Each paper's stored base, and the base worked out now from its columns."""
    with library.db.read() as conn:
        formula = current_formula(conn)
        rows = driver(conn).execute(f"SELECT {_COLUMNS}, key_base FROM paper").fetchall()
    stored = {row[0]: row[5] for row in rows}
    return stored, {row[0]: formula.base(_source(*row[:5])) for row in rows}


def _none_stale(library: Library) -> int:
    """Asserts every stored base is the one worked out now; how many are stored."""
    stored, fresh = _bases(library)
    kept = {pid: base for pid, base in stored.items() if base is not None}
    assert kept == {pid: fresh[pid] for pid in kept}
    return len(kept)


def _add(library: Library, *papers: IncomingPaper, day: date = date(2026, 3, 13)) -> None:
    batch = ParsedBatch(source="test", kind="hf-json", digests=(IncomingDigest(day, papers),))
    library.import_batch(batch)


_PAPERS = (
    IncomingPaper("Deep Learning Part 1", authors=("Ann Smith",), published=date(2020, 1, 1)),
    IncomingPaper("Deep Learning Part 2", authors=("Ann Smith",), published=date(2020, 1, 1)),
    IncomingPaper("The Survey of Ünïcode Keys", authors=("Jürgen Groß", "Bo Li")),
    IncomingPaper("No Author Here", arxiv_id="2301.00001"),
    IncomingPaper("Mixed LLMs and I", authors=("van der Berg, Luca",), published=date(2019, 5, 2)),
)


def test_imports_store_every_written_papers_base(
    library: Library, sample_paths: list[Path]
) -> None:
    _add(library, *_PAPERS)
    for path in sample_paths:
        library.import_file(path)
    stored, _fresh = _bases(library)
    assert None not in stored.values()
    assert _none_stale(library) == library.count()


def _steps(library: Library) -> list[Callable[[], object]]:
    """Every way the parts of a base change after a paper was written."""

    def ids() -> dict[str, int]:
        return {library.paper(i).title: i for i in library.paper_ids()}

    def enrich() -> None:  # the online matcher's merge: authors and a date arrive
        pid = ids()["No Author Here"]
        more = IncomingPaper("No Author Here", authors=("Zoë Quinn",), published=date(2018, 2, 2))
        with library.db.write() as conn:
            merge_known(conn, [(pid, more)], utcnow())

    return [
        lambda: _add(library, *_PAPERS),
        lambda: library.bibtex.export(ExportScope("all")),
        # the same paper again, with authors it lacked, and first seen a day earlier
        lambda: _add(
            library,
            IncomingPaper("The Survey of Ünïcode Keys", authors=("Jürgen Groß", "Bo Li", "X Y")),
            IncomingPaper("Brand New Paper", authors=("Ann Smith",)),
            day=date(2026, 3, 12),
        ),
        enrich,
        lambda: library.edit(ids()["Deep Learning Part 2"], title="Shallow Learning Part 2"),
        lambda: library.edit(ids()["Brand New Paper"], authors=["Bo Li"], year=2011),
        lambda: library.bibtex.set_key_formula("[authors2:capitalize][year][title2]"),
        lambda: _add(library, IncomingPaper("After The Formula", authors=("Ann Smith",))),
        lambda: library.bibtex.rekey(),
        lambda: library.bibtex.set_key_formula("[auth:de][year]"),
        lambda: _add(library, IncomingPaper("Zweite Formel", authors=("Jürgen Groß",))),
    ]


def test_no_stored_base_is_ever_stale(library: Library) -> None:
    for step in _steps(library):
        step()
        _none_stale(library)
    assert _none_stale(library) > 0


def test_exports_equal_those_with_every_base_worked_out_at_export(tmp_path: Path) -> None:
    with (
        open_library(tmp_path / "a", today=lambda: TODAY) as stored,
        open_library(tmp_path / "b", today=lambda: TODAY) as scratch,
    ):
        for here, there in zip(_steps(stored), _steps(scratch), strict=True):
            here()
            there()
            with scratch.db.write() as conn:  # as a library written by an older version
                conn.exec_driver_sql("UPDATE paper SET key_base = NULL")
            for biblatex in (False, True):
                assert stored.bibtex.export(ExportScope("all"), biblatex=biblatex) == (
                    scratch.bibtex.export(ExportScope("all"), biblatex=biblatex)
                )


def test_plans_read_by_one_scan_equal_plans_read_by_id(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan for most of the library reads bases and rivals in one scan of the
    table; for a few papers, by id and by base. Both give the same keys."""
    _add(library, *_PAPERS)
    _add(
        library, IncomingPaper("Deep Learning Part 3", authors=("Ann Smith",)), day=date(2020, 1, 1)
    )
    with library.db.write() as conn:
        conn.exec_driver_sql("UPDATE paper SET key_base = NULL WHERE title LIKE '%Part 1'")
    ids = library.paper_ids()
    plans = []
    for scan in (0, 10**9):
        monkeypatch.setattr(keys, "_SCAN", scan)
        with library.db.read() as conn:
            fresh = keys._missing_bases(conn, keys.current_formula(conn))
            plans.append(keys._plan(conn, set(ids), (), fresh))
    assert plans[0] == plans[1]
    assert len(plans[0]) == len(ids) and len(set(plans[0].values())) == len(ids)
    assert sum(key.startswith("smith2020deep") for key in plans[0].values()) == 3


def test_keys_are_marked_used_as_sqlalchemy_stored_the_time(library: Library) -> None:
    """Marked by plain SQL, by id (some papers) or all at once (every unused key):
    the stored text is what SQLAlchemy's DateTime stored, and read back equal."""
    from sqlalchemy import select, update

    from readinglist.core.tables import PAPER

    _add(library, *_PAPERS)
    ids = library.paper_ids()
    now = utcnow()
    with library.db.write() as conn:
        keys.assign_keys(conn, ids)
        conn.execute(update(PAPER).where(PAPER.c.id == ids[0]).values(key_used_at=now))
        keys.mark_used(conn, ids[1:3], now)  # by id: others stay unused
        assert keys.unused(conn) == set(ids[3:])
        keys.mark_used(conn, ids, now)  # all that are left, in one statement
        assert keys.unused(conn) == set()
        stored = {t for (t,) in conn.exec_driver_sql("SELECT key_used_at FROM paper")}
        read = set(conn.execute(select(PAPER.c.key_used_at)).scalars())
    assert len(stored) == 1  # the same text, however each row was marked
    assert read == {now}
