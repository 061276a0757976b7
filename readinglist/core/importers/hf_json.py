"""The Hugging Face daily-papers API response (``/api/daily_papers``) as JSON.

Shape: a list of items, each with a ``paper`` object holding ``id`` (the
arXiv id), ``title``, ``summary``, ``authors`` (objects with ``name``),
``upvotes``, ``publishedAt`` and ``submittedOnDailyAt``. A saved response
may span several days: each day found (the date of ``submittedOnDailyAt``)
becomes one digest, papers in the order the file lists them. An item
without that date is imported as a paper outside any digest, or into the
``day`` the user gave.

Items may also be bare paper objects (the ``/api/papers/ID`` response), and
a single such object is read as a list of one.

Numbers are untrusted too: an integer of thousands of digits is kept as its
digits (Python refuses to convert more than 4,300), and an upvote count
that does not fit SQLite's 64-bit integer is left out with a notice.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.base import (
    IncomingDigest,
    IncomingPaper,
    ParsedBatch,
    optional_date,
)
from readinglist.core.importers.links import normalise_arxiv_id
from readinglist.core.tables import Precision
from readinglist.core.text import clean_line
from readinglist.core.views import Notice

KIND = "hf-json"
_SHAPE = "expected the Hugging Face daily-papers JSON (a list of items with a 'paper')"


def looks_like(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")


def parse(text: str, source: str, *, day: date | None = None) -> ParsedBatch:
    """Parse the API response; raises :class:`ImportFailed` naming what is wrong."""
    try:
        data = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise ImportFailed(source, f"not valid JSON ({exc.msg})", exc.lineno) from exc
    except RecursionError as exc:
        raise ImportFailed(source, "not valid JSON (nested too deeply)") from exc
    items = _items(data, source)
    if not items:
        raise ImportFailed(source, "no papers found in this JSON (the list is empty)")
    by_day: dict[date, list[IncomingPaper]] = {}
    loose: list[IncomingPaper] = []
    notices: list[Notice] = []
    for number, item in enumerate(items, start=1):
        paper, submitted = _paper(item, source, number, notices)
        target = submitted or day
        if target is None:
            loose.append(paper)
        else:
            by_day.setdefault(target, []).append(paper)
    digests = tuple(IncomingDigest(d, tuple(by_day[d])) for d in sorted(by_day))
    return ParsedBatch(
        source=source, kind=KIND, digests=digests, papers=tuple(loose), notices=tuple(notices)
    )


#: The largest integer SQLite stores.
_MAX_INTEGER = 2**63 - 1


class _Huge(str):
    """An integer with too many digits to be any count: kept as its digits."""


def _parse_int(text: str) -> int | _Huge:
    if len(text.lstrip("-")) <= 19:  # 2**63 has 19 digits
        return int(text)
    return -1 if text.startswith("-") else _Huge(text)  # negative counts mean "unknown"


def _items(data: Any, source: str) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        if isinstance(data.get("paper"), dict) or "title" in data:
            data = [data]
        else:
            raise ImportFailed(source, f"{_SHAPE}; found an object with no 'paper' in it")
    if not isinstance(data, list):
        raise ImportFailed(source, f"{_SHAPE}; found a single {type(data).__name__}")
    out: list[dict[str, Any]] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ImportFailed(source, f"{_SHAPE}; item {number} is not an object")
        paper = item.get("paper", item)
        if not isinstance(paper, dict):
            raise ImportFailed(
                source, f"{_SHAPE}; item {number} has a 'paper' that is not an object"
            )
        out.append(paper)
    return out


def _paper(
    item: dict[str, Any], source: str, number: int, notices: list[Notice]
) -> tuple[IncomingPaper, date | None]:
    where = f"item {number}"
    title = clean_line(_text(item, "title", source, where))
    if not title:
        raise ImportFailed(source, f"{where} has no title")
    raw_id = _text(item, "id", source, where)
    arxiv_id = normalise_arxiv_id(raw_id) if raw_id else None
    if raw_id and arxiv_id is None:
        raise ImportFailed(source, f"{where} has an id that is not an arXiv id: “{raw_id[:40]}”")
    authors = item.get("authors") or []
    if not isinstance(authors, list):
        raise ImportFailed(source, f"{where} has 'authors' that is not a list")
    names: list[str] = []
    for author in authors:
        name = author.get("name") if isinstance(author, dict) else author
        if not isinstance(name, str):
            raise ImportFailed(source, f"{where} has an author without a name")
        if clean_line(name):
            names.append(clean_line(name))
    upvotes = item.get("upvotes")
    if isinstance(upvotes, _Huge) or (isinstance(upvotes, int) and upvotes > _MAX_INTEGER):
        shown = f"{str(upvotes)[:12]}… ({len(str(upvotes))} digits)"
        notices.append(Notice(f"{where}: 'upvotes' {shown} is not a count; it was left out"))
        upvotes = None
    if upvotes is not None and (not isinstance(upvotes, int) or isinstance(upvotes, bool)):
        raise ImportFailed(source, f"{where} has 'upvotes' that is not a whole number")
    published = _date(item, "publishedAt", source, where)
    paper = IncomingPaper(
        title=title,
        abstract=clean_line(_text(item, "summary", source, where)),
        authors=tuple(names),
        author_count=len(names) or None,
        published=published,
        precision=Precision.DAY if published else None,
        arxiv_id=arxiv_id,
        upvotes=upvotes if upvotes and upvotes > 0 else None,
    )
    return paper, _date(item, "submittedOnDailyAt", source, where)


def _text(item: dict[str, Any], key: str, source: str, where: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFailed(source, f"{where} has '{key}' that is not text")
    return value


def _date(item: dict[str, Any], key: str, source: str, where: str) -> date | None:
    """The calendar date (UTC, as the API writes it) of an ISO timestamp."""
    value = _text(item, key, source, where).strip()
    return optional_date(value, source, f"{where} has '{key}'")
