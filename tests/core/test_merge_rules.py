"""The merge rules are joins: the result never depends on arrival order."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.merge_rules import MERGED, Record, changes, join

_text = st.one_of(st.none(), st.sampled_from(["", "a", "b", "ab", "Ab", "aB", "abc"]))
_precision = st.sampled_from([None, "year", "month", "day"])
_bib_fields = st.dictionaries(
    st.sampled_from(["title", "author", "year", "journal", "pages", "note"]),
    st.sampled_from(["{a}", "{b}", "{ab}", "{Ab}", "1986", "jul"]),
    max_size=4,
)


@st.composite
def records(draw: st.DrawFn) -> Record:
    published = draw(st.one_of(st.none(), st.dates(date(2019, 1, 1), date(2021, 12, 31))))
    return {
        "title": draw(st.sampled_from(["T", "t", "Title", "TITLE", "A Longer Title"])),
        "abstract": draw(st.sampled_from(["", "x", "y", "xy"])),
        "authors": draw(st.lists(st.sampled_from(["A", "B", "C"]), max_size=3)),
        "author_count": draw(st.one_of(st.none(), st.integers(1, 5))),
        "published": published,
        "published_precision": draw(_precision) if published else None,
        "arxiv_id": draw(st.sampled_from([None, "2301.00001", "2301.00002"])),
        "primary_class": draw(_text),
        "venue": draw(_text),
        "url": draw(_text),
        "upvotes": draw(st.integers(0, 3)),
        "doi": draw(st.sampled_from([None, "10.1/a", "10.1/ab", "10.1/B"])),
        "journal_ref": draw(_text),
        "arxiv_version": draw(st.one_of(st.none(), st.integers(1, 4))),
        "editors": draw(st.lists(st.sampled_from(["E", "F"]), max_size=2)),
        "entry_type": (kind := draw(st.sampled_from([None, "misc", "article", "book"]))),
        "bib_fields": draw(_bib_fields) if kind else {},
        "organisation": draw(_text),
    }


def _same(a: Record, b: Record) -> bool:
    return not changes(a, b) and not changes(b, a)


@settings(max_examples=200)
@given(records(), records())
def test_commutative(a: Record, b: Record) -> None:
    assert _same(join(a, b), join(b, a))


@settings(max_examples=200)
@given(records(), records(), records())
def test_associative(a: Record, b: Record, c: Record) -> None:
    assert _same(join(join(a, b), c), join(a, join(b, c)))


@given(records(), records())
def test_idempotent(a: Record, b: Record) -> None:
    once = join(a, b)
    assert _same(join(once, b), once)
    assert _same(join(once, once), once)


@given(records(), records())
def test_user_fields_keep_their_value(a: Record, b: Record) -> None:
    user = frozenset(
        {"title", "authors", "year", "arxiv_id", "venue", "url", "primary_class", "doi"}
        | {"journal_ref"}
    )
    merged = join(a, b, user)
    guarded = ("title", "authors", "author_count", "published", "arxiv_id", "venue", "url")
    for name in (*guarded, "doi", "journal_ref"):
        assert merged[name] == a[name]
    assert set(changes(a, merged)) <= {
        "abstract", "upvotes", "arxiv_version", "editors", "entry_type", "bib_fields"
    } & set(MERGED)  # fmt: skip
    if a["entry_type"]:  # the record fields the edits stand for keep their state too
        for name in ("title", "author", "year", "journal"):
            assert merged["bib_fields"].get(name) == a["bib_fields"].get(name)


@given(records(), records())
def test_the_newest_arxiv_version_wins(a: Record, b: Record) -> None:
    versions = [v for v in (a["arxiv_version"], b["arxiv_version"]) if v]
    assert join(a, b)["arxiv_version"] == (max(versions) if versions else None)
