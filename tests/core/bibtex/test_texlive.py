"""TeX Live's own example bibliographies come in whole and go out as they came.

``xampl.bib`` (BibTeX's, in Debian's ``texlive-base``) and
``biblatex-examples.bib`` (biblatex's, in ``texlive-bibtex-extra``), found
with ``kpsewhich``. biber's ``--tool`` mode is the second opinion: it reads
the original and our export, resolving cross-references and normalising
types, fields and dates its own way, and the two readings must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bibtexparser.splitter import Splitter
from sqlalchemy import select

from readinglist.core.bibtex import ExportScope, values
from readinglist.core.bibtex.latex_text import to_text
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.tables import CITATION_ALIAS, PAPER
from readinglist.core.text import title_key
from tests.core.bibtex.texrun import compile_bib, require, run, texlive_file

pytestmark = pytest.mark.tex

FILES = ("xampl.bib", "biblatex-examples.bib")
ALL = ExportScope("all")
#: biblatex's own macros, used in biblatex-examples.bib, for a classic BibTeX document.
BIBLATEX_MACROS = r"""
\providecommand{\mkbibquote}[1]{``#1''}\providecommand{\enquote}[1]{``#1''}
\providecommand{\autocap}[1]{#1}\providecommand{\hyphen}{-}
"""


Entries = dict[str, tuple[str, dict[str, str]]]


def _read(path: Path) -> Entries:
    """Key -> (type, {field: value}) as biber wrote them, its macros expanded."""
    library = Splitter(path.read_text(encoding="utf-8")).split()
    strings: dict[str, tuple[values.Piece, ...]] = {}
    for string in library.strings:
        strings[string.key.casefold()] = values.parse(string.value, strings)[0]
    return {
        e.key: (
            e.entry_type.lower(),
            {f.key.lower(): values.render(values.parse(f.value, strings)[0]) for f in e.fields},
        )
        for e in library.entries
    }


def _biber_reads(folder: Path, bib: Path) -> Entries:
    require("biber")
    out = folder / f"{bib.stem}.tool.bib"
    run(
        folder, "biber", "--tool", "--output-resolve", "--output-fieldcase=lower",
        "--output-file", str(out), str(bib),
    )  # fmt: skip
    return _read(out)


def _citable(library: Library) -> set[str]:
    """Every key a document may cite: the papers' keys and their aliases."""
    with library.db.read() as conn:
        keys = set(conn.execute(select(PAPER.c.citation_key)).scalars())
        aliases = set(conn.execute(select(CITATION_ALIAS.c.alias)).scalars())
    return {k for k in keys if k} | aliases


def _imported(tmp_path: Path, source: Path) -> Library:
    library = open_library(tmp_path / "lib", search_index=False)
    library.import_file(source)
    return library


@pytest.mark.parametrize("name", FILES)
def test_every_titled_entry_is_a_paper_and_every_other_is_reported(
    tmp_path: Path, name: str
) -> None:
    source = texlive_file(name)
    original = _biber_reads(tmp_path, source)
    with _imported(tmp_path, source) as library:
        report = library.import_file(source)  # the second time: nothing new, same notices
        titled = {k for k, (t, f) in original.items() if f.get("title") and t != "set"}
        untitled = set(original) - titled
        papers = library.papers(library.paper_ids())
        assert _citable(library) == titled  # every key that came in, and only those
        identities = {title_key(to_text(values.latex(original[k][1]["title"]))) for k in titled}
        assert len(papers) == len(identities)  # one paper per distinct work
        skipped = {n.key for n in report.notices if n.skipped}
        assert skipped == untitled


@pytest.mark.parametrize("name", FILES)
def test_types_and_fields_survive_as_biber_reads_them(tmp_path: Path, name: str) -> None:
    """biber's reading of our export agrees with its reading of the original: same
    type and every field, values byte for byte for entries that stayed one paper."""
    source = texlive_file(name)
    with _imported(tmp_path, source) as library:
        exported = tmp_path / "ours.bib"
        exported.write_text(library.bibtex.export(ALL, biblatex=True, abstracts=True), "utf-8")
    original, ours = _biber_reads(tmp_path, source), _biber_reads(tmp_path, exported)
    merged: dict[str, str] = {}
    for key, (_, fields) in ours.items():
        for alias in values.latex(fields.get("ids", "{}")).split(","):
            if alias.strip():
                merged[alias.strip()] = key
    for key, (kind, fields) in original.items():
        if kind == "set" or not fields.get("title"):
            continue
        found = ours.get(key) or ours[merged[key]]
        alone = key in ours and "ids" not in found[1]
        if alone:
            assert found[0] == kind, key
        for field_name, value in fields.items():
            if field_name in ("crossref", "xdata"):  # resolved: the fields are in the entry
                continue
            assert field_name in found[1], (key, field_name)
            if alone:
                assert found[1][field_name] == value, (key, field_name)


@pytest.mark.parametrize("biber", [False, True], ids=["bibtex", "biber"])
@pytest.mark.parametrize("name", FILES)
def test_the_exports_compile_and_every_key_is_citable(
    tmp_path: Path, name: str, biber: bool
) -> None:
    require("pdflatex", "biber" if biber else "bibtex")
    source = texlive_file(name)
    with _imported(tmp_path, source) as library:
        bib = library.bibtex.export(ALL, biblatex=biber)
        citable = tuple(sorted(_citable(library)))
    compiled = compile_bib(
        tmp_path / "doc", bib, biber=biber, preamble=BIBLATEX_MACROS, cite=citable
    )
    assert compiled.errors() == []
    assert compiled.undefined() == []
    if biber:  # what biber says is about the source's own values, as for the original
        assert all("legacy" in w for w in compiled.warnings()), compiled.warnings()


@pytest.mark.parametrize("biblatex", [False, True], ids=["bibtex", "biblatex"])
@pytest.mark.parametrize("name", FILES)
def test_export_import_export_gives_the_same_bytes(
    tmp_path: Path, name: str, biblatex: bool
) -> None:
    with _imported(tmp_path / "a", texlive_file(name)) as first:
        text = first.bibtex.export(ALL, biblatex=biblatex, abstracts=True)
    (tmp_path / "export.bib").write_text(text, encoding="utf-8")
    with _imported(tmp_path / "b", tmp_path / "export.bib") as second:
        assert second.bibtex.export(ALL, biblatex=biblatex, abstracts=True) == text
