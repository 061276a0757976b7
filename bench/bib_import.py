"""Importing real bibliographies: a 10,000-entry .bib against bibtexparser's own parse.

The target is a ratio, not a time: a 10k-entry ``.bib`` must import (read,
LaTeX converted where a value has any, checked, merged, committed) in at most
three times what ``bibtexparser.parse_string`` takes to parse the same file.
Both are timed side by side in each repeat, so a busy machine slows both and
the ratio stays meaningful; the figure is the median of the per-repeat ratios.

The library is opened without its search index: indexing 10,000 papers is
the index's cost (reported beside it, as information), the same for papers
from any source. A second figure imports a file with one LaTeX-heavy 1 MB
field (it took 10 s when every value went through the LaTeX parser).
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from bibtexparser.entrypoint import parse_string

from bench.bibfile import bib_text, latex_heavy_field
from bench.generate import SEED, Generator, load_corpus
from bench.harness import Context, Figure, Job, Outcome, Target
from readinglist.core.factory import open_library

ENTRIES = 10_000


def _quiet_bibtexparser() -> None:
    """Its warnings about the file (there are none for ours) would only add noise."""
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False


def _fresh(root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    return root


def run(ctx: Context) -> dict[str, Outcome]:
    _quiet_bibtexparser()
    papers = Generator(load_corpus(), seed=SEED + 13).papers(ENTRIES)
    path = ctx.work / "bibliography-10k.bib"
    path.write_text(bib_text(papers), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    ratios, imports, parses = [], [], []
    summary = ""
    for number in range(ctx.repeats(5)):
        start = time.perf_counter()
        parse_string(text)
        parses.append(time.perf_counter() - start)
        root = _fresh(ctx.work / f"bib-{number}")
        with open_library(root, search_index=False, backup=False) as library:
            start = time.perf_counter()
            report = library.import_file(path)
            imports.append(time.perf_counter() - start)
        summary = report.summary()
        ratios.append(imports[-1] / parses[-1])
    root = _fresh(ctx.work / "bib-indexed")
    with open_library(root, backup=False) as library:
        start = time.perf_counter()
        library.import_file(path)
        indexed = [time.perf_counter() - start]
    heavy_path = ctx.work / "latex-heavy.bib"
    heavy_path.write_text(latex_heavy_field(), encoding="utf-8")
    heavy = []
    for number in range(ctx.repeats(3)):
        root = _fresh(ctx.work / f"bib-heavy-{number}")
        with open_library(root, search_index=False, backup=False) as library:
            start = time.perf_counter()
            library.import_file(heavy_path)
            heavy.append(time.perf_counter() - start)
    size = {"bytes": path.stat().st_size, "report": summary}
    return {
        "bibtex.import_10k_ratio": Outcome(ratios, size),
        "bibtex.import_10k": Outcome(imports),
        "bibtex.parse_10k": Outcome(parses),
        "bibtex.import_10k_indexed": Outcome(indexed),
        "bibtex.latex_field_1mb": Outcome(heavy),
    }


JOB = Job(
    "bibimport",
    run,
    (
        Figure(
            "bibtex.import_10k_ratio",
            "import a 10k-entry .bib ÷ bibtexparser's parse of it",
            "×",
            (Target("median", "<=", 3.0),),
        ),
        Figure("bibtex.import_10k", "  … the import (no search index)", "s"),
        Figure("bibtex.parse_10k", "  … bibtexparser.parse_string of the file", "s"),
        Figure("bibtex.import_10k_indexed", "  … the import, search index included", "s"),
        Figure(
            "bibtex.latex_field_1mb",
            "import a .bib with a 1 MB LaTeX-heavy field",
            "s",
            (Target("median", "<", 1.0),),
        ),
    ),
    timeout=600,
)
