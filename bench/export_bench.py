"""The ``bibtex`` job: exporting 10,000 papers, the first time (keys assigned) and again.

Each repeat copies the generated 10k library, exports it once (every paper
gets its key), then again unchanged, after one paper's edit (what an
auto-export does after a change), and with the entry cache emptied (what the
cache of :mod:`readinglist.core.writing.cache` saves).

The generated libraries are written straight into the schema, without the
key bases every writer of this version stores (imports, merges, edits and
sync: :func:`~readinglist.core.bibtex.keys.fill_bases_of`). So each copy
first gets them, untimed, as the app keeps a library: that is the first
export the target is about. A second copy keeps none, as a library from
before key bases has none: its first export works out every base, shown
beside it.
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
    first, again, edited, uncached, sizes, bare = [], [], [], [], [], []
    for number in range(ctx.repeats(3)):
        root = ctx.copy_library(10_000, f"bibtex-{number}")
        with open_library(root, today=lambda: TODAY) as library:
            _store_bases(library)
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
        bare.append(_first_export_without_bases(ctx, scope, number))
    out = {
        "bibtex.first_export_10k": Outcome(first, {"characters": sizes[0]}),
        "bibtex.export_10k": Outcome(again),
        "bibtex.export_10k_one_edited": Outcome(edited),
    }
    if uncached:
        out["bibtex.export_10k_uncached"] = Outcome(uncached)
    out["bibtex.first_export_10k_no_bases"] = Outcome(bare)
    return out


def _store_bases(library: Any) -> None:
    """The key bases this version's writers store, untimed (see the module docstring)."""
    from readinglist.core.bibtex.keys import fill_bases_of

    with library.db.write() as conn:
        fill_bases_of(conn, library.paper_ids())


def _first_export_without_bases(ctx: Context, scope: Any, number: int) -> float:
    """The first export of a copy without key bases (a library from before them)."""
    root = ctx.copy_library(10_000, f"bibtex-bare-{number}")
    with open_library(root, today=lambda: TODAY) as library:
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
            "bibtex.first_export_10k_no_bases",
            "  … first, a library from before key bases (works them all out)",
            "s",
        ),
    ),
)
