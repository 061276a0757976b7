"""The measurements: each a job over the app's real code paths, with its targets.

Targets are the benchmark issue's. Where a figure is a part of a budget the
issue sets for a whole interaction (the SQL behind the GUI's sort is part of
"sort < 100 ms"), the target says so.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench import bib_import
from bench.bench_writing import WRITING_JOB
from bench.cli_bench import CLI_JOB
from bench.export_bench import EXPORT_JOB
from bench.generate import TODAY
from bench.gui import GUI_FIGURES, gui_job
from bench.harness import Context, Figure, Job, Outcome, Target, UnavailableError
from bench.reindex_bench import JOBS as REINDEX_JOBS
from bench.search_job import SEARCH_JOB
from bench.sync_bench import SYNC_JOBS
from readinglist.core.factory import open_library
from readinglist.core.importers import parse_input
from readinglist.core.library import Library
from readinglist.core.views import PaperFilter, SortKey, View

MS = 0.001


def open_lib(root: Path) -> Library:
    return open_library(root, today=lambda: TODAY)


def timed(action: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    """Seconds one call of ``action(*args, **kwargs)`` takes."""
    start = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - start


def method(library: Library, name: str, issue: str) -> Callable[..., Any]:
    """``library.<name>``, looked up by name: the feature may not be on this branch yet."""
    found: Callable[..., Any] | None = getattr(library, name, None)
    if not callable(found):
        raise UnavailableError(f"Library.{name} is not on this branch yet ({issue})")
    return found


# imports ---------------------------------------------------------------------------


def import_job(papers: int, repeats: int) -> Callable[[Context], dict[str, Outcome]]:
    def run(ctx: Context) -> dict[str, Outcome]:
        root = ctx.copy_library(100_000, f"import-{papers}")
        files = ctx.data.digests(papers)[: ctx.repeats(repeats)]
        samples, summaries = [], []
        with open_lib(root) as library:
            for path in files:  # each a new day: the daily import, index included
                start = time.perf_counter()
                report = library.import_file(path)
                samples.append(time.perf_counter() - start)
                summaries.append(report.summary())
            details: dict[str, Any] = {"reports": summaries}
            if library.index is None:
                details["note"] = "no search index on this branch: SQLite only"
        return {f"import.digest{papers}_into_100k": Outcome(samples, details)}

    return run


def import_pages(ctx: Context) -> dict[str, Outcome]:
    """A 5,000-card Markdown page against a 5,000-paper digest in the samples' shape.

    Both go into the same copy of the 100k library, index included, alternating
    which goes first; each pair gives the page's time over the digest's. The
    parse alone (bytes to papers, no database) is timed apart.
    """
    root = ctx.copy_library(100_000, "import-pages")
    pairs = list(zip(ctx.data.digests(5_000), ctx.data.pages(5_000), strict=True))
    pairs = pairs[: ctx.repeats(3)]
    digest_s: list[float] = []
    page_s: list[float] = []
    ratios: list[float] = []
    parse_digest: list[float] = []
    parse_page: list[float] = []
    summaries: list[str] = []
    with open_lib(root) as library:
        for number, (digest, page) in enumerate(pairs):
            for path, parsed in ((digest, parse_digest), (page, parse_page)):
                data = path.read_bytes()
                parsed.append(timed(parse_input, data, path.name, today=TODAY))
            times: dict[Path, float] = {}
            for path in (digest, page) if number % 2 == 0 else (page, digest):
                start = time.perf_counter()
                summaries.append(library.import_file(path).summary())
                times[path] = time.perf_counter() - start
            digest_s.append(times[digest])
            page_s.append(times[page])
            ratios.append(times[page] / times[digest])
    return {
        "import.page5000_into_100k": Outcome(page_s, {"reports": summaries}),
        "import.page_vs_digest5000": Outcome(ratios, {"digest_s": digest_s}),
        "parse.page5000": Outcome(parse_page),
        "parse.digest5000": Outcome(parse_digest),
    }


def cli_import(ctx: Context) -> dict[str, Outcome]:
    root = ctx.copy_library(100_000, "cli-import")
    samples = []
    for path in ctx.data.digests(100)[: ctx.repeats(3)]:
        cmd = [sys.executable, "-m", "readinglist", "--library", str(root), "import", str(path)]
        samples.append(timed(subprocess.run, cmd, check=True, capture_output=True))
    return {"cli.import100_into_100k": Outcome(samples)}


# lists and sorting (what the GUI asks the core for) --------------------------------


def _sidebar(library: Library, inbox: PaperFilter) -> None:
    """What the window's sidebar and status bar ask for on start and after each change."""
    library.digests()
    library.tags.all()
    library.stats()
    library.count(inbox)


