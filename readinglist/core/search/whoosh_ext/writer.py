"""A Whoosh segment writer trimmed for this schema (measured: the per-posting
Python work of the stock writer is most of the indexing time).

Three changes; the first two produce byte-identical segments to the stock writer:

* :meth:`FastWriter.add_document` handles our field kinds directly (text
  fields, one ID, numeric columns, nothing stored) and hands a document's
  postings to the pool in one batch instead of one call each.
* At flush, Whoosh asks the new segment's length column for the length of
  every posting's document (to record block min/max lengths), re-reading the
  column once per posting; we remember the lengths while adding documents
  and answer from a dict, quantised exactly as the column stores them.
* With ``roll=True`` (full rebuilds), when the postings outgrow ``limitmb``
  the segment being written is finished as a segment of its own and a new
  one begins, instead of spilling sorted runs to disk and merging them back
  in Python at the end (measured at 100k papers: most of the rebuild time).
  Documents keep their order across the segments, so document numbers still
  follow the order papers were added in.

And one change for the window's sake: :class:`_YieldingPool` sorts a large
in-memory posting list in slices merged lazily, because one ``sorted()`` of
~700,000 postings (a 5,000-paper digest) holds the interpreter lock for
~0.3 s, during which the window cannot repaint.

Private internals: ``SegmentWriter``'s state (``pool``, ``perdocwriter``,
``fieldwriter``, ``newsegment``, ``docnum``, ``docbase``, ``_added``,
``_tempstorage``) and steps (``_check_state``, ``_finalize_segment``,
``_merge_segments``, ``_flush_segment``), and ``PostingPool``'s ``current``,
``currentsize``, ``runs`` and ``fieldnames``.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

# PostingPool's own estimate of a posting's memory, per item (see whoosh.writing)
_POSTING_OVERHEAD = 28 + 20 + 21 + 26 + 18 + 16 + 21
#: Postings sorted by one ``sorted()`` call, one hold of the interpreter lock:
#: 10,000 took 10 ms and 50,000 took 117 ms on a busy 2-core machine, against
#: the window's 50 ms budget. Larger pools are sorted in slices and merged by
#: a generator.
_SORT_SLICE = 10_000


class _YieldingPool(PostingPool):  # type: ignore[misc]
    """A PostingPool whose in-memory sort lets other threads run."""

    def items(self, maxfiles: int = 128) -> Iterator[Any]:
        current = self.current
        if self.runs or len(current) <= _SORT_SLICE:
            return iter(super().items(maxfiles))
        slices = [
            sorted(current[start : start + _SORT_SLICE])
            for start in range(0, len(current), _SORT_SLICE)
        ]
        return heapq.merge(*slices)


class _Lengths:
    """Stands in for the per-document reader during the flush; documents
    merged in from older segments are answered by the real reader."""

    def __init__(self, writer: FastWriter) -> None:
        self._lengths = writer._lengths
        self._mine = writer._mine
        self._writer = writer
        self._reader: Any = None

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if docnum in self._mine:
            return self._lengths.get((docnum, fieldname), default)
        if self._reader is None:
            self._reader = self._writer.per_document_reader()
        result: int = self._reader.doc_field_length(docnum, fieldname, default)
        return result

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()


class FastWriter(SegmentWriter):  # type: ignore[misc]
    """``SegmentWriter`` with a batched ``add_document`` and a cheap flush."""

    def __init__(self, ix: Any, *, roll: bool = False, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _YieldingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._lengths: dict[tuple[int, str], int] = {}
        self._mine: set[int] = set()
        self._roll = roll
        self._limitmb = limitmb
        self._rolled: list[Any] = []

    def _next_segment(self) -> None:
        """Finish the segment being written and start an empty one."""
        self._rolled.append(self._finalize_segment())
        segment = self.codec.new_segment(self.storage, self.indexname)
        self.newsegment = segment
        self.pool = _YieldingPool(self._tempstorage, segment, limitmb=self._limitmb)
        self.perdocwriter = self.codec.per_document_writer(self.storage, segment)
        self.fieldwriter = self.codec.field_writer(self.storage, segment)
        self.docnum = self.docbase = 0
        self._added = False
        self._lengths = {}
        self._mine = set()

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        kept: list[Any] = super()._merge_segments(mergetype, optimize, merge)
        return kept + self._rolled

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdoc = self.perdocwriter
        pool = self.pool
        lengths = self._lengths
        posts: list[tuple[str, bytes, int, float, bytes]] = []
        size = 0
        perdoc.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None or name.startswith("_"):
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        posts.append((name, tbytes, docnum, weight, vbytes))
                        size += _POSTING_OVERHEAD + len(name) + 2 * len(tbytes) + len(vbytes or b"")
                    pool.fieldnames.add(name)
                    if length:
                        lengths[(docnum, name)] = byte_to_length(length_to_byte(length))
                perdoc.add_field(name, field, None, length)
                column = field.column_type
                if column is not None:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        pool.current.extend(posts)
        pool.currentsize += size
        self._mine.add(docnum)
        self._added = True
        self.docnum += 1
        if pool.currentsize > pool.limit:
            if self._roll:
                self._next_segment()
            else:
                pool.save()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = _Lengths(self) if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()
