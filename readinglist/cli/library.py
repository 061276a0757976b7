"""Commands that bring papers in and look at them: import, list, show, digests, stats, edit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.cli import vocabulary
from readinglist.cli.command import EXIT_OK, EXIT_USER, Command, add_id, day

if TYPE_CHECKING:
    from datetime import date

    from readinglist.cli.output import Output
    from readinglist.core.library import Library
    from readinglist.core.models import Paper
    from readinglist.core.views import FileOutcome, ImportReport, PaperFilter, SourceSummary

# import ------------------------------------------------------------------------


def import_files(
    library: Library, names: Sequence[str], day_given: date | None, *, stop_at_error: bool = False
) -> list[tuple[str, FileOutcome]]:
    """Import each file on its own (``-``: standard input), with the name it was given by.

    A refused file is one outcome among the others; the rest still go in
    (with ``stop_at_error``, nothing after the first refusal is imported).
    """
    from readinglist.core.views import FileOutcome

    paths = [Path(n) for n in names if n != "-"]
    files = iter(library.import_files(paths, day=day_given, stop_at_error=stop_at_error))
    done: list[tuple[str, FileOutcome]] = []
    for name in names:
        if name == "-":
            outcome = FileOutcome.attempt("stdin", partial(_import_stdin, library, day_given))
        else:
            found = next(files, None)
            if found is None:  # stopped at an earlier refusal
                break
            outcome = found
        done.append((name, outcome))
        if stop_at_error and outcome.report is None:
            break
    return done


def _import_stdin(library: Library, day_given: date | None) -> ImportReport:
    return library.import_bytes(sys.stdin.buffer.read(), "stdin", day=day_given)


def report_lines(report: ImportReport) -> Iterator[str]:
    """``Mar 13: 40 papers, 40 new`` (prefixed by the file's name), what was known,
    and each entry the import skipped or warns about."""
    # A report without digest days or sources already starts with the file's name.
    prefix = f"{report.source}: " if report.days or report.sources else ""
    yield f"{prefix}{report.summary()}"
    if report.unchanged and not report.nothing_new:
        yield f"  {report.unchanged} already known"
    for notice in report.notices:
        yield f"  {notice}"


def print_imports(done: Sequence[tuple[str, FileOutcome]], out: Output) -> int:
    """Each file's outcome in order (a refusal on stderr); 1 if any was refused."""
    from readinglist.cli.output import note

    for _, outcome in done:
        if outcome.report is None:
            note(outcome.error or "")
    out.emit(
        [
            vocabulary.import_record(o.report, name)
            if o.report is not None
            else {"path": name, "error": o.error}
            for name, o in done
        ],
        (line for _, o in done if o.report is not None for line in report_lines(o.report)),
    )
    return EXIT_OK if all(o.report is not None for _, o in done) else EXIT_USER


def cmd_import(library: Library, args: argparse.Namespace, out: Output) -> int:
    """Each file on its own: a refused one is named with the reason (on stderr)
    and the others still go in; the exit code is 1 if any was refused."""
    return print_imports(import_files(library, args.files, args.date), out)


def _setup_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="a file to import; '-' reads stdin")
    p.add_argument(
        "--date",
        type=day,
        metavar="YYYY-MM-DD",
        help="the digest's day (for a page that is not a digest: the day it was seen)",
    )


# list and show ------------------------------------------------------------------


def _filter(args: argparse.Namespace) -> PaperFilter:
    from readinglist.core.views import PaperFilter, View

    view = View.ALL
    if args.unread:
        view = View.INBOX
    elif args.starred:
        view = View.STARRED
    elif args.read:
        view = View.READ
    return PaperFilter(view=view, tag=args.tag, digest_day=args.digest, source=args.source)


