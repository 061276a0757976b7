"""Prefixes and typo-tolerant words, expanded against the index once per search.

Why: Whoosh's ``Prefix`` and ``FuzzyTerm`` expand themselves again for each
segment, for each size estimate and without any limit, so a query made of
many broad prefixes ran for seconds. Here each is replaced, before the search
runs, by the ``Or`` of the index words it stands for (read once from the
whole index), which is what Whoosh's own expansion builds and scores; and the
words all of them stand for together are counted against
:data:`~.bounds.MAX_EXPANSION`. Past it the query is refused
(:class:`~.bounds.QueryTooLarge`), never cut short.

Public Whoosh API only (``IndexReader.expand_prefix``, ``terms_within``,
``Query.apply``), so it runs on every Whoosh release; the expansions
themselves come from the index engine's :class:`Lexicon`
(:mod:`.whoosh_ext.lexicon` on the verified release: the same words, without
measuring each word of the index, kept for the commit's reader).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from whoosh import query as wq

from readinglist.core.search.bounds import MAX_EXPANSION, too_broad

#: What a pattern stood for in one search, for its highlighting to reuse (a
#: ``~`` word costs a walk over the whole vocabulary): ``("prefix", field,
#: text)`` or ``("fuzzy", field, text, distance)`` to the index words.
Expansions = dict[tuple[object, ...], list[str]]


class Lexicon(Protocol):
    """The index words a pattern stands for, in lexicon order (text or bytes)."""

    def terms_within(
        self, reader: Any, fieldname: str, text: str, maxdist: int, prefix: int
    ) -> Iterable[Any]:
        """What ``reader.terms_within(fieldname, text, maxdist, prefix=prefix)`` yields."""

    def expand_prefix(self, reader: Any, fieldname: str, prefix: str) -> Iterable[Any]:
        """What ``reader.expand_prefix(fieldname, prefix)`` yields."""


class WhooshLexicon:
    """Whoosh's own expansions: the reader's."""

    def terms_within(
        self, reader: Any, fieldname: str, text: str, maxdist: int, prefix: int
    ) -> Iterable[Any]:
        found: Iterable[Any] = reader.terms_within(fieldname, text, maxdist, prefix=prefix)
        return found

    def expand_prefix(self, reader: Any, fieldname: str, prefix: str) -> Iterable[Any]:
        found: Iterable[Any] = reader.expand_prefix(fieldname, prefix)
        return found


WHOOSH_LEXICON = WhooshLexicon()


def expand_patterns(
    q: wq.Query,
    reader: Any,
    found: Expansions | None = None,
    lexicon: Lexicon = WHOOSH_LEXICON,
) -> wq.Query:
    """``q`` with every prefix and ``~`` word replaced by the words it stands
    for in ``lexicon``; each expansion is also put in ``found``."""
    seen: set[tuple[str, str]] = set()
    known: Expansions = {} if found is None else found

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm):
            key: tuple[object, ...] = ("fuzzy", node.fieldname, node.text, node.maxdist)
            if key not in known:
                known[key] = _words(
                    lexicon.terms_within(
                        reader, node.fieldname, node.text, node.maxdist, node.prefixlength
                    )
                )
            return _either(node.fieldname, known[key], seen, f"{node.text}~")
        if isinstance(node, wq.Prefix):
            key = ("prefix", node.fieldname, node.text)
            if key not in known:
                known[key] = _words(lexicon.expand_prefix(reader, node.fieldname, node.text))
            return _either(node.fieldname, known[key], seen, f"{node.text}*")
        return node.apply(visit)

    return visit(q)


def _words(found: Iterable[Any]) -> list[str]:
    """The index words an expansion yields, as text, stopping past the bound."""
    out: list[str] = []
    for raw in found:
        out.append(raw.decode("utf-8") if isinstance(raw, bytes) else str(raw))
        if len(out) > MAX_EXPANSION:
            break
    return out


def _either(fieldname: str, words: list[str], seen: set[tuple[str, str]], pattern: str) -> wq.Query:
    for text in words:
        seen.add((fieldname, text))
        if len(seen) > MAX_EXPANSION:
            raise too_broad(pattern)
    if not words:
        return wq.NullQuery
    if len(words) == 1:
        return wq.Term(fieldname, words[0])
    # A tree of unions, as Whoosh builds for an index of over 5,000 papers, on
    # any index: its ``Or`` preloads small ones into a matcher without word
    # positions, which ``abstract:gen*`` (a span) cannot read.
    return wq.DefaultOr([wq.Term(fieldname, w) for w in words])
