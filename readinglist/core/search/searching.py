"""Answering queries with an open Whoosh searcher (the caller holds its lock).

Every match of a query is scored, in a walk over Whoosh's matchers, unless
the query is broad enough for the capped ranking (:mod:`.capped`): so the
total is exact, and a page of results is exactly that stretch of the full
ranking, whatever the page size. Whoosh's own top-N collector is not used:
it replaces matchers mid-walk to skip documents that cannot reach the page,
and the ``AndMaybe`` matcher an ``OR`` inside an ``AND`` becomes that way
leaves its optional word behind the current document, so that document
loses the word's score ("(video OR image) generation" dropped the paper
ranked 6th out of a page of 25, found with a page of 100); it also counts
deleted versions of edited papers in its estimated totals. Only the page's
ids come from a numeric column, and their titles and abstracts from SQLite
for highlighting. Equal scores are ordered newest first.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from readinglist.core.db import Database
from readinglist.core.search import source
from readinglist.core.search.bounds import QueryTooLarge
from readinglist.core.search.capped import capped_search, walk
from readinglist.core.search.compile import Compiled, HighlightTerm
from readinglist.core.search.highlight import FIELDS, Highlights, matched_fields
from readinglist.core.search.patterns import (
    WHOOSH_LEXICON,
    Expansions,
    Lexicon,
    expand_patterns,
)
from readinglist.core.search.results import SearchHit, SearchResults
from readinglist.core.search.schema import ALL
from readinglist.core.search.whoosh_ext.plan import Collector

#: How many index terms a prefix or fuzzy word may expand to for highlighting.
MAX_EXPANSION = 200
SIMILAR_TERMS = 20

#: BM25F's parameters: the weighting model itself comes from the index's engine.
BM25F_PARAMETERS: dict[str, float] = {"B": 0.75, "K1": 1.2, "title_B": 0.5}


def run_search(
    searcher: Searcher,
    pid_of: Callable[[int], int],
    db: Database,
    compiled: Compiled,
    limit: int,
    offset: int,
    collector: Collector | None,
    lexicon: Lexicon = WHOOSH_LEXICON,
) -> SearchResults:
    """Search the index for ``compiled`` (text part not empty); ``collector``
    (see :mod:`.capped`) and ``lexicon`` (see :mod:`.patterns`) are the engine's."""
    assert compiled.query is not None
    expansions: Expansions = {}
    try:
        query = expand_patterns(compiled.query, searcher.reader(), expansions, lexicon)
    except QueryTooLarge as exc:
        return SearchResults([], 0, str(exc))
    ids: frozenset[int] | None = None
    if compiled.where:
        ids = allowed(db, compiled.where, compiled.params)
        if not ids:
            return SearchResults([], 0, compiled.message)
    wanted = offset + limit
    capped = capped_search(searcher, query, pid_of, ids, wanted, collector=collector)
    if capped is not None:
        scored = [(score, pid_of(docnum)) for score, docnum in capped.scored]
        total, exact = capped.total, capped.exact
    else:
        found = walk(searcher, query, 0, searcher.doc_count_all(), ids, pid_of, True)
        scored = [(score, pid_of(docnum)) for docnum, score in found]
        total, exact = len(scored), True
    matched = expand(searcher, compiled.highlights, expansions, lexicon)
    page = ranked_page(db, scored, offset, wanted)
    return SearchResults(hits(db, page, matched), total, compiled.message, exact)


def all_matches(
    searcher: Searcher,
    pid_of: Callable[[int], int],
    db: Database,
    compiled: Compiled,
    lexicon: Lexicon = WHOOSH_LEXICON,
) -> list[int]:
    """Every paper matching ``compiled`` (text part not empty), unscored."""
    assert compiled.query is not None
    # QueryTooLarge: the caller's
    query = expand_patterns(compiled.query, searcher.reader(), lexicon=lexicon)
    ids = allowed(db, compiled.where, compiled.params) if compiled.where else None
    results = searcher.search(query, limit=None, scored=False)
    found = (pid_of(d) for d in results.docs())
    return [p for p in found if ids is None or p in ids]


class _Allowed:
    """The paper ids passing a query's filters, cached per filter until the
    database file changes (its size and modification time, main file and
    WAL: every commit, from any process, changes one of them). Broad filters
    such as ``is:unread`` select most of a large library: 50-100 ms to read."""

    def __init__(self) -> None:
        self._stamp: tuple[int, ...] | None = None
        self._sets: dict[tuple[object, ...], frozenset[int]] = {}
        self._lock = threading.Lock()

    def __call__(self, db: Database, where: list[str], params: list[object]) -> frozenset[int]:
        stamp = _file_stamp(db.path)
        key = (db.path, *where, "|", *params)
        with self._lock:
            if stamp != self._stamp:
                self._sets.clear()
                self._stamp = stamp
            found = self._sets.get(key)
        if found is None:
            with db.read() as conn:
                found = frozenset(source.filtered_ids(conn, where, params))
            with self._lock:
                if len(self._sets) > _ALLOWED_LIMIT:
                    self._sets.clear()
                if stamp == self._stamp:
                    self._sets[key] = found
        return found

    def clear(self) -> None:
        with self._lock:
            self._sets.clear()
            self._stamp = None


