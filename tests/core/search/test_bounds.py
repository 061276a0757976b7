"""Hostile queries: every one answers, or is refused with a note; never a crash,
never the results of a shortened query (core/search/bounds.py).

Each runs on a real library through both Whoosh code paths (the fast ones
and Whoosh's own, which an unverified release gets), and Hypothesis builds
more from the query language's own pieces, so that the next query of the
same kind is found by the suite.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.errors import InvalidInputError
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.search.bounds import MAX_DEPTH, MAX_EXPANSION, MAX_TYPOS, MAX_WORDS
from readinglist.core.search.compile import compile_query
from readinglist.core.search.index import SearchIndex
from readinglist.core.search.whoosh_ext import SearchPaths
from readinglist.resources import sample_digests
from tests.conftest import TODAY

PATHS: tuple[SearchPaths, ...] = ("fast", "whoosh")


@pytest.fixture(scope="module", params=PATHS)
def samples(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Library]:
    """The five sample digests (230 papers), searched through one code path."""
    root = tmp_path_factory.mktemp(f"samples-{request.param}")
    with open_library(root, today=lambda: TODAY, search_paths=request.param) as library:
        for item in sample_digests():
            library.import_bytes(item.read_bytes(), item.name)
        yield library


def _ids(library: Library, query: str) -> set[int]:
    return {h.paper_id for h in library.search(query, limit=1000).hits}


def _refused(library: Library, query: str, words: str) -> None:
    """No hits, no total, one note saying which bound; search_ids refuses too."""
    found = library.search(query)
    assert found.hits == [] and found.total == 0 and found.exact
    assert found.message is not None and words in found.message
    assert "Nothing was searched" in found.message and found.message.endswith(".")
    with pytest.raises(InvalidInputError, match="Nothing was searched"):
        library.search_ids(query)


# documented syntax that crashed ---------------------------------------------------------


def test_a_word_and_an_abstract_word(samples: Library) -> None:
    both = samples.search("knowledge abstract:model", limit=1000)
    expected = _ids(samples, "knowledge") & _ids(samples, "abstract:model")
    assert expected and {h.paper_id for h in both.hits} == expected
    assert both.total == len(expected)


def test_a_title_word_and_an_abstract_phrase(samples: Library) -> None:
    both = samples.search('title:diffusion abstract:"language models"', limit=1000)
    expected = _ids(samples, "title:diffusion") & _ids(samples, 'abstract:"language models"')
    assert {h.paper_id for h in both.hits} == expected and both.total == len(expected)
    assert samples.search_ids('model abstract:"language models" -title:survey')


# depth: brackets, fields and negations --------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 200, 990])
def test_deep_brackets_are_refused(samples: Library, depth: int) -> None:
    _refused(samples, "(" * depth + "model" + ")" * depth, "brackets")
    _refused(samples, "(" * depth + "model", "brackets")  # unclosed too


def test_brackets_up_to_the_bound_are_plain_grouping(samples: Library) -> None:
    nested = "(" * MAX_DEPTH + "video OR image" + ")" * MAX_DEPTH + " generation"
    assert _ids(samples, nested) == _ids(samples, "(video OR image) generation")
    assert samples.search(nested).message is None


@pytest.mark.parametrize("count", [2, 3, 499, 500, 1_980])
def test_long_runs_of_negations_keep_their_parity(samples: Library, count: int) -> None:
    query = "-" * count + "model"
    expected = _ids(samples, "-model" if count % 2 else "model")
    assert expected and _ids(samples, query) == expected
    spelled = " ".join(["NOT"] * min(count, 490 + count % 2)) + " model"
    assert _ids(samples, spelled) == expected
    assert _ids(samples, "title:" + "-" * count + "model") == _ids(
        samples, "-title:model" if count % 2 else "title:model"
    )


def test_chains_of_negated_fields_are_refused_past_the_bound(samples: Library) -> None:
    _refused(samples, "title:-" * 280 + "model", "brackets (or fields)")


# words, typos, expansions, length --------------------------------------------------------


def test_too_many_words_are_refused_not_cut(samples: Library) -> None:
    words = ["model", "language", "learning", "data", "training", "image", "video", "task"]
    allowed = " ".join((words * 4)[:MAX_WORDS])
    assert samples.search(allowed).message is None
    _refused(samples, " ".join(words * 25), "200 words")
    _refused(samples, '"' + " ".join(words * 5) + '"', "40 words")
    _refused(samples, " OR ".join(words * 15), "120 words")


def test_too_many_typo_words_are_refused(samples: Library) -> None:
    fuzzy = ["knowlege~", "modle~", "difusion~", "lerning~", "reasning~"]
    assert samples.search(" ".join(fuzzy[:MAX_TYPOS])).message is None
    _refused(samples, " OR ".join(fuzzy), "with ~")


def test_prefixes_standing_for_too_many_words_are_refused(samples: Library) -> None:
    """In the samples "co*" stands for 163 words, "de*" 72, "di*" 64, "ex*" 53."""
    _refused(samples, "co*", f"more than {MAX_EXPANSION} different words")
    _refused(samples, "model (de* di*)", "'di*'")
    assert samples.search("de* OR ex*").message is None  # 72 + 53 words
    assert samples.search("de* OR title:de* OR de*").message is None
    assert samples.search("distil* OR multimod*").message is None
    letters = "abcdefghijklmnopqrstuvw"
    two_thousand = " OR ".join(f"{a}{b}*" for a in letters for b in "aeiou")[:2000]
    _refused(samples, two_thousand, "115 words")


def test_a_very_long_query_is_refused(samples: Library) -> None:
    _refused(samples, "a " * 5_000, "characters long")


@pytest.mark.parametrize(
    "query", ["distil*", "knowlege~", "abstract:distil*", "title:gen* -video", "modle~2 OR distil*"]
)
def test_a_prefix_or_typo_word_finds_what_whoosh_expands(samples: Library, query: str) -> None:
    """Expanded once per search (patterns.py), prefixes and ~ words find the
    papers Whoosh's own Prefix and FuzzyTerm find, with the same scores."""
    index = samples.index
    assert isinstance(index, SearchIndex)
    searcher, pid_of = index._searcher_now(), index._pid_of()
    own = {
        pid_of(d): score
        for score, d in searcher.search(compile_query(query).query, limit=None).top_n
    }
    found = samples.search(query, limit=1000)
    assert own and {h.paper_id: h.score for h in found.hits} == pytest.approx(own)
    assert set(samples.search_ids(query)) == set(own)


