"""Value types the Library hands to its callers (GUI, CLI, exporters).

Plain frozen dataclasses: cheap to build for thousands of rows and safe to
pass between threads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import PurePath

from readinglist.core.errors import ImportFailed, ReadingListError


class View(StrEnum):
    """The sidebar's fixed lists."""

    INBOX = "inbox"
    ALL = "all"
    STARRED = "starred"
    READ = "read"
    BIN = "bin"  # removed papers: restored, or deleted for good by emptying the bin


class SortKey(StrEnum):
    """Columns the paper list can be sorted by, each backed by an index."""

    TITLE = "title"
    PUBLISHED = "published"
    DIGEST_DAY = "digest"
    UPVOTES = "upvotes"
    ADDED = "added"
    STARRED = "starred"
    POSITION = "position"
    PDF = "pdf"
    #: The digest's own order: newest digest first, then as it listed them
    #: (in one digest's list: its order). See ``core/digest_order.py``.
    DIGEST_ORDER = "order"


@dataclass(frozen=True)
class PaperFilter:
    """Which papers a list shows; all given conditions must hold."""

    view: View = View.ALL
    digest_day: date | None = None
    tag: str | None = None
    #: A source's id (a Hugging Face page that is not a digest: :class:`SourceSummary`).
    source: int | None = None


@dataclass(frozen=True)
class PaperRow:
    """One line of the paper list."""

    id: int
    title: str
    published: date | None
    digest_day: date | None
    upvotes: int
    read: bool
    starred: bool
    has_pdf: bool = False
    #: The newest digest that listed the paper (the digest order's day).
    listed_day: date | None = None
    #: Marked unread by hand: never marked read automatically.
    keep_unread: bool = False


@dataclass(frozen=True)
class DigestSummary:
    day: date
    name: str
    papers: int
    unread: int


#: How each kind of source page is named to the user.
PAGE_NAMES = {
    "trending": "Trending",
    "search": "Search",
    "weekly": "Week",
    "monthly": "Month",
    "collection": "Collection",
    "page": "Papers page",
}


@dataclass(frozen=True)
class SourceRef:
    """A Hugging Face page that is not one day's digest: a trending page, search
    results, a weekly or monthly page, a collection (``page``); what it showed
    (``query``: the words searched, the week, the collection) and the day it was
    seen. ``id`` is what ``PaperFilter.source`` takes."""

    id: int
    page: str
    query: str | None
    seen: date

    @property
    def label(self) -> str:
        """``Trending, Nov 21, 2026``; ``Search “code llm”, Jul 28, 2026``; ``Week 12, 2026``;
        ``February 2026``; ``Collection lvwerra/code-llms``."""
        kind = PAGE_NAMES.get(self.page, self.page)
        when = f"{self.seen:%b} {self.seen.day}, {self.seen.year}"
        query = self.query or ""
        if self.page == "weekly" and (week := re.fullmatch(r"(\d{4})-W(\d{2})", query)):
            return f"Week {int(week[2])}, {week[1]}"
        month = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", query)
        if self.page == "monthly" and month:
            return f"{date(int(month[1]), int(month[2]), 1):%B %Y}"
        if self.page in ("weekly", "monthly", "collection") and query:
            return f"{kind} {query}"
        if self.page == "search" and self.query:
            return f"{kind} “{self.query}”, {when}"
        return f"{kind}, {when}"


@dataclass(frozen=True)
class SourceSummary(SourceRef):
    """A source as the sidebar, the quick switcher and ``pages`` list it: the file
    it came from and its papers (not in the bin), how many unread."""

    name: str
    papers: int
    unread: int


@dataclass(frozen=True)
class TagSummary:
    name: str
    papers: int


@dataclass(frozen=True)
class Stats:
    papers: int
    unread: int
    starred: int
    read: int
    noted: int
    digests: int
    entries: int
    tags: int
    binned: int = 0  # removed papers waiting in the bin


@dataclass(frozen=True)
class Notice:
    """Something an import says about one place in its input.

    ``skipped`` notices name an entry that was left out (and why); the others
    are warnings about an entry that did come in. ``key`` is the entry's own
    name where it has one (a BibTeX key).
    """

    message: str
    line: int | None = None
    key: str | None = None
    skipped: bool = False

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        name = f"{self.key}: " if self.key else ""
        verb = "skipped, " if self.skipped else ""
        return f"{where}{name}{verb}{self.message}"


@dataclass(frozen=True)
class ImportReport:
    """What one input added: shown per file by the CLI and the GUI."""

    source: str
    kind: str
    days: tuple[date, ...]
    papers: int
    new: int
    enriched: int
    unchanged: int
    entries_added: int
    new_ids: tuple[int, ...] = field(default=(), repr=False)
    notices: tuple[Notice, ...] = ()
    encoding: str = "UTF-8"
    #: The sources (pages that are not digests) the input listed papers in.
    sources: tuple[SourceRef, ...] = ()

    @property
    def skipped(self) -> tuple[Notice, ...]:
        return tuple(n for n in self.notices if n.skipped)

    @property
    def nothing_new(self) -> bool:
        return self.new == 0 and self.enriched == 0 and self.entries_added == 0

    def summary(self) -> str:
        """``Oct 31: 38 papers, 31 new`` (or that nothing was new).

        A Hugging Face page that is not a digest is named by its label
        (``Trending, Nov 21, 2026``); inputs without either (an arXiv feed, a
        BibTeX file) by their file name.
        """
        days = (
            ", ".join(f"{d:%b} {d.day}" for d in self.days)
            or ", ".join(s.label for s in self.sources)
            or PurePath(self.source).name
        )
        text = f"{days}: {self.papers} papers, {self.new} new"
        if self.enriched:
            text += f", {self.enriched} enriched"
        if self.nothing_new:
            text += " (already imported: nothing changed)"
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        warned = len(self.notices) - len(self.skipped)
        if warned:
            text += f"; {warned} warning{'s' if warned != 1 else ''}"
        if self.encoding != "UTF-8":
            text += f" (read as {self.encoding})"
        return text


@dataclass(frozen=True)
class FileOutcome:
    """What importing one file (or standard input) did: its report, or why
    it was refused, in which case nothing of it was stored."""

    source: str
    report: ImportReport | None = None
    #: Why it was refused, naming the file: ``digest.txt, line 3: not UTF-8``.
    error: str | None = None
    #: The same without the file's name, for a list that shows the name already.
    reason: str | None = None

    @classmethod
    def attempt(cls, source: str, run: Callable[[], ImportReport]) -> FileOutcome:
        """Run one import; a refusal becomes the outcome instead of an exception."""
        try:
            return cls(source, report=run())
        except ImportFailed as exc:
            reason = exc.reason if exc.line is None else f"line {exc.line}: {exc.reason}"
            return cls(source, error=str(exc), reason=reason)
        except ReadingListError as exc:
            return cls(source, error=f"{source}: {exc}", reason=str(exc))


@dataclass(frozen=True)
class ChangeSet:
    """What a write changed, for listeners (the GUI's models, auto-export)."""

    paper_ids: frozenset[int] = frozenset()
    structure: bool = False  # papers added/removed, digests or tags changed
