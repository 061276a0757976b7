"""Each index document's paper id, from one list per searcher.

Why: every candidate a search scores, and every one a filter tests, needs its
paper id. Whoosh's column reader answers one document at a time through
three Python layers (about 1.2 µs each); a filtered query at 100k asked for
9,000 of them. Here a segment's ids are read whole the first time one of
them is asked for (about 9 ms for 10,000 papers, as the scorer decodes a
segment's lengths), kept on the segment's reader (a segment's stored ids
never change, and the fast engine keeps the readers of unchanged segments
across commits), and copied into the searcher's list: a search that reads
only the recent segments reads only their ids.

Whoosh's public API (``leaf_readers``, ``column_reader``), and
:mod:`.whoosh_ext.numbers` to read a segment's ids in one piece (any reader
it does not know is iterated as Whoosh iterates it), so it runs on every
release.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from readinglist.core.search.whoosh_ext.numbers import column_values

PID = "pid"


def pid_lookup(reader: Any) -> Callable[[int], int]:
    """``pid_of(docnum)``: the paper id of document ``docnum`` of ``reader``."""
    segments = list(reader.leaf_readers())
    starts = [offset for _, offset in segments]
    table: list[int | None] = [None] * reader.doc_count_all()

    def pid_of(docnum: int) -> int:
        found = table[docnum]
        if found is None:
            segment, offset = segments[bisect_right(starts, docnum) - 1]
            ids = _segment_ids(segment)
            table[offset : offset + len(ids)] = ids
            found = ids[docnum - offset]
        return found

    return pid_of


def _segment_ids(segment: Any) -> list[int]:
    found: list[int] | None = getattr(segment, "_rl_pids", None)
    if found is None or len(found) != segment.doc_count_all():
        found = [int(p) for p in column_values(segment.column_reader(PID, translate=False))]
        segment._rl_pids = found
    return found
