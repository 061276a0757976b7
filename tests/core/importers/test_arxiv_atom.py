"""arXiv API Atom feeds, parsed without trusting the XML."""

from __future__ import annotations

from datetime import date

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import arxiv_atom
from tests.snapshots import DATA

FEED = '<feed xmlns="http://www.w3.org/2005/Atom">{}</feed>'


def test_the_fixture_reads_both_id_styles() -> None:
    batch = arxiv_atom.parse((DATA / "arxiv_query.atom").read_text("utf-8"), "query.atom")
    assert batch.kind == "arxiv-atom"
    assert batch.digests == ()
    ids = [p.arxiv_id for p in batch.papers]
    assert ids == ["2406.10099", "2405.14768", "hep-th/9901001", "math/0309136"]
    know = batch.papers[0]
    assert (
        know.title == "Know the Unknown: An Uncertainty-Sensitive Method for LLM Instruction Tuning"
    )
    assert know.authors == ("Jiaqi Wen", "Oskar Lindqvist", "Mei Tanaka")
    assert know.primary_class == "cs.CL"
    assert know.published == date(2024, 6, 14)
    assert know.abstract.startswith("Large language models (LLMs) have demonstrated")
    assert "  " not in know.abstract
    assert [p.primary_class for p in batch.papers[2:]] == ["hep-th", "math.GT"]
    assert batch.papers[3].authors == ("Wiebke Sørensen",)


def test_updated_stands_in_for_a_missing_published_date() -> None:
    entry = (
        "<entry><id>http://arxiv.org/abs/2301.00001v3</id><title>T</title>"
        "<updated>2023-02-03T10:00:00Z</updated></entry>"
    )
    paper = arxiv_atom.parse(FEED.format(entry), "q.atom").papers[0]
    assert paper.published == date(2023, 2, 3)
    assert paper.primary_class is None


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol2;</title></feed>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&xxe;</title></entry></feed>"""


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        (BILLION_LAUGHS, "declares a DTD", 2),
        (EXTERNAL, "declares a DTD", 2),
        ('<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n</feed>', "not well-formed", 3),
        (
            "<html><body>Not a feed</body></html>",
            "not an Atom feed (its root element is <html>)",
            None,
        ),
        ("<feed><entry/></feed>", "not an Atom feed", None),
        (FEED.format(""), "no entries", None),
        (FEED.format("<entry><id>http://arxiv.org/abs/2301.00001</id></entry>"), "no title", None),
        (FEED.format("<entry><id>urn:x</id><title>T</title></entry>"), "not an arXiv link", None),
        (
            FEED.format(
                "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>"
                "<title>Error</title><summary>incorrect id format for 1234</summary></entry>"
            ),
            "the arXiv API answered with an error: incorrect id format for 1234",
            None,
        ),
        (
            FEED.format(
                "<entry><id>http://arxiv.org/abs/2301.00001</id><title>T</title>"
                "<published>soon</published></entry>"
            ),
            "not a date",
            None,
        ),
    ],
)
def test_bad_xml_is_refused_clearly(text: str, reason: str, line: int | None) -> None:
    with pytest.raises(ImportFailed) as caught:
        arxiv_atom.parse(text, "bad.atom")
    assert reason in caught.value.reason
    assert caught.value.line == line