def _file_stamp(path: Path) -> tuple[int, ...]:
    out: list[int] = []
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            st = p.stat()
        except OSError:
            out += [-1, -1]
        else:
            out += [st.st_mtime_ns, st.st_size]
    return tuple(out)


_ALLOWED_LIMIT = 32
#: Shared by every index in the process (keyed by database path).
allowed = _Allowed()


def filter_only(db: Database, compiled: Compiled, limit: int, offset: int) -> SearchResults:
    """Only filters were typed: answered by SQLite alone, newest first."""
    with db.read() as conn:
        ids, total = source.filtered_page(conn, compiled.where, compiled.params, limit, offset)
    return SearchResults(hits(db, [(0.0, i) for i in ids], Highlights()), total, compiled.message)


def ranked_page(
    db: Database, scored: list[tuple[float, int]], offset: int, wanted: int
) -> list[tuple[float, int]]:
    """Hits ``offset`` to ``wanted`` of the ranking of ``scored`` (score, paper id):
    highest score first, then the newest paper, then the highest id.

    Only the papers scoring at least the ``wanted``-th best score are ordered
    (their dates read from SQLite), all of those tied with it included, so a
    page is the same stretch of the ranking whatever ``wanted`` is."""
    if not scored or wanted <= 0:
        return []
    rounded = [(round(score, 6), score, pid) for score, pid in scored]
    if len(rounded) > wanted:
        floor = heapq.nlargest(wanted, (r[0] for r in rounded))[-1]
        rounded = [r for r in rounded if r[0] >= floor]
    with db.read() as conn:
        recency = source.recency(conn, [pid for _, _, pid in rounded])
    rounded.sort(key=lambda r: (r[0], recency.get(r[2], ""), r[2]), reverse=True)
    return [(score, pid) for _, score, pid in rounded[offset:wanted]]


def hits(db: Database, page: list[tuple[float, int]], matched: Highlights) -> list[SearchHit]:
    """The page's hits: highlighted title and abstract passage, the fields the
    query matched in, and the best passage of the first of them after the title."""
    with db.read() as conn:
        texts = source.hit_texts(conn, [pid for _, pid in page])
    out = []
    for score, pid in page:
        if pid not in texts:
            continue  # removed between the index answer and now
        parts = dict(zip(FIELDS, texts[pid], strict=True))
        fields = matched_fields(matched, parts.items())
        snippet_field = next((f for f in fields if f != "title"), None)
        abstract = matched.fragment("abstract", parts["abstract"])
        out.append(
            SearchHit(
                pid,
                float(score),
                matched.mark("title", parts["title"]),
                abstract,
                fields=fields,
                snippet_field=snippet_field,
                snippet_html=(
                    abstract  # the same passage: not chosen twice
                    if snippet_field == "abstract"
                    else matched.fragment(snippet_field, parts[snippet_field])
                    if snippet_field == "note"
                    else matched.mark(snippet_field, parts[snippet_field])
                    if snippet_field
                    else ""
                ),
            )
        )
    return out


def expand(
    searcher: Searcher,
    wanted: Iterable[HighlightTerm],
    known: Expansions | None = None,
    lexicon: Lexicon = WHOOSH_LEXICON,
) -> Highlights:
    """The index terms and phrases the positive words of a query stand for, by
    field (``known``: the search's own expansions, reused; ``lexicon``: the
    engine's)."""
    reader = searcher.reader()
    terms: dict[str | None, set[str]] = {}
    phrases: dict[str | None, list[tuple[str, ...]]] = {}
    for item in wanted:
        if item.kind == "phrase":
            phrases.setdefault(item.field, []).append(tuple(item.text.split()))
            continue
        out = terms.setdefault(item.field, set())
        if item.kind == "term":
            out.add(item.text)
            continue
        key = (item.kind, ALL, item.text) + ((item.distance,) if item.kind == "fuzzy" else ())
        if known is not None and key in known:
            out.update(known[key][:MAX_EXPANSION])
            continue
        if item.kind == "prefix":
            found: Iterable[Any] = lexicon.expand_prefix(reader, ALL, item.text)
        else:
            found = lexicon.terms_within(reader, ALL, item.text, item.distance, 1)
        for n, t in enumerate(found):
            if n >= MAX_EXPANSION:
                break
            out.add(t.decode("utf-8") if isinstance(t, bytes) else t)
    return Highlights(
        {k: frozenset(v) for k, v in terms.items()}, {k: tuple(v) for k, v in phrases.items()}
    )


def more_like(
    searcher: Searcher, pid_of: Callable[[int], int], docnum: int | None, text: str, limit: int
) -> list[tuple[float, int, set[str]]]:
    """Papers sharing the key terms of ``text`` (title and abstract), best first."""
    keys = searcher.key_terms_from_text(ALL, text, numterms=SIMILAR_TERMS, normalize=True)
    if not keys:
        return []
    clauses = [wq.Term(ALL, word, boost=float(weight)) for word, weight in keys]
    mask = {docnum} if docnum is not None else None
    results = searcher.search(wq.Or(clauses), limit=limit, mask=mask)
    terms = {w for w, _ in keys}
    return [(score, pid_of(d), terms) for score, d in results.top_n]
