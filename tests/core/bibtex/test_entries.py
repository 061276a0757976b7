"""Entries: arXiv as arXiv recommends, papers without authors, both flavours."""

from __future__ import annotations

from datetime import date

import pytest
from bibtexparser.entrypoint import parse_string

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.entries import bib_name, safe_url
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.tables import Precision
from tests.core.bibtex.conftest import AddPapers

ARXIV = IncomingPaper(
    title="Distilling the Knowledge in a Neural Network",
    authors=("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"),
    published=date(2015, 3, 9),
    precision=Precision.DAY,
    arxiv_id="1503.02531",
    primary_class="stat.ML",
    abstract="A very simple way to improve 100% of models: {train} & average.",
)


def entry(text: str) -> dict[str, str]:
    parsed = parse_string(text)
    assert not parsed.failed_blocks
    (only,) = parsed.entries
    return {"ENTRYTYPE": only.entry_type, "ID": only.key, **{k: v for k, v in only.items()}}


def test_arxiv_paper_as_arxiv_recommends(library: Library, add_papers: AddPapers) -> None:
    (pid,) = add_papers(ARXIV)
    text = library.bibtex.export(ExportScope("ids", ids=(pid,)))
    assert text == (
        "@misc{hinton2015distilling,\n"
        "  author = {Hinton, Geoffrey and Vinyals, Oriol and Dean, Jeff},\n"
        "  title = {Distilling the Knowledge in a Neural Network},\n"
        "  year = {2015},\n"
        "  month = mar,\n"
        "  eprint = {1503.02531},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {stat.ML},\n"
        "  url = {https://arxiv.org/abs/1503.02531}\n"
        "}\n"
    )


def test_arxiv_paper_for_biblatex(library: Library, add_papers: AddPapers) -> None:
    (pid,) = add_papers(ARXIV)
    fields = entry(library.bibtex.export(ExportScope("ids", ids=(pid,)), biblatex=True))
    assert fields["date"] == "2015-03-09"
    assert fields["eprinttype"] == "arxiv"
    assert fields["eprintclass"] == "stat.ML"
    assert "year" not in fields and "archivePrefix" not in fields and "key" not in fields


def test_abstracts_and_notes_are_optional(library: Library, add_papers: AddPapers) -> None:
    (pid,) = add_papers(ARXIV)
    library.set_note(pid, "Read this\nfor the thesis: 50% & more")
    scope = ExportScope("ids", ids=(pid,))
    plain = entry(library.bibtex.export(scope))
    assert "abstract" not in plain and "annote" not in plain
    full = entry(library.bibtex.export(scope, abstracts=True, notes=True))
    assert full["abstract"] == (
        r"A very simple way to improve 100\% of models: "
        r"\textbraceleft{}train\textbraceright{} \& average."
    )
    assert full["annote"] == r"Read this for the thesis: 50\% \& more"
    assert "annotation" in entry(library.bibtex.export(scope, biblatex=True, notes=True))


def test_a_digest_paper_without_authors_or_date(library: Library, add_papers: AddPapers) -> None:
    add_papers(IncomingPaper("Knowledge Solver: Teaching LLMs to Search"), day=date(2026, 3, 13))
    fields = entry(library.bibtex.export(ExportScope("all")))
    assert fields == {
        "ENTRYTYPE": "misc",
        "ID": "knowledgesolver2026",
        "title": "Knowledge Solver: Teaching {LLM}s to Search",
        "howpublished": "Hugging Face Daily Papers, 13 Mar 2026",
        "year": "2026",
        "key": "Knowledge Solver: Teaching LLMs to Search",
    }
    latex = entry(library.bibtex.export(ExportScope("all"), biblatex=True))
    assert latex["date"] == "2026" and "key" not in latex


def test_published_year_wins_over_the_digest_day(library: Library, add_papers: AddPapers) -> None:
    add_papers(IncomingPaper("Old Paper", published=date(2019, 1, 1), precision=Precision.YEAR))
    fields = entry(library.bibtex.export(ExportScope("all")))
    assert fields["year"] == "2019" and "month" not in fields


def test_venue_url_and_partial_authors(library: Library, add_papers: AddPapers) -> None:
    add_papers(
        IncomingPaper(
            "Venue Paper",
            authors=("Ludwig van Beethoven",),
            author_count=3,
            venue="NeurIPS 2023",
            url="https://example.org/a b{c}",
        )
    )
    fields = entry(library.bibtex.export(ExportScope("all")))
    assert fields["author"] == "van Beethoven, Ludwig and others"
    assert fields["howpublished"] == "NeurIPS 2023"
    assert fields["url"] == "https://example.org/a%20b%7Bc%7D"


@pytest.mark.parametrize(
    ("name", "bib"),
    [
        ("Geoffrey E. Hinton", "Hinton, Geoffrey E."),
        ("Hinton, Geoffrey", "Hinton, Geoffrey"),
        ("Plato", "Plato"),
        ("Jörg Müller", 'M{\\"u}ller, J{\\"o}rg'),
        ("Research and Development Team", "{Research and Development Team}"),
        ("Ann_Smith", "Ann\\_Smith"),
    ],
)
def test_author_names(name: str, bib: str) -> None:
    assert bib_name(name, ascii_only=True) == bib


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", "file:///etc/passwd"])
def test_only_web_urls_are_exported(url: str) -> None:
    assert safe_url(url) is None
