"""A fix for a Whoosh matcher bug we hit, kept out of the query code.

``whoosh.matching.AndNotMatcher`` (whoosh-reloaded 2.7.5) only skips the
excluded postings at start-up when both lists start on the same document: if
the excluded list starts earlier, the first wanted document is returned even
when it is excluded ("distillation -teacher" returned a paper containing
"teacher" whenever it was the first distillation paper of its segment).
"""

from __future__ import annotations

from typing import Any

from whoosh import matching
from whoosh import query as wq


class _AndNotMatcher(matching.AndNotMatcher):  # type: ignore[misc]
    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class AndNot(wq.AndNot):  # type: ignore[misc]
    """``a ANDNOT b`` with the corrected matcher."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(scored, excluded)


def fresh_searcher(ix: Any, old: Any, weighting: Any) -> Any:
    """A searcher on the latest commit, reusing ``old``'s per-segment readers
    where the segment is unchanged.

    Replaces ``Searcher.refresh()``, which in whoosh-reloaded 2.7.5 (a) adds the
    old searcher's segments to the new list, so a rebuild or merge resurrects
    documents, and (b) reuses readers whose segment gained deletions, so
    removed or edited papers are still found. A segment here is unchanged when
    its id and its deletion count are.
    """
    from whoosh.reading import EmptyReader, MultiReader, SegmentReader
    from whoosh.searching import Searcher

    toc = ix._read_toc()
    reusable: dict[tuple[str, int], Any] = {}
    if old is not None:
        for reader, _ in old.reader().leaf_readers():
            segment = reader.segment()
            if segment is not None:
                reusable[(segment.segment_id(), segment.deleted_count())] = reader
    readers = []
    for segment in toc.segments:
        key = (segment.segment_id(), segment.deleted_count())
        reader = reusable.pop(key, None)
        if reader is None:
            reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
        readers.append(reader)
    for leftover in reusable.values():
        leftover.close()
    if not readers:
        combined: Any = EmptyReader(toc.schema)
    else:
        combined = MultiReader(readers, generation=toc.generation)
    return Searcher(combined, weighting=weighting, fromindex=ix)
