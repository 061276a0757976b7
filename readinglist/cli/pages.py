"""``pages``: the Hugging Face pages imported that are not one day's digest.

A trending page, search results, a weekly or monthly page or a collection
is a *source*: ``pages`` lists them with their number, and
``list --source N`` lists a source's papers (``--sort position`` in the
page's own order).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from readinglist.cli import vocabulary
from readinglist.cli.command import EXIT_OK, Command

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.library import Library


def cmd_pages(library: Library, args: argparse.Namespace, out: Output) -> int:
    sources = library.sources.all()
    out.emit(
        [vocabulary.source_record(s) for s in sources],
        (
            f"{s.id:>5}  {s.seen}  {s.label:<40}  {s.papers:>5} papers  {s.unread:>5} unread  "
            f"{s.name}"
            for s in sources
        ),
    )
    return EXIT_OK


COMMANDS = (
    Command(
        "pages",
        "list imported pages that are not digests (trending, searches...)",
        "List the Hugging Face pages imported that are not one day's digest (trending,\n"
        "search results, weekly and monthly pages, collections), the most recently seen\n"
        "first: the source's number (for `list --source N`), the day it was seen, what\n"
        "page it was, its papers and unread counts, and the file it came from.",
        None,
        cmd_pages,
        search_index=False,
    ),
)
