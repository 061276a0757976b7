"""Types and field names per flavour, the way biber's own source map does it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.core.bibtex.flavours import for_biblatex, for_bibtex


@pytest.mark.parametrize(
    ("kind", "fields", "expected_kind", "expected"),
    [
        ("conference", {"title": "{T}"}, "inproceedings", [("title", "{T}")]),
        ("www", {"url": "{u}"}, "online", [("url", "{u}")]),
        ("phdthesis", {"school": "{S}"}, "thesis",
         [("institution", "{S}"), ("type", "{phdthesis}")]),
        ("mastersthesis", {"type": "{Project}"}, "thesis", [("type", "{Project}")]),
        ("techreport", {}, "report", [("type", "{techreport}")]),
        ("article", {"journal": "{J}", "address": "{A}", "year": "1986", "month": "jul"},
         "article", [("journaltitle", "{J}"), ("location", "{A}"), ("date", "{1986-07}")]),
        ("misc", {"archiveprefix": "{arXiv}", "primaryclass": "{cs.CL}", "key": "{K}"},
         "misc", [("eprinttype", "{arXiv}"), ("eprintclass", "{cs.CL}"), ("sortkey", "{K}")]),
        ("book", {"year": "{{\\noopsort{a}}1973}"}, "book", [("year", "{{\\noopsort{a}}1973}")]),
        ("book", {"year": "1977", "month": "{10~} # jan"}, "book",
         [("year", "1977"), ("month", "{10~} # jan")]),  # not a date: left as it came
        ("article", {"date": "{2019-03-18}", "year": "2019"}, "article",
         [("date", "{2019-03-18}")]),
        ("article", {"journal": "{Old}", "journaltitle": "{New}"}, "article",
         [("journaltitle", "{New}")]),
    ],
)  # fmt: skip
def test_biblatex_as_biber_maps_it(
    kind: str, fields: dict[str, str], expected_kind: str, expected: list[tuple[str, str]]
) -> None:
    assert for_biblatex(kind, fields) == (expected_kind, expected)


@pytest.mark.parametrize(
    ("kind", "fields", "expected_kind", "expected"),
    [
        ("thesis", {"institution": "{S}", "type": "{phdthesis}"}, "phdthesis", [("school", "{S}")]),
        ("thesis", {"institution": "{S}", "type": "{mathesis}"}, "mastersthesis",
         [("school", "{S}")]),
        ("thesis", {"type": "{Habilitation}"}, "phdthesis", [("type", "{Habilitation}")]),
        ("report", {"type": "{techreport}", "institution": "{I}"}, "techreport",
         [("institution", "{I}")]),
        ("online", {"url": "{u}", "date": "{2024-04}"}, "misc",
         [("url", "{u}"), ("year", "{2024}"), ("month", "apr")]),
        ("patent", {"date": "{2020-06-30}"}, "misc",
         [("year", "{2020}"), ("month", "jun"), ("date", "{2020-06-30}")]),
        ("collection", {"location": "{L}"}, "book", [("address", "{L}")]),
        ("mvbook", {}, "book", []),
        ("article", {"journaltitle": "{J}", "eprinttype": "{arxiv}", "eprintclass": "{cs}"},
         "article", [("journal", "{J}"), ("archiveprefix", "{arxiv}"), ("primaryclass", "{cs}")]),
        ("software", {"sortkey": "{K}"}, "misc", [("key", "{K}")]),
    ],
)  # fmt: skip
def test_bibtex_is_the_same_map_backwards(
    kind: str, fields: dict[str, str], expected_kind: str, expected: list[tuple[str, str]]
) -> None:
    assert for_bibtex(kind, fields) == (expected_kind, expected)


_KINDS = st.sampled_from(
    ["article", "inproceedings", "conference", "book", "phdthesis", "mastersthesis", "thesis",
     "techreport", "report", "online", "www", "misc", "collection", "patent", "mvbook"]
)  # fmt: skip
_FIELDS = st.dictionaries(
    st.sampled_from(
        ["journal", "journaltitle", "address", "location", "school", "institution", "year",
         "month", "date", "type", "archiveprefix", "eprinttype", "key", "sortkey", "title"]
    ),
    st.sampled_from(["{x}", "1986", "{1986}", "jul", "{2019-03-18}", "{2024-04}",
                     "{phdthesis}", "{mathesis}", "{techreport}", "{10~} # jan"]),
    max_size=6,
)  # fmt: skip


@given(_KINDS, _FIELDS)
def test_exporting_what_was_exported_changes_nothing(kind: str, fields: dict[str, str]) -> None:
    """An export read back and exported again gives the same entry, in each flavour."""
    for flavour in (for_bibtex, for_biblatex):
        once_kind, once = flavour(kind, fields)
        assert flavour(once_kind, dict(once)) == (once_kind, once)
