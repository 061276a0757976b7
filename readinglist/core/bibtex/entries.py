"""A paper as the fields of a BibTeX or BibLaTeX entry.

A paper that came from a .bib file goes out as the entry it came as
(:mod:`.record_entry`). The rest of this module is for the app's own papers
(from digests and feeds), which have no record.

arXiv papers follow arXiv's own recommendation: ``@misc`` with ``eprint``,
``archivePrefix = {arXiv}``, ``primaryClass`` and ``url`` (BibLaTeX:
``eprinttype``/``eprintclass``), and ``doi`` when the publisher's DOI is
known. Everything else is ``@misc`` too: a digest tells us where a paper was
seen, not whether it is a journal article.

Most digest papers have no author names and many no publication date, yet
every entry must compile without warnings under ``plain.bst`` and biber:
each gets a year (published, else the year of the first digest that listed
it), a ``key`` field for sorting when there are no authors (classic BibTeX),
and ``howpublished`` saying where the paper was seen.

Field order is fixed, so re-exporting gives the same bytes.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import Connection

from readinglist.core.bibtex.aliases import aliases_of
from readinglist.core.bibtex.latex import escape, escape_repeated, title_to_latex
from readinglist.core.chunks import chunks
from readinglist.core.memo import Memo

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = tuple(m.capitalize() for m in _MONTHS)
_URL_UNSAFE = re.compile(r'[\s{}\\"<>^`|]')
_AND = re.compile(r"\band\b", re.IGNORECASE)
#: A DOI as written in a field: verbatim for biblatex, so it must need no escaping.
_SAFE_DOI = re.compile(r"^10\.\d{4,9}/[\x21-\x7e]+$")


class ExportPaper(NamedTuple):
    """The columns of a paper an entry is made from (read in bulk, no ORM objects).

    A named tuple, immutable like the frozen dataclass it was, but made 30
    times faster: a first export makes 10,000 of them.
    """

    id: int
    key: str | None
    title: str
    authors: tuple[str, ...]
    author_count: int | None
    published: date | None
    precision: str | None
    arxiv_id: str | None
    primary_class: str | None
    venue: str | None
    url: str | None
    digest_day: date | None
    digest_kind: str | None
    abstract: str
    note: str
    doi: str | None = None
    #: The bibliographic record (:mod:`.record`): None for the app's own papers.
    entry_type: str | None = None
    #: Read only, like the rest (one empty dict is every record-less paper's default).
    bib_fields: dict[str, str] = {}  # noqa: RUF012
    #: Other keys the paper answers to (``citation_alias``).
    aliases: tuple[str, ...] = ()
    #: The .bib file it came from (``bib_source``), whose preambles go with it.
    source_id: int | None = None


#: The formats an export is written in: .bib for bibtex or biber, or CSL-JSON.
FORMATS = ("bibtex", "biblatex", "csl-json")


@dataclass(frozen=True)
class Options:
    """How an export is written; ``csl`` means CSL-JSON (``biblatex`` then plays no part)."""

    biblatex: bool = False
    abstracts: bool = False
    notes: bool = False
    csl: bool = False

    @classmethod
    def of(cls, fmt: str, *, abstracts: bool = False, notes: bool = False) -> Options:
        """Options for a format named as in :data:`FORMATS`."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        return cls(fmt == "biblatex", abstracts, notes, fmt == "csl-json")

    @property
    def format(self) -> str:
        return "csl-json" if self.csl else "biblatex" if self.biblatex else "bibtex"


_COLUMNS = (
    "id, citation_key, title, authors, author_count, published, published_precision, arxiv_id, "
    "primary_class, venue, url, digest_day, abstract, note, doi, entry_type, bib_fields, "
    "bib_source_id"
)
#: A paper as read, before it becomes an :class:`ExportPaper`: the values of
#: ``_COLUMNS`` as SQLite gave them, then the kind of its first digest and its
#: aliases. All an entry is made from, so an entry cache keys on it.
PaperRow = tuple[Any, ...]
_KEY, _SOURCE, _ALIASES = 1, 17, 19


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load(conn: Connection, ids: Sequence[int]) -> list[ExportPaper]:
    """The live papers ``ids`` (by id), with the kind of the first digest that listed each."""
    return [paper_of(row) for row in load_rows(conn, ids)]


