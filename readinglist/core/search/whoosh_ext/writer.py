"""A Whoosh segment writer trimmed for this schema (measured: the per-posting
Python work of the stock writer is most of the indexing time).

Three changes; the segments it writes are byte-identical to the stock
writer's for the same documents (``test_postings.py``):

* :meth:`FastWriter.add_document` handles our field kinds directly (text
  fields, one ID, numeric columns, nothing stored) and files each posting
  under its term in an :class:`~.postings.InvertedPool` (three appends)
  instead of a tuple in Whoosh's ``PostingPool``.
* At flush, each term's postings go to Whoosh's postings writer a block at
  a time (:func:`~.postings.write_pool`), not one ``add_posting`` call each
  after a sort of every posting; the block statistics take each document's
  length from lists built while adding documents, quantised exactly as the
  length column stores them, instead of one column read per posting.
* When the postings outgrow ``limitmb``, the segment being written is
  finished as a segment of its own and a new one begins (the stock writer
  spills sorted runs to disk and merges them back in Python at the end).
  Documents keep their order across the segments, so document numbers
  still follow the order papers were added in.

Private internals: ``SegmentWriter``'s state (``pool``, ``perdocwriter``,
``fieldwriter``, ``newsegment``, ``docnum``, ``docbase``, ``_added``) and
steps (``_check_state``, ``_finalize_segment``, ``_merge_segments``,
``_flush_segment``); ``pool.add`` and ``pool.cleanup`` are what its
``add_reader`` and ``_close_segment`` call on the pool; and those of
:mod:`.postings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from readinglist.core.search.whoosh_ext.postings import InvertedPool, write_pool


class FastWriter(SegmentWriter):  # type: ignore[misc]
    """``SegmentWriter`` with an inverted pool and a block-at-a-time flush.

    ``roll`` is accepted for the engine's signature: this writer always
    starts a new segment when its pool is full (it has no runs to spill)."""

    def __init__(self, ix: Any, *, roll: bool = False, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._limitmb = limitmb
        self.pool = InvertedPool(limitmb)
        #: Quantised length of each of our documents, by scorable field, then docnum.
        self._lengths: dict[str, dict[int, int]] = {}
        self._mine: set[int] = set()
        self._rolled: list[Any] = []

    def _next_segment(self) -> None:
        """Finish the segment being written and start an empty one."""
        self._rolled.append(self._finalize_segment())
        segment = self.codec.new_segment(self.storage, self.indexname)
        self.newsegment = segment
        self.pool = InvertedPool(self._limitmb)
        self.perdocwriter = self.codec.per_document_writer(self.storage, segment)
        self.fieldwriter = self.codec.field_writer(self.storage, segment)
        self.docnum = self.docbase = 0
        self._added = False
        self._lengths = {}
        self._mine = set()

    @property
    def limitmb(self) -> int:
        """The pool's memory budget: a new segment starts when it is spent."""
        return self._limitmb

    def adopt(self, segments: list[Any]) -> None:
        """Commit ``segments`` (written by workers into this index, in document
        order) after the ones this writer rolled over; it adds no document after."""
        self._rolled.extend(segments)

    def finish_segments(self) -> list[Any]:
        """Finish writing, commit nothing: the segments written, for a writer
        that took no lock (``_lk=False``) and hands them to the one that did."""
        if self._added:
            self._rolled.append(self._finalize_segment())
        else:
            self._close_segment()
        self.is_closed = True
        return self._rolled

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        kept: list[Any] = super()._merge_segments(mergetype, optimize, merge)
        return kept + self._rolled

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdoc = self.perdocwriter
        pool = self.pool
        added = 0
        done: list[str] = []
        perdoc.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None or name.startswith("_"):
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    done.append(name)
                    table = pool.terms(name)
                    get = table.get
                    for tbytes, freq, weight, vbytes in field.index(value):
                        length += freq
                        found = get(tbytes)
                        if found is None:
                            table[tbytes] = [docnum, weight, vbytes]
                        else:
                            found += (docnum, weight, vbytes)
                        added += 1
                    if not field.scorable:
                        length = 0
                    elif length:
                        lengths = self._lengths.get(name)
                        if lengths is None:
                            lengths = self._lengths[name] = {}
                        lengths[docnum] = byte_to_length(length_to_byte(length))
                perdoc.add_field(name, field, None, length)
                column = field.column_type
                if column is not None:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            self._withdraw(docnum, done)
            raise
        perdoc.finish_doc()
        pool.postings += added
        self._mine.add(docnum)
        self._added = True
        self.docnum += 1
        if pool.full:
            self._next_segment()

    def _withdraw(self, docnum: int, names: list[str]) -> None:
        """Take back the postings a failed document left in the pool."""
        for name in names:
            table = self.pool.terms(name)
            for tbytes in [t for t, p in table.items() if p[-3] == docnum]:
                postings = table[tbytes]
                del postings[-3:]
                if not postings:
                    del table[tbytes]
            self._lengths.get(name, {}).pop(docnum, None)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        count = self.docnum
        merged = [d for d in range(count) if d not in self._mine]
        reader = self.per_document_reader() if merged and self.codec.length_stats else None

        def lengths(name: str) -> Sequence[int]:
            if not self.codec.length_stats:
                return [0] * count
            mine = self._lengths.get(name, {})
            out = list(map(mine.get, range(count), repeat(0)))
            if reader is not None:
                for docnum in merged:
                    out[docnum] = reader.doc_field_length(docnum, name, 0)
            return out

        try:
            write_pool(self.fieldwriter, self.schema, self.pool, lengths)
        finally:
            if reader is not None:
                reader.close()
        self.fieldwriter.close()
