"""A hostile .bib: its export runs nothing and breaks no build.

``tests/data/hostile.bib`` holds keys with ``\\``, ``%``, ``#``, spaces and
non-ASCII letters, fields with every primitive that reads, writes or runs
(``\\input``, ``\\include``, ``\\write18``, ``\\openout``, ``\\immediate``,
``\\read``, ``\\catcode``, ``\\csname``, ``\\def``, ``^^`` escapes,
``\\begin{input}``), unbalanced braces and control characters, and
``@preamble``s that run things. The export is compiled with shell escape
*on*, next to a ``secret.tex`` that would leave a trace if it were read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.keys import key_problem
from readinglist.core.bibtex.texsafety import DANGEROUS
from readinglist.core.library import Library
from tests.core.bibtex.texrun import compile_bib, require
from tests.snapshots import DATA

HOSTILE = DATA / "hostile.bib"
ALL = ExportScope("all")


def test_the_import_says_what_it_neutralised(library: Library) -> None:
    report = library.import_file(HOSTILE)
    text = "\n".join(str(n) for n in report.notices)
    for said in (
        "@preamble left out (commands that must not run in your document: \\immediate, \\write)",
        "@preamble left out (commands that must not run in your document: \\input)",
        "the key “100% sure” is not safe in LaTeX",
        "the key “hash#key” is not safe in LaTeX",
        "the key “müller2020” is not safe in LaTeX",
        "title: commands that must not run in your document: \\include, \\input, written as text",
        "pages: ^^ escapes, written as text",
        "series: commands that must not run in your document: \\begin, \\end",
        "abstract: unescaped # % & escaped",
        "title: braces that do not balance, written as text",
        "title: control characters dropped",
    ):
        assert said in text, said
    skipped = [n for n in report.notices if n.skipped and n.line == 7]
    assert skipped and "not valid BibTeX" in skipped[0].message  # the key holding \input{


@pytest.mark.parametrize("biblatex", [False, True], ids=["bibtex", "biblatex"])
def test_the_export_holds_nothing_that_runs(library: Library, biblatex: bool) -> None:
    library.import_file(HOSTILE)
    text = library.bibtex.export(ALL, biblatex=biblatex, abstracts=True)
    assert not DANGEROUS.search(text) and "^^" not in text
    for key in library.bibtex.keys(library.paper_ids()):
        assert key_problem(key) is None
    assert "\\newcommand{\\safemacro}[1]{#1}" in text  # the harmless preamble stays


@pytest.mark.tex
@pytest.mark.parametrize("biber", [False, True], ids=["bibtex", "biber"])
def test_compiling_the_export_runs_nothing(library: Library, tmp_path: Path, biber: bool) -> None:
    require("pdflatex", "biber" if biber else "bibtex")
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "secret.tex").write_text("\\immediate\\write18{touch secret-ran}SECRET\n")
    library.import_file(HOSTILE)
    bib = library.bibtex.export(ALL, biblatex=biber, abstracts=True)
    keys = tuple(library.bibtex.keys(library.paper_ids()))
    compiled = compile_bib(folder, bib, biber=biber, cite=keys, shell_escape=True)
    assert compiled.errors() == [] and compiled.undefined() == []
    assert "secret.tex" not in compiled.log  # TeX names every file it reads in its log
    left = sorted(p.name for p in folder.iterdir())
    assert not [name for name in left if name.endswith("-ran") or "openout" in name], left
    assert "\\textbackslash{}input" in compiled.bbl  # the hostile text shows, as text
