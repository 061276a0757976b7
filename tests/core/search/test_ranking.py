"""Rankings, stemming, accent folding and highlighting on the sample digests."""

from __future__ import annotations

from readinglist.core.library import Library

TRILATERAL = "Less or More From Teacher: Exploiting Trilateral Geometry For Knowledge Distillation"


def titles(library: Library, query: str, limit: int = 10) -> list[str]:
    hits = library.search(query, limit=limit).hits
    return [p.title for p in library.papers([h.paper_id for h in hits])]


def test_trilateral_geometry_top_hit(loaded: Library) -> None:
    results = loaded.search("trilateral geometry")
    assert results.total == 1
    assert titles(loaded, "trilateral geometry")[0] == TRILATERAL
    assert results.message is None


def test_title_matches_outrank_abstract_matches(loaded: Library) -> None:
    top = titles(loaded, "distillation", limit=5)
    assert all("distill" in t.lower() for t in top)


def test_stemming_finds_other_word_forms(loaded: Library) -> None:
    found = titles(loaded, "distill", limit=50)
    assert TRILATERAL in found
    assert loaded.search("distill").total == loaded.search("distillation").total


def test_accent_folding_both_ways(loaded: Library, extra: dict[str, int]) -> None:
    for query in ("ubersetzung", "Übersetzung", "author:muller", "author:Müller", "garcia"):
        ids = [h.paper_id for h in loaded.search(query).hits]
        assert ids[:1] == [extra["ubersetzung"]], query


def test_hits_are_highlighted_and_escaped(loaded: Library, extra: dict[str, int]) -> None:
    hit = loaded.search("trilateral geometry").hits[0]
    assert "<b>Trilateral</b> <b>Geometry</b>" in hit.title_html
    assert "<b>trilateral</b>" in hit.fragment_html
    loaded.set_note(extra["zebra"], "x")
    amp = loaded.search("zebra").hits[0]
    assert amp.title_html.startswith("<b>Zebra</b>")


def test_html_in_titles_is_escaped(loaded: Library) -> None:
    from readinglist.core.importers.base import IncomingPaper
    from tests.core.search.conftest import add_papers

    (pid,) = add_papers(
        loaded, IncomingPaper(title="Quokka <script> & friends", abstract="A <b>bold</b> quokka.")
    )
    hit = loaded.search("quokka").hits[0]
    assert hit.paper_id == pid
    assert hit.title_html == "<b>Quokka</b> &lt;script&gt; &amp; friends"
    assert "&lt;b&gt;bold&lt;/b&gt;" in hit.fragment_html


def test_ties_are_broken_by_recency(loaded: Library, extra: dict[str, int]) -> None:
    # "okapi" and "zebra" each appear once in the other paper's author field only
    ids = [h.paper_id for h in loaded.search("author:okapi OR author:zebra").hits]
    assert ids == [extra["zebra"], extra["okapi"]]  # 2023 before 2019


def test_paging(loaded: Library) -> None:
    everything = [h.paper_id for h in loaded.search("model", limit=40).hits]
    page = [h.paper_id for h in loaded.search("model", limit=10, offset=10).hits]
    assert page == everything[10:20]
    assert loaded.search("model", limit=5).total == loaded.search("model", limit=50).total


def test_match_terms_are_expanded(loaded: Library) -> None:
    terms = loaded.match_terms("distil* knowlege~ -teacher")
    assert "distil" in terms
    assert "knowledg" in terms
    assert "teacher" not in terms
    assert loaded.match_terms("is:starred") == []