def cmd_list(library: Library, args: argparse.Namespace, out: Output) -> int:
    from readinglist.core.errors import InvalidInputError
    from readinglist.core.views import SortKey

    flt = _filter(args)
    sort = SortKey(args.sort)
    if sort is SortKey.POSITION and flt.digest_day is None and flt.source is None:
        raise InvalidInputError("--sort position needs --digest DAY or --source N.")
    ids = library.paper_ids(flt, sort, descending=not args.asc, limit=args.limit)

    def lines() -> Iterator[str]:
        for row in library.rows(ids):
            flags = ("*" if row.starred else " ") + (" " if row.read else "•")
            published = row.published.isoformat() if row.published else "          "
            yield f"{row.id:>6} {flags} {published}  {row.title}"

    out.emit(lambda: vocabulary.summaries(library, ids), lines)
    return EXIT_OK


def _setup_list(p: argparse.ArgumentParser) -> None:
    from readinglist.core.views import SortKey

    which = p.add_mutually_exclusive_group()
    which.add_argument("--unread", action="store_true", help="only unread papers")
    which.add_argument("--starred", action="store_true", help="only starred papers")
    which.add_argument("--read", action="store_true", help="only read papers")
    p.add_argument("--tag", metavar="NAME", help="only papers tagged NAME")
    p.add_argument("--digest", type=day, metavar="YYYY-MM-DD", help="only that day's digest")
    p.add_argument(
        "--source", type=int, metavar="N", help="only the papers of source N (see `pages`)"
    )
    p.add_argument(
        "--sort",
        choices=[s.value for s in SortKey],
        default=SortKey.DIGEST_DAY.value,
        help="the order (default: digest; position needs --digest or --source)",
    )
    p.add_argument("--asc", action="store_true", help="ascending (default: newest first)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N papers")


def _show_lines(
    paper: Paper, tags: list[str], days: Sequence[Any], sources: Sequence[SourceSummary]
) -> Iterator[str]:
    authors = ", ".join(paper.authors) or (
        f"{paper.author_count} authors" if paper.author_count else "authors unknown"
    )
    if paper.organisation:
        authors = f"{paper.organisation} ({authors})" if paper.author_count else paper.organisation
    yield paper.title
    yield f"  {authors}"
    yield f"  published: {paper.published or 'unknown'}" + (
        f"   arXiv: {paper.arxiv_id}" if paper.arxiv_id else ""
    )
    yield f"  digests: {', '.join(d.isoformat() for d in days) or '-'}   upvotes: {paper.upvotes}"
    if paper.doi or paper.journal_ref:
        yield "  " + "   ".join(
            x for x in (paper.journal_ref, f"doi: {paper.doi}" if paper.doi else "") if x
        )
    if sources:
        yield f"  seen on: {'; '.join(f'{s.label} (source {s.id})' for s in sources)}"
    yield (
        f"  {'starred, ' if paper.starred else ''}{'read' if paper.read else 'unread'}"
        + (f"   tags: {', '.join(tags)}" if tags else "")
        + (f"   key: {paper.citation_key}" if paper.citation_key else "")
    )
    yield ""
    yield paper.abstract
    if paper.note:
        yield from ("", "Note:", paper.note)


def cmd_show(library: Library, args: argparse.Namespace, out: Output) -> int:
    paper = library.paper(args.id)
    tags = library.tags.of(args.id)
    days = library.digests_of(args.id)
    pdf = library.pdfs.path(args.id)
    sources = library.sources.of(args.id)
    lines = list(_show_lines(paper, tags, days, sources))
    if pdf is not None:
        lines.insert(lines.index(""), f"  PDF: {pdf}")
    out.emit(vocabulary.paper_record(paper, tags, days, pdf, sources), lines)
    return EXIT_OK


# digests and stats -----------------------------------------------------------------


def cmd_digests(library: Library, args: argparse.Namespace, out: Output) -> int:
    digests = library.digests()
    out.emit(
        digests,
        (f"{d.day}  {d.papers:>5} papers  {d.unread:>5} unread  {d.name}" for d in digests),
    )
    return EXIT_OK


def cmd_stats(library: Library, args: argparse.Namespace, out: Output) -> int:
    from dataclasses import asdict

    s = library.stats()
    root = library.paths.root
    out.emit(
        {**asdict(s), "library": root},
        [
            f"Library {root}",
            f"  {s.papers} papers ({s.unread} unread, {s.starred} starred, {s.noted} with notes)",
            f"  {s.digests} digests, {s.entries} digest entries, {s.tags} tags",
        ],
    )
    return EXIT_OK