def load_rows(
    conn: Connection, ids: Sequence[int], *, abstracts: bool = True, notes: bool = True
) -> list[PaperRow]:
    """The live papers ``ids`` as rows (by id); without ``abstracts`` or ``notes`` the
    abstract or note reads as empty, as no entry made without them uses them.

    Plain driver SQL through the sqlite3 connection: SQLAlchemy's per-value
    type processing, then its per-row objects, were a third of the time of a
    10k-paper export.
    """
    raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
    kinds = dict(raw.execute("SELECT day, source FROM digest").fetchall())
    wanted = set(ids)
    columns = _COLUMNS
    if not abstracts:
        columns = columns.replace(" abstract,", " '',")
    if not notes:
        columns = columns.replace(" note,", " '',")
    # "+removed_at": papers by id (the primary key), not through an index that
    # starts with removed_at, which the planner picks for an IN list and walks whole.
    sql = f"SELECT {columns} FROM paper WHERE +removed_at IS NULL"
    if len(wanted) > 2000:  # most of the library: one scan beats many IN lists
        rows = [r for r in raw.execute(sql + " ORDER BY id").fetchall() if r[0] in wanted]
    else:
        rows = []
        for chunk in chunks(sorted(wanted)):
            marks = ",".join("?" * len(chunk))
            rows.extend(raw.execute(f"{sql} AND id IN ({marks})", tuple(chunk)).fetchall())
        rows.sort(key=lambda r: r[0])
    alias_map = aliases_of(conn, [r[0] for r in rows])
    return [(*r, kinds.get(r[11]), alias_map.get(r[0], ())) for r in rows]


def paper_of(row: PaperRow) -> ExportPaper:
    """The paper a row of :func:`load_rows` holds."""
    (pid, key, title, authors, count, published, precision, arxiv_id, klass, venue, url,
     digest_day, abstract, note, doi, entry_type, bib_fields, source_id, kind,
     aliases) = row  # fmt: skip
    return ExportPaper(
        pid, key, title, tuple(json.loads(authors) if authors else ()), count,
        _day(published), precision, arxiv_id, klass, venue, url, _day(digest_day),
        kind, abstract or "", note or "", doi, entry_type,
        json.loads(bib_fields) if entry_type and bib_fields else {},
        aliases, source_id,
    )  # fmt: skip


def row_key(row: PaperRow) -> str | None:
    """The citation key of a row's paper."""
    key: str | None = row[_KEY]
    return key


def row_source(row: PaperRow) -> int | None:
    """The .bib file a row's paper came from (whose preambles go with it)."""
    source: int | None = row[_SOURCE]
    return source


def cited_as(row: PaperRow, key: str) -> PaperRow:
    """The row as a document cites it: under ``key``, without aliases (see
    :mod:`readinglist.core.writing.export`)."""
    return (*row[:_KEY], key, *row[_KEY + 1 : _ALIASES], ())


def bib_name(name: str, *, ascii_only: bool) -> str:
    """``Hinton, Geoffrey E.`` from ``Geoffrey E. Hinton``; particles stay with the last name."""
    return _BIB_NAMES[ascii_only][name]


def _bib_name(name: str, ascii_only: bool) -> str:
    name = " ".join(name.split())
    if _AND.search(name):
        return "{" + escape_repeated(name, ascii_only) + "}"
    if "," in name:
        return escape_repeated(name, ascii_only)
    parts = name.split(" ")
    if len(parts) == 1:
        return escape_repeated(name, ascii_only)
    split = next((i for i in range(1, len(parts) - 1) if parts[i][:1].islower()), len(parts) - 1)
    last, first = " ".join(parts[split:]), " ".join(parts[:split])
    # Full names are mostly new to the cache above; their parts are not.
    return f"{escape_repeated(last, ascii_only)}, {escape_repeated(first, ascii_only)}"


