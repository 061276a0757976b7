"""Citations in each writer's syntax."""

from __future__ import annotations

from datetime import date

import pytest

from readinglist.core.errors import NotFoundError
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.writing.cite import FORMATS, Cited, citation
from tests.core.writing.conftest import AddPapers

A = Cited("hinton2015distilling", "Distilling the Knowledge", "https://arxiv.org/abs/1503.02531")
B = Cited("vaswani2017attention", "Attention [Is] All_You *Need*", None)
ODD = Cited("smith2020.", "Odd (key)", "https://example.org/a (b)")
SLASH = Cited("hep-th/9901001", "Old", None)
PLUS = Cited('c++"x', "Plus", None)


@pytest.mark.parametrize(
    ("fmt", "papers", "text"),
    [
        ("keys", [A, B], "hinton2015distilling\nvaswani2017attention"),
        ("latex", [A, B], "\\cite{hinton2015distilling,vaswani2017attention}"),
        ("biblatex", [A, B], "\\autocite{hinton2015distilling,vaswani2017attention}"),
        ("pandoc", [A, B], "[@hinton2015distilling; @vaswani2017attention]"),
        ("pandoc", [A, ODD], "[@hinton2015distilling; @{smith2020.}]"),
        ("typst", [A, B], "@hinton2015distilling @vaswani2017attention"),
        ("typst", [ODD, SLASH], '#cite(label("smith2020.")) #cite(label("hep-th/9901001"))'),
        ("typst", [PLUS], '#cite(label("c++\\"x"))'),
        (
            "markdown",
            [A, B, ODD],
            "- [Distilling the Knowledge](https://arxiv.org/abs/1503.02531)\n"
            "- Attention \\[Is\\] All\\_You \\*Need\\*\n"
            "- [Odd \\(key\\)](https://example.org/a%20%28b%29)",
        ),
    ],
)
def test_formats(fmt: str, papers: list[Cited], text: str) -> None:
    assert citation(papers, fmt) == text  # type: ignore[arg-type]


def test_every_format_is_covered() -> None:
    assert set(FORMATS) == {"keys", "latex", "biblatex", "pandoc", "typst", "markdown"}
    with pytest.raises(ValueError, match="unknown citation format"):
        citation([A], "word")  # type: ignore[arg-type]


def test_cite_from_the_library(library: Library, add_papers: AddPapers) -> None:
    a, b = add_papers(
        IncomingPaper("Distilling Knowledge", authors=("Geoffrey Hinton",),
                      published=date(2015, 3, 9), arxiv_id="1503.02531"),
        IncomingPaper("Digest Only Paper", url="https://huggingface.co/papers/x"),
    )  # fmt: skip
    # Markdown needs no key: none is given
    assert library.bibtex.cite([a, b], "markdown") == (
        "- [Distilling Knowledge](https://arxiv.org/abs/1503.02531)\n"
        "- [Digest Only Paper](https://huggingface.co/papers/x)"
    )
    assert library.paper(a).citation_key is None
    assert library.bibtex.cite([a, b], "pandoc") == "[@hinton2015distilling; @digestonly2026]"
    assert library.paper(a).key_used_at is not None  # cited: kept from now on
    assert library.bibtex.cite([b, a], "latex") == "\\cite{digestonly2026,hinton2015distilling}"
    with pytest.raises(NotFoundError):
        library.bibtex.cite([a, 999], "markdown")
