"""A full rebuild's documents added by the rebuild's own writer, one by one.

Whoosh's public API only, so both engines can use it: Whoosh's own paths
always, the fast paths for small libraries (see :mod:`.parallel`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

#: ``parts(start, count)``: the documents ``start`` to ``start + count`` (``None``: the rest).
Parts = Callable[[int, int | None], Iterator[dict[str, Any]]]
#: ``step(count)``: documents handed over so far (it may raise to stop the rebuild).
Step = Callable[[int], None]
#: Progress is reported about this often, in documents.
STEP = 500


def serial_fill(writer: Any, parts: Parts, total: int, step: Step) -> int:
    """Every document added by ``writer`` itself, in order; ``total`` is unused
    here (:func:`.parallel.parallel_fill` splits by it)."""
    count = 0
    for doc in parts(0, None):
        writer.add_document(**doc)
        count += 1
        if count % STEP == 0:
            step(count)
    return count
