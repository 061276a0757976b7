"""Reading ahead what queries read first: everything, the same answers, and
never a rebuild or an error of its own."""

from __future__ import annotations

from datetime import date

import pytest
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

from readinglist.core.factory import open_library
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.search import index as index_module
from readinglist.core.search.index import SearchIndex
from tests.core.search.conftest import add_papers
from tests.core.search.test_index import answers


def _several_segments(library: Library) -> None:
    """A few commits, so the index holds more than one segment."""
    for n in range(3):
        add_papers(
            library,
            IncomingPaper(
                title=f"Wombat burrow survey {n}",
                abstract="Burrows of wombats stay cool in summer.",
                authors=("Ada Wombat",),
                published=date(2024, 1, 2 + n),
            ),
        )


def test_every_segment_is_read_ahead_as_whoosh_reads_it(loaded: Library) -> None:
    _several_segments(loaded)
    index = loaded.index
    assert isinstance(index, SearchIndex)
    covered = loaded.warm_search()
    searcher = index._searcher_now()
    assert covered == searcher.doc_count_all() > 0
    segments = list(searcher.reader().leaf_readers())
    assert len(segments) > 1
    pid_of = index._pid_of()
    for segment, offset in segments:
        pids = list(segment.column_reader("pid"))
        assert segment._rl_pids == pids
        assert [pid_of(offset + d) for d in range(len(pids))] == pids
        for name in searcher.schema.scorable_names():
            column = segment._perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
            if column is not None:
                assert len(segment._rl_lengths[name]) == segment.doc_count_all()


def test_the_answers_are_the_same_warm_or_cold(loaded: Library) -> None:
    _several_segments(loaded)
    cold = answers(loaded)
    root = loaded.paths.root
    loaded.close()
    with open_library(root) as reopened:
        assert reopened.warm_search() > 0
        assert answers(reopened) == cold


def test_nothing_is_read_while_a_rebuild_is_pending(loaded: Library) -> None:
    root = loaded.paths.root
    loaded.close()
    for path in (root / "index").iterdir():
        path.unlink()
    with open_library(root, rebuild_index="later") as deferred:
        assert deferred.index_needs_rebuild()
        assert deferred.warm_search() == 0
        assert deferred.index_needs_rebuild()  # it did not rebuild on its own


def test_without_an_index_there_is_nothing_to_read(loaded: Library) -> None:
    root = loaded.paths.root
    loaded.close()
    with open_library(root, search_index=False) as bare:
        assert bare.warm_search() == 0


def test_a_damaged_index_is_left_for_the_next_query(
    loaded: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = answers(loaded)

    def damaged(*_args: object) -> int:
        raise EOFError("a truncated segment")

    monkeypatch.setattr(index_module, "warm_segments", damaged)
    assert loaded.warm_search() == 0
    assert loaded.warnings == []  # nothing said: the query that meets it will
    monkeypatch.undo()
    assert answers(loaded) == expected
