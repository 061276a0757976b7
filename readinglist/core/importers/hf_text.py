"""The Hugging Face "Daily Papers" page, copied as plain text.

Shape (learned from real digests): a header (``new``, ``Get trending papers
in your email inbox!``, ``Subscribe``, sometimes ``Daily Papers``, ``byAK and
the research community``), the digest's day (``Mar 13``, no year), then
papers separated by blank lines: a title line, an abstract paragraph and,
for some papers, a metadata block ``• 7 authors`` / ``·`` / a date line
(``Jun 19, 2022``, ``May 18`` or ``Mar 20 2`` with a trailing upvote count).

Text pasted from an e-mail or a note may also carry links: a line that is
only a Hugging Face paper URL, an arXiv URL or an ``arXiv:`` id gives the
arXiv id of the paper whose block it stands in (or follows), and is not
part of the title or the abstract. Paper-page URLs inside the text count
too; a bare ``arXiv:`` mention in an abstract does not (it usually cites
another paper).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.base import IncomingDigest, IncomingPaper, ParsedBatch
from readinglist.core.importers.links import find_link_ids, link_only_id
from readinglist.core.models import Precision
from readinglist.core.text import clean_line

KIND = "hf-text"

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DAY_LINE = re.compile(rf"^{_MONTH} (?P<day>\d{{1,2}})$", re.IGNORECASE)
DATE_LINE = re.compile(
    rf"^{_MONTH} (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?(?: (?P<upvotes>\d{{1,7}}))?$",
    re.IGNORECASE,
)
AUTHORS_LINE = re.compile(r"^[•·*-]? ?(?P<n>\d{1,4}) authors?$", re.IGNORECASE)
SEPARATOR_LINE = frozenset({"·", "•", "-"})
UPVOTES_LINE = re.compile(r"^\d{1,7}$")
#: A title longer than this is an abstract in the wrong place: the file is not a digest.
MAX_TITLE = 600


@dataclass(frozen=True)
class _Block:
    line: int
    lines: tuple[str, ...]
    #: arXiv ids of the link-only lines taken out of (or following) this block.
    ids: tuple[str, ...] = ()


def looks_like(text: str) -> bool:
    """True when the text opens like a Daily Papers page (header or day line)."""
    first = next(_content_lines(text, limit=1), "")
    return first.casefold() in HEADER_LINES or DAY_LINE.match(first) is not None


def parse(text: str, source: str, *, today: date, day: date | None = None) -> ParsedBatch:
    """Parse a digest; ``day`` overrides the digest's own day (which has no year)."""
    blocks = _take_links(list(_blocks(text)))
    blocks = _skip_header(blocks)
    if blocks and len(blocks[0].lines) == 1 and DAY_LINE.match(blocks[0].lines[0]):
        found = _day_from(blocks[0].lines[0], today)
        blocks = blocks[1:]
        day = day or found
    elif day is None:
        where = blocks[0].line if blocks else None
        raise ImportFailed(
            source,
            "not a digest: no day line such as 'Mar 13' before the first paper "
            "(give the day with --date)",
            where,
        )
    papers = _papers(blocks, source, day)
    if not papers:
        raise ImportFailed(source, "no papers found in this digest")
    return ParsedBatch(source=source, kind=KIND, digests=(IncomingDigest(day, tuple(papers)),))


