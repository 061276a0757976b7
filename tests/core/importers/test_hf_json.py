"""The Hugging Face daily-papers API JSON."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.errors import ImportFailed
from readinglist.core.factory import open_library
from readinglist.core.importers import hf_json
from readinglist.core.tables import Precision
from tests.snapshots import DATA
from tests.support.processes import run_cli


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


# numbers no count can be -------------------------------------------------------------------

_HUGE = "9" * 5000  # Python refuses to convert more than 4,300 digits


def _with_huge_numbers() -> str:
    """A saved response with a 5,000-digit number in a field the app ignores and
    10^23 upvotes, written as the bytes a server could send."""
    first = json.dumps(_item(upvotes=0, submittedOnDailyAt="2025-03-13T00:00:00Z"))
    first = first.replace('"upvotes": 0', f'"upvotes": 0, "numComments": {_HUGE}')
    second = json.dumps(
        _item(id="2301.00002", title="B", upvotes=10**23, submittedOnDailyAt="2025-03-13T00:00:00Z")
    )
    return f"[{first}, {second}]"


def test_huge_numbers_are_read_and_an_impossible_count_left_out() -> None:
    batch = hf_json.parse(_with_huge_numbers(), "big.json")
    first, second = batch.digests[0].papers
    assert (first.upvotes, second.upvotes) == (None, None)
    [notice] = batch.notices
    assert "item 2" in str(notice) and "upvotes" in str(notice) and "24 digits" in str(notice)


def test_a_file_of_huge_numbers_imports_from_a_real_process(tmp_path: Path) -> None:
    source = tmp_path / "big.json"
    source.write_text(_with_huge_numbers(), encoding="utf-8")
    done = run_cli(tmp_path / "lib", "import", source)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "2 new" in done.stdout and "is not a count" in done.stdout


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-(10**30), max_value=10**30) | st.integers())
def test_any_upvote_count_is_stored_or_left_out(count: int) -> None:
    text = json.dumps([_item(upvotes=count, submittedOnDailyAt="2025-03-13T00:00:00Z")])
    with (
        tempfile.TemporaryDirectory() as folder,
        open_library(Path(folder) / "lib", today=lambda: date(2026, 11, 21)) as library,
    ):
        report = library.import_bytes(text.encode(), "counts.json")
        stored = library.paper(report.new_ids[0]).upvotes
    assert stored == (count if 0 < count < 2**63 else 0)  # 0: not known
    assert bool(report.notices) == (count >= 2**63)
