"""Very broad queries rank only their most recent candidates.

Why: Whoosh scores every matching document in Python (a few µs each). In a
large library a common word matches tens of thousands of papers whose BM25
scores are nearly equal, so the top-N collector's block skipping cannot
prune and a query costs hundreds of milliseconds. When a query's candidate
set is larger than :data:`BUDGET`, we rank only the ``BUDGET`` most recent
candidates: the index holds papers oldest first (a rebuild writes them in
that order and imports are appended), so those are the highest document
numbers, reached by skipping the posting lists to a window at their end.

Phrases and ``abstract:`` spans are pre-filtered by the cheap conjunction of
their words (capped the same way); positions are verified only on those
candidates. ``total`` is then an estimate extrapolated from the window.

Small result sets (every query on a library of a few thousand papers) never
reach this module: they go through Whoosh's own collector unchanged.

Only Whoosh's public API is used here. Plain-word windows are read by the
index's :class:`~.whoosh_ext.plan.Collector` when it has one (the verified
Whoosh release); otherwise, and for every other query, by Whoosh's own
matchers. Both give the same answers: which queries are capped, and how, does
not depend on the collector.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.query import spans
from whoosh.searching import Searcher

from readinglist.core.search.frequencies import Counted
from readinglist.core.search.whoosh_ext.plan import Collector, plan

#: How many candidates a query ranks at most. Measured at 100k papers (wall
#: ms, median, same run): 2,000 gave two words 33, phrase 30; 1,000 gave 17, 18.
#: Far above any test library (230 papers), whose rankings stay Whoosh's own.
BUDGET = 1000
#: Extra room for the first window, over what the query's size estimate predicts.
_SLACK = 1.5


@dataclass(frozen=True)
class Capped:
    """The best documents among the budgeted candidates, and the total."""

    top: list[tuple[float, int]]  # (score, docnum), best first
    total: int
    exact: bool
    #: Every candidate ranked, (score, docnum), in no order: a page is chosen from
    #: these with its ties (``searching.ranked_page``), not from ``top``.
    scored: list[tuple[float, int]] = field(default_factory=list)


def conjunctive(q: wq.Query) -> wq.Query:
    """``q`` with each phrase or span replaced by the AND of its words: a
    superset of its matches that needs no positions."""
    if isinstance(q, wq.Phrase):
        return wq.And([wq.Term(q.fieldname, w) for w in q.words])
    if isinstance(q, spans.SpanFirst):
        return conjunctive(q.q)
    if isinstance(q, spans.SpanQuery):
        kids = [conjunctive(c) for c in q.children()]
        return kids[0] if len(kids) == 1 else wq.And(kids)
    if isinstance(q, wq.Not):
        return q  # what is excluded must be excluded exactly
    if q.is_leaf():
        return q
    return q.apply(conjunctive)


def _estimate(q: wq.Query, reader: Any) -> int:
    """An upper bound of ``q``'s matches (spans have none of their own)."""
    try:
        return int(q.estimate_size(reader))
    except NotImplementedError:
        return int(conjunctive(q).estimate_size(reader))


def _positional(q: wq.Query) -> bool:
    if isinstance(q, (wq.Phrase, spans.SpanQuery)):
        return True
    return any(_positional(c) for c in q.children())


