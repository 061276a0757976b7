"""arXiv API responses: Atom 1.0 feeds (``export.arxiv.org/api/query``).

Each ``<entry>`` is a paper: ``<id>`` is its abstract URL with a version
(``http://arxiv.org/abs/2301.00001v2`` or ``…/abs/hep-th/9901001v1``; stored
without the version), ``<title>``, ``<summary>``, ``<author><name>``,
``<published>`` (first version) and ``<updated>`` (latest version; used
only when ``published`` is missing), ``<arxiv:primary_category term=…>``,
``<arxiv:doi>`` (the publisher's DOI) and ``<arxiv:journal_ref>``; the
version in ``<id>`` is kept as the latest version known. A feed is a search
result, not a day's digest, so its papers join the library without a digest.
The API's older format stood for an id it did not have with an empty
``<entry>``: such entries are skipped with a notice.

XML from outside is parsed defensively: a document with a DTD, entity
declarations or external references is refused before it is parsed, so
neither external entity expansion nor "billion laughs" can happen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import NoReturn
from xml.parsers import expat

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.base import IncomingPaper, ParsedBatch, optional_date
from readinglist.core.importers.links import is_primary_class, normalise_arxiv_id
from readinglist.core.tables import Precision
from readinglist.core.text import clean_line
from readinglist.core.views import Notice

KIND = "arxiv-atom"
ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
_A = f"{{{ATOM}}}"
_X = f"{{{ARXIV}}}"
_VERSION = re.compile(r"v(\d{1,3})$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class ArxivErrorFeed(ImportFailed):
    """The feed is the API's answer to a bad request (an entry whose id is an error URL)."""


class _RefusedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def looks_like(text: str) -> bool:
    """XML of any kind goes here, so a wrong XML file gets an XML-specific error."""
    return text.lstrip().startswith("<")


def parse(text: str, source: str) -> ParsedBatch:
    papers, notices = read_feed(text, source)
    if not papers:
        raise ImportFailed(source, "an Atom feed with no entries: no papers found")
    return ParsedBatch(source=source, kind=KIND, papers=tuple(papers), notices=tuple(notices))


def read_feed(text: str, source: str) -> tuple[list[IncomingPaper], list[Notice]]:
    """Every paper of a feed (none is fine: a query may find nothing), and what was skipped.

    Raises :class:`ArxivErrorFeed` for the API's error answer and
    :class:`ImportFailed` for anything that is not a well-formed Atom feed.
    """
    root = _safe_parse(text, source)
    if root.tag != f"{_A}feed":
        name = root.tag.rsplit("}", 1)[-1]
        raise ImportFailed(source, f"XML, but not an Atom feed (its root element is <{name}>)")
    papers: list[IncomingPaper] = []
    notices: list[Notice] = []
    for number, entry in enumerate(root.findall(f"{_A}entry"), start=1):
        if (
            not (entry.findtext(f"{_A}id") or "").strip()
            and not (entry.findtext(f"{_A}title") or "").strip()
        ):
            notices.append(
                Notice(f"entry {number} is empty (arXiv's mark for an id it does not have)")
            )
            continue
        papers.append(_paper(entry, source, number))
    return papers, notices


def _refuse(reason: str) -> NoReturn:
    raise _RefusedError(reason)


def _safe_parse(text: str, source: str) -> ET.Element:
    """Check with expat that no DTD or entity is declared, then build the tree."""
    checker = expat.ParserCreate()

    def doctype(*_args: object) -> None:
        _refuse("it declares a DTD (<!DOCTYPE …>), which an Atom feed never needs")

    def entity(*_args: object) -> None:
        _refuse("it declares XML entities, which are refused for safety")

    def external(*_args: object) -> int:
        _refuse("it refers to an external entity, which is refused for safety")

    checker.StartDoctypeDeclHandler = doctype
    checker.EntityDeclHandler = entity
    checker.UnparsedEntityDeclHandler = entity
    checker.ExternalEntityRefHandler = external
    try:
        checker.Parse(text, True)
    except _RefusedError as exc:
        raise ImportFailed(source, exc.reason, checker.CurrentLineNumber) from exc
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code] if exc.code else str(exc)
        raise ImportFailed(source, f"not well-formed XML ({reason})", exc.lineno) from exc
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:  # pragma: no cover - expat accepted it above
        raise ImportFailed(source, f"not well-formed XML ({exc})", exc.position[0]) from exc


def _paper(entry: ET.Element, source: str, number: int) -> IncomingPaper:
    where = f"entry {number}"
    raw_id = clean_line(entry.findtext(f"{_A}id") or "")
    title = clean_line(entry.findtext(f"{_A}title") or "")
    if "/api/errors" in raw_id or (title == "Error" and "arxiv.org/api" in raw_id):
        summary = clean_line(entry.findtext(f"{_A}summary") or "")
        raise ArxivErrorFeed(source, f"the arXiv API answered with an error: {summary or raw_id}")
    if not title:
        raise ImportFailed(source, f"{where} has no title")
    arxiv_id = normalise_arxiv_id(raw_id)
    if raw_id and arxiv_id is None:
        raise ImportFailed(source, f"{where} has an id that is not an arXiv link: “{raw_id[:60]}”")
    authors = tuple(
        name
        for name in (
            clean_line(a.findtext(f"{_A}name") or "") for a in entry.findall(f"{_A}author")
        )
        if name
    )
    published = _date(entry, "published", source, where) or _date(entry, "updated", source, where)
    primary = entry.find(f"{_X}primary_category")
    term = clean_line(primary.get("term", "")) if primary is not None else ""
    if not term:
        first = entry.find(f"{_A}category")
        term = clean_line(first.get("term", "")) if first is not None else ""
    doi = clean_line(entry.findtext(f"{_X}doi") or "")
    version = _VERSION.search(raw_id) if arxiv_id else None
    return IncomingPaper(
        title=title,
        abstract=clean_line(entry.findtext(f"{_A}summary") or ""),
        authors=authors,
        author_count=len(authors) or None,
        published=published,
        precision=Precision.DAY if published else None,
        arxiv_id=arxiv_id,
        primary_class=term if is_primary_class(term) else None,
        doi=doi if _DOI.match(doi) else None,
        journal_ref=clean_line(entry.findtext(f"{_X}journal_ref") or "") or None,
        arxiv_version=int(version[1]) if version else None,
    )


def _date(entry: ET.Element, tag: str, source: str, where: str) -> date | None:
    value = clean_line(entry.findtext(f"{_A}{tag}") or "")
    return optional_date(value, source, f"{where} has a <{tag}>")
