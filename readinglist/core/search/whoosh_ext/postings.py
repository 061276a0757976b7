"""Postings gathered by field and term as documents arrive, written block by block.

Whoosh's ``PostingPool`` keeps one ``(field, term, docnum, weight, value)``
tuple per posting, sorts them all at the flush, and its field writer then
takes them one at a time (``add_posting``: a type check, three appends and
two comparisons per posting, and a field-length lookup). Measured at 10k
papers that flush was about half of a rebuild. Here a posting is three
appends to its term's list; at the flush each term's postings are cut into
Whoosh's blocks of ``blocklimit`` and each block is handed whole to
Whoosh's own ``W3PostingsWriter._write_block``, which encodes, pickles,
compresses and accounts it (terminfo statistics) exactly as it does for the
stock pool. The segment files are byte-identical
(``tests/core/search/whoosh_ext/test_postings.py``).

Terms are sorted in slices merged lazily (as ``writer._YieldingPool`` did
for postings), so that no single ``sorted()`` holds the interpreter lock for
long while the window waits to repaint.

Private internals: ``W3FieldWriter``'s ``_postfile``, ``_postwriter`` and
``_codec``; ``W3PostingsWriter``'s block buffer (``_ids``, ``_weights``,
``_values``, ``_minlength``, ``_maxlength``, ``_maxweight``), its
``_write_block``, ``_blocklimit`` and ``_inlinelimit``.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter, sub
from typing import Any

from whoosh.codec.whoosh3 import W3PostingsWriter

#: Terms sorted by one ``sorted()`` call; more are sorted in slices and merged.
SORT_SLICE = 50_000
#: Memory a posting costs here, roughly (three list slots, its share of the
#: term's lists, a weight); what ``limitmb`` is measured against.
POSTING_BYTES = 48

#: One term's postings, flat: docnum, weight, value, docnum, weight, value, ...
Postings = list[Any]
#: ``length(docnum)``: a document's quantised length in the field being written.
LengthOf = Callable[[int], int]


class InvertedPool:
    """Every posting of the segment being written, by field, then term."""

    def __init__(self, limitmb: int) -> None:
        self.fields: dict[str, dict[bytes, Postings]] = {}
        self.postings = 0
        self.limit = limitmb * 1024 * 1024 // POSTING_BYTES

    def terms(self, fieldname: str) -> dict[bytes, Postings]:
        """The term table of ``fieldname``, to add a document's postings to."""
        found = self.fields.get(fieldname)
        if found is None:
            found = self.fields[fieldname] = {}
        return found

    @property
    def full(self) -> bool:
        return self.postings > self.limit

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting, as Whoosh's pool takes it (merged segments: ``add_reader``)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        table = self.terms(fieldname)
        found = table.get(tbytes)
        if found is None:
            table[tbytes] = [docnum, weight, vbytes]
        else:
            found += (docnum, weight, vbytes)
        self.postings += 1

    def cleanup(self) -> None:
        self.fields = {}


def sorted_terms(table: Iterable[bytes]) -> Iterator[bytes]:
    """The terms in byte order, sorted in slices of :data:`SORT_SLICE`."""
    keys = list(table)
    if len(keys) <= SORT_SLICE:
        return iter(sorted(keys))
    return heapq.merge(
        *(sorted(keys[start : start + SORT_SLICE]) for start in range(0, len(keys), SORT_SLICE))
    )


class BlockWriter(W3PostingsWriter):  # type: ignore[misc]
    """``W3PostingsWriter`` fed a whole block at a time (same bytes).

    ``_mini_ids`` and ``_mini_weights`` give what Whoosh's give, without a
    Python step per posting."""

    _ids: array[int]
    _weights: array[float]
    _values: list[bytes]
    _minlength: int | None
    _maxlength: int
    _maxweight: float
    _blocklimit: int

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids
        return tuple(map(sub, ids, [0, *ids[:-1]]))

    def _mini_weights(self) -> Any:
        weights = self._weights
        count = len(weights)
        if weights.count(1.0) == count:
            return None
        if weights.count(weights[0]) == count:
            return weights[0]
        return tuple(weights)

    def add_term(self, postings: Postings, length_of: Sequence[int] | None) -> None:
        """Every posting of the current term, in docnum order, ``blocklimit`` a block;
        the last block stays buffered for ``finish_postings`` (it marks it last)."""
        ids = postings[0::3]
        weights = postings[1::3]
        values = postings[2::3]
        if ids != sorted(ids):  # never seen: documents are numbered as they come
            ids, weights, values = _by_docnum(ids, weights, values)
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if self._ids:
                self._write_block()
            chunk = ids[start : start + limit]
            self._ids = array("I", chunk)
            chunk_weights = weights[start : start + limit]
            self._weights = array("f", chunk_weights)
            self._values = [v for v in values[start : start + limit] if v]
            top = max(chunk_weights)
            self._maxweight = top if top > 0 else 0
            if length_of is None:
                self._minlength, self._maxlength = None, 0
            else:
                lengths = _lengths(length_of, chunk)
                self._minlength = min(filter(None, lengths), default=None)
                self._maxlength = max(lengths)


def _lengths(length_of: Sequence[int], ids: list[int]) -> Sequence[int]:
    if len(ids) == 1:
        return (length_of[ids[0]],)
    found: Sequence[int] = itemgetter(*ids)(length_of)
    return found


def write_pool(
    fieldwriter: Any, schema: Any, pool: InvertedPool, lengths: Callable[[str], Sequence[int]]
) -> None:
    """Write ``pool`` through ``fieldwriter`` (a ``W3FieldWriter``) in field and
    term order, as ``FieldWriter.add_postings`` does with a sorted posting stream.
    ``lengths(fieldname)`` gives each docnum's quantised length in that field."""
    codec = fieldwriter._codec
    for fieldname in sorted(pool.fields):
        table = pool.fields[fieldname]
        if not table:
            continue
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        postwriter = BlockWriter(
            fieldwriter._postfile,
            blocklimit=codec._blocklimit,
            compression=codec._compression,
            inlinelimit=codec._inlinelimit,
        )
        fieldwriter._postwriter = postwriter
        length_of = lengths(fieldname) if fieldobj.scorable else None
        for tbytes in sorted_terms(table):
            postings = table[tbytes]
            fieldwriter.start_term(tbytes)
            postwriter.add_term(postings, length_of)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _by_docnum(ids: list[int], weights: list[Any], values: list[Any]) -> tuple[list[Any], ...]:
    ordered = sorted(zip(ids, weights, values, strict=True), key=itemgetter(0))
    return tuple(list(column) for column in zip(*ordered, strict=True))
