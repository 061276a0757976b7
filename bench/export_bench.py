"""The ``bibtex`` job: exporting 10,000 papers, the first time (keys assigned) and again.

Each repeat copies the generated 10k library, exports it once (every paper
gets its key), then again unchanged, after one paper's edit (what an
auto-export does after a change), and with the entry cache emptied (what the
cache of :mod:`readinglist.core.writing.cache` saves).

The generated libraries are written straight into the schema, as a library
from before imports stored key bases is: its first export works out every
base. A second copy first gets the bases an import stores (the same
:func:`~readinglist.core.bibtex.keys.fill_bases_of` that ends every import,
untimed), to show the first export of papers imported by this version.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from bench.generate import TODAY
from bench.harness import Context, Figure, Job, Outcome, Target, UnavailableError
from readinglist.core.factory import open_library


def _timed(action: Any, *args: Any) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def _export_scope() -> Any:
    for module in ("readinglist.core.bibtex", "readinglist.core.bibtex.export"):
        try:
            found = getattr(importlib.import_module(module), "ExportScope", None)
        except ImportError:
            continue
        if found is not None:
            return found("all")
    raise UnavailableError(
        "ExportScope / library.bibtex.export are not on this branch yet (bibtex, issue 4)"
    )


def bibtex_10k(ctx: Context) -> dict[str, Outcome]:
    """First export (keys assigned), then again: unchanged, after one paper's edit
    (what an auto-export does after a change), and with the entry cache emptied
    (what the cache saves)."""
    scope = _export_scope()
    first, again, edited, uncached, sizes, imported = [], [], [], [], [], []
    for number in range(ctx.repeats(3)):
        root = ctx.copy_library(10_000, f"bibtex-{number}")
        with open_library(root, today=lambda: TODAY) as library:
            export = library.bibtex.export
            start = time.perf_counter()
            sizes.append(len(export(scope)))
            first.append(time.perf_counter() - start)
            for _ in range(2):
                again.append(_timed(export, scope))
            pid = library.paper_ids()[number]
            library.edit(pid, title=library.paper(pid).title + " (revised)")
            edited.append(_timed(export, scope))
            cache = getattr(library.bibtex, "entry_cache", None)
            if cache is not None:
                cache.clear()
                uncached.append(_timed(export, scope))
        imported.append(_first_export_imported(ctx, scope, number))
    out = {
        "bibtex.first_export_10k": Outcome(first, {"characters": sizes[0]}),
        "bibtex.export_10k": Outcome(again),
        "bibtex.export_10k_one_edited": Outcome(edited),
    }
    if uncached:
        out["bibtex.export_10k_uncached"] = Outcome(uncached)
    if any(t is not None for t in imported):
        out["bibtex.first_export_10k_imported"] = Outcome([t for t in imported if t is not None])
    return out


def _first_export_imported(ctx: Context, scope: Any, number: int) -> float | None:
    """The first export of a copy whose papers have the key bases an import stores
    (None on a branch whose imports store none)."""
    try:
        from readinglist.core.bibtex.keys import fill_bases_of
    except ImportError:
        return None
    root = ctx.copy_library(10_000, f"bibtex-imported-{number}")
    with open_library(root, today=lambda: TODAY) as library:
        with library.db.write() as conn:
            fill_bases_of(conn, library.paper_ids())
        return _timed(library.bibtex.export, scope)


EXPORT_JOB = Job(
    "bibtex",
    bibtex_10k,
    (
        Figure(
            "bibtex.first_export_10k",
            "BibTeX export of 10k, first (keys assigned)",
            "s",
            (Target("median", "<", 1.0),),
        ),
        Figure(
            "bibtex.export_10k",
            "BibTeX export of 10k, again",
            "s",
            (Target("median", "<", 0.5),),
        ),
        Figure("bibtex.export_10k_one_edited", "  … again, one paper edited", "s"),
        Figure("bibtex.export_10k_uncached", "  … again, entry cache emptied", "s"),
        Figure(
            "bibtex.first_export_10k_imported",
            "  … first, papers with the key bases an import stores",
            "s",
        ),
    ),
)
