"""What a hit says about itself: phrases marked as phrases, the fields it
matched in and its snippet; and a search within one list of the window."""

from __future__ import annotations

import re
from datetime import date

from readinglist.core.library import Library
from readinglist.core.search.analysis import terms
from readinglist.core.search.highlight import Highlights, mark
from readinglist.core.views import PaperFilter, View


def test_a_phrase_is_marked_where_its_words_stand_together() -> None:
    phrase = [tuple(terms("knowledge distillation"))]
    html = mark("Knowledge distillation, then knowledge and graph distillation.", set(), phrase)
    assert html == "<b>Knowledge distillation</b>, then knowledge and graph distillation."
    # stop words are not indexed: the index finds "knowledge of distillation" too
    assert mark("knowledge of distillation", set(), phrase) == "<b>knowledge of distillation</b>"
    stops = [tuple(terms("distillation of knowledge"))]  # "of" is not indexed
    assert mark("A distillation of knowledge.", set(), stops) == (
        "A <b>distillation of knowledge</b>."
    )
    both = mark("graph networks and graphs", set(terms("graph")), [tuple(terms("graph network"))])
    assert both == "<b>graph networks</b> and <b>graphs</b>"


def test_highlights_by_field() -> None:
    marks = Highlights({None: frozenset(terms("model")), "note": frozenset(terms("zebra"))})
    assert marks.matches("note", "a zebra crossing")
    assert not marks.matches("title", "a zebra crossing")
    assert marks.matches("title", "Models all the way")


def test_hits_name_their_fields_and_show_the_note_that_matched(loaded: Library) -> None:
    paper_id = loaded.paper_ids()[7]
    loaded.set_note(paper_id, "Compare with the zebrafish results in our lab.")
    (hit,) = loaded.search("zebrafish").hits
    assert hit.paper_id == paper_id
    assert hit.fields == ("note",)
    assert hit.snippet_field == "note"
    assert "<b>zebrafish</b>" in hit.snippet_html
    (fielded,) = loaded.search("note:zebrafish").hits
    assert fielded.fields == ("note",)


def test_a_phrase_query_marks_the_phrase_in_title_and_abstract(loaded: Library) -> None:
    results = loaded.search('"knowledge distillation"', limit=50)
    assert results.hits
    marked = [h for h in results.hits if "<b>" in h.title_html]
    assert marked
    for hit in marked:
        assert "title" in hit.fields
        assert re.search(r"<b>knowledge distillation</b>", hit.title_html, re.IGNORECASE)
    marks = loaded.match_highlights('"knowledge distillation"')
    assert marks.phrases_for("abstract") == (tuple(terms("knowledge distillation")),)
    assert marks.terms_for("abstract") == frozenset()


def test_a_search_within_a_list_is_the_same_as_its_filter(loaded: Library) -> None:
    loaded.mark(loaded.paper_ids()[:40], read=True)
    inbox = loaded.search("model", limit=500, within=PaperFilter(view=View.INBOX))
    assert inbox.total == loaded.search("model is:unread", limit=500).total
    assert [h.paper_id for h in inbox.hits] == [
        h.paper_id for h in loaded.search("model is:unread", limit=500).hits
    ]
    day = date(2026, 3, 13)
    digest = loaded.search("model", limit=500, within=PaperFilter(digest_day=day))
    assert digest.total == loaded.search("model digest:2026-03-13", limit=500).total
    tagged = loaded.paper_ids()[:30]
    loaded.tags.add(tagged, ["Thesis"])
    by_tag = loaded.search("model", limit=500, within=PaperFilter(tag="thesis"))
    everywhere = {h.paper_id for h in loaded.search("model", limit=500).hits}
    assert {h.paper_id for h in by_tag.hits} == everywhere & set(tagged)
    assert loaded.search("model", within=PaperFilter(view=View.BIN)).total == 0
