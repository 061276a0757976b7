"""Highlighting: matches in <b>, everything else escaped, best passage chosen."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.search import highlight
from readinglist.core.search.analysis import fold, terms
from readinglist.core.search.highlight import Phrases, fragment, mark


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


# the passage is chosen from one split of the text into words ----------------------

PIECES = [
    "model", "models", "Language", "language", "e.g", "3.5", "Über", "the", "large",
    ". ", "! ", "?\n", "  ", ", ", " ", " ", ".", "’s", "\n\n", "x" * 90, "modelling", "\n",
]  # fmt: skip


def _reference(text: str, matched: frozenset[str], limit: int, phrases: Phrases) -> str:
    """The passage as chosen with each sentence, and the passage, split apart."""
    sentences = [s for s in highlight._SENTENCE_END.split(text.strip()) if s]
    best, best_score = 0, (0, 0)
    if matched or phrases:
        for i, sentence in enumerate(sentences):
            marked = highlight._marked(sentence, matched, phrases)
            score = (len({sentence[s:e].casefold() for s, e in marked}), len(marked))
            if score > best_score:
                best, best_score = i, score
    passage = sentences[best]
    for extra in sentences[best + 1 :]:
        if len(passage) + 1 + len(extra) > limit:
            break
        passage += " " + extra
    if len(passage) > limit:
        passage = highlight._clip(passage, matched, limit, phrases)
    at = text.find(passage)
    prefix = "… " if at > 0 or (at < 0 and best > 0) else ""
    suffix = " …" if at < 0 or at + len(passage) < len(text.rstrip()) else ""
    return prefix + highlight.mark(passage, matched, phrases) + suffix


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join),
    st.sets(st.sampled_from(["model", "languag", "larg", "3.5", "uber", "e.g"]), max_size=3),
    st.lists(st.sampled_from([("larg", "languag"), ("languag", "model")]), max_size=1),
    st.sampled_from([240, 60, 1000]),
)
def test_the_passage_is_the_one_chosen_sentence_by_sentence(
    text: str, matched: set[str], phrases: list[tuple[str, str]], limit: int
) -> None:
    if not text.strip():
        return
    terms = frozenset(matched)
    assert fragment(text, terms, limit, phrases) == _reference(text, terms, limit, phrases)