# the suite finds the next one ------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "model", "language", "distillation", "video", "image", "generation", "survey",
        "distil*", "gen*", "knowlege~", "modle~2", '"language models"', '"knowledge',
        "title:", "abstract:", "author:", "tag:", "note:", "is:read", "-is:starred",
        "year:2021..2023", "digest:2026-03-13", "(", ")", "((", "))", "OR", "AND", "NOT",
        "-", "--", "*", "~", ":", '"', "x", "the", "\u00fc", "\x00",
    ]
)  # fmt: skip


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(_PIECES, max_size=40).map(" ".join) | st.lists(_PIECES, max_size=300).map("".join))
def test_any_query_answers_exactly_or_is_refused(samples: Library, query: str) -> None:
    """Whatever is typed: a note ending in a full stop, an exact total equal to
    what the index holds, and a short page that is the top of a long one."""
    found = samples.search(query, limit=300)
    if found.message:
        assert found.message.endswith(".")
    assert found.exact  # 230 papers: never the capped ranking
    if found.message and "Nothing was searched" in found.message:
        assert found.total == 0 and not found.hits
        return
    assert found.total == len(found.hits) == len(samples.search_ids(query))
    page = samples.search(query, limit=7, offset=3)
    assert [h.paper_id for h in page.hits] == [h.paper_id for h in found.hits[3:10]]
