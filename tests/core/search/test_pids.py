"""Each document's paper id and each word's count, read once per segment,
follow the index as it changes."""

from __future__ import annotations

from datetime import date

from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.search.frequencies import Counted
from readinglist.core.search.index import SearchIndex
from readinglist.core.search.pids import pid_lookup
from readinglist.core.search.schema import ALL
from tests.core.search.conftest import add_papers


def _check(index: SearchIndex) -> list[int]:
    searcher = index._searcher_now()
    column = searcher.reader().column_reader("pid")
    expected = [column[d] for d in range(searcher.doc_count_all())]
    backwards = pid_lookup(searcher.reader())  # the recent segments first, as searches ask
    assert [backwards(d) for d in reversed(range(len(expected)))] == expected[::-1]
    pid_of = index._pid_of()
    assert [pid_of(d) for d in range(len(expected))] == expected
    return expected


def test_the_table_is_whoosh_column_after_every_change(loaded: Library) -> None:
    index = loaded.index
    assert isinstance(index, SearchIndex)
    before = _check(index)
    (new,) = add_papers(
        loaded,
        IncomingPaper(
            title="Wombat burrows as thermal refuges",
            abstract="Wombat burrows stay cool.",
            published=date(2024, 1, 2),
        ),
    )
    after = _check(index)
    assert new in after and new not in before
    assert [h.paper_id for h in loaded.search("wombat").hits] == [new]
    loaded.set_note(new, "wombat notes")  # the paper indexed again, in a new segment
    _check(index)
    assert [h.paper_id for h in loaded.search("wombat").hits] == [new]
    loaded.remove([new])
    _check(index)
    assert loaded.search("wombat").total == 0
    loaded.reindex()
    assert sorted(_check(index)) == sorted(loaded.paper_ids())


def test_kept_word_counts_are_whoosh_counts_after_every_change(loaded: Library) -> None:
    index = loaded.index
    assert isinstance(index, SearchIndex)
    words = ["model", "wombat", "distil", "languag", "zzzz"]

    def check() -> None:
        reader = index._searcher_now().reader()
        counted = Counted(reader)
        for word in words:
            for text in (word, word.encode()):
                assert counted.doc_frequency(ALL, text) == reader.doc_frequency(ALL, text)
        assert counted.doc_count() == reader.doc_count()

    check()
    (new,) = add_papers(
        loaded,
        IncomingPaper(title="Wombat models", abstract="A wombat.", published=date(2024, 1, 2)),
    )
    check()
    loaded.remove([new])
    check()
