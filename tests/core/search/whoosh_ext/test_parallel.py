"""The rebuild as it runs now (two worker processes, each a fast writer
rolling over into several segments) against Whoosh's plain ``SegmentWriter``
filling one segment in this process, both read by the same (fast) code: the
same ids in the same order with the same scores (to 12 digits) and totals, for the query
mix and for Hypothesis-generated queries. Also: a stopped rebuild leaves the
old index answering, and a worker's error reaches the caller."""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.writing import SegmentWriter

from bench.generate import Generator, load_corpus, write_library
from readinglist.core.errors import InvalidInputError, SearchError
from readinglist.core.library import Library
from readinglist.core.paths import LibraryPaths
from readinglist.core.search.analysis import WORD
from readinglist.core.search.index import SearchIndex
from readinglist.core.search.whoosh_ext import parallel, select, worker
from readinglist.core.search.whoosh_ext.serial import serial_fill
from tests.conftest import TODAY
from tests.core.search.whoosh_ext.test_same_results import MIX

PAPERS = 1_500
PAGE = 25
STARTED: list[int] = []


def _plain(paths: LibraryPaths, db: Any) -> SearchIndex:
    """Fast readers over an index written by Whoosh's own writer, in this process."""
    engine = dataclasses.replace(
        select("fast"),
        writer=lambda ix, roll=False, **kw: SegmentWriter(ix, **kw),
        fill=serial_fill,
    )
    return SearchIndex(paths.index, engine=engine)


def _rolling(paths: LibraryPaths, db: Any) -> SearchIndex:
    """The fast paths, with a memory budget small enough that each worker rolls over."""
    return SearchIndex(paths.index, limitmb=4)


def _index(library: Library) -> SearchIndex:
    assert isinstance(library.index, SearchIndex)
    return library.index


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, Library, Any]]:
    """The same generated library twice: ``plain`` and ``fast`` (see the module's
    docstring), and words of its titles to make queries of."""
    root = tmp_path_factory.mktemp("parallel")
    papers = Generator(load_corpus()).papers(PAPERS)
    write_library(root / "plain", papers)
    write_library(root / "parallel", papers)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "PARALLEL_FROM", 100)
        start = parallel._start

        def counted(*args: Any) -> Any:
            STARTED.append(1)
            return start(*args)

        patch.setattr(parallel, "_start", counted)
        with (
            Library.open(root / "plain", index_factory=_plain, today=lambda: TODAY) as plain,
            Library.open(root / "parallel", index_factory=_rolling, today=lambda: TODAY) as fast,
        ):
            words = sorted({w.lower() for p in papers[:200] for w in WORD.findall(p.title)})
            yield plain, fast, words


def answers(library: Library, query: str) -> dict[str, Any]:
    """What a user sees of ``query``: two pages (ids in order, scores), totals,
    notes, and every match. Scores are compared to 12 digits: a word standing
    for several (a prefix, a ``~`` word) sums their scores per segment in the
    order that segment holds them, so a last binary digit can differ between
    one segment and several; the postings themselves are the same
    (``test_postings.py``)."""
    pages = [library.search(query, limit=PAGE, offset=o) for o in (0, PAGE)]
    return {
        "ids": [h.paper_id for p in pages for h in p.hits],
        "scores": [h.score for p in pages for h in p.hits],
        "totals": [p.total for p in pages],
        "messages": [p.message for p in pages],
        "all": _all(library, query),
    }


def assert_same(query: str, fast: Library, plain: Library) -> None:
    expected, found = answers(plain, query), answers(fast, query)
    assert found.pop("scores") == pytest.approx(expected.pop("scores"), rel=1e-12), query
    assert found == expected, query


def _all(library: Library, query: str) -> list[int] | str:
    try:
        return library.search_ids(query)
    except InvalidInputError as exc:
        return str(exc)


def test_the_rebuild_ran_in_workers_and_rolled_over(built: tuple[Library, Library, Any]) -> None:
    plain, fast, _ = built
    assert len(STARTED) == 2
    assert len(_index(plain)._searcher_now().reader().leaf_readers()) == 1
    assert len(_index(fast)._searcher_now().reader().leaf_readers()) > 2
    assert _index(fast).doc_count() == _index(plain).doc_count() > PAPERS * 0.9


def test_document_numbers_and_columns_are_the_plain_writers(
    built: tuple[Library, Library, Any],
) -> None:
    plain, fast = (_index(lib)._searcher_now().reader() for lib in built[:2])
    for column in ("pid", "h"):
        assert list(fast.column_reader(column)) == list(plain.column_reader(column))
    for field in ("text", "title", "authors"):
        assert fast.field_length(field) == plain.field_length(field)
        for docnum in range(0, PAPERS, 37):
            assert fast.doc_field_length(docnum, field) == plain.doc_field_length(docnum, field)


def test_the_query_mix_answers_the_same(built: tuple[Library, Library, Any]) -> None:
    plain, fast, _ = built
    for query in MIX:
        assert_same(query, fast, plain)


def _queries(words: list[str]) -> st.SearchStrategy[str]:
    word = st.sampled_from(words)
    atom = st.one_of(
        word,
        st.builds(lambda a, b: f'"{a} {b}"', word, word),
        word.map(lambda w: f"{w[:4]}*"),
        word.map(lambda w: f"{w}~"),
        st.builds(lambda f, w: f"{f}:{w}", st.sampled_from(["title", "abstract", "author"]), word),
        word.map(lambda w: f"-{w}"),
    )
    return st.recursive(
        atom,
        lambda inner: st.one_of(
            st.builds(lambda a, b: f"{a} {b}", inner, inner),
            st.builds(lambda a, b: f"({a} OR {b})", inner, inner),
        ),
        max_leaves=4,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_queries_answer_the_same(
    built: tuple[Library, Library, Any], data: st.DataObject
) -> None:
    plain, fast, words = built
    query = data.draw(_queries(words))
    assert_same(query, fast, plain)


def test_a_stopped_rebuild_leaves_the_old_index_answering(
    built: tuple[Library, Library, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = built[1]
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    expected = answers(fast, "language models")

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        if done:
            raise Stop

    with pytest.raises(Stop):
        fast.reindex(stop)
    assert answers(fast, "language models") == expected
    assert (
        fast.reindex() == _index(fast).doc_count()
    )  # and the next rebuild clears what the stopped one left
    assert answers(fast, "language models") == expected
    assert len(list(fast.paths.index.glob("*.seg"))) == len(
        _index(fast)._searcher_now().reader().leaf_readers()
    )


def test_a_workers_error_reaches_the_rebuild(tmp_path: Path) -> None:
    source = io.BytesIO()
    for message in ((str(tmp_path), "MAIN", None, 4), None):
        pickle.dump(message, source)
    source.seek(0)
    answer = io.BytesIO()
    worker.run(source, answer)
    answer.seek(0)
    kind, error = pickle.load(answer)
    assert kind == "error" and isinstance(error, Exception)


def test_a_worker_that_dies_is_a_clear_rebuild_error(
    built: tuple[Library, Library, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = built[1]
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    monkeypatch.setattr(parallel, "WORKER", "readinglist.no_such_module")
    expected = answers(fast, "diffusion")
    with pytest.raises(SearchError, match="worker"):
        fast.reindex()
    assert answers(fast, "diffusion") == expected
