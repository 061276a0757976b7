"""How many documents of a segment hold a word, read once per segment.

Why: the capped ranking decides on a query's size estimate, which Whoosh
works out by looking each word up in every segment's term table (an ``OR``
of the 120 words five prefixes stand for: 1,300 lookups, 7 ms at 100k), and
the block collector orders and skips words by the same counts. A segment's
counts never change (a deletion leaves them as they are, in Whoosh too), and
the fast engine keeps the readers of unchanged segments across commits: the
counts are kept on each segment's reader.

Public Whoosh API only (``leaf_readers``, ``doc_frequency``), so it runs on
every release; :class:`Counted` answers exactly what the reader answers.
"""

from __future__ import annotations

from typing import Any

_LIMIT = 50_000


def doc_frequency(segment: Any, fieldname: str, text: str | bytes) -> int:
    """``segment.doc_frequency(fieldname, text)`` (0 for a word it lacks), kept."""
    memo: dict[tuple[str, str | bytes], int] | None = getattr(segment, "_rl_df", None)
    if memo is None or len(memo) > _LIMIT:
        memo = segment._rl_df = {}
    found = memo.get((fieldname, text))
    if found is None:
        found = memo[(fieldname, text)] = int(segment.doc_frequency(fieldname, text))
    return found


class Counted:
    """``reader``, whose ``doc_frequency`` sums the kept counts of its segments."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._segments = [segment for segment, _ in reader.leaf_readers()]

    def doc_frequency(self, fieldname: str, text: str | bytes) -> int:
        return sum(doc_frequency(s, fieldname, text) for s in self._segments)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)