def capped_search(
    searcher: Searcher,
    q: wq.Query,
    pid_of: Callable[[int], int],
    allowed: AbstractSet[int] | None,
    wanted: int,
    budget: int | None = None,
    *,
    collector: Collector | None,
) -> Capped | None:
    """Rank the ``budget`` most recent candidates of ``q``; ``None`` when the
    query is small enough to be answered in full by Whoosh.

    A filtered plain-word query in a library larger than the budget is always
    answered here (Whoosh would test the filter on every match in Python).
    ``collector=None`` walks Whoosh's matchers instead of reading posting
    blocks (same answers; the tests compare the two)."""
    budget = BUDGET if budget is None else budget
    n = searcher.doc_count_all()
    if n <= budget:
        return None
    live = max(1, searcher.doc_count())
    estimate = _estimate(q, Counted(searcher.reader()))
    share = len(allowed) / live if allowed is not None else 1.0
    if estimate * share <= budget and (allowed is None or plan(q) is None):
        return None
    how = plan(q, unions=True)  # what a collector can read: ORs of words too
    positional = _positional(q)
    weighting = searcher.weighting
    generic: list[bool] = []  # set when a window needed Whoosh's own matchers

    def window(lo: int, hi: int, need: int) -> list[tuple[int, float, Any]]:
        """The matches in ``[lo, hi)``: only the last ``need`` can be candidates
        (the windows go back in time), so a collector scores only those."""
        if how is not None and collector is not None and not generic:
            try:
                found = collector.collect(
                    searcher, how, weighting, lo, hi, allowed, pid_of, need=need
                )
            except LookupError:
                found = None
            if found is not None:
                return found
        generic.append(True)
        cheap = conjunctive(q) if positional else q
        return [(d, s, None) for d, s in walk(searcher, cheap, lo, hi, allowed, pid_of, True)]

    # an OR's estimate sums its words' counts and can pass the index size: a
    # document matches once, so the first window is never under the budget
    density = min(1.0, max(estimate * share / n, 1.0 / n))
    lo, hi = max(0, n - int(budget / density * _SLACK) - 1), n
    chunks: list[list[tuple[int, float, Any]]] = []
    seen = 0
    while True:
        chunk = window(lo, hi, budget - seen)
        chunks.append(chunk)
        seen += len(chunk)
        if seen >= budget or lo == 0:
            break
        # grow the window by what the density seen so far says is missing
        seen_density = max(seen, 1) / (n - lo)
        step = int((budget - seen) / seen_density * _SLACK) + 1
        hi, lo = lo, max(0, lo - max(step, n - lo))
    found = [x for c in reversed(chunks) for x in c]
    candidates = found[-budget:]
    exact = lo == 0 and len(found) <= budget
    # matches per scanned document, extrapolated to the whole index
    cheap_total = len(found) if lo == 0 else round(len(found) * n / (n - lo))
    cheap_total = max(len(found), min(cheap_total, estimate))
    scored: list[tuple[int, float]]
    if positional and candidates and generic:
        scored = _verify(searcher, q, candidates, allowed, pid_of)
    else:
        scored = [
            (d, s)
            for d, s, ref in candidates
            if ref is None or (collector is not None and collector.passes(ref))
        ]
    if positional and candidates:
        total = len(scored) if exact else round(cheap_total * len(scored) / len(candidates))
        total = max(total, len(scored))
    else:
        total = cheap_total
    best = heapq.nlargest(max(wanted, 1), scored, key=lambda x: (x[1], x[0]))
    return Capped([(s, d) for d, s in best], total, exact, [(s, d) for d, s in scored])


def _verify(
    searcher: Searcher,
    q: wq.Query,
    candidates: list[tuple[int, float, Any]],
    allowed: AbstractSet[int] | None,
    pid_of: Callable[[int], int],
) -> list[tuple[int, float]]:
    """The candidates that ``q`` itself matches (positions checked), with its scores."""
    keep = {d for d, _, _ in candidates}
    first = candidates[0][0]
    n = searcher.doc_count_all()
    return [x for x in walk(searcher, q, first, n, allowed, pid_of, True) if x[0] in keep]


def walk(
    searcher: Searcher,
    q: wq.Query,
    lo: int,
    hi: int,
    allowed: AbstractSet[int] | None,
    pid_of: Callable[[int], int],
    score: bool,
) -> list[tuple[int, float]]:
    """The matches of ``q`` with document numbers in ``[lo, hi)``, ascending."""
    out: list[tuple[int, float]] = []
    append = out.append
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        size = sub.doc_count_all()
        if offset + size <= lo or offset >= hi:
            continue
        m = q.matcher(sub, context)
        if not m.is_active():
            continue
        start, stop = lo - offset, hi - offset
        if start > 0:
            m.skip_to(start)
        while m.is_active():
            d = m.id()
            if d >= stop:
                break
            g = d + offset
            if allowed is None or pid_of(g) in allowed:
                append((g, m.score() if score else 0.0))
            m.next()
    return out
