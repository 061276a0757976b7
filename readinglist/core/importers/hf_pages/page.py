"""What page a capture is of: one day's digest, or a page that is not one.

Read from, in order of trust: the page's address (front matter, a
scraper's ``URL:`` line), its title, then what its header shows
(``Trending Papers``, ``Week 12, 2026``, ``March 2026``, the day ``Mar 13``).
Only a daily page is a digest; trending, search results, weekly and
monthly pages and collections are *sources*: their papers come in with
where they were seen, and no digest day is invented for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, unquote_plus

from readinglist.core.importers.hf_pages.cards import Layout, is_day_line
from readinglist.core.importers.hf_pages.classify import Item, page_hint
from readinglist.core.importers.hf_pages.dates import infer_year

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"
TRENDING, SEARCH, COLLECTION, PAGE = "trending", "search", "collection", "page"
#: The kinds of page that are sources, not digests (the ``source.page`` column).
SOURCE_PAGES = (TRENDING, SEARCH, WEEKLY, MONTHLY, COLLECTION, PAGE)

_URL_KEYS = ("url", "url source", "source", "link", "original_url", "canonical")
_SEEN_KEYS = ("exported", "captured", "saved", "clipped", "created", "date", "fetched", "scraped")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HF_URL = re.compile(
    r"huggingface\.co/(?P<path>papers(?:/[^?#\s]*)?|collections/[^?#\s]+)(?:\?(?P<query>[^#\s]*))?",
    re.IGNORECASE,
)
_DAY_PATH = re.compile(r"^papers/date/(\d{4})-(\d{2})-(\d{2})/?$")
_WEEK_PATH = re.compile(r"^papers/week/(\d{4}-W\d{2})/?$", re.IGNORECASE)
_MONTH_PATH = re.compile(r"^papers/month/(\d{4}-\d{2})/?$")
#: A collection's address ends in an id the reader does not need to see.
_COLLECTION_ID = re.compile(r"-[0-9a-f]{20,}$")
_TITLE_PAGES = {"trending papers": TRENDING, "daily papers": DAILY}


@dataclass(frozen=True)
class PageInfo:
    """What the page is (``kind``), what it shows (``query``), and its day or the day seen."""

    kind: str
    query: str | None = None
    day: date | None = None
    seen: date | None = None
    url: str | None = None
    #: Where the page's own day was read, for a message about it.
    day_line: int | None = None


def page_info(meta: dict[str, str], layout: Layout, today: date) -> PageInfo:
    """What the capture says about its page; ``kind`` is ``page`` when it says nothing."""
    url = next((meta[k] for k in _URL_KEYS if "huggingface.co" in meta.get(k, "")), None)
    seen = _seen(meta)
    found = _from_url(url) if url else None
    if found is None:
        titles = [meta[k] for k in ("title", "page title") if k in meta]
        found = _from_hints([*(_title_hint(t) for t in titles), *_hints(layout.header)])
    kind, query, day = found if found else (PAGE, None, None)
    day_item = next((i for i in layout.header if is_day_line(i)), None)
    if kind in (DAILY, PAGE) and day is None and day_item is not None:
        assert day_item.facts is not None and day_item.facts.month and day_item.facts.day
        month, dom = day_item.facts.month, day_item.facts.day
        day = _linked_day(layout.header, month, dom) or infer_year(month, dom, seen or today)
        kind = DAILY
    if kind == WEEKLY and query and query.startswith("-"):
        query = f"{(seen or today).year}{query}"  # "Week 12" without its year
    return PageInfo(kind, query, day, seen, url, day_item.line.number if day_item else None)


def _linked_day(header: list[Item], month: int, dom: int) -> date | None:
    """The page's day with its year, from the header's links to days nearby
    (``Previous``, ``Next``: ``…/papers/date/2025-10-29``), which the day line lacks."""
    for item in header:
        for url in item.line.urls:
            if (found := _HF_URL.search(url)) and (match := _DAY_PATH.match(found["path"])):
                linked = _iso(match[1], match[2], match[3])
                for year in (linked.year, linked.year - 1, linked.year + 1) if linked else ():
                    try:
                        candidate = date(year, month, dom)
                    except ValueError:
                        continue
                    if linked is not None and abs((candidate - linked).days) <= 7:
                        return candidate
    return None


def _seen(meta: dict[str, str]) -> date | None:
    for key in _SEEN_KEYS:
        if match := _ISO_DAY.match(meta.get(key, "")):
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def _from_url(url: str) -> tuple[str, str | None, date | None] | None:
    match = _HF_URL.search(url)
    if match is None:
        return None
    path = match["path"].rstrip("/")
    params = parse_qs(match["query"] or "")
    if path.lower().startswith("collections/"):
        name = _COLLECTION_ID.sub("", unquote_plus(path.split("/", 1)[1]))
        return COLLECTION, name, None
    if found := _DAY_PATH.match(path):
        return DAILY, None, _iso(found[1], found[2], found[3])
    if found := _WEEK_PATH.match(path):
        return WEEKLY, found[1].upper(), None
    if found := _MONTH_PATH.match(path):
        return MONTHLY, found[1], None
    if path == "papers/trending":
        return TRENDING, None, None
    if path == "papers":
        if params.get("q"):
            return SEARCH, " ".join(params["q"][0].split()), None
        if params.get("date") and (found := _ISO_DAY.match(params["date"][0])):
            return DAILY, None, _iso(found[1], found[2], found[3])
        return None  # the daily page of the day it shows
    return None


def _iso(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _title_hint(title: str) -> tuple[str, str] | None:
    hint = page_hint(title)
    if hint is None and title.casefold() in _TITLE_PAGES:
        return ("title", title)
    return hint


def _hints(header: list[Item]) -> list[tuple[str, str] | None]:
    return [item.hint for item in header if item.hint is not None]


def _from_hints(hints: list[tuple[str, str] | None]) -> tuple[str, str | None, date | None] | None:
    for hint in hints:
        if hint is None:
            continue
        name, value = hint
        if name == "page" and value == TRENDING:
            return TRENDING, None, None
        if name == "title" and _TITLE_PAGES.get(value.casefold()) == TRENDING:
            return TRENDING, None, None
        if name == "week":
            return WEEKLY, value, None
        if name == "month":
            return MONTHLY, value, None
        if name == "collection":
            return COLLECTION, value, None
    return None
