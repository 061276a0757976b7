"""From a parsed query to what answers it: a Whoosh query, SQL filter
conditions, and the words to highlight.

Text goes to the index; ``is:``, ``year:`` and ``digest:`` go to SQLite, so
starring or reading a paper never costs an index write. Filters always apply
to the whole query (a filter inside ``OR`` is applied as if written outside
it, and the user is told so).

A query past a bound (:mod:`.bounds`: too long, too deep, too many words or
words with ``~``) compiles to nothing, with :attr:`Compiled.refused` saying
why; the caller answers with that note and no hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from whoosh import query as wq
from whoosh.query import spans

from readinglist.core.search import source
from readinglist.core.search.analysis import fold, term, terms
from readinglist.core.search.bounds import (
    MAX_TYPOS,
    MAX_WORDS,
    QueryTooLarge,
    too_many_typos,
    too_many_words,
)
from readinglist.core.search.schema import ABSTRACT_LIMIT, ALL
from readinglist.core.search.syntax import All, Filter, Node, Not, Phrase, Word, parse
from readinglist.core.search.whoosh_ext.andnot import AndNot

_YEAR_RANGE = re.compile(r"^(\d{4})?\.\.(\d{4})?$")
_LOW_YEAR, _HIGH_YEAR = 1000, 9998


@dataclass(frozen=True)
class HighlightTerm:
    """A positive word or phrase of the query, for highlighting and for saying
    which field a hit matched in (prefix and fuzzy words are expanded against
    the index); ``field`` is the field it was asked in (``None``: any)."""

    kind: str  # term | prefix | fuzzy | phrase (text: its terms, space-separated)
    text: str
    distance: int = 1
    field: str | None = None


@dataclass
class Compiled:
    query: wq.Query | None
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    highlights: list[HighlightTerm] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    #: Why the query was not run (a bound was passed); its note is the only message.
    refused: str | None = None

    @property
    def empty(self) -> bool:
        return self.query is None and not self.where

    @property
    def message(self) -> str | None:
        return " ".join(self.messages) if self.messages else None


def compile_query(text: str) -> Compiled:
    """Parse and translate ``text``; never raises (see ``refused``)."""
    parsed = parse(text)
    if parsed.refused is not None:
        return refused(parsed.refused)
    out = Compiled(None, messages=list(parsed.messages))
    if parsed.tree is not None:
        translator = _Translator(out)
        out.query = translator.node(parsed.tree, top=True, positive=True)
        try:
            translator.check_size()
        except QueryTooLarge as exc:
            return refused(str(exc))
    return out


def refused(reason: str) -> Compiled:
    """A query that is not run: no text, no filters, and the reason as its note."""
    return Compiled(None, messages=[reason], refused=reason)


class _Translator:
    def __init__(self, out: Compiled) -> None:
        self.out = out
        self.words = 0
        self.typos = 0

    def count(self, words: int, *, typos: int = 0) -> None:
        self.words += words
        self.typos += typos

    def check_size(self) -> None:
        """Past a bound on words searched for, the query is refused."""
        if self.words > MAX_WORDS:
            raise too_many_words(self.words)
        if self.typos > MAX_TYPOS:
            raise too_many_typos(self.typos)

    def note(self, message: str) -> None:
        if message not in self.out.messages:
            self.out.messages.append(message)

    def node(self, node: Node, *, top: bool, positive: bool) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node, positive)
        if isinstance(node, Phrase):
            return self.phrase(node, positive)
        if isinstance(node, Filter):
            if not top:
                self.note("Filters (is:, year:, digest:) apply to the whole query.")
            self.filter(node, negated=False)
            return None
        if isinstance(node, Not):
            if isinstance(node.child, Filter):
                if not top:
                    self.note("Filters (is:, year:, digest:) apply to the whole query.")
                self.filter(node.child, negated=True)
                return None
            inner = self.node(node.child, top=False, positive=not positive)
            return wq.Not(inner) if inner is not None else None
        if isinstance(node, All):
            return self.conjunction(node, top=top, positive=positive)
        kids = [
            q
            for c in node.children
            if (q := self.node(c, top=False, positive=positive)) is not None
        ]
        if not kids:
            return None
        return kids[0] if len(kids) == 1 else wq.Or(kids)

    def conjunction(self, node: All, *, top: bool, positive: bool) -> wq.Query | None:
        required: list[wq.Query] = []
        excluded: list[wq.Query] = []
        for child in node.children:
            if isinstance(child, Not) and not isinstance(child.child, Filter):
                inner = self.node(child.child, top=False, positive=not positive)
                if inner is not None:
                    excluded.append(inner)
                continue
            q = self.node(child, top=top, positive=positive)
            if q is not None:
                required.append(q)
        if not required:
            # "-word" alone: every paper except those.
            return wq.Not(_or(excluded)) if excluded else None
        base = required[0] if len(required) == 1 else wq.And(required)
        return AndNot(base, _or(excluded)) if excluded else base

    # leaves ---------------------------------------------------------------------

    def word(self, node: Word, positive: bool) -> wq.Query | None:
        lit, where = positive, node.field
        if node.kind == "prefix":
            prefix = fold(node.text)
            if len(prefix) < 2:
                self.note(f"'{node.text}*' is too short to search by prefix; it was ignored.")
                return None
            self.count(1)
            stemmed = term(node.text)
            if lit:
                self.out.highlights.append(HighlightTerm("prefix", prefix, field=where))
                if stemmed:
                    self.out.highlights.append(HighlightTerm("term", stemmed, field=where))

            def prefixed(f: str) -> wq.Query:
                if stemmed and not stemmed.startswith(prefix):
                    return wq.Or([wq.Prefix(f, prefix, constantscore=False), wq.Term(f, stemmed)])
                return wq.Prefix(f, prefix, constantscore=False)

            return _in_field(node.field, prefixed)
        words = terms(node.text)
        if not words:
            return None
        fuzzy = node.kind == "fuzzy" and len(words) == 1
        self.count(len(words), typos=int(fuzzy))
        if fuzzy:
            if lit:
                self.out.highlights.append(
                    HighlightTerm("fuzzy", words[0], node.distance, field=where)
                )
            return _in_field(
                node.field,
                lambda f: wq.FuzzyTerm(
                    f, words[0], maxdist=node.distance, prefixlength=1, constantscore=False
                ),
            )
        if lit:
            self.out.highlights.extend(HighlightTerm("term", w, field=where) for w in words)
        per_word = [_in_field(node.field, _term_maker(w)) for w in words]
        return per_word[0] if len(per_word) == 1 else wq.And(per_word)

    def phrase(self, node: Phrase, positive: bool) -> wq.Query | None:
        words = terms(node.text)
        if not words:
            return None
        self.count(len(words))
        if positive:
            kind = "phrase" if len(words) > 1 else "term"
            self.out.highlights.append(HighlightTerm(kind, " ".join(words), field=node.field))
        if len(words) == 1:
            return _in_field(node.field, lambda f: wq.Term(f, words[0]))
        if node.field == "abstract":
            near = wq.SpanNear2([wq.Term(ALL, w) for w in words], slop=1, ordered=True)
            return InAbstract(near, limit=ABSTRACT_LIMIT)
        return wq.Phrase(node.field or ALL, words)

    def filter(self, node: Filter, *, negated: bool) -> None:
        sql, params = self._filter_sql(node)
        if sql is None:
            return
        self.out.where.append(f"NOT ({sql})" if negated else sql)
        self.out.params.extend(params)

    def _filter_sql(self, node: Filter) -> tuple[str | None, list[object]]:
        value = node.value.lower()
        if node.name == "is":
            flags = {
                "starred": "p.starred = 1",
                "unstarred": "p.starred = 0",
                "read": "p.read = 1",
                "unread": "p.read = 0",
                "noted": "p.note != ''",
            }
            if value not in flags:
                self.note(
                    f"'is:{node.value}' is not a filter: use is:starred, is:unread or is:read."
                )
                return None, []
            return flags[value], []
        if node.name == "year":
            years = _years(value)
            if years is None:
                self.note(f"'year:{node.value}' is not a year: write year:2024 or year:2021..2023.")
                return None, []
            start, end = source.year_bounds(*years)
            sql = (
                "((p.published >= ? AND p.published < ?) OR "
                "(p.published IS NULL AND p.digest_day >= ? AND p.digest_day < ?))"
            )
            return sql, [start, end, start, end]
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.note(f"'digest:{node.value}' is not a day: write digest:2025-03-13.")
            return None, []
        sql = (
            "p.id IN (SELECT de.paper_id FROM digest_entry de "
            "JOIN digest d ON d.id = de.digest_id WHERE d.day = ?)"
        )
        return sql, [day.isoformat()]


def _years(value: str) -> tuple[int, int] | None:
    if value.isdigit() and len(value) == 4:
        year = int(value)
        return (year, year) if _LOW_YEAR <= year <= _HIGH_YEAR else None
    match = _YEAR_RANGE.match(value)
    if not match or not (match.group(1) or match.group(2)):
        return None
    first = int(match.group(1) or _LOW_YEAR)
    last = int(match.group(2) or _HIGH_YEAR)
    if not (_LOW_YEAR <= first <= last <= _HIGH_YEAR):
        return None
    return first, last


def _term_maker(word: str) -> Callable[[str], wq.Query]:
    return lambda f: wq.Term(f, word)


def _in_field(fieldname: str | None, make: Callable[[str], wq.Query]) -> wq.Query:
    """``make`` the query for the field the user named: no field is the combined
    ``text``; ``abstract`` is the part of ``text`` before the title's positions."""
    if fieldname is None:
        return make(ALL)
    if fieldname == "abstract":
        return InAbstract(make(ALL), limit=ABSTRACT_LIMIT)
    return make(fieldname)


def _or(queries: list[wq.Query]) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.Or(queries)


class InAbstract(spans.SpanFirst):  # type: ignore[misc]
    """``abstract:``: the words at positions before the title's in the combined field.

    Whoosh's ``SpanFirst`` cannot estimate its size, and ``And`` asks each of
    its parts for one to order them: ``knowledge abstract:model`` failed with
    ``NotImplementedError``. The estimate is that of the words alone (every
    match holds them), an upper bound as Whoosh's estimates are.
    """

    def estimate_size(self, ixreader: Any) -> int:
        inner = self.q
        if isinstance(inner, spans.SpanNear2):
            return min(int(q.estimate_size(ixreader)) for q in inner.qs)
        return int(inner.estimate_size(ixreader))

    def estimate_min_size(self, ixreader: Any) -> int:
        return 0
