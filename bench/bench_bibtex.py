"""BibTeX export speed on a synthetic library (targets, 10k papers: first under 1 s, again 0.5 s).

    .venv/bin/python -m bench.bench_bibtex [N]

Synthetic papers as in PERF-NOTES: 12-word titles (some acronyms and
accents), 5 authors, 200-word abstracts, half with arXiv ids. Reports the
first export (which assigns every key) and the steady state (keys known),
for BibTeX and BibLaTeX, with and without abstracts.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from readinglist.core.bibtex import ExportScope
from readinglist.core.factory import open_library
from readinglist.core.importers.base import IncomingDigest, IncomingPaper, ParsedBatch
from readinglist.core.tables import Precision

_VOCABULARY = (
    "learning model neural graph LLMs knowledge transfer Über efficient GPT-4 sparse attention "
    "distillation robust federated Non-IID diffusion agents reasoning naïve benchmark 3D vision "
    "retrieval Müller alignment tokens memory scaling"
)
WORDS = _VOCABULARY.split()
NAMES = ("Ann Smith", "José Núñez", "Wei Zhang", "Ludwig van Beethoven", "Zoë Çelik", "Li Na")


def synthetic(n: int, seed: int = 7) -> list[IncomingPaper]:
    rng = random.Random(seed)
    papers = []
    for i in range(n):
        arxiv = i % 2 == 0
        papers.append(
            IncomingPaper(
                title=" ".join(rng.choice(WORDS) for _ in range(12)) + f" {i}",
                abstract=" ".join(rng.choice(WORDS) for _ in range(200)),
                authors=tuple(rng.choice(NAMES) for _ in range(5)),
                published=date(2020, 1, 1) + timedelta(days=rng.randrange(2000)),
                precision=Precision.DAY,
                arxiv_id=f"{2001 + i // 90000}.{i % 90000:05d}" if arxiv else None,
                primary_class="cs.LG" if arxiv else None,
            )
        )
    return papers


def timed(label: str, action: Callable[[], object], repeat: int = 1) -> float:
    """Best of ``repeat`` runs (the machine is shared: the minimum is the signal)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    print(f"{label:<46} {min(walls):6.3f} s wall {min(cpus):6.3f} s cpu (best of {repeat})")
    return min(walls)


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as folder, open_library(Path(folder) / "lib") as library:
        batch = ParsedBatch(
            "bench", "bench", (IncomingDigest(date(2026, 3, 13), tuple(synthetic(n))),)
        )
        timed(f"import {n} papers", lambda: library.import_batch(batch))
        scope = ExportScope("all")
        timed("first export (assigns every key)", lambda: library.bibtex.export(scope))
        timed("export, BibTeX", lambda: library.bibtex.export(scope), 5)
        timed("export, BibLaTeX", lambda: library.bibtex.export(scope, biblatex=True), 5)
        timed(
            "export, BibTeX with abstracts", lambda: library.bibtex.export(scope, abstracts=True), 3
        )
        target = Path(folder) / "refs.bib"
        timed("export_to a file (first write)", lambda: library.bibtex.export_to(target, scope))
        timed(
            "export_to, unchanged (not rewritten)",
            lambda: library.bibtex.export_to(target, scope),
            3,
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
