"""Citation keys and document links on the 100,000-paper library (``--only writing``).

The generated library has no keys yet: the first citation works out every
paper's key-formula result (cached from then on), later ones look rivals up
by index. A thesis-sized document (200 citations, 2 keys the library lacks)
is exported from its ``.aux``, and linked: a star on a paper it does not
cite must not pay for rendering the link.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from bench.harness import Context, Figure, Job, Outcome, Target
from readinglist.core.bibtex import ExportScope
from readinglist.core.library import Library

CITED = 200


def _timed(action: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    start = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - start


def writing_100k(ctx: Context) -> dict[str, Outcome]:
    root = ctx.copy_library(100_000, "writing")
    library = Library.open(root, backup=False)  # no search: none of this searches
    try:
        ids = library.paper_ids()
        rng = random.Random(19)
        first = [_timed(library.bibtex.keys, [ids[0]])]
        later = [_timed(library.bibtex.keys, [p]) for p in rng.sample(ids, ctx.repeats(30))]
        cited = rng.sample(ids, CITED)
        keys = library.bibtex.keys(cited)
        doc = root.parent / "writing-thesis"  # a document lives outside the library
        doc.mkdir(exist_ok=True)
        aux = doc / "thesis.aux"
        lines = [f"\\citation{{{k}}}\n" for k in keys]
        aux.write_text("".join(lines) + "\\citation{smith2099nothing,hinton2015distiling}\n")
        export = [
            _timed(library.bibtex.export_document, aux, doc / "refs.bib", suggest=False)
            for _ in range(ctx.repeats(9))
        ]
        library.bibtex.add_autoexport(doc / "linked.bib", ExportScope("document", str(aux)))
        others = [p for p in rng.sample(ids, 40) if p not in set(cited)]
        library.mark([others[0]], starred=True)  # the link's first render after linking
        star = [_timed(library.mark, [p], starred=True) for p in others[1 : 1 + ctx.repeats(15)]]
        star_cited = [_timed(library.mark, [p], starred=True) for p in cited[: ctx.repeats(9)]]
    finally:
        library.close()
    return {
        "writing.first_cite_100k": Outcome(first),
        "writing.cite_100k": Outcome(later),
        "writing.export_aux_100k": Outcome(export),
        "writing.star_linked_100k": Outcome(star),
        "writing.star_cited_100k": Outcome(star_cited),
    }


GUI_BUDGET = "part of the GUI's 100 ms"
WRITING_JOB = Job(
    "writing",
    writing_100k,
    (
        Figure("writing.first_cite_100k", "First citation in 100k unkeyed papers", "s"),
        Figure(
            "writing.cite_100k",
            "Citing a paper without a key, 100k",
            "s",
            (Target("median", "<", 0.1),),
            GUI_BUDGET,
        ),
        Figure(
            "writing.export_aux_100k",
            f"export --aux of a {CITED}-citation document, 100k",
            "s",
            (Target("median", "<", 0.5),),
            "a command's answer",
        ),
        Figure(
            "writing.star_linked_100k",
            f"Star beside a {CITED}-citation document link, 100k",
            "s",
            (Target("median", "<", 0.1),),
            GUI_BUDGET,
        ),
        Figure(
            "writing.star_cited_100k",
            "… a star on a paper it cites (the link is rewritten)",
            "s",
            (Target("median", "<", 0.1),),
            GUI_BUDGET,
        ),
    ),
)
