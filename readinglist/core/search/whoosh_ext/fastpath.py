"""Collecting the matches of plain-word queries in a window of documents
without Whoosh's matcher tree.

Why: for words, ANDs of words, phrases and ``abstract:`` spans, Whoosh walks
an intersection matcher one posting at a time (several Python calls per
posting, a ``skip_to`` per step) and re-decodes positions through span
objects. Here each word's posting blocks inside the window are read whole
(ids, weights and, for phrases, positions), the words' documents are
intersected as dicts, and the score is the same BM25F sum Whoosh computes
(a phrase or span scores as the AND of its words, as in Whoosh).

Private internals of ``whoosh-reloaded`` 2.7.5: the ``whoosh3`` codec's leaf
matcher (``_ids``, ``_weights``, ``_values``, ``_goto``, ``_next_block``,
``_baseoffset``, ``_nextoffset``, ``_maxid``, ``_lastblock``, ``_atend``,
``_read_ids``/``_read_weights``/``_read_values``) and the decoded lengths of
:mod:`.scoring`'s scorer. Any other matcher makes :meth:`BlockCollector.collect`
answer ``None`` and the caller walk Whoosh's matchers instead.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from itertools import repeat
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import bm25
from whoosh.searching import Searcher

from readinglist.core.search.frequencies import doc_frequency
from readinglist.core.search.whoosh_ext.plan import Check, Plan, Word


class BlockCollector:
    """The :class:`~.plan.Collector` of the verified release: reads posting blocks."""

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
        return collect(searcher, how, weighting, lo, hi, allowed, pid_of, need)

    def passes(self, ref: Any) -> bool:
        return passes(ref)


def collect(
    searcher: Searcher,
    how: Plan,
    weighting: Any,
    lo: int,
    hi: int,
    allowed: AbstractSet[int] | None,
    pid_of: Callable[[int], int],
    need: int | None = None,
) -> list[tuple[int, float, Any]] | None:
    """``(docnum, score, ref)`` for every document in ``[lo, hi)`` holding all
    the words and one word of each union, ascending (``ref`` is for
    :func:`passes`); ``None`` if unsupported. With ``need``, only the last
    ``need`` documents are scored (the others score 0.0: they are counted,
    never ranked)."""
    positional = {(c.field, w) for c in how.checks for w in c.words}
    groups = [[w] for w in dict.fromkeys(how.words)]
    groups += [list(dict.fromkeys(u)) for u in how.unions]
    matched: list[tuple[Any, int, Postings, list[int]]] = []
    for sub, offset in searcher.leaf_searchers():
        size = sub.doc_count_all()
        if offset + size <= lo or offset >= hi:
            continue
        reader = sub.reader()
        start, stop = max(0, lo - offset), hi - offset
        present = [[w for w in group if doc_frequency(reader, *w)] for group in groups]
        if not all(present):
            continue
        postings = _postings(reader, present, start, stop, positional)
        if postings is None:
            return None
        found, common = postings
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        docs = [
            d
            for d in sorted(common)
            if d not in deleted and (allowed is None or pid_of(d + offset) in allowed)
        ]
        if docs:
            matched.append((sub, offset, found, docs))
    unranked = max(0, sum(len(m[3]) for m in matched) - need) if need is not None else 0
    fmt = {c.field: searcher.schema[c.field].format for c in how.checks}
    checks = how.checks
    out: list[tuple[int, float, Any]] = []
    for sub, offset, found, docs in matched:
        skipped = min(unranked, len(docs))
        unranked -= skipped
        scores = _scores(how, weighting, sub, found, docs[skipped:])
        for d in docs:
            ref = (checks, found, d, fmt) if checks else None
            out.append((d + offset, scores.get(d, 0.0), ref))
    return out


def _scores(
    how: Plan, weighting: Any, sub: Searcher, found: Postings, docs: list[int]
) -> dict[int, float]:
    """BM25F of ``docs`` (all holding the plan's words), word by word: each
    document's sum in the order of the words, as document by document; a
    union's word visits only the documents it holds."""
    scores = dict.fromkeys(docs, 0.0)
    if not docs:
        return scores
    scorers = {w: _params(weighting.scorer(sub, w[0], w[1])) for w in found}
    for w in how.words:
        held, (idf, table, avgfl, b, k1) = found[w], scorers[w]
        for d in docs:
            scores[d] += bm25(idf, held[d][0], table[d], avgfl, b, k1)
    for w in (w for u in how.unions for w in u if w in found):
        held, (idf, table, avgfl, b, k1) = found[w], scorers[w]
        for d, posting in held.items():
            if d in scores:
                scores[d] += bm25(idf, posting[0], table[d], avgfl, b, k1)
    return scores


Postings = dict[Word, dict[int, tuple[float, Any]]]


def _postings(
    reader: Any, groups: list[list[Word]], start: int, stop: int, positional: set[Word]
) -> tuple[Postings, set[int]] | None:
    """Each word's postings for the segment's documents in ``[start, stop)``
    that hold a word of every group, and those documents; ``None`` if unsupported.

    Rarest group first; each next group reads only the blocks that can hold
    a document all the earlier ones have, and none once no document is left."""
    groups = sorted(groups, key=lambda g: sum(doc_frequency(reader, *w) for w in g))
    found: Postings = {}
    common: set[int] | None = None
    for group in groups:
        held: set[int] = set()
        wanted = None if common is None else sorted(common)
        for word in group:
            if word not in found:
                leaf = reader.postings(*word)
                if isinstance(leaf, FilterMatcher):
                    leaf = leaf.child
                if not isinstance(leaf, W3LeafMatcher):
                    return None
                blocks = _blocks(reader, word, leaf)
                values = word in positional
                if wanted is None:
                    found[word] = _window(reader, leaf, word, blocks, start, stop, values)
                else:
                    found[word] = _lookup(reader, leaf, word, blocks, wanted, values)
            held.update(found[word])
        if common is None:
            common = held
        else:
            common.intersection_update(held)
        if not common:
            break
    return found, common or set()


def passes(ref: Any) -> bool:
    """Does a collected document pass its phrase and span checks? (Run only
    on the final candidates: decoding positions is the costly part.)"""
    if ref is None:
        return True
    checks, postings, d, fmt = ref
    return all(_near(c, postings, d, fmt[c.field]) for c in checks)


def _params(scorer: Any) -> tuple[float, list[int], float, float, float]:
    table = getattr(scorer, "_table", None)
    if table is None:
        raise LookupError("no decoded lengths")
    return scorer.idf, table, scorer.avgfl, scorer.B, scorer.K1


_BLOCK_CACHE_LIMIT = 20_000


def _blocks(reader: Any, word: Word, m: W3LeafMatcher) -> tuple[list[int], list[int]]:
    """Each posting block's last document number and file offset, for one
    word of one segment: read once (a walk over every block header), then
    windows at the end of long posting lists are reached in one seek. Kept
    on the segment reader, which lives as long as the segment."""
    cache: dict[Word, tuple[list[int], list[int]]] | None = getattr(reader, "_rl_blocks", None)
    if cache is None or len(cache) > _BLOCK_CACHE_LIMIT:
        cache = {}
        reader._rl_blocks = cache
    found = cache.get(word)
    if found is None:
        maxids: list[int] = []
        offsets: list[int] = []
        pos = m._baseoffset
        while True:
            maxids.append(m._maxid)
            offsets.append(pos)
            if m._lastblock:
                break
            pos = m._nextoffset
            m._goto(pos)
        found = cache[word] = (maxids, offsets)
        m.reset()
    return found


#: Decoded posting blocks kept per segment reader (ids and weights about 1 kB,
#: word positions about 5 kB more when a phrase needed them), oldest dropped first.
_DATA_LIMIT = 600
Block = tuple[Sequence[int], Sequence[float], Sequence[Any] | None]


def _block(
    reader: Any,
    m: W3LeafMatcher,
    word: Word,
    blocks: tuple[list[int], list[int]],
    i: int,
    values: bool,
) -> Block:
    """Block ``i`` of ``word``'s postings: ids, weights and (if ``values``)
    stored values. Decoding a block (unpickling about 130 objects) costs
    0.2 ms, and the capped ranking reads the same most recent blocks of the
    common words for query after query: they are kept on the segment reader
    (a segment's posting blocks never change)."""
    cache: dict[tuple[Word, int], Block] | None = getattr(reader, "_rl_data", None)
    if cache is None:
        cache = reader._rl_data = {}
    found = cache.get((word, i))
    if found is not None and (found[2] is not None or not values):
        return found
    m._lastblock = False
    m._atend = False
    m._goto(blocks[1][i])
    m._read_ids()
    m._read_weights()
    vals = None
    if values:
        m._read_values()
        vals = m._values
    found = (array("I", m._ids), m._weights, vals)
    if len(cache) >= _DATA_LIMIT:
        del cache[next(iter(cache))]
    cache[(word, i)] = found
    return found


def _window(
    reader: Any,
    m: W3LeafMatcher,
    word: Word,
    blocks: tuple[list[int], list[int]],
    lo: int,
    hi: int,
    values: bool,
) -> dict[int, tuple[float, Any]]:
    """The postings of one word with document numbers in ``[lo, hi)``."""
    out: dict[int, tuple[float, Any]] = {}
    maxids = blocks[0]
    for i in range(bisect_left(maxids, lo), len(maxids)):
        ids, weights, vals = _block(reader, m, word, blocks, i, values)
        if ids[0] >= hi:
            break
        first = bisect_left(ids, lo) if ids[0] < lo else 0
        last = bisect_left(ids, hi) if ids[-1] >= hi else len(ids)
        held = repeat(None) if vals is None else vals[first:last]
        pairs = zip(weights[first:last], held, strict=False)  # held may repeat None
        out.update(zip(ids[first:last], pairs, strict=True))  # a loop in C
        if last < len(ids):
            break
    return out


def _lookup(
    reader: Any,
    m: W3LeafMatcher,
    word: Word,
    blocks: tuple[list[int], list[int]],
    wanted: list[int],
    values: bool,
) -> dict[int, tuple[float, Any]]:
    """The postings of one word for the documents ``wanted`` (ascending) only:
    just the blocks whose range can hold one of them are read."""
    out: dict[int, tuple[float, Any]] = {}
    maxids = blocks[0]
    k, count = 0, len(wanted)
    while k < count:
        i = bisect_left(maxids, wanted[k])
        if i >= len(maxids):
            break
        ids, weights, vals = _block(reader, m, word, blocks, i, values)
        last = maxids[i]
        while k < count and wanted[k] <= last:
            d = wanted[k]
            k += 1
            j = bisect_left(ids, d)
            if j == len(ids) or ids[j] != d:
                continue
            out[d] = (weights[j], vals[j] if vals is not None else None)
    return out


_DECODED: dict[bytes, frozenset[int]] = {}
_DECODED_LIMIT = 200_000


def _positions(fmt: Any, value: bytes) -> frozenset[int]:
    """Decoded positions, memoised: most words occur once in a paper, so a few
    thousand distinct encodings cover nearly every posting."""
    found = _DECODED.get(value)
    if found is None:
        if len(_DECODED) >= _DECODED_LIMIT:
            _DECODED.clear()
        found = _DECODED[value] = frozenset(fmt.decode_positions(value))
    return found


def _near(
    check: Check, postings: dict[Word, dict[int, tuple[float, Any]]], d: int, fmt: Any
) -> bool:
    """Do the words of ``check`` stand at consecutive positions (below the limit)?"""
    starts = _positions(fmt, postings[(check.field, check.words[0])][d][1])
    for i, word in enumerate(check.words[1:], 1):
        at = _positions(fmt, postings[(check.field, word)][d][1])
        starts = frozenset(p for p in starts if p + i in at)
        if not starts:
            return False
    if check.limit is None:
        return True
    return min(starts) + len(check.words) - 1 <= check.limit
