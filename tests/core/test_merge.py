"""Merging sources into one library: identity, enrichment, what is never touched."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from readinglist.core.errors import ImportFailed
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.tables import PAPER
from tests.conftest import TODAY
from tests.helpers import dump
from tests.snapshots import DATA, by_title, digest_members, paper_rows

JSON = DATA / "hf_daily_papers.json"
ATOM = DATA / "arxiv_query.atom"
BIB = DATA / "references.bib"
KNOW = "Know the Unknown: An Uncertainty-Sensitive Method"
SOLVER = "Knowledge Solver: Teaching LLMs"


def test_text_digest_then_json_of_the_same_day_enriches_each_title_once(
    library: Library, sample_paths: list[Path]
) -> None:
    library.import_file(sample_paths[0])
    report = library.import_file(JSON)
    assert (report.papers, report.new, report.enriched, report.unchanged) == (5, 1, 4, 0)
    assert report.days == (date(2026, 3, 13), date(2026, 3, 14))
    assert library.stats().papers == 41
    march13 = next(d for d in library.digests() if d.day == date(2026, 3, 13))
    assert march13.papers == 40  # the JSON's four papers were already in it
    know = by_title(library, KNOW)
    assert know["arxiv_id"] == "2406.10099"
    assert know["authors"] == ["Jiaqi Wen", "Oskar Lindqvist"]
    assert know["author_count"] == 2
    assert know["published"] == date(2024, 6, 14)
    assert know["upvotes"] == 9
    # The digest's full abstract beats the JSON's shortened one.
    assert not know["abstract"].endswith("…")
    solver = by_title(library, SOLVER)
    assert solver["title"] == (
        "Knowledge Solver: Teaching LLMs to Search for Domain Knowledge from Knowledge Graphs"
    )
    assert solver["arxiv_id"] == "2309.03118"
    again = library.import_file(JSON)
    assert again.nothing_new
    assert (again.new, again.enriched, again.unchanged) == (0, 0, 5)


def test_atom_and_bibtex_add_what_the_others_lack(
    library: Library, sample_paths: list[Path]
) -> None:
    library.import_file(sample_paths[0])
    library.import_file(sample_paths[1])
    library.import_file(JSON)
    atom = library.import_file(ATOM)
    assert (atom.papers, atom.new, atom.enriched, atom.unchanged) == (4, 2, 2, 0)
    know = by_title(library, KNOW)
    assert know["authors"] == ["Jiaqi Wen", "Oskar Lindqvist", "Mei Tanaka"]  # the longest list
    assert know["primary_class"] == "cs.CL"
    wise = by_title(library, "WISE: Rethinking")  # from the Mar 14 text digest, matched by title
    assert wise["arxiv_id"] == "2405.14768"
    assert by_title(library, "Boundary States")["arxiv_id"] == "hep-th/9901001"
    bib = library.import_file(BIB)
    assert (bib.papers, bib.new, bib.enriched, bib.unchanged) == (5, 2, 3, 0)
    know = by_title(library, KNOW)
    assert know["venue"] == "Transactions on Fictional Learning"
    assert know["published"] == date(2024, 6, 14)  # a day beats the file's month
    assert know["citation_key"] == "Wen2024Unknown"
    assert by_title(library, "Stabilité des équations")["citation_key"] == "Garcia2019"
    # "garcia2019" differs from "Garcia2019" only in case: replaced, and said so.
    assert by_title(library, "A Second Note")["citation_key"] == "berg2019second"
    assert any("garcia2019" in str(n) and "berg2019second" in str(n) for n in bib.notices)


SOURCES = ("digest0", "digest1", "json", "atom", "bib")


def _orders() -> list[tuple[str, ...]]:
    """Every rotation of the sources, forwards and backwards (10 distinct orders)."""
    rotations = [SOURCES[i:] + SOURCES[:i] for i in range(len(SOURCES))]
    return rotations + [tuple(reversed(r)) for r in rotations]


def _import_in_order(root: Path, order: tuple[str, ...], paths: dict[str, Path]) -> Library:
    library = open_library(root, today=lambda: TODAY)
    for name in order:
        library.import_file(paths[name])
    return library


def test_the_same_sources_in_any_order_give_the_same_library(
    tmp_path: Path, sample_paths: list[Path]
) -> None:
    paths = {"digest0": sample_paths[0], "digest1": sample_paths[1], "json": JSON}
    paths.update(atom=ATOM, bib=BIB)
    pictures = []
    for number, order in enumerate(_orders()):
        with _import_in_order(tmp_path / f"lib{number}", order, paths) as library:
            pictures.append((order, paper_rows(library), digest_members(library)))
    first_order, papers, members = pictures[0]
    assert len(papers) == 40 + 33 + 1 + 2 + 2
    for order, other_papers, other_members in pictures[1:]:
        assert other_papers == papers, f"{order} differs from {first_order}"
        assert other_members == members, f"{order} differs from {first_order}"


def test_user_data_is_never_overwritten(library: Library, sample_paths: list[Path]) -> None:
    library.import_file(sample_paths[0])
    know = by_title(library, KNOW)["id"]
    solver = by_title(library, SOLVER)["id"]
    library.mark([know], read=True, starred=True)
    library.set_note(know, "Read for the reading group.")
    library.tags.add([know], ["uncertainty"])
    library.edit(know, venue="My Workshop", authors=["Wen, J."], year=2025)
    with library.db.write() as conn:  # a key assigned by an export
        conn.execute(update(PAPER).where(PAPER.c.id == solver).values(citation_key="ksl"))
    for path in (JSON, ATOM, BIB):
        library.import_file(path)
    paper = library.paper(know)
    assert (paper.read, paper.starred, paper.note) == (True, True, "Read for the reading group.")
    assert library.tags.of(know) == ["uncertainty"]
    assert paper.venue == "My Workshop"
    assert paper.authors == ["Wen, J."]
    assert paper.author_count == 1
    assert (paper.published, paper.published_precision) == (date(2025, 1, 1), "year")
    assert paper.arxiv_id == "2406.10099"  # not edited: filled in
    assert paper.citation_key == "Wen2024Unknown"
    assert library.paper(solver).citation_key == "ksl"  # not feng2023solver


def test_a_key_another_paper_uses_is_not_taken(library: Library) -> None:
    library.import_text("new\n\nMar 13\n\nSome Paper\nIts abstract.\n")
    with library.db.write() as conn:
        conn.execute(update(PAPER).values(citation_key="WEN2024UNKNOWN"))
    report = library.import_file(BIB)
    # The file's key names another paper: this one gets a generated key, and hears why.
    assert by_title(library, KNOW)["citation_key"] == "wen2024know"
    (notice,) = [n for n in report.notices if n.key == "Wen2024Unknown"]
    assert "already names another paper" in notice.message and "wen2024know" in notice.message


def test_one_batch_listing_a_paper_twice_stores_it_once(library: Library) -> None:
    text = """[
  {"paper": {"id": "2301.00001", "title": "Twice Listed", "summary": "Short.",
             "submittedOnDailyAt": "2026-03-13T01:00:00Z", "upvotes": 3}},
  {"paper": {"id": "2301.00001v2", "title": "Twice listed", "summary": "Longer abstract.",
             "submittedOnDailyAt": "2026-03-14T01:00:00Z", "upvotes": 5,
             "authors": [{"name": "A One"}]}},
  {"paper": {"title": "TWICE LISTED", "summary": "",
             "submittedOnDailyAt": "2026-03-14T01:00:00Z"}}
]"""
    report = library.import_text(text, "twice.json")
    assert (report.papers, report.new, report.entries_added) == (1, 1, 2)
    row = by_title(library, "Twice")
    assert (row["title"], row["abstract"], row["upvotes"]) == (
        "TWICE LISTED",
        "Longer abstract.",
        5,
    )
    assert row["authors"] == ["A One"]
    assert row["digest_day"] == date(2026, 3, 13)


def test_a_source_title_differing_from_the_librarys_keeps_both_findable(library: Library) -> None:
    library.import_text(
        '[{"paper": {"id": "2301.00001", "title": "Short Title", "summary": "S."}}]', "a.json"
    )
    report = library.import_text(
        "@misc{k, title={Short Title: With a Subtitle}, eprint={2301.00001}}", "b.bib"
    )
    assert (report.new, report.enriched) == (0, 1)
    assert by_title(library, "Short Title")["title"] == "Short Title: With a Subtitle"
    # A later digest with the old title finds the same paper through the alias.
    again = library.import_text("new\n\nMar 13\n\nShort Title\nS.\n")
    assert (again.new, library.stats().papers) == (0, 1)


BAD = [
    ("bad.json", b'[{"paper": {"id": "2301.00001", "title": "X",}}]'),
    ("wrong.json", b'{"papers": [{"title": "X"}]}'),
    ("evil.atom", b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "b">]><feed/>'),
    ("page.xml", b"<html><body>nothing</body></html>"),
    ("empty.bib", b"% nothing but comments\n@comment{x}\n"),
    ("broken.bib", b"@misc{a, title={A}\n@misc{b, author={B}}\n"),
    ("digest.txt", b"new\n\nMar 13\n\n\x81\x8d broken"),
]


@pytest.mark.parametrize(("name", "data"), BAD, ids=[n for n, _ in BAD])
def test_a_bad_file_in_any_format_changes_nothing(
    loaded: Library, tmp_path: Path, name: str, data: bytes
) -> None:
    loaded.import_file(JSON)
    before = dump(loaded)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFailed) as caught:
        loaded.import_file(path)
    assert str(caught.value).startswith(str(path))
    assert dump(loaded) == before


def test_a_failure_inside_the_merge_rolls_everything_back(
    loaded: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.core import merge

    before = dump(loaded)

    def broken(*_args: object) -> int:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(merge, "_record_digests", broken)
    with pytest.raises(RuntimeError):
        loaded.import_file(JSON)
    assert dump(loaded) == before


def test_the_order_of_entries_within_one_file_does_not_matter(library: Library) -> None:
    """Within one file, the order of entries does not change the merged values either."""
    entries = [
        "@misc{a, title={Alpha}, author={X, Y}, year=2020}",
        "@misc{b, title={alpha}, author={X, Y and Z, W}, eprint={2001.00001}}",
        "@misc{c, title={Beta}, eprint={2001.00001v3}, year=2021, month=may}",
    ]
    pictures = set()
    for number, order in enumerate(itertools.permutations(entries)):
        with open_library(library.paths.root.parent / f"p{number}", today=lambda: TODAY) as lib:
            lib.import_text("\n".join(order), "p.bib")
            with lib.db.read() as conn:
                rows = conn.execute(
                    select(PAPER.c.title, PAPER.c.authors, PAPER.c.arxiv_id, PAPER.c.published)
                ).all()
            pictures.add(repr(sorted(map(tuple, rows))))
    assert len(pictures) == 1