#: Names repeat across papers: remembered by flavour (:class:`~readinglist.core.memo.Memo`).
_BIB_NAMES = {flag: Memo(partial(_bib_name, ascii_only=flag)) for flag in (True, False)}


def safe_url(url: str) -> str | None:
    """A URL with characters that would break BibTeX percent-encoded; None if not a web URL."""
    url = url.strip()
    if not re.match(r"(?i)(https?|ftp)://[^\s]", url):
        return None
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def seen_in(paper: ExportPaper) -> str | None:
    """``Hugging Face Daily Papers, 13 Mar 2026``: where the paper was first seen."""
    if paper.digest_day is None:
        return None
    kind = paper.digest_kind or ""
    label = "Hugging Face Daily Papers" if kind.startswith("hf") else "Daily paper digest"
    day = paper.digest_day
    return f"{label}, {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _iso_date(paper: ExportPaper) -> str | None:
    if paper.published is None:
        return None
    if paper.precision == "day":
        return paper.published.isoformat()
    if paper.precision == "month":
        return f"{paper.published:%Y-%m}"
    return str(paper.published.year)


def fields(paper: ExportPaper, options: Options) -> list[tuple[str, str]]:
    """The entry's fields as written (``{...}``, or bare for ``month = mar``), in order."""
    ascii_only = not options.biblatex
    out: list[tuple[str, str]] = []
    append = out.append
    known = _BIB_NAMES[ascii_only]
    names = [known[a] for a in paper.authors if a.strip()]
    if names and paper.author_count and paper.author_count > len(names):
        names.append("others")
    if names:
        append(("author", "{" + " and ".join(names) + "}"))
    append(("title", "{" + title_to_latex(paper.title, ascii_only=ascii_only) + "}"))
    if not paper.arxiv_id:
        where = paper.venue or seen_in(paper)
        if where:
            append(("howpublished", "{" + escape_repeated(where, ascii_only) + "}"))
    day = paper.published or paper.digest_day
    if options.biblatex:
        when = _iso_date(paper) or (str(day.year) if day else None)
        if when:
            append(("date", "{" + when + "}"))
    elif day:
        append(("year", "{" + str(day.year) + "}"))
        if paper.published and paper.precision in ("day", "month"):
            append(("month", _MONTHS[paper.published.month - 1]))
    if paper.arxiv_id:
        append(("eprint", "{" + escape(paper.arxiv_id, ascii_only=True) + "}"))
        prefix, klass = (
            ("eprinttype", "eprintclass") if options.biblatex else ("archivePrefix", "primaryClass")
        )
        append((prefix, "{arxiv}" if options.biblatex else "{arXiv}"))
        if paper.primary_class:
            append((klass, "{" + escape_repeated(paper.primary_class, True) + "}"))
    url = safe_url(paper.url) if paper.url else None
    if url is None and paper.arxiv_id:
        url = safe_url(f"https://arxiv.org/abs/{paper.arxiv_id}")
    if url:
        append(("url", "{" + url + "}"))
    if paper.doi and _SAFE_DOI.match(paper.doi) and not set(paper.doi) & set('{}\\"'):
        append(("doi", "{" + paper.doi + "}"))
    if paper.arxiv_id and paper.venue:
        append(("note", "{" + escape_repeated(paper.venue, ascii_only) + "}"))
    if not names and not options.biblatex:
        append(("key", "{" + escape(paper.title, ascii_only=True) + "}"))
    if options.abstracts and paper.abstract.strip():
        append(("abstract", "{" + escape(paper.abstract, ascii_only=ascii_only) + "}"))
    if options.notes and paper.note.strip():
        name = "annotation" if options.biblatex else "annote"
        append((name, "{" + escape(paper.note, ascii_only=ascii_only) + "}"))
    return out
