"""CSL-JSON: valid against the CSL schema, and rendered by real ``pandoc --citeproc``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.entries import ExportPaper
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.tables import Precision
from readinglist.core.writing.csl import item, name
from tests.core.bibtex.test_tex import TRICKY
from tests.core.writing.conftest import AddPapers

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "data" / "csl-data.schema.json").read_text(encoding="utf-8")
)
MORE = (
    IncomingPaper(
        "Attention Is All You Need",
        authors=("Ashish Vaswani", "Noam Shazeer"),
        author_count=8,
        published=date(2017, 6, 12),
        precision=Precision.DAY,
        arxiv_id="1706.03762",
        venue="Advances in Neural Information Processing Systems (NeurIPS)",
    ),
    IncomingPaper(
        "Strings on Old Ids", authors=("Edward Witten",), arxiv_id="hep-th/9901001",
        published=date(1999, 1, 1), precision=Precision.YEAR, venue="Nucl. Phys. B",
    ),
    IncomingPaper("A Paper Known Only From a Digest"),
)  # fmt: skip


def _items(library: Library) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(
        library.bibtex.export(ExportScope("all"), format="csl-json", abstracts=True, notes=True)
    )
    return items


def test_the_export_is_valid_csl_json(library: Library, add_papers: AddPapers) -> None:
    ids = add_papers(*TRICKY, *MORE)
    library.set_note(ids[0], "my note")
    items = _items(library)
    jsonschema.validate(items, SCHEMA)
    assert [i["id"] for i in items] == sorted((i["id"] for i in items), key=str.lower)
    by_title = {i["title"]: i for i in items}
    hinton = by_title["Distilling the Knowledge in a Neural Network"]
    assert hinton["type"] == "article"
    assert (hinton["archive"], hinton["number"]) == ("arXiv", "arXiv:1503.02531")
    assert hinton["DOI"] == "10.48550/arXiv.1503.02531"
    assert hinton["URL"] == "https://arxiv.org/abs/1503.02531"
    assert hinton["issued"] == {"date-parts": [[2015, 3, 9]]}
    assert hinton["author"][0] == {"family": "Hinton", "given": "Geoffrey"}
    assert hinton["annote"] == "my note" and "publisher" not in hinton
    assert hinton["id"] == hinton["citation-key"] == library.paper(ids[0]).citation_key
    vaswani = by_title["Attention Is All You Need"]
    assert vaswani["type"] == "paper-conference"
    assert vaswani["author"][-1] == {"literal": "others"}  # 8 authors, 2 named
    assert by_title["Strings on Old Ids"]["type"] == "article-journal"
    assert by_title["Strings on Old Ids"]["issued"] == {"date-parts": [[1999]]}
    digest = by_title["A Paper Known Only From a Digest"]
    assert digest["type"] == "manuscript" and digest["issued"] == {"date-parts": [[2026]]}
    assert "author" not in digest and "URL" not in digest
    muller = next(i for i in items if i["title"].startswith("Über"))
    assert muller["issued"] == {"date-parts": [[2021, 6]]}
    assert {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"} in (
        muller["author"]
    )


def test_an_empty_export_is_an_empty_array(library: Library) -> None:
    assert library.bibtex.export(ExportScope("all"), format="csl-json") == "[]\n"


def test_exporting_twice_gives_the_same_bytes(library: Library, add_papers: AddPapers) -> None:
    add_papers(*TRICKY, *MORE)
    first = library.bibtex.export(ExportScope("all"), format="csl-json")
    assert library.bibtex.export(ExportScope("all"), format="csl-json") == first
    assert first.endswith("]\n") and "\\u00fc" not in first  # UTF-8, not escapes


@pytest.mark.parametrize(
    ("author", "csl"),
    [
        ("Geoffrey E. Hinton", {"family": "Hinton", "given": "Geoffrey E."}),
        ("Hinton, Geoffrey", {"family": "Hinton", "given": "Geoffrey"}),
        ("van Beethoven, Ludwig", {"family": "Beethoven", "given": "Ludwig",
                                   "non-dropping-particle": "van"}),
        ("Jean de la Fontaine", {"family": "Fontaine", "given": "Jean",
                                 "non-dropping-particle": "de la"}),
        ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ("Prabhat", {"family": "Prabhat"}),
        ("The ATLAS Collaboration and Others", {"literal": "The ATLAS Collaboration and Others"}),
    ],
)  # fmt: skip
def test_names(author: str, csl: dict[str, str]) -> None:
    assert name(author) == csl


def test_a_paper_needs_its_key() -> None:
    paper = ExportPaper(1, None, "T", (), None, None, None, None, None, None, None, None, None,
                        "", "")  # fmt: skip
    with pytest.raises(AssertionError):
        item(paper)


def _require_pandoc() -> None:
    if shutil.which("pandoc") is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI must run the pandoc tests, but pandoc is missing (apt: pandoc)")
    pytest.skip("needs pandoc (apt: pandoc)")


@pytest.mark.tex
def test_pandoc_citeproc_renders_every_paper(
    library: Library, add_papers: AddPapers, tmp_path: Path
) -> None:
    _require_pandoc()
    add_papers(*TRICKY, *MORE)
    keys = library.bibtex.keys(library.paper_ids())
    (tmp_path / "refs.json").write_text(
        library.bibtex.export(ExportScope("all"), format="csl-json"), encoding="utf-8"
    )
    cite = library.bibtex.cite(library.paper_ids(), "pandoc")
    (tmp_path / "doc.md").write_text(f"As shown {cite}.\n\n# References\n", encoding="utf-8")
    done = subprocess.run(
        ["pandoc", "--citeproc", "--fail-if-warnings", "--bibliography", "refs.json",
         "-t", "plain", "doc.md"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "not found" not in done.stderr and "?)" not in out and len(keys) == len(TRICKY) + 3
    for family in ("Hinton", "Müller", "Beethoven", "Vaswani", "Witten"):
        assert family in out
    for year in ("2015", "2021", "2017", "1999", "2026"):
        assert year in out
    assert "https://doi.org/10.48550/arXiv.1503.02531" in out
    assert "et al." in out  # "others" read as more authors
