"""Cards to papers: dates placed in their year, ids from links, and what to warn about.

A paper without an abstract comes in with an empty one and a warning; a
capture that stops in the middle of its last abstract keeps that paper as
far as it goes, flagged. Neither refuses the page.
"""

from __future__ import annotations

from datetime import date

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.importers.hf_pages.cards import Card
from readinglist.core.importers.hf_pages.dates import paper_date
from readinglist.core.importers.links import find_link_ids
from readinglist.core.tables import Precision
from readinglist.core.text import title_key
from readinglist.core.views import Notice

#: How a whole abstract ends: a sentence, a bracket or quote, a link.
_ENDINGS = (".", "!", "?", ")", "]", '"', "'", "”", "’", "»", "…")


def papers_of(
    cards: list[Card], reference: date, source: str
) -> tuple[list[IncomingPaper], list[Notice]]:
    papers = [_paper(card, reference, source) for card in cards]
    return papers, _notices(cards)


def _paper(card: Card, reference: date, source: str) -> IncomingPaper:
    abstract = " ".join(card.abstract)
    ids = card.ids or find_link_ids(f"{card.title} {abstract}")
    published: date | None = None
    if card.date is not None:
        facts = card.date
        assert facts.month is not None and facts.day is not None
        try:
            published = paper_date(facts.month, facts.day, facts.year, reference)
        except ValueError as exc:
            raise ImportFailed(
                source, f"not a real date: “{facts.date_text}”", card.date_line
            ) from exc
    return IncomingPaper(
        title=card.title,
        abstract=abstract,
        author_count=card.authors,
        published=published,
        precision=Precision.DAY if published else None,
        arxiv_id=ids[0] if ids else None,
        upvotes=card.upvotes,
        organisation=card.organisation,
    )


def _notices(cards: list[Card]) -> list[Notice]:
    notices: list[Notice] = []
    # A card repeated (scrapers emit many twice) is one paper: it lacks an
    # abstract only if every copy does.
    lacking = [c for c in cards if not c.abstract]
    with_abstract = {title_key(c.title) for c in cards if c.abstract} if lacking else set()
    bare = [c for c in lacking if title_key(c.title) not in with_abstract]
    if len(lacking) == len(cards) and len(cards) > 1:
        count = len({title_key(c.title) for c in cards})
        message = f"the page shows no abstracts: its {count} papers came in without one"
        notices.append(Notice(message))
    else:
        seen: set[str] = set()
        for card in bare:
            if (key := title_key(card.title)) not in seen:
                seen.add(key)
                message = f"“{_short(card.title)}” has no abstract: it came in without one"
                notices.append(Notice(message, card.line))
    last = cards[-1] if cards else None
    if last is not None and last.abstract and not last.closed:
        text = last.abstract[-1].rstrip()
        if not text.endswith(_ENDINGS) and "://" not in text.rsplit(" ", 1)[-1]:
            notices.append(
                Notice(
                    f"the page stops in the middle of the abstract of “{_short(last.title)}”: "
                    "it came in cut short",
                    last.last_line,
                )
            )
    return notices


def _short(title: str) -> str:
    return title if len(title) <= 80 else f"{title[:77]}…"
