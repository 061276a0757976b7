"""The fast expansions of ``~`` words and prefixes give exactly the words
Whoosh's own ``terms_within`` and ``expand_prefix`` give, in the same order,
and follow the index as it changes."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.reading import MultiReader
from whoosh.support.levenshtein import damerau_levenshtein

from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.search.index import SearchIndex
from readinglist.core.search.schema import ALL
from readinglist.core.search.whoosh_ext import lexicon
from tests.core.search.conftest import add_papers

#: Few letters, so that words near each other (and transpositions) are common.
LETTERS = "abcdeé"
words = st.text(alphabet=LETTERS, min_size=1, max_size=9)


def whoosh_base(vocabulary: list[str], text: str, maxdist: int, prefix: int) -> list[str]:
    """``IndexReader.terms_within`` of whoosh-reloaded 2.7.5 on a sorted lexicon."""
    return [
        w
        for w in vocabulary
        if w.startswith(text[:prefix]) and damerau_levenshtein(w, text, limit=maxdist) <= maxdist
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.sets(words, max_size=80),
    words,
    st.integers(min_value=1, max_value=2),
    st.integers(min_value=0, max_value=2),
)
def test_the_walk_keeps_exactly_the_words_whoosh_keeps(
    vocabulary: set[str], text: str, maxdist: int, prefix: int
) -> None:
    ordered = sorted(vocabulary)
    start = text[:prefix]
    under = [w for w in ordered if w.startswith(start)]
    assert lexicon._walk(under, text, maxdist) == whoosh_base(ordered, text, maxdist, prefix)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=LETTERS, min_size=1, max_size=6), st.integers(min_value=1, max_value=2))
def test_the_walk_on_every_edit_of_a_word(text: str, maxdist: int) -> None:
    """Every word one or two edits (transpositions too) away."""
    near = {text}
    for _ in range(2):
        near |= {e for w in near for e in _edits(w)}
    ordered = sorted(near)
    assert lexicon._walk(ordered, text, maxdist) == whoosh_base(ordered, text, maxdist, 0)


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in LETTERS[:3]}
    out |= {a + c + b for a, b in splits for c in LETTERS[:3]}
    return {w for w in out if w}


def _reader(library: Library) -> MultiReader:
    index = library.index
    assert isinstance(index, SearchIndex) and index.engine.paths == "fast"
    reader = index._searcher_now().reader()
    assert type(reader) is MultiReader
    return reader


def test_the_index_words_as_whoosh_expands_them(loaded: Library) -> None:
    """On the sample library's own index: each of many index words, and typos
    of them, expands to Whoosh's words in Whoosh's order, in every field."""
    reader = _reader(loaded)
    vocabulary = [t.decode() for t in reader.lexicon(ALL)]
    probes = vocabulary[:: max(1, len(vocabulary) // 60)]
    probes += [w[:2] + w[3:] for w in probes if len(w) > 3]  # a letter dropped
    probes += [w[1] + w[0] + w[2:] for w in probes if len(w) > 2]  # two swapped
    probes += ["knowlege", "modle", "difusion", "transformr", "zz", "é"]
    for field in (ALL, "authors"):
        for text in probes:
            for maxdist in (1, 2):
                expected = list(reader.terms_within(field, text, maxdist, prefix=1))
                assert lexicon.terms_within(reader, field, text, maxdist, 1) == expected
                assert lexicon.terms_within(reader, field, text, maxdist, 1) == expected  # memo


def test_prefixes_as_whoosh_expands_them(loaded: Library) -> None:
    reader = _reader(loaded)
    vocabulary = [t.decode() for t in reader.lexicon(ALL)]
    prefixes = [*sorted({w[:n] for w in vocabulary[::7] for n in (1, 2, 3, 5)}), "", "zzzz", "é"]
    for field in (ALL, "authors"):
        for prefix in prefixes:
            expected = [t.decode() for t in reader.expand_prefix(field, prefix)]
            assert lexicon.expand_prefix(reader, field, prefix) == expected
            assert lexicon.expand_prefix(reader, field, prefix) == expected  # memo


def test_a_new_word_is_found_as_soon_as_it_is_indexed(loaded: Library) -> None:
    """The memo belongs to one commit's reader: a paper added (a new segment)
    or removed is seen by the next search, never hidden by an old answer."""
    assert lexicon.terms_within(_reader(loaded), ALL, "quokkka", 1, 1) == []
    assert lexicon.expand_prefix(_reader(loaded), ALL, "quokk") == []
    assert loaded.search("quokkka~").total == loaded.search("quokk*").total == 0
    (pid,) = add_papers(
        loaded,
        IncomingPaper(
            title="Quokka populations on Rottnest Island",
            abstract="A census of quokkas.",
            published=date(2024, 5, 1),
        ),
    )
    assert lexicon.terms_within(_reader(loaded), ALL, "quokkka", 1, 1) == ["quokka"]
    assert lexicon.expand_prefix(_reader(loaded), ALL, "quokk") == ["quokka"]
    assert [h.paper_id for h in loaded.search("quokkka~").hits] == [pid]
    assert [h.paper_id for h in loaded.search("quokk*").hits] == [pid]
    assert "<b>Quokka</b>" in loaded.search("quokkka~").hits[0].title_html
    loaded.remove([pid])
    assert loaded.search("quokkka~").total == loaded.search("quokk*").total == 0


def test_other_readers_get_whoosh_own_expansion(loaded: Library) -> None:
    reader = _reader(loaded)
    segment = reader.leaf_readers()[0][0]
    expected = list(segment.terms_within(ALL, "modle", 1, prefix=1))
    assert lexicon.terms_within(segment, ALL, "modle", 1, 1) == expected
