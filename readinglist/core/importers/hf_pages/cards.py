"""Cards found by their structure: a title, its abstract, the details around it.

Where the titles are is read from the page itself, by the strongest cue it has:

- **headings**: a Markdown page whose cards have headings (``### Title``,
  ``### [Title](…)``): every heading that is not the site's is a title;
- **links**: a page whose titles link to their paper (``[Title](…/papers/ID)``,
  a plain-text export's address line after each title, a dump's numbered
  link): the first line linking to a new paper is its title, and what links
  to the same paper (the abstract, the author list) belongs to its card;
- **blocks**: plain text with no links (the samples' shape): a title, then
  its abstract (the rest of its block, or the next block), then details.

Between two titles the details of one card end where the next card's
*prelude* begins: ``Submitted by`` and its user's name, the upvote count.
Whether upvotes stand before titles (today's layout) or after the date (the
older ``Mar 20 2``) is learned from the page: if the first card has one
before its title, a bare number after a date is a comment count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.hf_pages.classify import Facts, Item, Kind

#: A title longer than this is an abstract in the wrong place: the file is not a papers page.
MAX_TITLE = 600
#: A line linking to a paper is its title only if it is no longer than this (an
#: abstract may link to another paper; the longest real titles are ~250 characters).
_LINKED_TITLE = 300
#: An abstract is at least this long, or ends a sentence; a title is neither (mostly).
_ABSTRACT_MIN = 250
_PRELUDE = frozenset({Kind.UPVOTES, Kind.NUMBER, Kind.SUBMITTED, Kind.BARE})


@dataclass
class Card:
    title: str
    line: int
    abstract: list[str] = field(default_factory=list)
    #: arXiv ids: the title's own link first, then any other on the card.
    ids: list[str] = field(default_factory=list)
    authors: int | None = None
    organisation: str | None = None
    date: Facts | None = None
    date_line: int = 0
    upvotes: int | None = None
    #: The card had details after its text (so it was not cut off mid-abstract).
    closed: bool = False
    last_line: int = 0

    def add_ids(self, ids: list[str]) -> None:
        for found in ids:
            if found not in self.ids:
                self.ids.append(found)


@dataclass
class Layout:
    cards: list[Card]
    #: What stood before the first card: the page's chrome, its day, its hints.
    header: list[Item]
    cue: str


def read_cards(items: list[Item], source: str, *, plain: bool) -> Layout:
    """The cards of a page; ``plain`` for plain text (no Markdown, not a dump)."""
    cue = _cue(items, plain)
    if cue == "blocks":
        start = blocks_start(items)
        cards = _Blocks(items, source).run(start)
        return Layout(cards, items[:start], cue)
    titles = _titles(items, cue, source)
    if not titles:
        return Layout([], items, cue)
    return _by_titles(items, titles, cue)


def _by_titles(items: list[Item], titles: list[int], cue: str) -> Layout:
    header_end = titles[0]
    while header_end > 0 and items[header_end - 1].kind in _PRELUDE:
        header_end -= 1
    lead = _lead(items, header_end, titles[0])
    cards: list[Card] = []
    prelude = items[header_end : titles[0]]
    for number, start in enumerate(titles):
        stop = titles[number + 1] if number + 1 < len(titles) else len(items)
        card = Card(items[start].text, items[start].line.number, last_line=items[start].line.number)
        card.add_ids(items[start].line.ids)
        _apply_prelude(card, prelude)
        following = items[stop].line.ids if stop < len(items) else []
        prelude = _fill(card, items[start + 1 : stop], lead, following, last=stop == len(items))
        cards.append(card)
    cards = [c for c in cards if cue != "headings" or c.abstract or c.closed or c.ids]
    return Layout(cards, items[:header_end], cue)


def _cue(items: list[Item], plain: bool) -> str:
    """Headings, links or blocks: see the module's docstring.

    Plain text pasted with a few paper links (``Title`` then its address,
    for some papers only) is still blocks: links are the cue there only when
    most paragraphs carry one, as in an exporter's text.
    """
    if any(i.line.heading >= 2 and i.kind is Kind.TEXT for i in items):
        return "headings"
    texts = [i for i in items if i.kind is Kind.TEXT and (i.line.gap or not plain)]
    linked = sum(1 for i in texts if i.line.ids)
    if linked and (not plain or linked * 2 > len(texts)):
        return "links"
    return "blocks"


def _titles(items: list[Item], cue: str, source: str) -> list[int]:
    out: list[int] = []
    current: list[str] = []
    for index, item in enumerate(items):
        if item.kind is not Kind.TEXT:
            continue
        if cue == "headings":
            if item.line.heading >= 2:
                _check_title(item, source)
                out.append(index)
        elif item.line.ids and item.line.ids[0] not in current and len(item.text) <= _LINKED_TITLE:
            out.append(index)
            current = item.line.ids
    return out


def _check_title(item: Item, source: str) -> None:
    if len(item.text) > MAX_TITLE:
        raise ImportFailed(
            source,
            f"expected a paper title, found a paragraph of {len(item.text):,} characters "
            "(is this a Hugging Face papers page?)",
            item.line.number,
        )


def _lead(items: list[Item], header_end: int, first_title: int) -> bool:
    """Do upvote counts stand before the titles (today's layout)?"""
    before = items[header_end:first_title]
    if any(i.kind in (Kind.UPVOTES, Kind.NUMBER, Kind.SUBMITTED) for i in before):
        return True
    return any(i.kind is Kind.SUBMITTED for i in items)


def _apply_prelude(card: Card, prelude: list[Item]) -> None:
    for item in prelude:
        if item.kind in (Kind.UPVOTES, Kind.NUMBER) and item.facts is not None:
            card.upvotes = item.facts.upvotes
        card.add_ids(item.line.ids if item.kind is not Kind.BARE else [])


def _fill(
    card: Card, body: list[Item], lead: bool, following: list[str], *, last: bool
) -> list[Item]:
    """Read a card's abstract and details from what follows its title; returns the
    next card's prelude. ``following``: the next title's ids (its thumbnail, linked
    before it, is not this card's)."""
    index = 0
    while index < len(body) and body[index].kind in (Kind.TEXT, Kind.BARE, Kind.CHROME):
        item = body[index]
        if item.kind is Kind.TEXT:
            if _names_organisation(body, index):
                card.organisation = item.text
            else:
                card.abstract.append(item.text)
                card.add_ids(item.line.ids)
            card.last_line = item.line.number
        index += 1
    rest = body[index:]
    trailing, prelude = _split(rest, lead, last=last)
    for position, item in enumerate(trailing):
        _detail(card, item, lead, trailing, position, following)
    return prelude


def _split(rest: list[Item], lead: bool, *, last: bool) -> tuple[list[Item], list[Item]]:
    """A card's details, and the next card's prelude (upvotes, ``Submitted by``)."""
    if not lead:
        return rest, []
    for index, item in enumerate(rest):
        if item.kind in (Kind.SUBMITTED, Kind.UPVOTES):
            return rest[:index], rest[index:]
    if not last:
        end = len(rest)
        while end and rest[end - 1].kind is Kind.BARE:
            end -= 1
        if end and rest[end - 1].kind is Kind.NUMBER:
            return rest[: end - 1], rest[end - 1 :]
    return rest, []


def _detail(
    card: Card, item: Item, lead: bool, trailing: list[Item], position: int, following: list[str]
) -> None:
    facts = item.facts
    if item.kind is Kind.TEXT:
        if _names_organisation(trailing, position):
            card.organisation = item.text
        return
    if item.kind is Kind.BARE:
        if not card.ids:
            card.add_ids([i for i in item.line.ids if i not in following])
        return
    if item.kind is Kind.CHROME or facts is None:
        return
    card.closed = True
    card.last_line = item.line.number
    if item.kind in (Kind.NUMBER, Kind.UPVOTES):
        if item.kind is Kind.UPVOTES or not lead:
            card.upvotes = facts.upvotes
        return
    _take(card, facts, item.line.number)
    card.add_ids(item.line.ids)


def _take(card: Card, facts: Facts, line: int) -> None:
    if facts.authors is not None:
        card.authors = facts.authors
    if facts.month is not None and card.date is None:
        card.date, card.date_line = facts, line
    if facts.upvotes is not None:
        card.upvotes = facts.upvotes
    if facts.organisation:
        card.organisation = facts.organisation
    if facts.arxiv_id:
        card.add_ids([facts.arxiv_id])


def _names_organisation(items: list[Item], index: int) -> bool:
    """A short name right before ``·`` or the date is the organisation shown instead
    of the authors (plain text keeps no link to tell it by)."""
    text = items[index].text
    if len(text) > 80 or text.endswith(".") or len(text.split()) > 8:
        return False
    following = _next(items, index, (Kind.BARE,))
    if following is None or following.kind is not Kind.META or following.facts is None:
        return False
    facts = following.facts
    return facts.authors is None and (facts.month is not None or facts == Facts())


def _next(items: list[Item], index: int, skip: tuple[Kind, ...]) -> Item | None:
    """The first item after ``index`` whose kind is not in ``skip`` (no copy of the list:
    this runs for every line of a page)."""
    for position in range(index + 1, len(items)):
        if items[position].kind not in skip:
            return items[position]
    return None


# the blocks cue ---------------------------------------------------------------------------


def blocks_start(items: list[Item]) -> int:
    """Where a page without links or headings starts its cards: after its day line.

    The day line (``Mar 13``) is looked for before the first card detail; a
    page without one starts at its first text that is not the site's.
    """
    for index, item in enumerate(items):
        if item.kind in (Kind.SUBMITTED, Kind.UPVOTES, Kind.NUMBER):
            break
        if item.kind is Kind.META and item.facts is not None:
            if is_day_line(item):
                return index + 1
            break
    return next((i for i, item in enumerate(items) if item.kind is not Kind.CHROME), len(items))


def is_day_line(item: Item) -> bool:
    """A date alone, without year or anything else: the page's own day."""
    facts = item.facts
    return (
        item.kind is Kind.META
        and facts is not None
        and facts.month is not None
        and facts.year is None
        and facts.upvotes is None
        and facts.authors is None
        and not facts.date_text.lower().startswith(("published", "submitted"))
    )


class _Blocks:
    """Plain text without links: title, abstract (its block or the next), details."""

    def __init__(self, items: list[Item], source: str) -> None:
        self.items = items
        self.source = source
        self.cards: list[Card] = []
        self.card: Card | None = None
        #: "title": the abstract may follow; "abstract": in the abstract's block;
        #: "details": the card's text is over.
        self.state = "details"
        self.lead = any(i.kind is Kind.SUBMITTED for i in items)
        self.upvotes: int | None = None

    def run(self, start: int) -> list[Card]:
        items = self.items
        for index in range(start, len(items)):
            item = items[index]
            kind = item.kind
            if kind is Kind.TEXT:
                self._text(index, item)
            elif kind is Kind.META:
                self._meta(item)
            elif kind is Kind.SUBMITTED:
                self.lead, self.state = True, "details"
            elif kind is Kind.UPVOTES and item.facts is not None:
                self._upvotes(item.facts.upvotes, before_title=self.lead)
            elif kind is Kind.NUMBER and item.facts is not None:
                before = self.lead and self._title_next(index)
                self._upvotes(item.facts.upvotes, before_title=before)
            elif kind is Kind.BARE and self.card is not None:
                self.card.add_ids(item.line.ids)
        return self.cards

    def _upvotes(self, count: int | None, *, before_title: bool) -> None:
        if before_title:
            self.upvotes, self.state = count, "details"
        elif self.card is not None:
            if not self.lead:
                self.card.upvotes = count
            self.card.closed, self.state = True, "details"

    def _title_next(self, index: int) -> bool:
        following = _next(self.items, index, (Kind.CHROME, Kind.BARE))
        return following is not None and following.kind is Kind.TEXT

    def _meta(self, item: Item) -> None:
        if self.card is None:
            facts = item.facts
            if facts is None or (facts.authors is None and facts.month is None):
                return  # a comment count or a separator before the first card
            raise ImportFailed(
                self.source, "paper details with no paper before them", item.line.number
            )
        facts = item.facts
        assert facts is not None
        _take(self.card, facts, item.line.number)
        self.card.add_ids(item.line.ids)
        self.card.closed, self.state = True, "details"
        self.card.last_line = item.line.number

    def _text(self, index: int, item: Item) -> None:
        card, line = self.card, item.line
        if card is not None and self.state in ("title", "abstract"):
            if _names_organisation(self.items, index):
                card.organisation, self.state = item.text, "details"
                return
            if self.state == "title" and not line.gap and _continues_title(card, item):
                card.title = f"{card.title} {item.text}"
                return
            if not line.gap or (self.state == "title" and self._abstract_next(index)):
                card.abstract.append(item.text)
                card.add_ids(line.ids)
                card.last_line, self.state = line.number, "abstract"
                return
        _check_title(item, self.source)
        self.card = Card(item.text, line.number, last_line=line.number, upvotes=self.upvotes)
        self.card.add_ids(line.ids)
        self.cards.append(self.card)
        self.upvotes, self.state = None, "title"

    def _abstract_next(self, index: int) -> bool:
        """May the block at ``index`` be the abstract of the title alone before it?

        Not when it reads as a title and the block after it as an abstract:
        then the paper before had none.
        """
        text = self.items[index].text
        if len(text) >= _ABSTRACT_MIN or text.endswith("."):
            return True
        following = _next(self.items, index, (Kind.CHROME, Kind.BARE))
        if following is None or following.kind is not Kind.TEXT or not following.line.gap:
            return True
        later = following.text
        return not (len(later) >= _ABSTRACT_MIN or later.endswith("."))


def _continues_title(card: Card, item: Item) -> bool:
    """A title wrapped onto an indented line of its own."""
    return (
        item.line.indent >= 2
        and len(item.text) < 200
        and len(card.title) + len(item.text) <= MAX_TITLE
        and not card.title.endswith((".", ":"))
    )
