"""BM25F as Whoosh computes it, with document lengths read once per segment.

Whoosh's scorer asks the segment's length column for every document it
scores, through four Python calls each; profiling single-word queries showed
a quarter of the time there. This scorer decodes a segment's lengths into a
list once (kept on the segment reader, which lives until the segment is
merged away) and indexes it. Scores are identical: same formula, same
quantised lengths. :mod:`.fastpath` reads the decoded lengths from this
scorer too.

Private internals: ``whoosh.codec.whoosh3._lenfield`` (the length column's
name) and the segment reader's ``_perdoc._cached_reader``.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F, BM25FScorer, bm25
from whoosh.util.numeric import byte_to_length

from readinglist.core.search.whoosh_ext.numbers import column_values

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


def field_lengths(reader: Any, fieldname: str) -> list[int] | None:
    """Decoded field lengths of an atomic segment reader, cached on it."""
    cache: dict[str, list[int] | None] | None = getattr(reader, "_rl_lengths", None)
    if cache is None:
        cache = {}
        reader._rl_lengths = cache
    if fieldname not in cache:
        perdoc = getattr(reader, "_perdoc", None)
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc else None
        if column is None:
            cache[fieldname] = None
        else:
            table = _LENGTH_OF_BYTE
            cache[fieldname] = [table[b] if b else 1 for b in column_values(column)]
    return cache[fieldname]


class _Scorer(BM25FScorer):  # type: ignore[misc]
    def __init__(
        self, searcher: Any, fieldname: str, text: Any, b: float, k1: float, qf: int = 1
    ) -> None:
        super().__init__(searcher, fieldname, text, b, k1, qf=qf)
        reader = searcher.reader()
        self._table = field_lengths(reader, fieldname) if reader.is_atomic() else None

    def score(self, matcher: Any) -> float:
        table = self._table
        if table is None:
            return float(super().score(matcher))
        return float(
            bm25(self.idf, matcher.weight(), table[matcher.id()], self.avgfl, self.B, self.K1)
        )


class FastBM25F(BM25F):  # type: ignore[misc]
    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return super().scorer(searcher, fieldname, text, qf=qf)
        b = self._field_B.get(fieldname, self.B)
        return _Scorer(searcher, fieldname, text, b, self.K1, qf=qf)
