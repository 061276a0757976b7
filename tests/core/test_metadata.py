"""Editing metadata by hand: validation, user fields, survival across imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from readinglist.core.errors import InvalidInputError, NotFoundError
from readinglist.core.library import Library
from readinglist.core.metadata import parse_authors
from readinglist.core.tables import INDEX_QUEUE
from readinglist.core.views import ChangeSet
from tests.helpers import dump
from tests.snapshots import DATA, by_title

KNOW = "Know the Unknown: An Uncertainty-Sensitive Method"


def _paper_id(library: Library, title: str = KNOW) -> int:
    pid: int = by_title(library, title)["id"]
    return pid


def test_each_field_is_stored_and_marked_as_the_users(loaded: Library) -> None:
    pid = _paper_id(loaded)
    heard: list[ChangeSet] = []
    loaded.subscribe(heard.append)
    loaded.edit(
        pid,
        title="Know the Unknown (revised)",
        authors=["Wen, Jiaqi", " Lindqvist,  Oskar ", ""],
        year=2024,
        arxiv_id="https://arxiv.org/abs/2406.10099v3",
        venue="Transactions on Fictional Learning",
        url="https://example.org/know",
        primary_class="cs.CL",
    )
    paper = loaded.paper(pid)
    assert paper.title == "Know the Unknown (revised)"
    assert paper.authors == ["Wen, Jiaqi", "Lindqvist, Oskar"]
    assert paper.author_count == 2
    assert (paper.published, paper.published_precision) == (date(2024, 1, 1), "year")
    assert paper.arxiv_id == "2406.10099"
    assert (paper.venue, paper.url, paper.primary_class) == (
        "Transactions on Fictional Learning",
        "https://example.org/know",
        "cs.CL",
    )
    assert paper.user_fields == sorted(
        ["title", "authors", "year", "arxiv_id", "venue", "url", "primary_class"]
    )
    assert heard == [ChangeSet(frozenset([pid]), structure=True)]
    loaded.edit(pid, venue="Elsewhere")
    assert heard[-1] == ChangeSet(frozenset([pid]))
    # the edit reached the search index in the same operation (queue applied)
    with loaded.db.read() as conn:
        assert pid not in set(conn.execute(select(INDEX_QUEUE.c.paper_id)).scalars())
    assert [h.paper_id for h in loaded.search('title:"unknown revised" author:lindqvist').hits] == [
        pid
    ]


def test_a_year_keeps_a_known_date_in_that_year(library: Library) -> None:
    library.import_file(DATA / "hf_daily_papers.json")
    pid = _paper_id(library)
    library.edit(pid, year=2024)
    paper = library.paper(pid)
    assert (paper.published, paper.published_precision) == (date(2024, 6, 14), "day")
    library.edit(pid, year=2023)
    assert library.paper(pid).published == date(2023, 1, 1)
    library.edit(pid, year=None, venue=None, url="")
    paper = library.paper(pid)
    assert (paper.published, paper.published_precision, paper.venue, paper.url) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Nothing to edit"),
        ({"abstract": "x"}, "Cannot edit abstract"),
        ({"title": "  "}, "A title cannot be empty"),
        (
            {
                "title": "Docs2KG: Unified Knowledge Graph Construction from Heterogeneous "
                "Documents Assisted by Large Language Models"
            },
            "already has the title",
        ),
        ({"authors": "Wen, Jiaqi"}, "Authors must be a list"),
        ({"year": 99}, "not a plausible year"),
        ({"year": "2023"}, "A year must be a whole number"),
        ({"arxiv_id": "2406.1009"}, "is not an arXiv id"),
        ({"url": "ftp://example.org/x"}, "is not a web address"),
        ({"url": "javascript:alert(1)"}, "is not a web address"),
        ({"primary_class": "computer science"}, "is not an arXiv category"),
        ({"venue": "x" * 1001}, "at most 1000 characters"),
        ({"title": "Fine", "year": 3000}, "not a plausible year"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    loaded: Library, fields: dict[str, Any], message: str
) -> None:
    pid = _paper_id(loaded)
    before = dump(loaded)
    with pytest.raises(InvalidInputError, match=message):
        loaded.edit(pid, **fields)
    assert dump(loaded) == before


def test_an_arxiv_id_belongs_to_one_paper(loaded: Library) -> None:
    first, second = _paper_id(loaded), _paper_id(loaded, "Knowledge Solver")
    loaded.edit(first, arxiv_id="2406.10099")
    with pytest.raises(InvalidInputError, match=f"Paper {first} already has the arXiv id"):
        loaded.edit(second, arxiv_id="arXiv:2406.10099")


def test_unknown_or_removed_papers(loaded: Library) -> None:
    with pytest.raises(NotFoundError):
        loaded.edit(999_999, venue="x")
    pid = _paper_id(loaded)
    other = _paper_id(loaded, "Knowledge Solver")
    loaded.remove([pid])
    with pytest.raises(NotFoundError):
        loaded.edit(pid, venue="x")
    with pytest.raises(InvalidInputError, match=r"\(in the bin\) already has the title"):
        loaded.edit(other, title=KNOW + " for LLM Instruction Tuning")


def test_edits_survive_every_later_import(loaded: Library, sample_paths: list[Path]) -> None:
    pid = _paper_id(loaded)
    loaded.edit(
        pid,
        title="Know the Unknown, Revised",
        authors=["Wen, Jiaqi"],
        year=2025,
        venue="My Venue",
        primary_class="cs.LG",
    )
    papers = loaded.stats().papers
    for path in [*sample_paths, DATA / "hf_daily_papers.json", DATA / "arxiv_query.atom"]:
        loaded.import_file(path)
    loaded.import_file(DATA / "references.bib")
    paper = loaded.paper(pid)
    assert paper.title == "Know the Unknown, Revised"
    assert paper.authors == ["Wen, Jiaqi"]
    assert paper.published == date(2025, 1, 1)
    assert (paper.venue, paper.primary_class) == ("My Venue", "cs.LG")
    assert paper.arxiv_id == "2406.10099"  # not edited, so filled in
    # The old title still finds the paper: re-importing its digest adds no twin.
    assert loaded.stats().papers == papers + 1 + 2 + 2  # JSON 1 new, Atom 2, BibTeX 2
    assert loaded.digests_of(pid) == [date(2026, 3, 13)]


def test_renaming_back_to_a_former_title_is_allowed(loaded: Library) -> None:
    pid = _paper_id(loaded)
    original = loaded.paper(pid).title
    loaded.edit(pid, title="Temporary")
    loaded.edit(pid, title=original)
    assert loaded.paper(pid).title == original


def test_parse_authors() -> None:
    assert parse_authors("Last, First; Other, Name ;; ") == ["Last, First", "Other, Name"]
    assert parse_authors("") == []
