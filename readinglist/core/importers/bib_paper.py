"""One resolved .bib entry as an :class:`IncomingPaper`: the text a reader sees.

The entry's fields are kept whole as its record (for export); this module
reads from them what the library shows and matches on: title, names, date,
venue, link, arXiv id, all as Unicode text.

The arXiv id comes from ``eprint`` (when the archive is arXiv or not given),
an ``arxiv`` field, an arXiv ``url``, an arXiv DataCite DOI, or an
``arXiv:NNNN`` in ``journal``/``note``/``howpublished``.

Names: ``Last, First`` becomes ``First Last`` when that loses nothing (a
single-word last name, with or without ``von`` particles), so the same
author reads the same from every source; multi-word last names
(``García Márquez, Gabriel``) keep the comma form that says where they split.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from functools import lru_cache

from readinglist.core.bibtex import values
from readinglist.core.bibtex.latex_text import to_text
from readinglist.core.bibtex.record import BibRecord
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.importers.links import (
    find_link_ids,
    find_prefixed_ids,
    is_primary_class,
    normalise_arxiv_id,
)
from readinglist.core.tables import Precision
from readinglist.core.text import clean_line

_ARXIV_VENUE = re.compile(r"^(arxiv\b|corr$|arxiv\.org)", re.IGNORECASE)
_BIBLATEX_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_OTHERS = frozenset({"others", "{others}"})
_DATACITE = re.compile(r"10\.48550/arxiv\.(\S+)", re.IGNORECASE)
_VON = re.compile(r"^[a-z]")
_VERBATIM_TEXT = frozenset({"url", "doi", "eprint", "arxiv", "arxivid"})


class Reader:
    """The text of one record's fields, worked out once each."""

    def __init__(self, record: BibRecord, silent: Collection[str]) -> None:
        self.record = record
        self.silent = silent
        self._cache: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self.record.fields:
            return ""
        found = self._cache.get(name)
        if found is None:
            if name in _VERBATIM_TEXT:
                raw = self.record.latex(name)
                found = clean_line(raw.replace("{", "").replace("}", ""))
            else:
                found = self.record.text(name, self.silent)
            self._cache[name] = found
        return found


def paper(
    record: BibRecord,
    key: str,
    line: int,
    *,
    silent: Collection[str] = (),
    aliases: tuple[str, ...] = (),
) -> tuple[IncomingPaper | None, str | None]:
    """The paper an entry describes, or None and why it cannot be one; also a
    warning about a date that is not one (the date is then left out)."""
    text = Reader(record, silent)
    title = text("title")
    if not title:
        return None, "no title (after inheritance): not a paper"
    authors = names(record.latex("author"), silent)
    editors = names(record.latex("editor"), silent)
    (published, precision), warning = published_date(text, record)
    url = text("url")
    venue = text("journal") or text("journaltitle") or text("booktitle")
    primary = text("primaryclass") or text("eprintclass")
    incoming = IncomingPaper(
        title=title,
        abstract=text("abstract"),
        authors=authors,
        author_count=len(authors) or None,
        published=published,
        precision=precision,
        arxiv_id=arxiv_id(text),
        primary_class=primary if is_primary_class(primary) else None,
        venue=None if not venue or _ARXIV_VENUE.match(venue) else venue,
        url=url
        if url.startswith(("http://", "https://")) and not normalise_arxiv_id(url)
        else None,
        citation_key=key,
        editors=editors,
        record=record,
        aliases=aliases,
        line=line,
    )
    return incoming, warning


def names(latex: str, silent: Collection[str] = ()) -> tuple[str, ...]:
    """A ``author``/``editor`` list as stored names (``and others`` dropped)."""
    if not latex.strip():
        return ()
    frozen = silent if isinstance(silent, frozenset) else frozenset(silent)
    kept = (n.strip() for n in split_and(latex))
    return tuple(_name(n, frozen) for n in kept if n and n.casefold() not in _OTHERS)


def split_and(text: str) -> list[str]:
    """Split a name list on ``and`` outside braces (``{Barnes and Noble}`` is one name)."""
    if "{" not in text:
        return _AND.split(text)
    out, start = [], 0
    for match in _AND.finditer(text):
        at = match.start()
        if text.count("{", start, at) == text.count("}", start, at):  # at brace depth 0
            out.append(text[start:at])
            start = match.end()
    out.append(text[start:])
    return out


@lru_cache(maxsize=65536)
def _name(raw: str, silent: frozenset[str]) -> str:
    """One BibTeX name as stored (see the module docstring); cached, since the
    same authors come back entry after entry."""
    split = raw.split(",") if "{" not in raw else _split_top(raw, ",")
    parts = [text for text in (to_text(p, silent) for p in split) if text]
    if len(parts) <= 1:
        return parts[0] if parts else clean_line(raw)
    last, first = parts[0], parts[-1]
    jr = parts[1] if len(parts) == 3 else ""
    core = [w for w in last.split() if not _VON.match(w)]
    if len(core) > 1:
        return ", ".join(p for p in (last, jr, first) if p)
    return " ".join(p for p in (first, last, jr) if p)


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside braces."""
    if "{" not in text:
        return [p.strip() for p in text.split(sep) if p.strip()]
    out, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|" + re.escape(sep), text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            out.append(text[start : match.start()])
            start = match.end()
    out.append(text[start:])
    return [p.strip() for p in out if p.strip()]


def published_date(
    text: Reader, record: BibRecord
) -> tuple[tuple[date | None, Precision | None], str | None]:
    """The date from ``date``, else ``year``/``month``; a warning if it is not a real one."""
    if match := _BIBLATEX_DATE.match(text("date")):
        year, month, day = int(match["y"]), match["m"], match["d"]
        number = int(month) if month else None
    elif re.fullmatch(r"\d{4}", year_text := text("year")):
        year, day = int(year_text), None
        month_value = record.fields.get("month")
        number = values.month_number(month_value) if month_value else None
    else:
        return (None, None), None
    try:
        if number and day:
            return (date(year, number, int(day)), Precision.DAY), None
        if number:
            return (date(year, number, 1), Precision.MONTH), None
        return (date(year, 1, 1), Precision.YEAR), None
    except ValueError:
        shown = text("date") or f"{year}-{number}"
        return (None, None), f"“{shown}” is not a real date: the paper has no date"


def arxiv_id(text: Reader) -> str | None:
    """The arXiv id an entry names (see the module docstring), looking only at
    fields it has."""
    fields = text.record.fields
    if "eprint" in fields:
        archive = text("archiveprefix") or text("eprinttype")
        if archive.casefold() in ("", "arxiv") and (found := normalise_arxiv_id(text("eprint"))):
            return found
    for name in ("arxiv", "arxivid"):
        if name in fields and (found := normalise_arxiv_id(text(name))):
            return found
    if "url" in fields and (ids := find_link_ids(text("url"))):
        return ids[0]
    if (
        "doi" in fields
        and (match := _DATACITE.search(text("doi")))
        and (found := normalise_arxiv_id(match[1]))
    ):
        return found
    for name in ("journal", "journaltitle", "note", "howpublished"):
        if (
            name in fields
            and "arxiv" in fields[name].casefold()
            and (ids := find_prefixed_ids(text(name)))
        ):
            return ids[0]
    return None
