"""A paper as the fields of a BibTeX or BibLaTeX entry.

arXiv papers follow arXiv's own recommendation: ``@misc`` with ``eprint``,
``archivePrefix = {arXiv}``, ``primaryClass`` and ``url`` (BibLaTeX:
``eprinttype``/``eprintclass``). Everything else is ``@misc`` too: a digest
tells us where a paper was seen, not whether it is a journal article.

Most digest papers have no author names and many no publication date, yet
every entry must compile without warnings under ``plain.bst`` and biber:
each gets a year (published, else the year of the first digest that listed
it), a ``key`` field for sorting when there are no authors (classic BibTeX),
and ``howpublished`` saying where the paper was seen.

Field order is fixed, so re-exporting gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from readinglist.core.bibtex.latex import escape, title_to_latex
from readinglist.core.models import DIGEST, PAPER

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = tuple(m.capitalize() for m in _MONTHS)
_URL_UNSAFE = re.compile(r'[\s{}\\"<>^`|]')
_AND = re.compile(r"\band\b", re.IGNORECASE)


@dataclass(frozen=True)
class ExportPaper:
    """The columns of a paper an entry is made from (read in bulk, no ORM objects)."""

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


@dataclass(frozen=True)
class Options:
    biblatex: bool = False
    abstracts: bool = False
    notes: bool = False


@dataclass(frozen=True)
class Value:
    """One field value, already LaTeX; ``macro`` values (``month = mar``) are written bare."""

    text: str
    macro: bool = False


def load(conn: Connection, ids: Sequence[int]) -> list[ExportPaper]:
    """The live papers ``ids`` (by id), with the kind of the first digest that listed each."""
    kinds = {day: kind for day, kind in conn.execute(select(DIGEST.c.day, DIGEST.c.source))}
    cols = (
        PAPER.c.id,
        PAPER.c.citation_key,
        PAPER.c.title,
        PAPER.c.authors,
        PAPER.c.author_count,
        PAPER.c.published,
        PAPER.c.published_precision,
        PAPER.c.arxiv_id,
        PAPER.c.primary_class,
        PAPER.c.venue,
        PAPER.c.url,
        PAPER.c.digest_day,
        PAPER.c.abstract,
        PAPER.c.note,
    )
    out: list[ExportPaper] = []
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), 500):
        stmt = select(*cols).where(
            PAPER.c.id.in_(ordered[start : start + 500]), PAPER.c.removed_at.is_(None)
        )
        for r in conn.execute(stmt):
            out.append(
                ExportPaper(
                    r.id, r.citation_key, r.title, tuple(r.authors or ()), r.author_count,
                    r.published, r.published_precision, r.arxiv_id, r.primary_class, r.venue,
                    r.url, r.digest_day, kinds.get(r.digest_day), r.abstract or "", r.note or "",
                )
            )  # fmt: skip
    return sorted(out, key=lambda p: p.id)


def bib_name(name: str, *, ascii_only: bool) -> str:
    """``Hinton, Geoffrey E.`` from ``Geoffrey E. Hinton``; particles stay with the last name."""
    name = " ".join(name.split())
    if _AND.search(name):
        return "{" + escape(name, ascii_only=ascii_only) + "}"
    if "," in name:
        return escape(name, ascii_only=ascii_only)
    parts = name.split(" ")
    if len(parts) == 1:
        return escape(name, ascii_only=ascii_only)
    split = next((i for i in range(1, len(parts) - 1) if parts[i][:1].islower()), len(parts) - 1)
    last, first = " ".join(parts[split:]), " ".join(parts[:split])
    return f"{escape(last, ascii_only=ascii_only)}, {escape(first, ascii_only=ascii_only)}"


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


def fields(paper: ExportPaper, options: Options) -> list[tuple[str, Value]]:
    """The entry's fields, in the order they are written."""
    ascii_only = not options.biblatex
    out: list[tuple[str, Value]] = []

    def add(name: str, text: str | None, *, macro: bool = False) -> None:
        if text:
            out.append((name, Value(text, macro)))

    names = [bib_name(a, ascii_only=ascii_only) for a in paper.authors if a.strip()]
    if names and paper.author_count and paper.author_count > len(names):
        names.append("others")
    add("author", " and ".join(names))
    add("title", title_to_latex(paper.title, ascii_only=ascii_only))
    where = paper.venue if paper.venue and not paper.arxiv_id else None
    if not paper.arxiv_id:
        add("howpublished", escape(where or seen_in(paper) or "", ascii_only=ascii_only))
    year = paper.published or paper.digest_day
    if options.biblatex:
        add("date", _iso_date(paper) or (str(year.year) if year else None))
    else:
        add("year", str(year.year) if year else None)
        if paper.published and paper.precision in ("day", "month"):
            add("month", _MONTHS[paper.published.month - 1], macro=True)
    if paper.arxiv_id:
        add("eprint", escape(paper.arxiv_id, ascii_only=True))
        if options.biblatex:
            add("eprinttype", "arxiv")
            add("eprintclass", escape(paper.primary_class or "", ascii_only=True))
        else:
            add("archivePrefix", "arXiv")
            add("primaryClass", escape(paper.primary_class or "", ascii_only=True))
    url = safe_url(paper.url) if paper.url else None
    if url is None and paper.arxiv_id:
        url = safe_url(f"https://arxiv.org/abs/{paper.arxiv_id}")
    add("url", url)
    if paper.arxiv_id and paper.venue:
        add("note", escape(paper.venue, ascii_only=ascii_only))
    if not names and not options.biblatex:
        add("key", escape(paper.title, ascii_only=True))
    if options.abstracts:
        add("abstract", escape(paper.abstract, ascii_only=ascii_only))
    if options.notes:
        add(
            "annotation" if options.biblatex else "annote",
            escape(paper.note, ascii_only=ascii_only),
        )
    return out
