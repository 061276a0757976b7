"""Commands that use the search index: search, similar, reindex."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from readinglist.cli import vocabulary
from readinglist.cli.command import EXIT_OK, Command, add_id
from readinglist.cli.terminal import highlighted, progress_bar, redraws

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.library import Library
    from readinglist.core.search.results import SearchHit

SEARCH_HELP = """\
Search titles, abstracts, notes, author names and tags, best match first.
Words match by their stem and without accents (distill finds "distillation",
muller finds "Müller").

  knowledge distillation     every word, anywhere
  "knowledge distillation"   the exact phrase
  video OR image             either word; (video OR image) generation groups
  -survey, NOT survey        without the word (also -"a phrase", -(a OR b))
  distil*                    a word starting with "distil"
  knowlege~, knowlege~2      a word one (or two) typos away
  title:diffusion            in that field; also abstract:, note:, author:, tag:
  is:starred, is:read, is:unread
                             starred, read, unread (-is:read works too)
  year:2024, year:2021..2023, year:2020..
                             published in those years
  digest:2025-03-13          listed in that day's digest

Everything combines: distil* author:hinton -survey is:unread year:2021..2023.
AND, OR and NOT are operators only in capitals. What cannot be understood is
read as plain words or left out, and a note says so. A query too large to
answer quickly (over 2,000 characters, brackets nested over 10 deep, over 32
words, over 3 words with ~, or * and ~ words standing for over 128 index
words) finds nothing, and the note says why.
Queries matching more than 1,000 papers rank the 1,000 most recent; the total
is then an estimate ("about N"; "total_exact": false in --json)."""


def _hit_lines(hits: Sequence[SearchHit], stream: TextIO) -> Iterator[str]:
    for hit in hits:
        yield f"{hit.paper_id:>6}  {highlighted(hit.title_html, stream)}"
        if hit.snippet_field not in (None, "abstract") and hit.snippet_html:
            yield f"        {hit.snippet_field}: {highlighted(hit.snippet_html, stream)}"
        elif hit.fragment_html:
            yield f"        {highlighted(hit.fragment_html, stream)}"


def cmd_search(library: Library, args: argparse.Namespace, out: Output) -> int:
    from readinglist.core.errors import InvalidInputError

    if args.limit < 1:
        raise InvalidInputError("--limit must be at least 1.")
    results = library.search(args.query, limit=args.limit)
    out.emit(
        lambda: vocabulary.search_record(library, args.query, results),
        _hit_lines(results.hits, out.stream),
    )
    if not out.as_json:
        if results.message:
            print(f"note: {results.message}", file=sys.stderr)
        about = "" if results.exact else "about "
        print(f"{len(results.hits)} of {about}{results.total} matching papers", file=sys.stderr)
    return EXIT_OK


def _setup_search(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY", help="what to look for (quote it in the shell)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")


def cmd_similar(library: Library, args: argparse.Namespace, out: Output) -> int:
    hits = library.similar(args.id, limit=args.limit)
    out.emit(lambda: vocabulary.hits(library, hits), _hit_lines(hits, out.stream))
    return EXIT_OK


def _setup_similar(p: argparse.ArgumentParser) -> None:
    add_id(p)
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N (default 10)")


def cmd_reindex(library: Library, args: argparse.Namespace, out: Output) -> int:
    show = redraws(sys.stderr) and not out.as_json
    started = time.monotonic()
    count = library.reindex(progress_bar(sys.stderr, "indexing", show))
    if show:
        print(file=sys.stderr)
    seconds = time.monotonic() - started
    out.emit(
        {"papers": count, "seconds": round(seconds, 2)},
        [f"Indexed {count} papers in {seconds:.1f} s."],
    )
    return EXIT_OK


def rebuild_first(library: Library, as_json: bool) -> None:
    """The index was missing, stale or damaged at open: rebuild it before the
    command runs, with the ``reindex`` bar on a terminal."""
    show = redraws(sys.stderr) and not as_json
    if show:
        print("readinglist: the search index must be rebuilt first.", file=sys.stderr)
    library.reindex(progress_bar(sys.stderr, "indexing", show))
    if show:
        print(file=sys.stderr)


COMMANDS = (
    Command("search", "search papers (see search --help)", SEARCH_HELP, _setup_search, cmd_search),
    Command(
        "similar",
        "papers similar to one paper",
        "The papers sharing the most key terms with this paper's title and abstract.",
        _setup_similar,
        cmd_similar,
    ),
    Command(
        "reindex",
        "rebuild the search index from the library",
        "Rebuild the search index from the database (the index is derived: nothing\n"
        "is lost). Shows progress on a terminal. Rarely needed: a missing, damaged\n"
        "or stale index is rebuilt by itself.",
        None,
        cmd_reindex,
        rebuild_first=False,
    ),
)
