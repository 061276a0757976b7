"""What every query reads first, read before the first query.

Why: a segment's paper ids (:mod:`.pids`) and decoded field lengths
(:mod:`.whoosh_ext.scoring`) are read whole the first time a query needs them,
and kept on the segment's reader until the segment is merged away. On 100,000
papers that made the first search of a session 60-190 ms slower than the next;
the window reads them on a worker once its first rows are painted, while the
user is still looking at the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readinglist.core.search.whoosh_ext import SearchPaths


def warm_segments(searcher: Any, pid_of: Callable[[int], int], paths: SearchPaths) -> int:
    """Read each segment's ids (and, for the fast paths' scorer, its field
    lengths) through the caches queries use; the documents covered. Whoosh's
    own paths keep no lengths, and must not load the fast modules."""
    fast = paths == "fast"
    if fast:
        from readinglist.core.search.whoosh_ext.scoring import field_lengths
    scorable = list(searcher.schema.scorable_names()) if fast else []
    covered = 0
    for segment, offset in searcher.reader().leaf_readers():
        count = segment.doc_count_all()
        if not count:
            continue
        pid_of(offset)  # fills the searcher's table with the whole segment's ids
        for name in scorable:
            field_lengths(segment, name)
        covered += count
    return covered
