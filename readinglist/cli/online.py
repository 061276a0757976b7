"""Commands that go online, or keep what was fetched: enrich, download, attach, online.

Nothing else in the command line opens a network connection. Each run
prints one line saying what it did (and what it could not match), and being
offline is one line on standard error, with exit code 1 and nothing changed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.cli import vocabulary
from readinglist.cli.command import EXIT_OK, EXIT_USER, Command, add_id, day
from readinglist.cli.terminal import progress_bar, redraws

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.library import Library
    from readinglist.core.online.enrich import EnrichReport
    from readinglist.core.online.scope import EnrichScope
    from readinglist.core.pdfs import PdfReport


# enrich -----------------------------------------------------------------------


def _scope(args: argparse.Namespace) -> EnrichScope:
    from readinglist.core.errors import InvalidInputError
    from readinglist.core.online.scope import EnrichScope

    if args.ids and (args.all or args.digest or args.missing):
        raise InvalidInputError("Give paper ids, or one of --all, --digest, --missing: not both.")
    return EnrichScope(
        ids=tuple(args.ids),
        digests=(args.digest,) if args.digest else (),
        all=args.all,
        missing=args.missing,
    )


def _enrich_lines(report: EnrichReport) -> Iterator[str]:
    yield report.summary()
    if report.unmatched:
        yield "  not matched (listed, not guessed):"
        for paper in report.unmatched:
            yield f"  {paper.id:>6}  {paper.title}"
    for notice in report.notices:
        yield f"  {notice}"


def cmd_enrich(library: Library, args: argparse.Namespace, out: Output) -> int:
    import os

    from readinglist.cli.output import note
    from readinglist.core.db import utcnow
    from readinglist.core.online.config import load_config
    from readinglist.core.online.session import open_sources

    scope = _scope(args)
    config = load_config(library.settings.get, os.environ)
    show = redraws(sys.stderr) and not out.as_json
    with open_sources(
        config, library.paths.cache, today=utcnow().date(), refresh=args.refresh
    ) as sources:
        report = library.enrichment.run(
            scope, sources, progress=progress_bar(sys.stderr, "enriching", show)
        )
    if show:
        print(file=sys.stderr)
    quiet = report.error is not None and not report.found and not out.as_json
    out.emit(vocabulary.enrich_record(report), () if quiet else _enrich_lines(report))
    if report.error:
        note(report.error)
        return EXIT_USER
    return EXIT_OK


def _setup_enrich(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="the papers to complete")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every paper in the library")
    which.add_argument(
        "--digest", type=day, metavar="YYYY-MM-DD", help="the papers of that day's digest"
    )
    which.add_argument(
        "--missing", action="store_true", help="the papers without an arXiv id or author names"
    )
    p.add_argument(
        "--refresh",
        action="store_true",
        help="ask again, ignoring the answers kept in the library's cache/ folder",
    )


# PDFs -------------------------------------------------------------------------------


def _pdf_ids(library: Library, args: argparse.Namespace) -> list[int]:
    from readinglist.core.errors import InvalidInputError
    from readinglist.core.views import PaperFilter, View

    chosen = [bool(args.ids), args.starred, args.tag is not None, args.digest is not None]
    if sum(chosen) != 1:
        raise InvalidInputError(
            "Say whose PDFs to download: paper ids, --starred, --tag or --digest."
        )
    if args.ids:
        return list(args.ids)
    if args.starred:
        return library.paper_ids(PaperFilter(view=View.STARRED))
    return library.paper_ids(PaperFilter(tag=args.tag, digest_day=args.digest))


def _download_lines(report: PdfReport, library: Library) -> Iterator[str]:
    yield report.summary()
    for pid in report.downloaded:
        yield f"  {pid:>6}  {library.pdfs.path(pid)}"
    for pid, why in report.failed:
        yield f"  {pid:>6}  not downloaded: {why}"
    if report.no_source:
        ids = ", ".join(map(str, report.no_source))
        yield f"  no arXiv id, so nowhere to download from (attach a PDF instead): {ids}"


def cmd_download(library: Library, args: argparse.Namespace, out: Output) -> int:
    import os

    from readinglist.cli.output import note
    from readinglist.core.db import utcnow
    from readinglist.core.online.config import load_config
    from readinglist.core.online.session import open_sources

    ids = _pdf_ids(library, args)
    config = load_config(library.settings.get, os.environ)
    show = redraws(sys.stderr) and not out.as_json
    with open_sources(config, library.paths.cache, today=utcnow().date()) as sources:
        report = library.pdfs.download(
            ids, sources.arxiv, sources.cancel, progress=progress_bar(sys.stderr, "PDFs", show)
        )
    if show:
        print(file=sys.stderr)
    quiet = report.error is not None and not report.downloaded and not out.as_json
    out.emit(
        lambda: vocabulary.download_record(report, library),
        () if quiet else _download_lines(report, library),
    )
    if report.error:
        note(report.error)
        return EXIT_USER
    return EXIT_OK


def _setup_download(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="the papers")
    p.add_argument("--starred", action="store_true", help="every starred paper")
    p.add_argument("--tag", metavar="NAME", help="every paper tagged NAME")
    p.add_argument("--digest", type=day, metavar="YYYY-MM-DD", help="that day's digest")


def cmd_attach(library: Library, args: argparse.Namespace, out: Output) -> int:
    stored = library.pdfs.attach(args.id, Path(args.file))
    out.emit({"id": args.id, "pdf": stored}, [f"{args.id}: the PDF is kept as {stored}"])
    return EXIT_OK


def _setup_attach(p: argparse.ArgumentParser) -> None:
    add_id(p)
    p.add_argument("file", metavar="FILE", help="a PDF file (it is copied, not moved)")


# online -------------------------------------------------------------------------------

_SOURCE_NAMES = {"hf": "Hugging Face", "arxiv": "arXiv"}


def cmd_online(library: Library, args: argparse.Namespace, out: Output) -> int:
    import os

    from readinglist.core.online import config

    for value, key, what in (
        (args.hf_url, config.HF_URL_SETTING, "Hugging Face"),
        (args.arxiv_url, config.ARXIV_URL_SETTING, "arXiv"),
    ):
        if value is not None:
            library.settings.set(key, config.base_url(value, what) if value.strip() else "")
    if args.arxiv_interval is not None:
        library.settings.set(config.ARXIV_INTERVAL_SETTING, str(args.arxiv_interval))
    urls = config.source_urls(library.settings.get, os.environ)
    loaded = config.load_config(library.settings.get, os.environ)

    def origin(text: str) -> str:
        return text if text in ("default", "setting") else f"${text}"

    intervals = {"hf": loaded.hf_interval, "arxiv": loaded.arxiv_interval}
    out.emit(
        [
            {"service": k, "url": v.url, "origin": v.origin, "interval": intervals[k]}
            for k, v in urls.items()
        ],
        [
            f"{_SOURCE_NAMES[k]:<13} {v.url}  ({origin(v.origin)}; "
            f"one request every {intervals[k]:g} s)"
            for k, v in urls.items()
        ],
    )
    return EXIT_OK


def _setup_online(p: argparse.ArgumentParser) -> None:
    p.add_argument("--hf-url", metavar="URL", help="Hugging Face's address ('' for the default)")
    p.add_argument("--arxiv-url", metavar="URL", help="arXiv's API address ('' for the default)")
    p.add_argument(
        "--arxiv-interval",
        type=_seconds,
        metavar="SECONDS",
        help="seconds between requests to a mirror of arXiv (arxiv.org itself: always 3)",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 60:
        raise argparse.ArgumentTypeError(f"not a number of seconds from 0 to 60: {text!r}")
    return value


COMMANDS = (
    Command(
        "enrich",
        "complete papers from Hugging Face and arXiv (goes online)",
        "Complete papers online: arXiv ids, author names, dates and upvotes from\n"
        "Hugging Face's Daily Papers, then authors, abstract, primary category, DOI,\n"
        "journal reference and version from arXiv. Papers are matched by arXiv id or\n"
        "by the same title (case, accents and punctuation aside); those nothing matched\n"
        "are listed, never guessed. Fields you edited, notes, tags and marks are never\n"
        "changed. Sent: digest days, arXiv ids and, for papers with no id, their titles.\n"
        "Answers are kept in the library's cache/ folder, so nothing is asked twice.",
        _setup_enrich,
        cmd_enrich,
    ),
    Command(
        "download",
        "download papers' PDFs from arXiv into the library (goes online)",
        "Download the PDFs of papers that have an arXiv id into the library's pdfs/\n"
        "folder (one request every three seconds, as arXiv asks). A paper that has a\n"
        "PDF already is skipped. Each file is checked to be a whole PDF first.",
        _setup_download,
        cmd_download,
        search_index=False,
    ),
    Command(
        "attach",
        "keep a PDF you have with a paper",
        "Copy a local PDF into the library's pdfs/ folder as the paper's PDF\n"
        "(replacing the one it had). The file is checked to be a whole PDF first.",
        _setup_attach,
        cmd_attach,
        search_index=False,
    ),
    Command(
        "online",
        "show or set the addresses of Hugging Face and arXiv",
        "Show where enrich and download go, and set it (a mirror, or a test server).\n"
        "$READINGLIST_HF_URL and $READINGLIST_ARXIV_URL override these settings. arXiv\n"
        "itself is asked once every three seconds, as it asks; a mirror may be faster.",
        _setup_online,
        cmd_online,
        search_index=False,
    ),
)
