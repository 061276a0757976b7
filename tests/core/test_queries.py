"""The list's rows read in one step (``queries.rows``) are the rows the table holds."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.library import Library
from readinglist.core.views import PaperRow

_SQL = (
    "SELECT id, title, published, digest_day, upvotes, read, starred, pdf_file, "
    "listed_day, keep_unread FROM paper WHERE id = ?"
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _expected(library: Library, pid: int) -> PaperRow:
    """The row as a plain SELECT of the paper gives it."""
    with library.db.read() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        row = raw.execute(_SQL, (pid,)).fetchone()
    return PaperRow(
        row[0], row[1], _day(row[2]), _day(row[3]), row[4], bool(row[5]), bool(row[6]),
        row[7] is not None, _day(row[8]), bool(row[9]),
    )  # fmt: skip


def test_rows_are_the_stored_rows_in_the_order_asked(loaded: Library) -> None:
    ids = loaded.paper_ids()
    loaded.mark(ids[:3], starred=True)
    loaded.mark(ids[2:5], read=True)
    asked = [*reversed(ids[:40]), 10**9, ids[7]]  # an unknown id is left out
    assert loaded.rows(asked) == [_expected(loaded, i) for i in asked if i != 10**9]
    assert loaded.rows(ids) == [_expected(loaded, i) for i in ids]  # more than one chunk
    assert loaded.rows([]) == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60))
def test_any_title_comes_back_as_stored(loaded: Library, title: str) -> None:
    """The page is read as JSON: quotes, backslashes, control characters and
    NULs come back exactly."""
    pid = loaded.paper_ids()[0]
    with loaded.db.write() as conn:
        conn.exec_driver_sql("UPDATE paper SET title = ? WHERE id = ?", (title, pid))
    (row,) = loaded.rows([pid])
    assert row.title == title
    assert row == _expected(loaded, pid)
