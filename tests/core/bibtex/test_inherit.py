"""crossref and xdata, resolved as biber resolves them (biblatex.def's inheritance)."""

from __future__ import annotations

from readinglist.core.bibtex.inherit import Entry, resolve


def _entry(key: str, kind: str, **fields: str) -> Entry:
    return Entry(key, kind, {k: "{" + v + "}" for k, v in fields.items()}, 1)


def test_a_book_gives_its_title_to_its_chapters_as_booktitle() -> None:
    book = _entry("b", "book", title="Book", author="A", publisher="P", shorttitle="B")
    chapter = _entry("c", "inbook", title="Chapter", crossref="b")
    resolve([chapter, book])
    assert chapter.fields == {
        "title": "{Chapter}", "booktitle": "{Book}", "author": "{A}", "bookauthor": "{A}",
        "publisher": "{P}",
    }  # fmt: skip


def test_types_map_first_and_the_default_inherits_same_names() -> None:
    proceedings = _entry("p", "proceedings", title="Proc", year="1983", editor="E")
    paper = _entry("x", "conference", title="Paper", crossref="p")  # @conference = inproceedings
    article = _entry("a", "article", title="Art", crossref="j")
    journal = _entry("j", "periodical", title="Journal", volume="41", ids="old", sortkey="s")
    resolve([paper, proceedings, article, journal])
    assert paper.fields["booktitle"] == "{Proc}" and paper.fields["editor"] == "{E}"
    assert article.fields["journaltitle"] == "{Journal}" and article.fields["volume"] == "{41}"
    assert "ids" not in article.fields and "sortkey" not in article.fields


def test_the_child_keeps_its_own_fields_and_chains_resolve() -> None:
    top = _entry("top", "mvbook", title="Complete Works", publisher="Top")
    middle = _entry("mid", "book", title="Volume 2", crossref="top")
    child = _entry("ch", "inbook", title="Chapter", publisher="Own", crossref="mid")
    resolve([child, middle, top])
    assert middle.fields["maintitle"] == "{Complete Works}"
    assert child.fields["publisher"] == "{Own}"
    assert child.fields["booktitle"] == "{Volume 2}"
    assert child.fields["maintitle"] == "{Complete Works}"  # through the middle


def test_xdata_is_copied_first_and_case_mismatches_are_found() -> None:
    data = _entry("d", "xdata", journaltitle="J", publisher="P")
    child = _entry("c", "article", title="T", xdata="D", publisher="Mine")
    resolve([child, data])
    assert child.fields == {"title": "{T}", "publisher": "{Mine}", "journaltitle": "{J}"}


def test_a_reference_to_nothing_or_a_cycle_is_noted_not_fatal() -> None:
    lost = _entry("l", "article", title="T", crossref="nowhere", xdata="gone")
    a = _entry("a", "book", title="A", crossref="b")
    b = _entry("b", "book", title="B", crossref="a")
    resolve([lost, a, b])
    assert "crossref" not in lost.fields and "xdata" not in lost.fields
    assert any("nowhere" in p for p in lost.problems) and any("gone" in p for p in lost.problems)
    assert any("cycle" in p for p in a.problems + b.problems)
