"""Which queries are made of plain words, and what answers them fast.

Public Whoosh API only (query classes and their attributes), so this module
is used on every release: the capped ranking (``core/search/capped.py``)
decides whether to cap a filtered query by :func:`plan`, whichever path then
collects the matches, and that decision must not depend on the path.

:class:`Collector` is what :mod:`.fastpath` provides on the verified release;
without one, the capped ranking walks Whoosh's own matchers.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Protocol

from whoosh import query as wq
from whoosh.query import spans
from whoosh.searching import Searcher

Word = tuple[str, str]  # (field, term)


@dataclass(frozen=True)
class Check:
    """Words that must stand next to each other, in order (positions < ``limit``)."""

    field: str
    words: tuple[str, ...]
    limit: int | None


@dataclass
class Plan:
    words: list[Word] = field(default_factory=list)  # summed for the score, repeats count
    checks: list[Check] = field(default_factory=list)
    #: Each an ``OR`` of words, one of which a match must hold; every one it
    #: holds is summed for the score (repeats count). Only with ``unions=True``.
    unions: list[list[Word]] = field(default_factory=list)


class Collector(Protocol):
    """Collects a window of a plain-word query's matches without Whoosh's matchers."""

    def collect(
        self,
        searcher: Searcher,
        how: Plan,
        weighting: Any,
        lo: int,
        hi: int,
        allowed: AbstractSet[int] | None,
        pid_of: Callable[[int], int],
        need: int | None = None,
    ) -> list[tuple[int, float, Any]] | None:
        """``(docnum, score, ref)`` for every document in ``[lo, hi)`` holding
        all the words, ascending; ``None`` when this index cannot be read so.
        With ``need``, only the last ``need`` are scored (the others score 0.0)."""

    def passes(self, ref: Any) -> bool:
        """Does a collected document pass its phrase and span checks?"""


def plan(q: wq.Query, *, unions: bool = False) -> Plan | None:
    """How to answer ``q`` word by word, or ``None`` when it is not made of plain
    words; with ``unions``, ``OR`` queries of words are plain too (for a collector:
    which queries the capped ranking caps is decided without them)."""
    out = Plan()
    return out if _add(q, out, unions) else None


def _add(q: wq.Query, out: Plan, unions: bool) -> bool:
    if getattr(q, "boost", 1.0) != 1.0:
        return False
    if type(q) is wq.Term:
        out.words.append((q.fieldname, q.text))
        return True
    if type(q) is wq.And:
        return all(_add(c, out, unions) for c in q.subqueries)
    if unions and type(q) in (wq.Or, wq.DefaultOr):
        either: list[Word] = []
        if _either(q, either) and either:
            out.unions.append(either)
            return True
        return False
    if type(q) is wq.Phrase and q.slop == 1 and q.words:
        out.words.extend((q.fieldname, w) for w in q.words)
        out.checks.append(Check(q.fieldname, tuple(q.words), None))
        return True
    if isinstance(q, spans.SpanFirst):  # abstract: (compile.InAbstract adds estimates only)
        inner = q.q
        if type(inner) is wq.Term:
            out.words.append((inner.fieldname, inner.text))
            out.checks.append(Check(inner.fieldname, (inner.text,), q.limit))
            return True
        if (
            type(inner) is spans.SpanNear2
            and inner.slop == 1
            and inner.ordered
            and inner.mindist == 1
            and all(type(t) is wq.Term and t.boost == 1.0 for t in inner.qs)
            and len({t.fieldname for t in inner.qs}) == 1
        ):
            words = tuple(t.text for t in inner.qs)
            out.words.extend((inner.qs[0].fieldname, w) for w in words)
            out.checks.append(Check(inner.qs[0].fieldname, words, q.limit))
            return True
    return False


def _either(q: wq.Query, out: list[Word]) -> bool:
    """The words of an ``OR`` made of words and ``OR`` queries only (Whoosh scores a
    match by the sum of the words it holds, each as often as it is written)."""
    if q is wq.NullQuery:
        return True
    if getattr(q, "boost", 1.0) != 1.0:
        return False
    if type(q) is wq.Term:
        out.append((q.fieldname, q.text))
        return True
    if type(q) in (wq.Or, wq.DefaultOr) and not q.minmatch and q.scale is None:
        return all(_either(c, out) for c in q.subqueries)
    return False
