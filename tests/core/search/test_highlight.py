"""Highlighting: matches in <b>, everything else escaped, best passage chosen."""

from __future__ import annotations

from readinglist.core.search.analysis import fold, terms
from readinglist.core.search.highlight import fragment, mark


def test_mark_escapes_and_bolds_word_forms() -> None:
    html = mark("Distilling <models> & distillation", {"distil"})
    assert html == "<b>Distilling</b> &lt;models&gt; &amp; <b>distillation</b>"


def test_fragment_picks_the_sentence_with_most_matches() -> None:
    text = "First sentence about cats. Second is about graph networks and graphs. Third about dogs."
    html = fragment(text, set(terms("graph network")), limit=60)
    assert html.startswith("… Second is about <b>graph</b> <b>networks</b>")


def test_fragment_without_matches_is_the_beginning() -> None:
    assert fragment("One. Two. Three.", set(), limit=9) == "One. Two. …"
    assert fragment("", {"x"}) == ""


def test_analysis_folds_and_stems() -> None:
    assert fold("Übersetzung") == "ubersetzung"
    assert terms("Übersetzungen of the Müller-Lyer illusions") == [
        "ubersetzungen",
        "muller",
        "lyer",
        "illus",
    ]
