"""The query parser: structure, and tolerance of anything typed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.search.compile import compile_query
from readinglist.core.search.syntax import All, Either, Filter, Not, Phrase, Word, parse


def test_structure() -> None:
    tree = parse('title:"graph networks" -survey (a1 OR b2) distil* knowlege~2 is:starred').tree
    assert tree == All(
        (
            Phrase("graph networks", "title"),
            Not(Word("survey")),
            Either((Word("a1"), Word("b2"))),
            Word("distil", None, "prefix"),
            Word("knowlege", None, "fuzzy", 2),
            Filter("is", "starred"),
        )
    )


def test_field_applies_to_a_group() -> None:
    assert parse("author:(smith OR jones)").tree == Either(
        (Word("smith", "authors"), Word("jones", "authors"))
    )


def test_lowercase_operators_are_words() -> None:
    assert parse("cats or dogs").tree == All((Word("cats"), Word("or"), Word("dogs")))


def test_unknown_field_is_a_word() -> None:
    assert parse("foo:bar").tree == Word("foo:bar")


def test_filters_compile_to_sql_not_index_queries() -> None:
    compiled = compile_query("is:unread year:2021..2023 digest:2025-03-13")
    assert compiled.query is None
    assert len(compiled.where) == 3
    assert compiled.params == ["2021-01-01", "2024-01-01", "2021-01-01", "2024-01-01", "2025-03-13"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('ab "()-*~:ORNTADis2019.')) | st.characters(), max_size=40
    )
)
def test_anything_typed_compiles(text: str) -> None:
    compiled = compile_query(text)
    for message in compiled.messages:
        assert message.endswith(".")
