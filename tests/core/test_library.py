"""The Library service on a real SQLite file: imports, triage, tags, counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.core.errors import ImportFailed, InvalidInputError, NotFoundError
from readinglist.core.library import Library
from readinglist.core.views import ChangeSet, PaperFilter, SortKey, View
from tests.helpers import dump

HEADER = "new\n\nSubscribe\n\nbyAK and the research community\n\n"


def test_five_sample_digests(loaded: Library) -> None:
    stats = loaded.stats()
    assert (stats.digests, stats.papers, stats.entries) == (5, 230, 313)
    per_day = {d.day: d.papers for d in loaded.digests()}
    assert per_day == {
        date(2026, 3, 13): 40,
        date(2026, 3, 14): 62,
        date(2026, 6, 6): 81,
        date(2026, 10, 31): 38,
        date(2026, 4, 22): 92,
    }
    october = loaded.paper_ids(PaperFilter(digest_day=date(2026, 10, 31)))
    dated = [p for p in loaded.papers(october) if p.author_count and p.published]
    assert len(dated) == 36


def test_reimport_adds_nothing_and_says_so(loaded: Library, sample_paths: list[Path]) -> None:
    before = dump(loaded)
    reports = [loaded.import_file(p) for p in sample_paths]
    assert all(r.nothing_new and r.new == 0 for r in reports)
    assert "already imported" in reports[0].summary()
    assert dump(loaded) == before


def test_first_import_report(library: Library, sample_paths: list[Path]) -> None:
    report = library.import_file(sample_paths[3])
    assert report.summary() == "Oct 31: 38 papers, 38 new"
    assert (report.papers, report.new, report.unchanged) == (38, 38, 0)


def test_later_digest_enriches_known_papers(library: Library, sample_paths: list[Path]) -> None:
    for path in sample_paths[:3]:
        library.import_file(path)
    report = library.import_file(sample_paths[3])
    assert report.enriched == 5
    assert report.new + report.enriched + report.unchanged == report.papers


def test_digest_day_override(library: Library, sample_paths: list[Path]) -> None:
    report = library.import_file(sample_paths[0], day=date(2025, 3, 13))
    assert report.days == (date(2025, 3, 13),)


def test_same_title_twice_in_one_digest_is_one_paper(library: Library) -> None:
    text = f"{HEADER}Mar 13\n\nSame Title\n\nabstract\n\nSAME  title\n\nabstract\n"
    report = library.import_text(text)
    assert (report.papers, report.new, report.entries_added) == (1, 1, 1)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02binary",
        b"new\n\nMar 13\n\n\x81\x8d\n\nabstract\n",
        b"just some notes\n\nnot a digest\n",
        f"{HEADER}Mar 13\n\n".encode(),
    ],
)
def test_rejected_input_leaves_the_library_unchanged(loaded: Library, data: bytes) -> None:
    before = dump(loaded)
    with pytest.raises(ImportFailed):
        loaded.import_bytes(data, "bad.txt")
    assert dump(loaded) == before


def test_a_digest_cut_off_after_a_title_keeps_it_with_a_warning(library: Library) -> None:
    report = library.import_text(f"{HEADER}Mar 13\n\nFine\n\nabstract\n\nTruncated title\n")
    assert (report.papers, report.new) == (2, 2)
    (notice,) = report.notices
    assert "no abstract" in notice.message and "Truncated title" in notice.message
    assert [library.paper(i).abstract for i in report.new_ids] == ["abstract", ""]


def test_missing_file_and_folder_are_clear_errors(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no such file"):
        library.import_file(tmp_path / "nope.txt")
    with pytest.raises(ImportFailed, match="folder"):
        library.import_file(tmp_path)


def test_import_files_goes_on_past_a_bad_file(
    library: Library, sample_paths: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01 not a digest")
    missing = tmp_path / "gone.txt"
    seen: list[tuple[int, int]] = []
    files = [sample_paths[0], bad, missing, sample_paths[3]]

    outcomes = library.import_files(files, progress=lambda done, total: seen.append((done, total)))

    assert [o.source for o in outcomes] == [str(p) for p in files]
    assert [o.report is not None for o in outcomes] == [True, False, False, True]
    assert outcomes[1].error == f"{bad}, line 1: this is a binary file, not text"
    assert outcomes[1].reason == "line 1: this is a binary file, not text"
    assert outcomes[2].error == f"{missing}: no such file"
    assert library.stats().papers == sum(o.report.new for o in outcomes if o.report)
    assert [d.day for d in library.digests()] == [date(2026, 10, 31), date(2026, 3, 13)]
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_import_files_can_stop_at_the_first_bad_file(
    library: Library, sample_paths: list[Path], tmp_path: Path
) -> None:
    files = [sample_paths[0], tmp_path / "gone.txt", sample_paths[3]]
    outcomes = library.import_files(files, stop_at_error=True)
    assert [o.report is not None for o in outcomes] == [True, False]
    assert library.stats().papers == 40


def test_a_large_digest_imports_in_one_go(library: Library) -> None:
    body = "".join(
        f"Paper number {i} on knowledge distillation\n\n"
        f"Abstract {i}: we study students and teachers.\n\n"
        f"  • {i % 9 + 1} authors\n·\nMar {i % 28 + 1}, 2024 {i % 50}\n\n"
        for i in range(5000)
    )
    report = library.import_text(f"{HEADER}Mar 13\n\n{body}")
    assert report.new == 5000
    assert library.stats().papers == 5000


def test_mark_read_and_star(loaded: Library) -> None:
    ids = loaded.paper_ids(limit=3)
    loaded.mark(ids[:2], read=True)
    loaded.mark([ids[2]], starred=True)
    papers = loaded.papers(ids)
    assert [p.read for p in papers] == [True, True, False]
    assert papers[0].read_at is not None
    assert [p.starred for p in papers] == [False, False, True]
    assert loaded.count(PaperFilter(view=View.INBOX)) == 228
    assert loaded.count(PaperFilter(view=View.STARRED)) == 1
    loaded.mark(ids[:1], read=False)
    assert loaded.paper(ids[0]).read_at is None


def test_mark_unknown_paper_is_an_error_and_changes_nothing(loaded: Library) -> None:
    before = dump(loaded)
    with pytest.raises(NotFoundError, match="99999"):
        loaded.mark([1, 99999], read=True)
    with pytest.raises(InvalidInputError):
        loaded.mark([1])
    assert dump(loaded) == before


def test_notes_keep_unicode_and_newlines(loaded: Library) -> None:
    loaded.set_note(5, "# Idea\r\nÜbersetzung — try *this*.\n")
    assert loaded.paper(5).note == "# Idea\nÜbersetzung — try *this*.\n"
    assert loaded.stats().noted == 1


def test_tags_add_remove_and_counts(loaded: Library) -> None:
    loaded.tags.add([1, 2, 3], ["thesis", "to-read"])
    loaded.tags.add([1], ["Thesis"])  # same tag, case-insensitively
    assert loaded.tags.of(1) == ["thesis", "to-read"]
    assert {t.name: t.papers for t in loaded.tags.all()} == {"thesis": 3, "to-read": 3}
    assert loaded.paper_ids(PaperFilter(tag="THESIS"), SortKey.TITLE, descending=False) == sorted(
        [1, 2, 3], key=lambda i: loaded.paper(i).title.casefold()
    )
    loaded.tags.remove([1, 2, 3], ["to-read"])
    assert [t.name for t in loaded.tags.all()] == ["thesis"]
    loaded.tags.set(1, ["new", "thesis"])
    assert loaded.tags.of(1) == ["new", "thesis"]


@pytest.mark.parametrize("bad", ["", "   ", "a,b", "x" * 65])
def test_bad_tag_names_are_refused(loaded: Library, bad: str) -> None:
    with pytest.raises(InvalidInputError):
        loaded.tags.add([1], [bad])


def test_remove_hides_and_restore_brings_back(loaded: Library, sample_paths: list[Path]) -> None:
    loaded.remove([1])
    assert loaded.stats().papers == 229
    with pytest.raises(NotFoundError):
        loaded.paper(1)
    loaded.import_file(sample_paths[0])  # a re-import does not resurrect it
    assert loaded.stats().papers == 229
    loaded.restore([1])
    assert loaded.paper(1).id == 1


def test_sorting_and_filters_happen_in_sql(loaded: Library) -> None:
    by_up = loaded.rows(loaded.paper_ids(sort=SortKey.UPVOTES, descending=True, limit=5))
    assert [r.upvotes for r in by_up] == sorted((r.upvotes for r in by_up), reverse=True)
    titles = [
        r.title.casefold()
        for r in loaded.rows(loaded.paper_ids(sort=SortKey.TITLE, descending=False))
    ]
    assert titles == sorted(titles)
    march = loaded.paper_ids(
        PaperFilter(digest_day=date(2026, 3, 13)), SortKey.POSITION, descending=False
    )
    assert loaded.paper(march[0]).title.startswith("Know You First and Be You Better")
    assert len(march) == 40


def test_listeners_hear_each_committed_change(loaded: Library) -> None:
    heard: list[ChangeSet] = []
    unsubscribe = loaded.subscribe(heard.append)
    loaded.mark([3], starred=True)
    loaded.tags.add([3], ["x"])
    unsubscribe()
    loaded.mark([4], starred=True)
    assert [c.paper_ids for c in heard] == [frozenset({3}), frozenset({3})]
    assert heard[1].structure


def test_settings_roundtrip(library: Library) -> None:
    assert library.settings.get("mark_read_after", "2") == "2"
    library.settings.set("mark_read_after", "never")
    assert library.settings.get("mark_read_after") == "never"