def _open_close(root: Path) -> None:
    open_lib(root).close()


def list_100k(ctx: Context) -> dict[str, Outcome]:
    out: dict[str, Outcome] = {}
    root = ctx.data.library(100_000)
    out["list.open_100k"] = Outcome([timed(_open_close, root) for _ in range(ctx.repeats(5))])
    with open_lib(root) as library:
        last_day = library.digests()[0].day
        for key in SortKey:
            flt = PaperFilter(digest_day=last_day) if key is SortKey.POSITION else PaperFilter()
            samples = []
            for number in range(ctx.repeats(6)):
                desc = number % 2 == 0
                samples.append(timed(library.paper_ids, flt, key, descending=desc))
            out[f"list.sort_{key.value}_100k"] = Outcome(samples)
        inbox = PaperFilter(view=View.INBOX)
        out["list.inbox_100k"] = Outcome(
            [timed(library.paper_ids, inbox, SortKey.DIGEST_ORDER) for _ in range(ctx.repeats(6))]
        )
        ids = library.paper_ids()
        pages = [ids[-100:], ids[len(ids) // 2 : len(ids) // 2 + 100], ids[:100]]
        out["list.rows_page_100k"] = Outcome(
            [timed(library.rows, p) for _ in range(ctx.repeats(5)) for p in pages]
        )
        out["list.sidebar_100k"] = Outcome(
            [timed(_sidebar, library, inbox) for _ in range(ctx.repeats(5))]
        )
    return out


# the registry ----------------------------------------------------------------------

GUI_BUDGET = "part of the GUI's 100 ms"


def _sort_figures() -> tuple[Figure, ...]:
    return tuple(
        Figure(
            f"list.sort_{key.value}_100k",
            f"Library.paper_ids sorted by {key.value}, 100k"
            + (" (one digest)" if key is SortKey.POSITION else ""),
            "s",
            (Target("median", "<", 100 * MS),),
            GUI_BUDGET,
        )
        for key in SortKey
    )


JOBS: tuple[Job, ...] = (
    Job(
        "import100",
        import_job(100, 5),
        (
            Figure(
                "import.digest100_into_100k",
                "import a 100-paper digest into 100k (index incl.)",
                "s",
                (Target("median", "<", 0.5),),
            ),
        ),
    ),
    Job(
        "import5000",
        import_job(5_000, 3),
        (
            Figure(
                "import.digest5000_into_100k",
                "import a 5,000-paper digest into 100k (index incl.)",
                "s",
                (Target("median", "<", 10.0),),
            ),
        ),
        timeout=480,
    ),
    Job(
        "import_pages",
        import_pages,
        (
            Figure(
                "import.page5000_into_100k",
                "import a 5,000-card Markdown page into 100k (index incl.)",
                "s",
                (Target("median", "<", 10.0),),
            ),
            Figure(
                "import.page_vs_digest5000",
                "… its time over a 5,000-paper digest's (same library)",
                "×",
                (Target("median", "<", 2.0),),
            ),
            Figure("parse.page5000", "read a 5,000-card Markdown page (parse only)", "s"),
            Figure("parse.digest5000", "read a 5,000-paper digest (parse only)", "s"),
        ),
        timeout=600,
    ),
    *REINDEX_JOBS,
    SEARCH_JOB,
    EXPORT_JOB,
    bib_import.JOB,
    WRITING_JOB,
    Job("gui", gui_job, GUI_FIGURES, timeout=900),
    Job(
        "list",
        list_100k,
        (
            Figure(
                "list.open_100k",
                "Library open, 100k",
                "s",
                (Target("median", "<", 0.5),),
                "part of the GUI's 1 s start",
            ),
            *_sort_figures(),
            Figure(
                "list.inbox_100k",
                "Library.paper_ids inbox (unread), 100k",
                "s",
                (Target("median", "<", 100 * MS),),
                GUI_BUDGET,
            ),
            Figure(
                "list.rows_page_100k",
                "Library.rows, a page of 100, 100k",
                "s",
                (Target("median", "<", 10 * MS),),
                "part of a 100 ms scroll",
            ),
            Figure(
                "list.sidebar_100k",
                "sidebar counts (digests, tags, stats, inbox), 100k",
                "s",
                (Target("median", "<", 50 * MS),),
                GUI_BUDGET,
            ),
        ),
    ),
    CLI_JOB,
    *SYNC_JOBS,
    Job(
        "cli_import",
        cli_import,
        (
            Figure(
                "cli.import100_into_100k", "CLI `import` a 100-paper digest, 100k (process)", "s"
            ),
        ),
    ),
)


def job(name: str) -> Job:
    for candidate in JOBS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


__all__ = ["JOBS", "date", "job"]
