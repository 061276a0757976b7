"""Choosing the importer by content, whatever the file is called."""

from __future__ import annotations

import json
from datetime import date

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import detect, parse_input
from readinglist.resources import sample_digests
from tests.snapshots import DATA

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("hf_daily_papers.json", "hf-json"),
        ("arxiv_query.atom", "arxiv-atom"),
        ("references.bib", "bibtex"),
    ],
)
def test_fixtures_are_recognised_by_content(name: str, kind: str) -> None:
    data = (DATA / name).read_bytes()
    assert parse_input(data, "renamed.txt", today=TODAY).kind == kind
    # A UTF-8 BOM and Windows line endings change nothing.
    crlf = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    assert parse_input(crlf, "clipboard", today=TODAY).kind == kind


def test_a_digest_stays_a_digest() -> None:
    text = sample_digests()[0].read_text("utf-8")
    assert detect(text) == "hf-text"
    assert detect("Some Title\nSome abstract.") is None
    assert detect("Some Title\nSome abstract.", day=TODAY) == "hf-text"


def test_unknown_text_names_every_format() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_input(b"hello\nworld\n", "notes.txt", today=TODAY)
    assert "its JSON, an arXiv Atom feed or a BibTeX file" in caught.value.reason


def test_one_line_api_responses_are_not_too_long_lines() -> None:
    items = json.loads((DATA / "hf_daily_papers.json").read_text("utf-8"))
    minified = json.dumps(items * 40, separators=(",", ":")).encode()
    assert minified.count(b"\n") == 0 and len(minified) > 100_000
    batch = parse_input(minified, "daily.json", today=TODAY)
    assert len(batch.all_papers()) == 200
    atom = b" ".join((DATA / "arxiv_query.atom").read_bytes().split(b"\n")) * 1
    assert parse_input(atom, "q.atom", today=TODAY).kind == "arxiv-atom"
    with pytest.raises(ImportFailed, match="line too long"):
        parse_input(b"@misc{a, title={" + b"x" * 200_000 + b"}}", "a.bib", today=TODAY)
