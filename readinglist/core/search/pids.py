"""Each index document's paper id, as one list for the searcher's life.

Why: every candidate a search scores, and every one a filter tests, needs its
paper id. Whoosh's column reader answers one document at a time through
three Python layers (about 1.2 µs each); a filtered query at 100k asked for
9,000 of them. Here each segment's ids are read once, kept on the segment's
reader (a segment's stored ids never change, and the fast engine keeps the
readers of unchanged segments across commits), and joined in document-number
order for each new searcher.

Public Whoosh API only (``leaf_readers``, ``column_reader``), so it runs on
every release.
"""

from __future__ import annotations

from typing import Any

PID = "pid"


def pid_table(reader: Any) -> list[int]:
    """``table[docnum]`` is the paper id of document ``docnum`` of ``reader``."""
    table: list[int] = []
    for segment, offset in reader.leaf_readers():
        if offset != len(table):  # never seen: Whoosh numbers segments end to end
            raise LookupError(f"segment at {offset} after {len(table)} documents")
        table += _segment_ids(segment)
    return table


def _segment_ids(segment: Any) -> list[int]:
    found: list[int] | None = getattr(segment, "_rl_pids", None)
    if found is None or len(found) != segment.doc_count_all():
        found = [int(p) for p in segment.column_reader(PID)]
        segment._rl_pids = found
    return found
