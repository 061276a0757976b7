"""How two descriptions of the same paper combine: pure, order-independent rules.

Sources disagree (a digest's abstract is cut short, a BibTeX file has no
abstract, two files spell a title differently). If the library kept
whichever came first, importing the same files in another order would give
another library. So every field is combined by a rule that only looks at the
values, never at their arrival order — each rule is commutative, associative
and idempotent (a "join"):

- text fields (title, abstract, venue, URL, primary class, DOI, journal
  reference): the non-empty
  one; between two, the longer (it is the less truncated); equal lengths,
  the one that sorts first (so ``Foo Bar`` beats ``Foo bar``);
- authors: the longest list; equal lengths, the one that sorts first;
  the author count is the largest known (it may exceed the names listed);
- published date: the more precise (day > month > year); equally precise,
  the earlier (the first version, not a later conference);
- arXiv id: the known one; two different ones, the smaller;
- upvotes and the arXiv version: the most;
- editors: as authors;
- organisation (a Hugging Face page's name for who wrote it): as text;
- the bibliographic record (a .bib entry's type and fields): every field of
  either, by the rules of :func:`readinglist.core.bibtex.record.join`.

A field the user edited is never changed (``Paper.user_fields``), nor the
record fields it stands for.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readinglist.core.bibtex.record import from_columns, guarded, join_optional, to_columns
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.tables import Precision
from readinglist.core.text import clean_line

#: Columns a merge may change, in the form :func:`record` produces.
MERGED = (
    "title",
    "abstract",
    "authors",
    "author_count",
    "published",
    "published_precision",
    "arxiv_id",
    "primary_class",
    "venue",
    "url",
    "upvotes",
    "doi",
    "journal_ref",
    "arxiv_version",
    "editors",
    "entry_type",
    "bib_fields",
    "organisation",
)
_TEXT = ("abstract", "primary_class", "venue", "url", "doi", "journal_ref")
#: The user-edit name that protects a column (``year`` guards the date).
GUARD = {
    "title": "title",
    "authors": "authors",
    "author_count": "authors",
    "published": "year",
    "published_precision": "year",
    "arxiv_id": "arxiv_id",
    "primary_class": "primary_class",
    "venue": "venue",
    "url": "url",
    "doi": "doi",
    "journal_ref": "journal_ref",
    "organisation": "authors",
}
_RANK = {None: 0, Precision.YEAR.value: 1, Precision.MONTH.value: 2, Precision.DAY.value: 3}

Record = dict[str, Any]


def record(paper: IncomingPaper) -> Record:
    """An incoming paper as column values (empty text as ``None``).

    Importers hand over text already through :func:`clean_line` (the
    :class:`IncomingPaper` contract); only the short fields are cleaned again
    here, as a guard, because the title is identity.
    """
    authors = [n for n in (clean_line(a) for a in paper.authors) if n]
    count = max(paper.author_count or 0, len(authors)) or None
    entry_type, bib_fields = to_columns(paper.record)
    return {
        "title": clean_line(paper.title),
        "abstract": paper.abstract.strip(),
        "authors": authors,
        "author_count": count,
        "published": paper.published,
        "published_precision": (paper.precision or Precision.DAY).value
        if paper.published
        else None,
        "arxiv_id": paper.arxiv_id or None,
        "primary_class": clean_line(paper.primary_class or "") or None,
        "venue": clean_line(paper.venue or "") or None,
        "url": (paper.url or "").strip() or None,
        "upvotes": paper.upvotes or 0,
        "doi": (paper.doi or "").strip() or None,
        "journal_ref": clean_line(paper.journal_ref or "") or None,
        "arxiv_version": paper.arxiv_version or None,
        "editors": [n for n in (clean_line(e) for e in paper.editors) if n],
        "entry_type": entry_type,
        "bib_fields": bib_fields,
        "organisation": clean_line(paper.organisation or "") or None,
    }


def join(current: Record, other: Record, user: frozenset[str] = frozenset()) -> Record:
    """``current`` combined with ``other``; fields guarded by ``user`` keep ``current``."""
    out = dict(current)
    if "title" not in user:
        out["title"] = better_text(current["title"], other["title"])
    out["abstract"] = better_text(current["abstract"], other["abstract"]) or ""
    for name in _TEXT[1:]:
        if GUARD[name] not in user:
            out[name] = better_text(current[name], other[name])
    if "authors" not in user:
        out["organisation"] = better_text(current["organisation"], other["organisation"])
        out["authors"] = better_list(current["authors"], other["authors"])
        counts = (current["author_count"] or 0, other["author_count"] or 0, len(out["authors"]))
        out["author_count"] = max(counts) or None
    if "year" not in user:
        out["published"], out["published_precision"] = better_date(
            (current["published"], current["published_precision"]),
            (other["published"], other["published_precision"]),
        )
    if "arxiv_id" not in user:
        ids = [i for i in (current["arxiv_id"], other["arxiv_id"]) if i]
        out["arxiv_id"] = min(ids) if ids else None
    out["upvotes"] = max(current["upvotes"] or 0, other["upvotes"] or 0)
    versions = [v for v in (current["arxiv_version"], other["arxiv_version"]) if v]
    out["arxiv_version"] = max(versions) if versions else None
    out["editors"] = better_list(current.get("editors") or [], other.get("editors") or [])
    record = join_optional(
        from_columns(current.get("entry_type"), current.get("bib_fields")),
        from_columns(other.get("entry_type"), other.get("bib_fields")),
        guarded(user),
    )
    out["entry_type"], out["bib_fields"] = to_columns(record)
    return out


def better_text(a: str | None, b: str | None) -> str | None:
    if not a:
        return b or a
    if not b:
        return a
    if len(a) != len(b):
        return a if len(a) > len(b) else b
    return min(a, b)


def better_list(a: list[str], b: list[str]) -> list[str]:
    if len(a) != len(b):
        return list(a if len(a) > len(b) else b)
    return list(min(tuple(a), tuple(b)))


def better_date(
    a: tuple[date | None, str | None], b: tuple[date | None, str | None]
) -> tuple[date | None, str | None]:
    def key(value: tuple[date | None, str | None]) -> tuple[int, int]:
        day, precision = value
        if day is None:
            return (-1, 0)
        return (_RANK.get(precision, 0), -day.toordinal())

    return a if key(a) >= key(b) else b


def changes(row: Record, merged: Record) -> Record:
    """The columns whose value differs between a stored row and its merge."""
    return {
        name: merged.get(name) for name in MERGED if _norm(row.get(name)) != _norm(merged.get(name))
    }


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):  # a record's fields: their order is not a change
        return tuple(sorted(value.items()))
    if value == "":
        return None
    return value
