"""Real documents compiled with the .bib the library made for them.

A small thesis (a main file and an ``\\include``d chapter, natbib or biblatex
citation commands, a key in another case, a key from an imported .bib) is
compiled the way a user would: LaTeX, then ``export --aux``/``--bcf`` (or
``--tex`` before any run), then bibtex or biber, then LaTeX again. Nothing
may be missing and nothing may warn. Typst compiles the BibLaTeX export
through the ``typst`` Python package (it has no Debian package); those skip
without it except under ``CI=true``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readinglist.core.bibtex import ExportScope
from readinglist.core.library import Library
from readinglist.core.tables import CITATION_ALIAS
from tests.core.bibtex.test_tex import TRICKY, _problems, _require, _run
from tests.core.writing.conftest import AddPapers
from tests.core.writing.test_csl import MORE

pytestmark = pytest.mark.tex

NATBIB = r"""\documentclass{article}
\usepackage[numbers]{natbib}
\usepackage{url}
\begin{document}
First \citep[see][p.~3]{%(a)s} and \citet{%(B)s}.
\include{chapter}
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""
BIBLATEX = r"""\documentclass{article}
\usepackage[backend=biber]{biblatex}
\addbibresource{refs.bib}
\begin{document}
First \autocite[p.~3]{%(a)s} and \textcite{%(B)s}.
\include{chapter}
\printbibliography
\end{document}
"""
CHAPTER = r"In the chapter \cite{%(c)s,%(alias)s} and \nocite{%(d)s}." + "\n"


def _project(library: Library, ids: list[int], folder: Path, main: str) -> dict[str, str]:
    keys = library.bibtex.keys(ids)
    with library.db.write() as conn:
        conn.execute(CITATION_ALIAS.insert().values(alias="Imported:Key", paper_id=ids[3]))
    names = {"a": keys[0], "B": keys[1].upper(), "c": keys[2], "d": keys[4],
             "alias": "Imported:Key"}  # fmt: skip
    (folder / "main.tex").write_text(main % names, encoding="utf-8")
    (folder / "chapter.tex").write_text(CHAPTER % names, encoding="utf-8")
    return names


def _latex(folder: Path) -> None:
    _run(folder, "pdflatex", "-interaction=nonstopmode", "-halt-on-error", "main")


def _finish(folder: Path, *, biber: bool) -> str:
    if not (folder / "main.aux").exists():  # the .bib came from the sources: LaTeX now
        _latex(folder)
    tool = _run(folder, "biber" if biber else "bibtex", "main")
    assert not _problems(tool), "\n".join(_problems(tool))
    _latex(folder)
    _latex(folder)
    log = (folder / "main.log").read_text(encoding="utf-8", errors="replace")
    assert not _problems(log), "\n".join(_problems(log))
    return (folder / "main.bbl").read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("source", ["aux", "tex"])
def test_a_bibtex_project(
    library: Library, add_papers: AddPapers, tmp_path: Path, source: str
) -> None:
    _require("pdflatex", "bibtex")
    ids = add_papers(*TRICKY, *MORE)
    names = _project(library, ids, tmp_path, NATBIB)
    if source == "aux":
        _latex(tmp_path)
    done = library.bibtex.export_document(tmp_path / f"main.{source}", tmp_path / "refs.bib")
    assert done.missing == () and done.count == 5
    bbl = _finish(tmp_path, biber=False)
    assert bbl.count("\\bibitem") == 5
    assert all(name in bbl for name in names.values())


@pytest.mark.parametrize("source", ["bcf", "tex"])
def test_a_biber_project(
    library: Library, add_papers: AddPapers, tmp_path: Path, source: str
) -> None:
    _require("pdflatex", "biber")
    ids = add_papers(*TRICKY, *MORE)
    names = _project(library, ids, tmp_path, BIBLATEX)
    if source == "bcf":
        _latex(tmp_path)
    target = tmp_path / "refs.bib"
    done = library.bibtex.export_document(tmp_path / f"main.{source}", target, format="biblatex")
    assert done.missing == () and done.count == 5
    bbl = _finish(tmp_path, biber=True)
    assert bbl.count("\\entry{") == 5
    assert all(f"\\entry{{{name}}}" in bbl for name in names.values())  # biber: exact case


def test_an_unknown_key_is_reported_and_the_rest_compiles(
    library: Library, add_papers: AddPapers, tmp_path: Path
) -> None:
    _require("pdflatex", "bibtex")
    ids = add_papers(*TRICKY, *MORE)
    (key,) = library.bibtex.keys([ids[0]])
    (tmp_path / "main.tex").write_text(
        NATBIB.replace("\\include{chapter}", "") % {"a": key, "B": "hinton2015distiling"},  # a typo
        encoding="utf-8",
    )
    _latex(tmp_path)
    done = library.bibtex.export_document(tmp_path / "main.aux", tmp_path / "refs.bib")
    ((missing,),) = [[m for m in done.missing]]
    assert missing.key == "hinton2015distiling" and missing.suggestions[0].key == key
    tool = _run(tmp_path, "bibtex", "main")
    assert 'didn\'t find a database entry for "hinton2015distiling"' in tool


def _typst() -> object:
    try:
        import typst
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the Typst test, but the typst package is missing")
        pytest.skip("needs the typst Python package (pip install typst)")
    return typst


@pytest.mark.parametrize("biblatex", [True, False], ids=["biblatex", "bibtex"])
def test_typst_compiles_the_export(
    library: Library, add_papers: AddPapers, tmp_path: Path, biblatex: bool
) -> None:
    typst = _typst()
    ids = add_papers(*TRICKY, *MORE)
    library.bibtex.set_key(ids[1], "hep-th/odd.")  # a key Typst must be told apart
    cite = library.bibtex.cite(ids, "typst")
    assert '#cite(label("hep-th/odd."))' in cite
    (tmp_path / "refs.bib").write_text(
        library.bibtex.export(ExportScope("all"), biblatex=biblatex), encoding="utf-8"
    )
    (tmp_path / "main.typ").write_text(
        f'= Test\nAs shown {cite}.\n\n#bibliography("refs.bib", style: "ieee")\n',
        encoding="utf-8",
    )
    stamp = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    pdf = typst.compile(  # type: ignore[attr-defined]
        str(tmp_path / "main.typ"), root=str(tmp_path), timestamp=int(stamp)
    )
    assert pdf[:5] == b"%PDF-"
