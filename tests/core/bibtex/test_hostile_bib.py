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

import tempfile
from pathlib import Path

import pytest
from bibtexparser.splitter import Splitter
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.keys import key_problem
from readinglist.core.bibtex.texsafety import DANGEROUS
from readinglist.core.errors import ImportFailed
from readinglist.core.factory import open_library
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


_FRAGMENTS = [
    "\\input{secret}", "\\write18{x}", "\\immediate", "\\csname", "\\def\\x", "^^5c", "}", "{",
    "%", "#", "&", "\\", "\x0c", " ", ",", "ü", "\\begin{input}", "@misc{", "=", '"',
]  # fmt: skip
_hostile = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text("ab1 ", max_size=3)), max_size=6)


@settings(max_examples=40, deadline=None)
@given(key=_hostile, title=_hostile, note=_hostile)
def test_any_entry_comes_out_safe_or_not_at_all(
    key: list[str], title: list[str], note: list[str]
) -> None:
    entry = (
        f"@misc{{{''.join(key)},\n  title = {{Paper {''.join(title)}}},\n"
        f"  note = {{{''.join(note)}}},\n  year = {{2020}}\n}}\n"
        "@misc{after, title = {After}, year = {2021}}\n"
    )
    with (
        tempfile.TemporaryDirectory() as folder,
        open_library(Path(folder), search_index=False, backup=False) as library,
    ):
        try:
            library.import_text(entry, "fuzz.bib")
        except ImportFailed:
            return  # nothing in it could be a paper: refused whole, which is safe
        assert any(library.paper(i).title == "After" for i in library.paper_ids())
        for biblatex in (False, True):
            text = library.bibtex.export(ExportScope("all"), biblatex=biblatex)
            assert not DANGEROUS.search(text) and "^^" not in text
            parsed = Splitter(text).split()
            assert not parsed.failed_blocks
            for block in parsed.entries:
                assert key_problem(block.key) is None
