"""Which code reads and writes an index: ours (fast) or Whoosh's own.

The fast modules of this package use private internals of one Whoosh
release, the one they were written against and verified on
(:data:`VERIFIED_RELEASE`). :func:`select` hands an index the fast paths only
when that release is installed; with any other release, or when asked for
``"whoosh"``, it hands Whoosh's own public code paths instead, which give the
same results more slowly (the tests compare the two). The fast modules are
imported only once chosen, so a release that renamed what they use cannot
break the import of the app.

Nothing here changes Whoosh for anyone else in the process: each index gets
its own storage, writer, scorer and searcher from its :class:`Engine`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import whoosh
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from readinglist.core.search.patterns import WHOOSH_LEXICON, Lexicon
from readinglist.core.search.whoosh_ext.plan import Collector
from readinglist.core.search.whoosh_ext.serial import Parts, Step, serial_fill

#: The whoosh-reloaded release the fast paths were written against and verified on.
VERIFIED_RELEASE = "2.7.5"
#: ``"fast"``: our paths when the installed release is the verified one;
#: ``"whoosh"``: Whoosh's own paths whatever the release (for comparisons).
SearchPaths = Literal["fast", "whoosh"]


@dataclass(frozen=True)
class Engine:
    """The Whoosh code paths one index uses."""

    #: ``"fast"`` or ``"whoosh"``: what this engine actually runs.
    paths: SearchPaths
    #: The installed Whoosh release, as ``whoosh.versionstring()`` gives it.
    release: str
    #: Why the fast paths were not used although asked for; shown to the user.
    warning: str | None
    #: ``storage(folder)``: the index's Whoosh storage.
    storage: Callable[[str], Any]
    #: ``bm25f(B=..., K1=..., field_B=...)``: the weighting model.
    bm25f: Callable[..., Any]
    #: ``writer(ix, roll=..., timeout=..., delay=..., limitmb=...)``: a segment writer.
    writer: Callable[..., SegmentWriter]
    #: ``searcher(ix, old, weighting)``: a searcher on the latest commit (``old`` is done with).
    searcher: Callable[[Any, Searcher | None, Any], Searcher]
    #: Reads plain-word windows for the capped ranking; ``None``: Whoosh's matchers do.
    collector: Collector | None
    #: What prefixes and ``~`` words stand for in the index.
    lexicon: Lexicon
    #: ``fill(writer, parts, total, step)``: a full rebuild's documents into ``writer``
    #: (``parts(start, count)`` yields them, ``step(done)`` reports); returns how many.
    fill: Callable[[Any, Parts, int, Step], int] = serial_fill


def installed_release() -> str:
    """The installed Whoosh's version string (``"2.7.5"``)."""
    return str(whoosh.versionstring())


def select(paths: SearchPaths = "fast", *, release: str | None = None) -> Engine:
    """The engine for an index: the fast paths when asked for and ``release``
    (default: the installed one) is :data:`VERIFIED_RELEASE`, else Whoosh's own
    (with a warning when the fast paths were asked for)."""
    release = installed_release() if release is None else release
    if paths == "whoosh":
        return whoosh_own(release, warning=None)
    if release != VERIFIED_RELEASE:
        return whoosh_own(
            release,
            warning=(
                f"Search is slower than usual, with the same results: Whoosh {release} is "
                "installed, and readinglist's fast search needs whoosh-reloaded "
                f"{VERIFIED_RELEASE}."
            ),
        )
    return _fast(release)


def whoosh_own(release: str, *, warning: str | None) -> Engine:
    """Whoosh's own public code paths (the AndNot fix of :mod:`.andnot` still applies)."""
    return Engine(
        paths="whoosh",
        release=release,
        warning=warning,
        storage=FileStorage,
        bm25f=BM25F,
        writer=_whoosh_writer,
        searcher=_whoosh_searcher,
        collector=None,
        lexicon=WHOOSH_LEXICON,
    )


def _fast(release: str) -> Engine:
    from readinglist.core.search.whoosh_ext import (
        fastpath,
        lexicon,
        mapped,
        parallel,
        refresh,
        scoring,
        writer,
    )

    return Engine(
        paths="fast",
        release=release,
        warning=None,
        storage=mapped.MappedStorage,
        bm25f=scoring.FastBM25F,
        writer=writer.FastWriter,
        searcher=refresh.fresh_searcher,
        collector=fastpath.BlockCollector(),
        lexicon=lexicon.FastLexicon(),
        fill=parallel.parallel_fill,
    )


def _whoosh_writer(ix: Any, *, roll: bool = False, **kwargs: Any) -> SegmentWriter:
    """Whoosh's writer; a large rebuild spills sorted runs and merges them (no ``roll``)."""
    return SegmentWriter(ix, **kwargs)


def _whoosh_searcher(ix: Any, old: Searcher | None, weighting: Any) -> Searcher:
    """``Index.searcher()``: every segment opened again (``Searcher.refresh()``
    is not used: see :mod:`.refresh`)."""
    fresh: Searcher = ix.searcher(weighting=weighting)
    if old is not None:
        old.close()
    return fresh
