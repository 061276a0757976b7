"""What a search answers with: plain frozen values, safe to hand between threads."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchHit:
    """One matching paper; ``title_html`` and ``fragment_html`` are escaped
    HTML with the matching words wrapped in ``<b>…</b>``.

    ``fields`` are where the query's words stand (title, abstract, authors,
    tags, note, in that order); ``snippet_html`` is the best passage of the
    first of them after the title (``snippet_field``): what a list shows
    under the title to say why the paper was found."""

    paper_id: int
    score: float
    title_html: str
    fragment_html: str
    fields: tuple[str, ...] = ()
    snippet_field: str | None = None
    snippet_html: str = ""


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, how many papers match in all, and a note for the user
    when part of the query could not be understood (it was read as plain
    words or ignored; the note says which).

    ``total`` is exact, except for large result sets: a query with more
    candidates than ``capped.BUDGET`` ranks only the most recent ones and
    extrapolates ``total`` from them, and Whoosh's collector may skip
    documents that cannot reach the page and report its upper estimate
    (show it as "about N"). ``exact`` says which: False for an estimate."""

    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    message: str | None = None
    exact: bool = True