# edit ------------------------------------------------------------------------------


def _edited_fields(args: argparse.Namespace) -> dict[str, Any]:
    from readinglist.core.errors import InvalidInputError
    from readinglist.core.metadata import parse_authors

    fields: dict[str, Any] = {}
    for name, value in (
        ("title", args.title),
        ("venue", args.venue),
        ("url", args.url),
        ("arxiv_id", args.arxiv),
        ("primary_class", args.primary_class),
    ):
        if value is not None:
            # An empty value clears the field; the title cannot be cleared (edit refuses it).
            fields[name] = value if name == "title" else (value or None)
    if args.authors is not None:
        fields["authors"] = parse_authors(args.authors)
    if args.year is not None:
        fields["year"] = _parse_year(args.year)
    if not fields:
        raise InvalidInputError(
            "Say what to edit: --title, --authors, --year, --arxiv, --venue, --url "
            "or --primary-class."
        )
    return fields


def _parse_year(text: str) -> int | None:
    from readinglist.core.errors import InvalidInputError

    if not text.strip():
        return None
    try:
        return int(text)
    except ValueError as exc:
        raise InvalidInputError(f"Not a year: “{text}” (give four digits, such as 2023).") from exc


def cmd_edit(library: Library, args: argparse.Namespace, out: Output) -> int:
    fields = _edited_fields(args)
    library.edit(args.id, **fields)
    out.emit(
        lambda: vocabulary.full_paper(library, args.id),
        [f"{args.id}: edited {', '.join(sorted(fields))}"],
    )
    return EXIT_OK


def _setup_edit(p: argparse.ArgumentParser) -> None:
    add_id(p)
    p.add_argument("--title", help="the new title (it cannot be empty)")
    p.add_argument("--authors", metavar="'LAST, FIRST; OTHER, NAME'", help="the authors, in order")
    p.add_argument("--year", metavar="YYYY", help="the publication year")
    p.add_argument("--arxiv", metavar="ID", help="the arXiv id (2301.00001 or arXiv:…)")
    p.add_argument("--venue", help="where it was published")
    p.add_argument("--url", help="its web address")
    p.add_argument("--primary-class", dest="primary_class", metavar="CLASS", help="e.g. cs.CL")


COMMANDS = (
    Command(
        "import",
        "import digests or other sources (FILE '-' reads stdin)",
        "Import Hugging Face papers pages (daily, weekly, monthly, trending, search\n"
        "results, collections; copied as text or Markdown, or a text browser's dump;\n"
        "or the API's JSON), arXiv Atom feeds and BibTeX/BibLaTeX files, recognised by\n"
        "their content. A daily page is that day's digest; another page is a source\n"
        "(see `pages`). Each file is imported whole or not at all; each says how\n"
        "many papers were new, enriched or already known, and what it warns about.",
        _setup_import,
        cmd_import,
    ),
    Command(
        "list",
        "list papers",
        "List papers, newest digest first: id, * for starred, • for unread, the\n"
        "publication date and the title.",
        _setup_list,
        cmd_list,
        search_index=False,
    ),
    Command(
        "show",
        "show one paper",
        "Show everything about one paper: authors (or the organisation a Hugging Face\n"
        "page named), dates, digests and the other pages it was seen on, state, tags,\n"
        "citation key, abstract and note.",
        add_id,
        cmd_show,
        search_index=False,
    ),
    Command(
        "digests",
        "list imported digests with unread counts",
        "List the imported digests, newest first, with their papers and unread counts.",
        None,
        cmd_digests,
        search_index=False,
    ),
    Command(
        "stats",
        "summarise the library",
        "Count the library's papers (unread, starred, with notes), digests and tags.",
        None,
        cmd_stats,
        search_index=False,
    ),
    Command(
        "edit",
        "edit a paper's metadata (an empty value clears a field)",
        "Edit a paper's metadata. An empty value clears a field (not the title). An\n"
        "edited field is never overwritten by a later import.",
        _setup_edit,
        cmd_edit,
    ),
)
