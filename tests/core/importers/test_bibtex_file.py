"""BibTeX and BibLaTeX files through bibtexparser 2.x."""

from __future__ import annotations

from datetime import date

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import bibtex_file
from readinglist.core.importers.base import ParsedBatch
from readinglist.core.tables import Precision
from tests.snapshots import DATA


def test_the_fixture_reads_every_entry_type() -> None:
    batch = bibtex_file.parse((DATA / "references.bib").read_text("utf-8"), "refs.bib")
    papers = {p.citation_key: p for p in batch.papers}
    assert list(papers) == [
        "Wen2024Unknown",
        "feng2023solver",
        "Brandt2024WISE",
        "Garcia2019",
        "garcia2019",
    ]
    wen = papers["Wen2024Unknown"]
    assert (
        wen.title == "Know the Unknown: An Uncertainty-Sensitive Method for LLM Instruction Tuning"
    )
    assert wen.arxiv_id == "2406.10099"  # eprint, version dropped
    assert wen.venue == "Transactions on Fictional Learning"  # @string expanded
    assert wen.primary_class == "cs.CL"
    assert (wen.published, wen.precision) == (date(2024, 10, 1), Precision.MONTH)
    assert papers["feng2023solver"].arxiv_id == "2309.03118"  # from the url
    assert papers["feng2023solver"].url is None  # an arXiv url is the id, not a link
    assert papers["feng2023solver"].venue is None
    wise = papers["Brandt2024WISE"]
    assert wise.arxiv_id == "2405.14768"  # the arxiv field
    assert wise.title.startswith("WISE: Rethinking")
    assert wise.authors[1] == "Tomás Ferrer"
    garcia = papers["Garcia2019"]
    assert garcia.title == "Stabilité des équations de Navier–Stokes à faible viscosité"
    assert garcia.authors == ("García Márquez, Gabriel", "Siobhán O'Brien", "Jürgen Müller")
    assert (garcia.published, garcia.precision) == (date(2019, 3, 18), Precision.DAY)
    assert garcia.url == "https://example.org/papers/navier-stokes"
    assert garcia.abstract.endswith(
        "as the viscosity tends to 0 under a smallness condition on the initial data."
    )
    assert papers["garcia2019"].authors == ("Jan van der Berg",)


def test_string_macros_only_outside_braces() -> None:
    text = """@string{tfl = "Transactions on Fictional Learning"}
@article{a, title = {tfl}, journal = tfl # " (Letters)", year = 2020}"""
    (paper,) = bibtex_file.parse(text, "x.bib").papers
    assert paper.title == "tfl"
    assert paper.venue == "Transactions on Fictional Learning (Letters)"


def test_arxiv_ids_from_other_fields() -> None:
    text = """
@article{a, title={A}, journal={arXiv preprint arXiv:2201.00001}}
@misc{b, title={B}, doi={10.48550/arXiv.2202.00002}}
@misc{c, title={C}, eprint={2203.00003}, eprinttype={arxiv}}
@misc{d, title={D}, eprint={PMC123}, archiveprefix={PubMed}}
@misc{e, title={E}, url={https://example.org/~user/a_b%20c--d}}
"""
    papers = bibtex_file.parse(text, "x.bib").papers
    assert [p.arxiv_id for p in papers] == ["2201.00001", "2202.00002", "2203.00003", None, None]
    assert papers[-1].url == "https://example.org/~user/a_b%20c--d"  # a link is not LaTeX


def test_a_file_with_no_paper_is_refused_clearly() -> None:
    with pytest.raises(ImportFailed, match="no entries") as caught:
        bibtex_file.parse("@comment{nothing here}\n@string{x = {y}}\n", "bad.bib")
    assert caught.value.line is None
    with pytest.raises(ImportFailed, match="no entry can be a paper") as caught:
        bibtex_file.parse("% refs\n\n@article{nokey, author = {X, Y}}\n", "bad.bib")
    assert caught.value.line == 3
    assert "nokey" in caught.value.reason and "no title" in caught.value.reason


def _notices(batch: ParsedBatch) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for notice in batch.notices:
        out.setdefault(notice.key, []).append(str(notice))
    return out


def test_one_bad_entry_is_skipped_and_reported_and_the_rest_come_in() -> None:
    text = (
        "@article{a,\n  title = {unclosed\n@misc{b, title={B}}\n"  # line 1: never closed
        "@misc{c, title={C}, year={2023}, month={13}, date={2023-02-30}}\n"  # line 4: bad date
        "@misc{d, author={X}}\n"  # line 5: no title
        "@misc{e, title={E}, title={E2}}\n"  # line 6: a field twice
    )
    batch = bibtex_file.parse(text, "x.bib")
    assert [p.citation_key for p in batch.papers] == ["b", "c", "e"]
    assert [p.title for p in batch.papers] == ["B", "C", "E"]
    assert batch.papers[1].published is None  # the date that is not one is left out
    skipped = {(n.line, n.key) for n in batch.notices if n.skipped}
    assert skipped == {(1, "a"), (5, "d")}
    notices = _notices(batch)
    assert any("not valid BibTeX" in n for n in notices["a"])
    assert any("2023-02-30" in n and "not a real date" in n for n in notices["c"])
    assert any("a second “title” field: the first one is kept" in n for n in notices["e"])


def test_two_entries_with_one_key_both_come_in() -> None:
    batch = bibtex_file.parse("@misc{a, title = {A}}\n@misc{a, title={B}}\n", "x.bib")
    assert [(p.citation_key, p.title) for p in batch.papers] == [("a", "A"), ("a", "B")]


def test_bibtexparser_says_nothing_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    bibtex_file.parse("@article{a,\n  title = {unclosed\n@misc{b, title={B}}\n", "x.bib")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
