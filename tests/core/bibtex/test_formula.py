"""The key formula language: fields, modifiers, alternatives, and what it refuses."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.formula import DEFAULT_FORMULA, MAX_BASE, KeySource, parse
from readinglist.core.errors import InvalidInputError
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from tests.core.bibtex.conftest import AddPapers
from tests.helpers import dump

HINTON = KeySource(
    1,
    "Distilling the Knowledge in a Neural Network",
    ("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"),
    2015,
    "1503.02531",
)
MULLER = KeySource(2, "Über die Größe: naïve Façades", ("Jörg Müller", "Ann Smith"), 2021)
NOBODY = KeySource(3, "A Study", (), None)
OLD_ARXIV = KeySource(4, "Strings", ("Ed Witten",), 1999, "hep-th/9901001")


@pytest.mark.parametrize(
    ("formula", "paper", "key"),
    [
        (DEFAULT_FORMULA, HINTON, "hinton2015distilling"),
        ("[auth][year]", HINTON, "hinton2015"),
        ("[authors2][year]", HINTON, "hintonvinyals2015"),
        ("[authors][year]", HINTON, "hintonvinyalsdean2015"),
        ("[authors9]", MULLER, "mullersmith"),
        ("[auth]_[year]_[title3]", HINTON, "hinton_2015_distillingknowledgeneural"),
        ("[auth:capitalize][year][title2:capitalize]", HINTON, "Hinton2015DistillingKnowledge"),
        ("[auth:upper]:[year]", HINTON, "HINTON:2015"),
        ("[auth:lower][year]", HINTON, "hinton2015"),
        ("[auth][year][title]", MULLER, "muller2021uber"),
        ("[auth:de][year][title:de]", MULLER, "mueller2021ueber"),
        ("[auth:de:capitalize][title2:de]", MULLER, "Muellerueberdie"),
        ("[title3]", MULLER, "uberdiegrosse"),  # English stopwords only
        ("[arxiv]", HINTON, "1503.02531"),
        ("arXiv:[arxiv]", OLD_ARXIV, "arXiv:hep-th9901001"),
        ("[Auth][YEAR]", HINTON, "hinton2015"),  # field names in any case
        # alternatives: the first whose fields all have a value; the last anyway
        ("[arxiv] | [auth][year]", MULLER, "muller2021"),
        ("[arxiv] | [auth][year]", HINTON, "1503.02531"),
        ("[auth][year] | [title]", NOBODY, "study"),
        ("[auth][year]", NOBODY, "paper"),  # nothing at all: "paper"
        ("[year]", MULLER, "paper2021"),  # only digits: "paper" first
        ("[title]", KeySource(5, "The Of And", (), 2020), "the"),  # only stopwords: all count
    ],
)
def test_formulas(formula: str, paper: KeySource, key: str) -> None:
    assert parse(formula).base(paper) == key


def test_long_results_are_cut() -> None:
    paper = KeySource(1, " ".join(["word"] * 30), ("Author",), 2020)
    assert len(parse("[title9][title9][title9]").base(paper)) == MAX_BASE


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("[autor][year]", "[autor] is not a field"),
        ("[auth][year2]", "[year2] takes no number"),
        ("[auth:shout]", ":shout is not a modifier"),
        ("[auth", "“[auth” is not a field"),
        ("[auth][title0]", "“[title0]” is not a field"),
        ("[auth] [year]", "“ ” cannot be in a key"),
        ("[auth]{[year]}", "“{” cannot be in a key"),
        ("smith", "has no field"),
        ("[auth] || [year]", "an alternative between | is empty"),
        ("[auth]" * 40, "longer than 200 characters"),
    ],
)
def test_bad_formulas_say_what_is_wrong(formula: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match="The key formula") as info:
        parse(formula)
    assert reason in str(info.value)
    assert "[auth], [authorsN]" in str(info.value)  # and what may be used


def _paper(title: str) -> IncomingPaper:
    return IncomingPaper(title, authors=("Ann Smith",), published=date(2020, 1, 1))


def test_the_formula_is_a_library_setting(library: Library, add_papers: AddPapers) -> None:
    assert library.bibtex.key_formula() == DEFAULT_FORMULA
    a, b = add_papers(_paper("Deep Learning"), _paper("Shallow Learning"))
    assert library.bibtex.keys([a]) == ["smith2020deep"]
    assert library.bibtex.set_key_formula("  [auth:capitalize]:[year]:[title2] ") == (
        "[auth:capitalize]:[year]:[title2]"
    )
    # new keys follow it; the key already given does not change
    assert library.bibtex.keys([a, b]) == ["smith2020deep", "Smith:2020:shallowlearning"]
    library.bibtex.set_key_formula(DEFAULT_FORMULA)
    assert library.bibtex.key_formula() == DEFAULT_FORMULA


def test_a_bad_formula_changes_nothing(library: Library, add_papers: AddPapers) -> None:
    add_papers(_paper("Deep Learning"))
    library.bibtex.export(ExportScope("all"))
    before = dump(library)
    with pytest.raises(InvalidInputError, match="not a field"):
        library.bibtex.set_key_formula("[nope]")
    assert dump(library) == before
    assert library.bibtex.key_formula() == DEFAULT_FORMULA


def test_a_formula_change_makes_rivals_of_papers_it_now_confuses(
    library: Library, add_papers: AddPapers
) -> None:
    a, _ = add_papers(_paper("Deep Learning"), _paper("Shallow Learning"))
    library.bibtex.set_key_formula("[auth][year]")
    (key_a,) = library.bibtex.keys([a])
    assert key_a.startswith("smith2020") and key_a != "smith2020"  # b is its rival now


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(st.sampled_from("aZ09 ,.-'äöüßÆłé\u00a8ﬁ"), st.characters()),
        max_size=30,
    ),
    german=st.booleans(),
)
def test_remembered_name_and_word_parts_equal_those_worked_out(text: str, german: bool) -> None:
    from readinglist.core.bibtex.formula import _KEY_WORDS, _NOT_KEY, _ascii, _last_name, last_name

    for _ in range(2):  # the second time from what the first remembered
        assert last_name(text, german) == _last_name(text, german)
        for raw in text.split():
            assert _KEY_WORDS[german][raw] == _NOT_KEY.sub("", _ascii(raw, german).lower())
