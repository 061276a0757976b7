"""Totals are what the database holds, and a page is the top of the full
ranking, whichever Whoosh code path answers (core/search/searching.py).

Whoosh's top-N collector counted the deleted versions of an edited paper
("1 of 3 matching papers" after three edits of a note) and, replacing its
matchers mid-walk, dropped the 6th-best paper of ``(video OR image)
generation`` from a page of 25. Both paths run here on real indexes: the
fast paths, and Whoosh's own as an unverified release gets them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.generate import Generator, load_corpus, write_library
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.search.whoosh_ext import SearchPaths
from tests.conftest import TODAY

PATHS: tuple[SearchPaths, ...] = ("fast", "whoosh")


@pytest.mark.parametrize("paths", PATHS)
def test_edited_notes_count_once(
    tmp_path: Path, sample_paths: list[Path], paths: SearchPaths
) -> None:
    with open_library(tmp_path / "lib", today=lambda: TODAY, search_paths=paths) as library:
        library.import_file(sample_paths[0])
        for version in range(1, 4):
            library.set_note(1, f"zyzzyva, version {version}")
            for limit in (1, 20):
                found = library.search("zyzzyva", limit=limit)
                assert (found.total, found.exact, len(found.hits)) == (1, True, 1)
        library.set_note(2, "zyzzyva too")
        for query in ("zyzzyva", "zyzzyva OR qqqq", "zyzzy*", "zyzzyvx~", "note:zyzzyva"):
            found = library.search(query, limit=1)
            assert (found.total, found.exact, len(found.hits)) == (2, True, 1), query
        assert library.search("zyzzyva user", limit=1).total == 1
        library.remove([1])
        assert library.search("zyzzyva", limit=1).total == 1


@pytest.mark.parametrize("paths", PATHS)
def test_an_empty_library_searches_to_nothing(tmp_path: Path, paths: SearchPaths) -> None:
    with open_library(tmp_path / "lib", today=lambda: TODAY, search_paths=paths) as library:
        for query in ("model", "distil*", "knowlege~", '"a phrase"', "model is:unread", "-model"):
            found = library.search(query)
            assert (found.hits, found.total) == ([], 0), query
            assert library.search_ids(query) == []
        assert library.match_terms("knowlege~ distil*") == ["distil"]  # the stem alone


GENERATED = 2_500


@pytest.fixture(scope="module", params=PATHS)
def one_segment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Library]:
    """2,500 generated papers in an index of one segment (built in one rebuild)."""
    root = tmp_path_factory.mktemp(f"generated-{request.param}")
    write_library(root, Generator(load_corpus()).papers(GENERATED))
    with open_library(
        root, today=lambda: TODAY, backup=False, search_paths=request.param
    ) as library:
        index = library.index
        assert index is not None and len(index._searcher_now().reader().leaf_readers()) == 1  # type: ignore[attr-defined]
        yield library


QUERIES = [
    "(video OR image) generation",
    "video OR image",
    "(language OR vision) model -survey",
    "distil* OR diffusion",
    "reasoning knowlege~",
    "title:model OR abstract:agent",
]


@pytest.mark.parametrize("query", QUERIES)
def test_a_page_is_the_top_of_the_full_ranking(one_segment: Library, query: str) -> None:
    full = one_segment.search(query, limit=GENERATED)
    ranking = [h.paper_id for h in full.hits]
    assert len(ranking) > 100
    if full.exact:  # else the capped ranking answered: its total is an estimate
        assert full.total == len(ranking) == len(one_segment.search_ids(query))
    else:
        assert full.total >= len(ranking) and query not in QUERIES[:2]
    for limit in (1, 6, 25, 100):
        page = one_segment.search(query, limit=limit)
        assert [h.paper_id for h in page.hits] == ranking[:limit], limit
        assert (page.total, page.exact) == (full.total, full.exact)
    pages = [one_segment.search(query, limit=7, offset=o).hits for o in range(0, 70, 7)]
    assert [h.paper_id for p in pages for h in p] == ranking[:70]
