"""What each logical line of a page is: part of a card, the site's chrome, or a clue to the page.

A card's details are recognised by their form, in any layout: ``7 authors``
(``• 7 authors``, ``- 3 authors``, ``* 671 authors``), a date (``Jun 19,
2022``, ``May 18``, ``Published on Sep 4, 2026``, ``Mar 20 2`` with an upvote
count), an organisation (a short name linked to its Hugging Face page),
upvotes (``[-] 12``, ``Upvote 12``, the number on the login-guarded upvote
button), a comment count (a ``#community`` link), ``GitHub 3.29k`` stars
and ``arXiv Page`` links (never upvotes, never titles), and a collection's
``Paper • 2501.12948 • Published Jan 22 • 412``. Several may share a line,
separated by ``·``. A bare number is left for the card reader to place: the
upvote count when it stands before a title, the comment count after a date.

The site's navigation, sign-up and footer text is *chrome*: known phrases,
compared without case or spaces (so ``byAK`` and ``by AK`` with a
non-breaking space are one phrase). Some chrome says what the page is: the
*hints* (``Trending Papers``, ``Week 12, 2026``, ``March 2026``, a page
title such as ``Trending Papers - Hugging Face``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from readinglist.core.importers.hf_pages.dates import DATE, MONTH_LINE, WEEK, month_number
from readinglist.core.importers.hf_pages.syntax import Line
from readinglist.core.importers.links import normalise_arxiv_id


class Kind(Enum):
    TEXT = "text"  # a title, an abstract, or text the reader does not know
    CHROME = "chrome"  # the site's navigation, sign-up and footer: never a paper
    META = "meta"  # a card's details
    NUMBER = "number"  # a number alone: upvotes or comments, by where it stands
    UPVOTES = "upvotes"  # an upvote count that says so
    SUBMITTED = "submitted"  # "Submitted by" and the user's name
    BARE = "bare"  # a link with no text (a thumbnail, an avatar)


@dataclass(slots=True)
class Facts:
    """A card's details read from one line."""

    authors: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    upvotes: int | None = None
    comments: int | None = None
    organisation: str | None = None
    arxiv_id: str | None = None
    #: The date as written, for a message about a day that does not exist.
    date_text: str = ""


@dataclass(slots=True)
class Item:
    line: Line
    kind: Kind
    facts: Facts | None = None
    #: What a chrome line says about the page: ("page", "trending"), ("week", "2026-W12")...
    hint: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return self.line.text


_CHROME_PHRASES = """
hugging face|hugging face's logo|hugging face's logo hugging face|models|datasets|spaces|
community|docs|documentation|enterprise|pricing|log in|login|sign up|buckets|buckets new|
solutions|posts|new|get trending papers in your email inbox!|
get trending papers in your email inbox once a day!|subscribe|daily papers|
by ak and the research community|by|ak|and the research community|search any paper with ai|
search|daily|weekly|monthly|trending|previous|next|newest|top|view all|see all|show more|
load more|upvote|upvoted|system theme|company|tos|privacy|about|careers|website|
trending papers ranked by github stars activity|collections|papers|submit|submit a paper|
share|copy link|open in app|follow|following|discussion|comments|note|notes|
what is papers with code?|markdown content:
"""
CHROME = frozenset("".join(p.split()) for p in _CHROME_PHRASES.replace("\n", "").split("|"))
_PAGE_WORDS = {"trendingpapers": "trending", "dailypapers": "daily"}
_PAGE_TITLE = re.compile(r"^(?P<name>.+?) [-–|] (?:a (?P<owner>\S+) Collection|Hugging Face)$")
_OWNER = re.compile(r"^(?P<owner>\S+)['’]s Collections$")

_AUTHORS = re.compile(r"^(?:[•·*\-–]\s*)?(?P<n>\d{1,5})\s+authors?$", re.IGNORECASE)
_UPVOTE_MARK = re.compile(r"^(?:\[[-+]\]|▲|△|⬆|↑|upvote)\s*(?P<n>\d{1,7}|-)?$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d{1,7}$")
_STARS = re.compile(r"^(?:link:\s*)?(?:github|★|⭐)\s*(?:[\d.,]+\s*[km]?)?$", re.IGNORECASE)
_CARD_LINK = re.compile(
    r"^(?:link:\s*)?(?:arxiv page|view arxiv page|arxiv|pdf|project page|paper page|"
    r"code|demo|huggingface|hf page)$",
    re.IGNORECASE,
)
_SUBMITTED = re.compile(r"^submitted by(?:\s+(?P<name>.+))?$", re.IGNORECASE)
_COLLECTION_ITEM = re.compile(r"^paper\s*•\s*(?P<id>\S+)(?:\s*•\s*(?P<rest>.*))?$", re.IGNORECASE)
_SEPARATORS = frozenset("·•|-–—")
_SPLIT = re.compile(r"\s*[·•|]\s*")
_ORG_URL = re.compile(r"^https?://(?:www\.)?huggingface\.co/(?P<name>[A-Za-z0-9][\w.-]*)/?$")
#: Top-level Hugging Face paths that are not an organisation's page.
_RESERVED = frozenset(
    [
        "models",
        "datasets",
        "spaces",
        "docs",
        "pricing",
        "enterprise",
        "login",
        "join",
        "papers",
        "collections",
        "blog",
        "posts",
        "learn",
        "settings",
        "new",
        "organizations",
        "storage",
        "terms-of-service",
        "privacy",
        "huggingface",
        "akhaliq",
        "chat",
        "tasks",
        "inference-endpoints",
    ]
)
#: Longer than this, a line is not an organisation's or a user's name (nor chrome).
_NAME_MAX = 80
#: Longer than this, a line is not a card's details (the longest: an organisation,
#: authors, a date, stars and a link on one line).
_META_MAX = 200