def infer_year(month: int, day: int, today: date) -> date:
    """The latest ``month``/``day`` not after ``today`` (29 Feb: the last leap year)."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise ValueError(f"no such day: {month}/{day}")


def _content_lines(text: str, limit: int) -> Iterator[str]:
    count = 0
    for raw in text.split("\n"):
        line = clean_line(raw)
        if line:
            yield line
            count += 1
            if count >= limit:
                return


def _blocks(text: str) -> Iterator[_Block]:
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = clean_line(raw)
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            yield _Block(start, tuple(current))
            current = []
    if current:
        yield _Block(start, tuple(current))


def _take_links(blocks: list[_Block]) -> list[_Block]:
    """Move link-only lines out of the text; a block of only links joins the one before."""
    out: list[_Block] = []
    for block in blocks:
        kept: list[str] = []
        ids: list[str] = []
        for line in block.lines:
            found = link_only_id(line)
            if found is None:
                kept.append(line)
            elif found not in ids:
                ids.append(found)
        if kept:
            out.append(_Block(block.line, tuple(kept), tuple(ids)))
        elif out and ids:
            last = out[-1]
            merged = last.ids + tuple(i for i in ids if i not in last.ids)
            out[-1] = _Block(last.line, last.lines, merged)
    return out


def _skip_header(blocks: list[_Block]) -> list[_Block]:
    index = 0
    while index < len(blocks) and all(x.casefold() in HEADER_LINES for x in blocks[index].lines):
        index += 1
    return blocks[index:]


def _day_from(line: str, today: date) -> date:
    match = DAY_LINE.match(line)
    assert match is not None
    return infer_year(MONTHS[match["month"][:3].lower()], int(match["day"]), today)


def _is_metadata(block: _Block) -> bool:
    return all(_is_meta_line(x) for x in block.lines)


def _is_meta_line(line: str) -> bool:
    return bool(
        line in SEPARATOR_LINE
        or AUTHORS_LINE.match(line)
        or DATE_LINE.match(line)
        or UPVOTES_LINE.match(line)
    )


def _papers(blocks: list[_Block], source: str, day: date) -> list[IncomingPaper]:
    papers: list[IncomingPaper] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if _is_metadata(block):
            raise ImportFailed(source, "paper details with no paper before them", block.line)
        title, rest = block.lines[0], block.lines[1:]
        if len(title) > MAX_TITLE:
            raise ImportFailed(
                source,
                f"expected a paper title, found a paragraph of {len(title):,} characters "
                "(is this a Daily Papers digest?)",
                block.line,
            )
        index += 1
        abstract_lines = list(rest)
        ids = list(block.ids)
        if not abstract_lines:
            if index >= len(blocks) or _is_metadata(blocks[index]):
                raise ImportFailed(source, f"the paper “{title}” has no abstract", block.line)
            abstract_lines = list(blocks[index].lines)
            ids.extend(blocks[index].ids)
            index += 1
        meta: dict[str, int | date | Precision | None] = {}
        if index < len(blocks) and _is_metadata(blocks[index]):
            meta = _metadata(blocks[index], source, day)
            ids.extend(blocks[index].ids)
            index += 1
        abstract = " ".join(abstract_lines)
        ids.extend(find_link_ids(f"{title} {abstract}"))
        papers.append(_paper(title, abstract, meta, ids[0] if ids else None))
    return papers


def _metadata(block: _Block, source: str, day: date) -> dict[str, int | date | Precision | None]:
    meta: dict[str, int | date | Precision | None] = {}
    for offset, line in enumerate(block.lines):
        if match := AUTHORS_LINE.match(line):
            meta["author_count"] = int(match["n"])
        elif match := DATE_LINE.match(line):
            meta.update(_published(match, day, source, block.line + offset))
        elif UPVOTES_LINE.match(line):
            meta["upvotes"] = int(line)
    return meta


def _published(
    match: re.Match[str], day: date, source: str, line: int
) -> dict[str, int | date | Precision | None]:
    month, dom = MONTHS[match["month"][:3].lower()], int(match["day"])
    try:
        if match["year"]:
            published = date(int(match["year"]), month, dom)
        else:
            published = date(day.year, month, dom)
            if published > day:  # a paper listed in January, published in December
                published = date(day.year - 1, month, dom)
    except ValueError as exc:
        raise ImportFailed(source, f"not a real date: “{match[0]}”", line) from exc
    out: dict[str, int | date | Precision | None] = {
        "published": published,
        "precision": Precision.DAY,
    }
    if match["upvotes"]:
        out["upvotes"] = int(match["upvotes"])
    return out


def _paper(
    title: str,
    abstract: str,
    meta: dict[str, int | date | Precision | None],
    arxiv_id: str | None,
) -> IncomingPaper:
    author_count = meta.get("author_count")
    published = meta.get("published")
    precision = meta.get("precision")
    upvotes = meta.get("upvotes")
    return IncomingPaper(
        title=title,
        abstract=abstract,
        author_count=author_count if isinstance(author_count, int) else None,
        published=published if isinstance(published, date) else None,
        precision=precision if isinstance(precision, Precision) else None,
        upvotes=upvotes if isinstance(upvotes, int) else None,
        arxiv_id=arxiv_id,
    )
