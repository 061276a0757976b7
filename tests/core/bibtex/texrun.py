"""Compiling a .bib the way a user does, for tests that must see real TeX errors.

Unlike ``test_tex.compile_with`` (our own exports: not one warning allowed),
these helpers judge files whose *content* comes from elsewhere (TeX Live's
example files, a hostile file): an error fails, a warning the source itself
causes is the source's business and is returned for the test to judge.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tools import in_ci

BIBTEX_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
%(preamble)s
\begin{document}
\nocite{*}%(cites)s
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""

#: ``safeinputenc``: biber writes accents it decoded as LaTeX again, so pdflatex
#: can typeset combining marks (``{\={P}}``) that have no precomposed letter.
BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber,safeinputenc]{biblatex}
%(preamble)s
\addbibresource{refs.bib}
\begin{document}
\nocite{*}%(cites)s
\printbibliography
\end{document}
"""


def require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (apt: texlive-latex-base texlive-bibtex-extra biber)"
    if in_ci():
        pytest.fail(f"CI must run the TeX tests, but {message}")
    pytest.skip(message)


def texlive_file(name: str) -> Path:
    """A file of the TeX installation (``kpsewhich``); skips without it (fails in CI)."""
    require("kpsewhich")
    found = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False)
    path = Path(found.stdout.strip())
    if found.returncode != 0 or not path.is_file():
        message = f"{name} is not installed (apt: texlive-base texlive-bibtex-extra)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


def run(folder: Path, *argv: str, ok: tuple[int, ...] = (0,)) -> str:
    env = {**os.environ, "max_print_line": "10000"}
    done = subprocess.run(
        argv, cwd=folder, capture_output=True, text=True, errors="replace", timeout=300, env=env
    )
    output = done.stdout + done.stderr
    assert done.returncode in ok, f"{argv[0]} failed ({done.returncode}):\n{output[-4000:]}"
    return output


@dataclass(frozen=True)
class Compiled:
    """What a compile left: the bibliography tool's output, the LaTeX log, the .bbl."""

    tool: str
    log: str
    bbl: str

    def errors(self) -> list[str]:
        """Every error line of LaTeX and of bibtex or biber (there must be none)."""
        latex = [ln for ln in self.log.splitlines() if ln.startswith("!")]
        tool = [ln for ln in self.tool.splitlines() if re.search(r"ERROR|error message", ln)]
        return latex + tool

    def undefined(self) -> list[str]:
        return re.findall(r"Citation [`'](.+?)' (?:on page \d+ )?undefined", self.log)

    def warnings(self) -> list[str]:
        return [ln for ln in self.tool.splitlines() if re.match(r"WARN -|Warning--", ln)]


def compile_bib(
    folder: Path,
    bib: str,
    *,
    biber: bool,
    preamble: str = "",
    cite: tuple[str, ...] = (),
    shell_escape: bool = False,
) -> Compiled:
    """``\\nocite{*}`` (and ``\\cite`` each of ``cite``) from ``bib``, compiled fully."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    cites = "".join(f"\n\\cite{{{key}}}" for key in cite)
    doc = (BIBLATEX_DOC if biber else BIBTEX_DOC) % {"preamble": preamble, "cites": cites}
    (folder / "doc.tex").write_text(doc, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error"]
    latex += ["-shell-escape"] if shell_escape else ["-no-shell-escape"]
    run(folder, *latex, "doc")
    # bibtex exits 1 for warnings (2 for errors); biber 0 for warnings, 2 for errors
    tool = run(folder, "biber", "doc") if biber else run(folder, "bibtex", "doc", ok=(0, 1))
    run(folder, *latex, "doc")
    run(folder, *latex, "doc")
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    return Compiled(tool, log, bbl)
