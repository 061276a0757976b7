"""Very broad queries rank only their most recent candidates (a budget);
tested on the sample library with a tiny budget so that the cap bites."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from whoosh.searching import Searcher

from readinglist.core.library import Library
from readinglist.core.search.capped import BUDGET, capped_search, walk
from readinglist.core.search.compile import compile_query
from readinglist.core.search.index import SearchIndex
from readinglist.core.search.patterns import expand_patterns
from readinglist.core.search.whoosh_ext import lexicon
from readinglist.core.search.whoosh_ext.plan import Collector, plan

BROAD = [
    "model",
    "knowledge distillation",
    '"knowledge distillation"',
    '"large language models"',
    "abstract:distillation",
    'abstract:"language models"',
    "title:diffusion",
    "learning -diffusion",
    "distil*",
]


@pytest.fixture
def searcher(loaded: Library) -> Iterator[tuple[Searcher, Any]]:
    index = loaded.index
    assert isinstance(index, SearchIndex)
    yield index._searcher_now(), index._pid_of()


@pytest.fixture
def blocks(loaded: Library) -> Collector:
    """The posting-block reader of the fast paths (the verified Whoosh release is installed)."""
    index = loaded.index
    assert isinstance(index, SearchIndex)
    assert index.engine.collector is not None
    return index.engine.collector


def every_match(searcher: Searcher, text: str) -> dict[int, float]:
    query = compile_query(text).query
    return {d: s for s, d in searcher.search(query, limit=None).top_n}


@pytest.mark.parametrize("text", BROAD)
def test_the_cap_ranks_the_most_recent_matches(
    searcher: tuple[Searcher, Any], blocks: Collector, text: str
) -> None:
    s, pid_of = searcher
    matches = every_match(s, text)
    budget = min(20, len(matches) - 1)
    query = compile_query(text).query
    found = capped_search(s, query, pid_of, None, 10, budget=budget, collector=blocks)
    assert found is not None
    recent = sorted(matches)[-budget:]
    # only matches are returned, with Whoosh's own scores, best first
    assert all(d in matches and score == pytest.approx(matches[d]) for score, d in found.top)
    assert [score for score, _ in found.top] == sorted((x for x, _ in found.top), reverse=True)
    # plain words: exactly the best of the 20 most recent matches
    if '"' not in text and "abstract:" not in text:
        best = sorted(recent, key=lambda d: (matches[d], d), reverse=True)[:10]
        assert [d for _, d in found.top] == best
    else:  # phrases: the candidates were the AND of the words, so a subset
        assert {d for _, d in found.top} <= set(recent) | {d for d in matches if d >= min(recent)}
    assert found.total >= len(found.top)
    if found.exact:
        assert found.total == len(matches)


@pytest.mark.parametrize("text", BROAD)
def test_reading_posting_blocks_agrees_with_whoosh_matchers(
    searcher: tuple[Searcher, Any], blocks: Collector, text: str
) -> None:
    s, pid_of = searcher
    query = compile_query(text).query
    budget = min(25, len(every_match(s, text)) - 1)
    fast = capped_search(s, query, pid_of, None, 15, budget=budget, collector=blocks)
    slow = capped_search(s, query, pid_of, None, 15, budget=budget, collector=None)
    assert fast is not None and slow is not None
    assert [d for _, d in fast.top] == [d for _, d in slow.top]
    assert [x for x, _ in fast.top] == pytest.approx([x for x, _ in slow.top])
    assert fast.total == slow.total


def test_filters_apply_inside_the_budget(searcher: tuple[Searcher, Any], blocks: Collector) -> None:
    s, pid_of = searcher
    allowed = frozenset(pid_of(d) for d in range(0, s.doc_count_all(), 3))
    query = compile_query("model").query
    found = capped_search(s, query, pid_of, allowed, 50, budget=10, collector=blocks)
    assert found is not None and found.top
    assert all(pid_of(d) in allowed for _, d in found.top)
    slow = capped_search(s, query, pid_of, allowed, 50, budget=10, collector=None)
    assert slow is not None
    assert [d for _, d in found.top] == [d for _, d in slow.top]


def test_a_library_smaller_than_the_budget_is_never_capped(
    loaded: Library, searcher: tuple[Searcher, Any], blocks: Collector
) -> None:
    s, pid_of = searcher
    assert s.doc_count_all() < BUDGET
    for text in BROAD:
        query = compile_query(text).query
        assert capped_search(s, query, pid_of, None, 10, collector=blocks) is None
    assert loaded.search("model", limit=5).total == len(every_match(s, "model"))


#: ORs of words, alone and inside ANDs, nested, repeated, from prefixes and
#: ``~`` words, beside phrases and spans: the posting-block reader reads them too.
UNIONS = [
    "diffusion OR distillation",
    "(video OR image) generation",
    "model OR (language OR (learning OR (survey OR model)))",
    "distil*",
    "multimod* OR halluc*",
    "knowlege~ difusion~ modle~",
    "knowledge (distillation OR distillation)",
    '"language models" (video OR image OR reasoning)',
    "abstract:model (diffusion OR learning)",
    "(qqxzzyv OR model) learning",
]


def _expanded(s: Searcher, text: str) -> Any:
    compiled = compile_query(text).query
    assert compiled is not None
    return expand_patterns(compiled, s.reader(), lexicon=lexicon.FastLexicon())


def test_posting_blocks_read_unions_as_whoosh_matchers_do(
    searcher: tuple[Searcher, Any], blocks: Collector
) -> None:
    """Every match of the whole index, scored, and each window of a capped ranking."""
    for text in UNIONS:
        _same_union(searcher, blocks, text)


def _same_union(searcher: tuple[Searcher, Any], blocks: Collector, text: str) -> None:
    s, pid_of = searcher
    query = _expanded(s, text)
    how = plan(query, unions=True)
    assert how is not None and how.unions
    assert plan(query) is None  # which queries are capped does not change
    n = s.doc_count_all()
    for lo, hi in ((0, n), (n // 3, n), (n // 4, n // 2)):
        found = blocks.collect(s, how, s.weighting, lo, hi, None, pid_of)
        assert found is not None
        fast = [(d, x) for d, x, ref in found if blocks.passes(ref)]
        slow = walk(s, query, lo, hi, None, pid_of, True)
        assert [d for d, _ in fast] == [d for d, _ in slow]
        assert [x for _, x in fast] == pytest.approx([x for _, x in slow])
    matches = every_match(s, text)
    budget = min(25, len(matches) - 1)
    capped = [
        capped_search(s, query, pid_of, None, 15, budget=budget, collector=c)
        for c in (blocks, None)
    ]
    assert capped[0] is not None and capped[1] is not None
    assert [d for _, d in capped[0].top] == [d for _, d in capped[1].top]
    assert [x for x, _ in capped[0].top] == pytest.approx([x for x, _ in capped[1].top])
    assert capped[0].total == capped[1].total
