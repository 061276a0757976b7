"""Real clients accept the export: bibtex (plain.bst) and biber (biblatex).

A document ``\\nocite{*}``s an export and is compiled the way a user would;
any error or warning from LaTeX, bibtex or biber fails the test. Without
TeX these tests skip, except under ``CI=true``, where they must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.bibtex import ExportScope
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.tables import Precision
from tests.core.bibtex.conftest import AddPapers

pytestmark = pytest.mark.tex

BIBTEX_DOC = r"""\documentclass{article}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""

BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[backend=biber]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""

#: Papers that exercise what the sample digests do not: names, accents, arXiv, symbols.
TRICKY = (
    IncomingPaper(
        "Distilling the Knowledge in a Neural Network",
        authors=("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"),
        published=date(2015, 3, 9),
        precision=Precision.DAY,
        arxiv_id="1503.02531",
        primary_class="stat.ML",
        abstract="We compress 100% of an ensemble & more: {curly} $x^2$ ~ #1 \\cite{x}.",
    ),
    IncomingPaper(
        "Über naïve Łódź façades – ε-greedy ≤ α·β → ∞ “quoted” … ß Æ ø å",
        authors=("Jörg Müller", "Ludwig van Beethoven", "Zoë Ça Ğ"),
        author_count=5,
        published=date(2021, 6, 1),
        precision=Precision.MONTH,
        venue="Proc. of the R&D Workshop",
    ),
    IncomingPaper(
        r"\input{/etc/passwd} }} @comment{ 50% $x$ #1 a_b ~ ^ \\ <tag> | done",
        url="https://example.org/path_with~tilde?q=1&r=%20#frag",
    ),
    IncomingPaper(
        "GPT-4, LLMs, Non-IID and iPhone: Type I Errors in BERT", abstract="\\METHOD 30\\%"
    ),
)


def _require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (apt: texlive-latex-base texlive-bibtex-extra biber)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the TeX tests, but {message}")
    pytest.skip(message)


def _run(folder: Path, *argv: str) -> str:
    env = {**os.environ, "max_print_line": "10000"}
    done = subprocess.run(
        argv, cwd=folder, capture_output=True, text=True, errors="replace", timeout=300, env=env
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{argv[0]} failed:\n{output[-4000:]}"
    return output


_PROBLEMS = re.compile(r"^!|Warning|WARN|ERROR|Error|undefined", re.MULTILINE)


def _problems(text: str) -> list[str]:
    return [line for line in text.splitlines() if _PROBLEMS.search(line)]


def compile_with(folder: Path, bib: str, *, biber: bool) -> str:
    """Compile ``bib`` like a user would; returns the .bbl after asserting silence."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(BIBLATEX_DOC if biber else BIBTEX_DOC, encoding="utf-8")
    latex = ("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc")
    _run(folder, *latex)
    tool = _run(folder, "biber", "doc") if biber else _run(folder, "bibtex", "doc")
    assert not _problems(tool), "\n".join(_problems(tool))
    _run(folder, *latex)
    _run(folder, *latex)
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert not _problems(log), "\n".join(_problems(log))
    blg = (folder / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert not _problems(blg), "\n".join(_problems(blg))
    return (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace")


def _entries(bbl: str, biber: bool) -> int:
    return bbl.count("\\entry{") if biber else bbl.count("\\bibitem{")


def test_sample_library_compiles_with_bibtex(loaded: Library, tmp_path: Path) -> None:
    _require("pdflatex", "bibtex")
    bib = loaded.bibtex.export(ExportScope("all"), abstracts=True)
    assert _entries(compile_with(tmp_path, bib, biber=False), biber=False) == 230


def test_sample_library_compiles_with_biber(loaded: Library, tmp_path: Path) -> None:
    _require("pdflatex", "biber")
    bib = loaded.bibtex.export(ExportScope("all"), biblatex=True)
    assert _entries(compile_with(tmp_path, bib, biber=True), biber=True) == 230


@pytest.mark.parametrize("biber", [False, True], ids=["bibtex", "biber"])
def test_tricky_papers_compile(
    library: Library, add_papers: AddPapers, tmp_path: Path, biber: bool
) -> None:
    _require("pdflatex", "biber" if biber else "bibtex")
    ids = add_papers(*TRICKY)
    library.set_note(ids[0], "my note: 100% {unbalanced")
    bib = library.bibtex.export(ExportScope("all"), biblatex=biber, abstracts=True, notes=True)
    bbl = compile_with(tmp_path, bib, biber=biber)
    assert _entries(bbl, biber) == len(TRICKY)
    assert "passwd" in bbl and "\\input{" not in bbl.replace("\\textbackslash{}input", "")
