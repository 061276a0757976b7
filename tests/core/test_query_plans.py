"""The list, filter and count queries read narrow indexes, never the wide paper rows.

A plan regression is invisible on the 230 sample papers and costs seconds on
100,000 (see the benchmark); these tests pin the plans, not timings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from sqlalchemy import event

from readinglist.core import tallies
from readinglist.core.library import Library
from readinglist.core.views import PaperFilter, SortKey, View


def paper_plans(library: Library, call: Callable[[], object]) -> list[str]:
    """SQLite's plan for every SELECT ``call`` runs, as the lines that touch ``paper``."""
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    event.listen(library.db.engine, "before_cursor_execute", grab)
    try:
        call()
    finally:
        event.remove(library.db.engine, "before_cursor_execute", grab)
    lines = []
    with library.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        for statement, params in seen:
            for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", params):
                if " paper " in f"{row[3]} ":
                    lines.append(row[3])
    return lines


# The bin holds only what the user removed by hand: it may read its rows.
@pytest.mark.parametrize("view", [v for v in View if v is not View.BIN])
@pytest.mark.parametrize("sort", [k for k in SortKey if k is not SortKey.POSITION])
def test_every_list_is_answered_from_a_covering_index(
    loaded: Library, view: View, sort: SortKey
) -> None:
    for descending in (True, False):
        query = partial(loaded.paper_ids, PaperFilter(view=view), sort, descending=descending)
        plans = paper_plans(loaded, query)
        assert plans
        assert all("COVERING INDEX" in p for p in plans), plans


def test_sidebar_counts_read_no_paper(loaded: Library) -> None:
    """They are kept by triggers (core/tally_sql.py), as is the count of each plain list."""
    inbox = partial(loaded.count, PaperFilter(View.INBOX))
    for call in (loaded.digests, loaded.tags.all, loaded.stats, inbox):
        assert paper_plans(loaded, call) == [], call


def test_the_recounts_read_narrow_indexes(loaded: Library) -> None:
    """What ``readinglist check`` and migration 10 count the tallies from."""

    def recount() -> None:
        with loaded.db.read() as conn:
            tallies.digest_recount(conn)
            tallies.tag_recount(conn)
            tallies.totals_recount(conn)

    plans = paper_plans(loaded, recount)
    assert plans
    assert all("COVERING INDEX" in p or "paper_noted" in p for p in plans), plans


def test_counts_agree_with_the_papers(loaded: Library) -> None:
    loaded.set_note(loaded.paper_ids()[0], "worth a second read")
    loaded.mark(loaded.paper_ids()[:5], read=True)
    loaded.remove(loaded.paper_ids()[-2:])
    stats = loaded.stats()
    papers = loaded.papers(loaded.paper_ids())
    assert stats.papers == len(papers) == 228
    assert stats.unread == sum(not p.read for p in papers)
    assert stats.read == sum(p.read for p in papers) == 5
    assert stats.noted == sum(bool(p.note) for p in papers) == 1
    assert sum(d.unread for d in loaded.digests()) >= stats.unread
