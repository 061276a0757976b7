"""Pages that are not a day's digest come in as sources: recorded, listed, never a digest day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.views import PaperFilter, SortKey, View
from tests.conftest import TODAY
from tests.helpers import dump
from tests.snapshots import DATA

PAGES = DATA / "hf_pages"
SEARCH = PAGES / "hf_search_plaintext_intercode-bash.txt"
TRENDING = PAGES / "hf_trending_markdown_duplicated.md"


def test_a_trending_page_is_a_source_not_a_digest(library: Library) -> None:
    report = library.import_file(TRENDING)
    assert (report.papers, report.new, report.entries_added) == (50, 50, 50)
    assert report.kind == "hf-markdown" and report.days == ()
    assert [s.label for s in report.sources] == ["Trending, Nov 21, 2026"]
    assert report.summary() == "Trending, Nov 21, 2026: 50 papers, 50 new"
    assert library.digests() == []
    (source,) = library.sources.all()
    assert (source.page, source.query, source.seen, source.name) == (
        "trending",
        None,
        TODAY,
        TRENDING.name,
    )
    assert (source.papers, source.unread, source.label) == (50, 50, "Trending, Nov 21, 2026")
    ids = library.paper_ids(PaperFilter(source=source.id))
    assert len(ids) == 50
    assert all(p.digest_day is None for p in library.papers(ids))  # no digest day invented
    assert library.check().ok


def test_a_reimport_adds_nothing_that_day_or_any_later_day(tmp_path: Path) -> None:
    days = iter([TODAY, TODAY, date(2026, 12, 2)])
    with open_library(tmp_path / "lib", today=lambda: next(days)) as library:
        first = library.import_file(TRENDING)
        before = dump(library)
        again = library.import_file(TRENDING)
        later = library.import_file(TRENDING)  # a week on: the same snapshot, not a new one
        assert first.new == 50
        assert again.nothing_new and later.nothing_new
        assert dump(library) == before
        assert len(library.sources.all()) == 1


def test_a_search_source_keeps_its_query_order_and_details(library: Library) -> None:
    report = library.import_file(SEARCH)
    assert [s.label for s in report.sources] == ["Search “Intercode Bash”, Jul 28, 2026"]
    (source,) = library.sources.all()
    assert (source.page, source.query, source.seen) == (
        "search",
        "Intercode Bash",
        date(2026, 7, 28),
    )
    flt = PaperFilter(source=source.id)
    in_order = library.paper_ids(flt, SortKey.POSITION, descending=False)
    first, *_, last = library.papers(in_order)
    assert (first.title, first.arxiv_id, first.author_count, first.upvotes) == (
        "Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback",
        "2410.05434",
        2,
        1,
    )
    assert last.arxiv_id == "2510.22907"
    by_id = {p.arxiv_id: p for p in library.papers(in_order)}
    google = by_id["2510.21057"]
    assert (google.organisation, google.author_count, google.published) == (
        "Google",
        None,
        date(2025, 10, 23),
    )
    assert [s.id for s in library.sources.of(google.id or 0)] == [source.id]
    assert library.count(PaperFilter(view=View.INBOX, source=source.id)) == 107


def test_a_second_capture_of_the_same_page_and_day_adds_only_its_new_papers(
    library: Library,
) -> None:
    text = SEARCH.read_text(encoding="utf-8")
    cut = text.index("\n", text.index("Arctic-SnowCoder")) + 1
    partial = text[: text.rindex("[-]", 0, cut)]  # the first six cards
    first = library.import_text(partial, "early.txt")
    assert (first.new, first.entries_added) == (6, 6)
    second = library.import_text(text, "later.txt")
    assert (second.new, second.unchanged, second.entries_added) == (101, 6, 101)
    (source,) = library.sources.all()
    assert source.papers == 107


def test_another_capture_with_other_papers_is_another_source(tmp_path: Path) -> None:
    days = iter([TODAY, date(2026, 11, 22)])
    with open_library(tmp_path / "lib", today=lambda: next(days)) as library:
        library.import_file(TRENDING)
        text = TRENDING.read_text(encoding="utf-8")
        fewer = text[: text.index("### MemOS")]  # two papers, seen the next day
        report = library.import_text(fewer, "trending-again.md")
        assert (report.new, report.entries_added) == (0, 2)
        seen = [(s.seen, s.papers) for s in library.sources.all()]
        assert seen == [(date(2026, 11, 22), 2), (TODAY, 50)]


def test_a_daily_page_in_any_shape_is_a_digest_with_ids(library: Library) -> None:
    report = library.import_file(PAGES / "daily_lynx_dump.txt")
    assert (report.kind, report.days, report.new, report.entries_added) == (
        "hf-dump",
        (date(2025, 10, 30),),
        40,
        40,
    )
    assert library.sources.all() == []
    ids = library.paper_ids(PaperFilter(digest_day=date(2025, 10, 30)))
    assert all(p.arxiv_id for p in library.papers(ids))


def test_sources_count_without_the_bin_and_follow_reads(library: Library) -> None:
    library.import_file(TRENDING)
    (source,) = library.sources.all()
    ids = library.paper_ids(PaperFilter(source=source.id), SortKey.POSITION, descending=False)
    library.remove(ids[:3])
    library.mark(ids[3:5], read=True)
    (source,) = library.sources.all()
    assert (source.papers, source.unread) == (47, 45)


def test_sources_and_digests_of_one_paper_live_side_by_side(
    library: Library, sample_paths: list[Path]
) -> None:
    for path in sample_paths:
        library.import_file(path)
    stats = library.stats()
    assert (stats.papers, stats.digests, stats.entries) == (230, 5, 313)
    assert library.sources.all() == []
    report = library.import_file(PAGES / "weekly_markdown_clipper.md")
    # 43 of its titles are the samples': those papers gain their ids; two are new.
    assert (report.new, report.enriched, report.entries_added) == (2, 43, 45)
    assert library.stats().papers == 232
    (source,) = library.sources.all()
    assert source.label == "Week 12, 2026"
    listed = library.papers(library.paper_ids(PaperFilter(source=source.id)))
    assert all(p.arxiv_id for p in listed)
    assert sum(1 for p in listed if p.digest_day is not None) == 43


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.*") if p.name != "README.md"))
def test_every_fixture_imports_whole_and_again_adds_nothing(library: Library, name: str) -> None:
    first = library.import_file(PAGES / name)
    assert first.new == first.papers > 0
    assert library.import_file(PAGES / name).nothing_new
    assert library.check().ok


def test_a_sources_list_in_the_default_order_is_the_pages_order(library: Library) -> None:
    """The window's default sort (the digest order) shows a source in its page's
    order, whatever order its papers came into the library in."""
    library.import_file(SEARCH)
    (source,) = library.sources.all()
    flt = PaperFilter(source=source.id)
    arrived = library.paper_ids(flt, SortKey.ADDED, descending=False)
    with library.db.write() as conn:  # the page listed them the other way round
        conn.exec_driver_sql(
            "UPDATE source_entry SET position = -position WHERE source_id = ?", (source.id,)
        )
    page_order = library.paper_ids(flt, SortKey.POSITION, descending=False)
    assert page_order == arrived[::-1]
    assert library.paper_ids(flt, SortKey.DIGEST_ORDER) == page_order
    assert library.paper_ids(flt, SortKey.DIGEST_ORDER, descending=False) == page_order[::-1]
