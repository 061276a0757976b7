"""The Hugging Face daily-papers API JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import hf_json
from readinglist.core.models import Precision
from tests.snapshots import DATA


def test_the_fixture_gives_one_digest_per_day() -> None:
    batch = hf_json.parse((DATA / "hf_daily_papers.json").read_text("utf-8"), "daily.json")
    assert batch.kind == "hf-json"
    assert [(d.day, len(d.papers)) for d in batch.digests] == [
        (date(2026, 3, 13), 4),
        (date(2026, 3, 14), 1),
    ]
    first = batch.digests[0].papers[0]
    assert first.title.startswith("Know You First and Be You Better")
    assert first.arxiv_id == "2503.10211"
    assert first.authors == ("Lena Morgenstern", "Tobias Kade", "Priya Raman", "Hao Lin")
    assert first.author_count == 4
    assert first.upvotes == 17
    assert (first.published, first.precision) == (date(2025, 3, 12), Precision.DAY)
    assert "\n" not in batch.digests[1].papers[0].abstract


def _item(**paper: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "2301.00001", "title": "A Title", "summary": "Text."}
    base.update(paper)
    return {"paper": base}


def test_bare_paper_objects_and_a_missing_day() -> None:
    text = json.dumps({"id": "2301.00001v2", "title": "Solo", "authors": [{"name": "A B"}]})
    batch = hf_json.parse(text, "paper.json")
    assert batch.digests == ()
    assert batch.papers[0].arxiv_id == "2301.00001"
    dated = hf_json.parse(text, "paper.json", day=date(2026, 1, 2))
    assert dated.digests[0].day == date(2026, 1, 2)


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ('[\n  {"paper": {"id": "2301.00001",\n  "title": }}\n]', "not valid JSON", 3),
        ('{"papers": []}', "found an object with no 'paper' in it", None),
        ('"just a string"', "found a single str", None),
        ("[]", "the list is empty", None),
        ("[1, 2]", "item 1 is not an object", None),
        (json.dumps([_item(title="")]), "item 1 has no title", None),
        (json.dumps([_item(id="not-an-id")]), "not an arXiv id", None),
        (json.dumps([_item(authors="A B")]), "'authors' that is not a list", None),
        (json.dumps([_item(upvotes="many")]), "'upvotes' that is not a whole number", None),
        (json.dumps([_item(submittedOnDailyAt="yesterday")]), "not a date", None),
        (json.dumps([_item(title=5)]), "'title' that is not text", None),
    ],
)
def test_bad_json_is_refused_clearly(text: str, reason: str, line: int | None) -> None:
    with pytest.raises(ImportFailed) as caught:
        hf_json.parse(text, "bad.json")
    assert reason in caught.value.reason
    assert caught.value.line == line
    assert str(caught.value).startswith("bad.json")