def chrome_key(text: str) -> str:
    return "".join(text.casefold().split())


def classify(lines: list[Line]) -> list[Item]:
    items: list[Item] = []
    previous: Item | None = None
    for line in lines:
        if previous is not None and previous.kind is Kind.SUBMITTED and _names_user(previous, line):
            items.append(Item(line, Kind.SUBMITTED))  # the user's name after "Submitted by"
            previous = None
            continue
        item = _one(line)
        items.append(item)
        previous = item
    return items


def _names_user(previous: Item, line: Line) -> bool:
    return (
        not previous.text.lower().removeprefix("submitted by").strip()
        and bool(line.text)
        and len(line.text) <= 40
        and not line.heading
        and not line.ids
    )


def _one(line: Line) -> Item:
    text = line.text
    if not text:
        if line.comments is not None:
            return Item(line, Kind.META, Facts(comments=line.comments))
        return Item(line, Kind.BARE)
    if line.heading == 1:
        return Item(line, Kind.CHROME, hint=page_hint(text))
    if len(text) <= _NAME_MAX:
        hint = page_hint(text)
        if hint is not None or chrome_key(text) in CHROME or _chrome_words(text):
            return Item(line, Kind.CHROME, hint=hint)
    if line.login and text == "-":
        return Item(line, Kind.UPVOTES, Facts(upvotes=0))  # the upvote button, at none
    if _NUMBER.match(text) and not line.heading:
        kind = Kind.UPVOTES if line.login else Kind.NUMBER
        return Item(line, kind, Facts(upvotes=int(text), comments=line.comments))
    if match := _UPVOTE_MARK.match(text):
        count = match["n"]
        return Item(line, Kind.UPVOTES, Facts(upvotes=int(count) if count and count != "-" else 0))
    if _SUBMITTED.match(text):
        return Item(line, Kind.SUBMITTED)
    org = not line.heading and any(_org(u) for u in line.urls)
    facts = _meta(text, org=org) if len(text) <= _META_MAX else None
    # A heading is a title unless it is a day (``## Sep 4``).
    if facts is not None and (not line.heading or facts.month is not None):
        if line.comments is not None:
            facts.comments = line.comments
        return Item(line, Kind.META, facts)
    return Item(line, Kind.TEXT)


def _chrome_words(text: str) -> bool:
    """A row of the site's links on one line (``TOS Privacy About Careers``)."""
    words = text.casefold().split()
    return 1 < len(words) <= 8 and all(w in CHROME for w in words)


def _org(url: str) -> bool:
    match = _ORG_URL.match(url)
    return match is not None and match["name"].lower() not in _RESERVED


def page_hint(text: str) -> tuple[str, str] | None:
    """What a line of chrome says about the page it is on."""
    key = chrome_key(text)
    if key in _PAGE_WORDS:
        return ("page", _PAGE_WORDS[key])
    if match := WEEK.match(text):
        if match["iy"]:
            return ("week", f"{match['iy']}-W{int(match['iw']):02d}")
        return ("week", f"{match['year'] or ''}-W{int(match['week']):02d}")
    if match := MONTH_LINE.match(text):
        if match["iy"]:
            return ("month", f"{match['iy']}-{int(match['im']):02d}")
        return ("month", f"{match['year']}-{month_number(match['month']):02d}")
    if match := _OWNER.match(text):
        return ("owner", match["owner"])
    if match := _PAGE_TITLE.match(text):
        if match["owner"]:
            return ("collection", match["name"])
        return ("title", match["name"])
    return None


def _meta(text: str, *, org: bool = False) -> Facts | None:
    """The details a line gives, or ``None`` when it is not (only) card details.

    ``org``: the line links to an organisation's page, so the one part that is
    not a detail is the organisation's name (``Google · Oct 23, 2025``).
    """
    if text in _SEPARATORS:
        return Facts()
    single = _meta_part(text)
    if single is not None:
        return single
    if not _SPLIT.search(text):
        return Facts(organisation=text) if org and len(text) <= _NAME_MAX else None
    facts = Facts()
    for part in _SPLIT.split(text):
        if not part:
            continue
        found = _meta_part(part)
        if found is None:
            if not org or facts.organisation or len(part) > _NAME_MAX:
                return None
            found = Facts(organisation=part)
        _merge(facts, found)
    return facts


def _meta_part(text: str) -> Facts | None:
    if match := _AUTHORS.match(text):
        return Facts(authors=int(match["n"]))
    if match := DATE.match(text):
        upvotes = int(match["upvotes"]) if match["upvotes"] else None
        return Facts(
            month=month_number(match["month"]),
            day=int(match["day"]),
            year=int(match["year"]) if match["year"] else None,
            upvotes=upvotes,
            date_text=text,
        )
    if _STARS.match(text) or _CARD_LINK.match(text):
        return Facts()
    if match := _COLLECTION_ITEM.match(text):
        facts = Facts(arxiv_id=normalise_arxiv_id(match["id"]))
        for part in _SPLIT.split(match["rest"] or ""):
            found = _meta_part(part.removeprefix("Published ").strip()) if part else None
            if found is not None:
                _merge(facts, found)
            elif _NUMBER.match(part):
                facts.upvotes = int(part)
        return facts
    return None


def _merge(into: Facts, other: Facts) -> None:
    for name in Facts.__slots__:
        value = getattr(other, name)
        if value not in (None, ""):
            setattr(into, name, value)
