"""Hugging Face papers pages, however they were copied: one reader for every shape.

The pages (daily, weekly, monthly, trending, search results, a collection)
reach the user as plain text (select all, copy; an exporter's text with
each link's address after it), as Markdown (browser extensions, reader
modes, web clippers, scrapers) or as a text browser's dump (``lynx -dump``,
``w3m``). The reader finds the papers by the structure they share, not by
one fixed layout, in four steps:

1. :mod:`.syntax` turns the text into logical lines, undoing what the syntax
   did (links, images, escapes, numbered references, wrapped lines);
2. :mod:`.classify` says what each line is (card details, the site's chrome,
   a clue to what page this is, or text);
3. :mod:`.cards` finds the titles by the strongest cue the page offers
   (headings, paper links, or blocks of text) and gathers each card;
4. :mod:`.page` says which page it is: a daily page is a digest of its day,
   any other page a *source* (its kind, what it shows, when it was seen).

The five sample digests are the plain-text daily page of the older layout
and read exactly as before. Every refusal names the file and the line.
"""

from __future__ import annotations

from datetime import date

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.base import IncomingDigest, IncomingSource, ParsedBatch
from readinglist.core.importers.hf_pages import syntax
from readinglist.core.importers.hf_pages.build import papers_of
from readinglist.core.importers.hf_pages.cards import read_cards
from readinglist.core.importers.hf_pages.classify import chrome_key, classify
from readinglist.core.importers.hf_pages.dates import DAY_LINE, infer_year
from readinglist.core.importers.hf_pages.page import DAILY, PAGE, SOURCE_PAGES, page_info
from readinglist.core.text import clean_line

__all__ = ["KINDS", "SOURCE_PAGES", "infer_year", "looks_like", "mentions_page", "parse"]

#: The kind an import reports, by the syntax the page came in.
KINDS = {syntax.TEXT: "hf-text", syntax.MARKDOWN: "hf-markdown", syntax.DUMP: "hf-dump"}
KIND = KINDS[syntax.TEXT]
#: What only a Hugging Face papers page says (looked for in its first part).
_MARKERS = (
    "huggingface.co/papers",
    "huggingface.co/collections",
    "daily papers",
    "trending papers",
    "and the research community",
    "get trending papers in your email inbox",
)
_SCAN = 256 * 1024
#: How a page copied as text opens: its header, or the site's name.
_OPENINGS = frozenset(
    chrome_key(line)
    for line in (
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "Hugging Face",
        "Hugging Face's logo",
        "Hugging Face's logo Hugging Face",
        "Trending Papers",
    )
)


def looks_like(text: str) -> bool:
    """True when the text opens like a Daily Papers page (its header or its day line)."""
    for raw in text.split("\n", 40)[:40]:
        line = clean_line(raw)
        if line:
            return chrome_key(line) in _OPENINGS or DAY_LINE.match(line) is not None
    return False


def mentions_page(text: str) -> bool:
    """True when the text says, near its top, that it is a Hugging Face papers page."""
    head = text[:_SCAN].lower()
    return any(marker in head for marker in _MARKERS)


def parse(text: str, source: str, *, today: date, day: date | None = None) -> ParsedBatch:
    """Read a page; ``day`` is the digest's day for a daily page, the day seen for another."""
    parsed = syntax.read(text)
    layout = read_cards(classify(parsed.lines), source, plain=parsed.flavour == syntax.TEXT)
    if not layout.cards:
        raise ImportFailed(source, "no papers found on this page")
    info = page_info(parsed.meta, layout, today)
    kind = info.kind
    if kind == PAGE and day is not None:
        kind = DAILY
    undated = kind == DAILY and day is None and info.day is None
    if undated or (kind == PAGE and layout.cue == "blocks"):
        raise ImportFailed(
            source,
            "not a digest: no day line such as 'Mar 13' before the first paper "
            "(give the day with --date)",
            layout.cards[0].line,
        )
    batch_kind = KINDS[parsed.flavour]
    if kind == DAILY:
        digest_day = day or info.day
        assert digest_day is not None
        papers, notices = papers_of(layout.cards, digest_day, source)
        return ParsedBatch(
            source=source,
            kind=batch_kind,
            digests=(IncomingDigest(digest_day, tuple(papers)),),
            notices=tuple(notices),
        )
    seen = day or info.seen or today
    papers, notices = papers_of(layout.cards, seen, source)
    page = IncomingSource(kind, info.query, seen, tuple(papers), info.url)
    return ParsedBatch(source=source, kind=batch_kind, sources=(page,), notices=tuple(notices))
