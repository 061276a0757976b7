"""The Hugging Face Daily Papers text format, on the real samples and on edge cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import parse_input
from readinglist.core.importers.base import MAX_LINE
from readinglist.core.importers.hf_pages import infer_year, parse
from readinglist.core.tables import Precision

TODAY = date(2026, 11, 21)
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\n"
)


def _digest(body: str, day: str = "Mar 13") -> str:
    return f"{HEADER}{day}\n\n{body}"


def test_sample_digests_have_the_known_counts(sample_paths: list[Path]) -> None:
    counts = []
    for path in sample_paths:
        batch = parse_input(path.read_bytes(), path.name, today=TODAY)
        (digest,) = batch.digests
        counts.append(len({p.title.casefold() for p in digest.papers}))
    assert counts == [40, 62, 81, 38, 92]


def test_sample_days_are_inferred_in_the_import_year(sample_paths: list[Path]) -> None:
    days = [parse_input(p.read_bytes(), p.name, today=TODAY).digests[0].day for p in sample_paths]
    assert days == [
        date(2026, 3, 13),
        date(2026, 3, 14),
        date(2026, 6, 6),
        date(2026, 10, 31),
        date(2026, 4, 22),
    ]


def test_metadata_blocks_of_the_october_digest(sample_paths: list[Path]) -> None:
    path = next(p for p in sample_paths if p.name.startswith("003_"))
    papers = parse_input(path.read_bytes(), path.name, today=TODAY).digests[0].papers
    with_meta = [p for p in papers if p.author_count is not None and p.published is not None]
    assert len(with_meta) == 36
    first = papers[0]
    assert (
        first.title == "Towards Unified Conversational Recommender Systems via "
        "Knowledge-Enhanced Prompt Learning"
    )
    assert (first.author_count, first.published, first.precision) == (
        4,
        date(2022, 6, 19),
        Precision.DAY,
    )
    by_title = {p.title: p for p in papers}
    # "May 18" carries no year: it takes the digest's (2026).
    tkre = by_title[
        "Bridging Generative and Discriminative Learning: Few-Shot Relation Extraction "
        "via Two-Stage Knowledge-Guided Pre-training"
    ]
    assert tkre.published == date(2026, 5, 18)


def test_trailing_upvote_count_and_single_author() -> None:
    text = _digest(
        "Paper One\n\nAbstract one.\n\n  • 1 author\n·\nMar 20 2\n\n"
        "Paper Two\n\nAbstract two.\n\n  • 12 authors\n·\nFeb 4, 2023 15\n",
        day="Mar 25",
    )
    one, two = parse(text, "t", today=TODAY).digests[0].papers
    assert (one.author_count, one.published, one.upvotes) == (1, date(2026, 3, 20), 2)
    assert (two.author_count, two.published, two.upvotes) == (12, date(2023, 2, 4), 15)


def test_both_shapes_mixed_in_one_file() -> None:
    text = _digest(
        "A\n\nabstract a\n\nB\n\nabstract b\n\n  • 3 authors\n·\nJan 2, 2024\n\nC\n\nabstract c\n"
    )
    papers = parse(text, "t", today=TODAY).digests[0].papers
    assert [(p.title, p.author_count) for p in papers] == [("A", None), ("B", 3), ("C", None)]


def test_a_paper_date_after_the_digest_day_belongs_to_the_year_before() -> None:
    text = _digest("A\n\nabstract\n\n  • 2 authors\n·\nDec 30\n", day="Jan 3")
    (paper,) = parse(text, "t", today=TODAY).digests[0].papers
    assert paper.published == date(2025, 12, 30)


@pytest.mark.parametrize(
    ("month", "day", "today", "expected"),
    [
        (3, 13, date(2026, 11, 21), date(2026, 3, 13)),
        (11, 21, date(2026, 11, 21), date(2026, 11, 21)),
        (11, 22, date(2026, 11, 21), date(2025, 11, 22)),
        (12, 31, date(2026, 1, 1), date(2025, 12, 31)),
        (2, 29, date(2026, 11, 21), date(2024, 2, 29)),
        (2, 29, date(2024, 2, 29), date(2024, 2, 29)),
        (2, 29, date(2024, 2, 28), date(2020, 2, 29)),
    ],
)
def test_infer_year(month: int, day: int, today: date, expected: date) -> None:
    assert infer_year(month, day, today) == expected


def test_date_override_replaces_the_inferred_day() -> None:
    batch = parse(_digest("A\n\nabstract\n"), "t", today=TODAY, day=date(2025, 3, 13))
    assert batch.digests[0].day == date(2025, 3, 13)


def test_windows_endings_bom_nbsp_and_stray_whitespace_do_not_leak() -> None:
    text = _digest(
        "  Title\u00a0with  spaces \n\n\tAn\u00a0abstract\u200b here.  \n\n"
        "  • 2 authors\n·\nMar 1, 2024\n"
    )
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    (paper,) = parse_input(data, "t", today=TODAY).digests[0].papers
    assert paper.title == "Title with spaces"
    assert paper.abstract == "An abstract here."
    assert paper.author_count == 2


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b"", "empty", None),
        (b"  \n\n \r\n", "empty", None),
        (b"new\n\nMar 13\n\nA\x00B\n", "binary", 5),
        (b"new\n\nMar 13\n\nCaf\x81\n\nabstract\n", "not UTF-8", 5),
        (b"Dear colleague,\n\nhere is my text.\n", "not a format", None),
        (_digest("").encode(), "no papers", None),
        (_digest("  • 3 authors\n·\nMar 1\n").encode(), "no paper before", 11),
        (_digest("x" * 700 + "\n\nabstract\n").encode(), "paragraph", 11),
        (
            _digest("A\n\nabstract\n\n  • 2 authors\n·\nFeb 30, 2023\n").encode(),
            "not a real date",
            17,
        ),
        (HEADER.encode() + b"A\n\nabstract\n", "no day line", 9),
    ],
)
def test_bad_input_is_rejected_with_file_line_and_reason(
    data: bytes, reason: str, line: int | None
) -> None:
    with pytest.raises(ImportFailed) as info:
        parse_input(data, "digest.txt", today=TODAY)
    assert reason in info.value.reason
    assert info.value.line == line
    assert str(info.value).startswith("digest.txt")


def test_a_paper_without_an_abstract_comes_in_with_a_warning() -> None:
    batch = parse_input(_digest("Only a title\n").encode(), "digest.txt", today=TODAY)
    (paper,) = batch.digests[0].papers
    assert (paper.title, paper.abstract) == ("Only a title", "")
    (notice,) = batch.notices
    assert (notice.line, notice.skipped) == (11, False)
    assert "no abstract" in notice.message


def test_too_long_line_is_rejected() -> None:
    data = _digest("A\n\n" + "w" * (MAX_LINE + 1) + "\n").encode()
    with pytest.raises(ImportFailed, match=r"digest.txt, line 13: line too long"):
        parse_input(data, "digest.txt", today=TODAY)


def test_too_large_input_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("readinglist.core.importers.base.MAX_BYTES", 100)
    with pytest.raises(ImportFailed, match="too large"):
        parse_input(_digest("A\n\n" + "w" * 200 + "\n").encode(), "big.txt", today=TODAY)


def test_duplicate_titles_within_a_digest_are_left_to_the_merge() -> None:
    text = _digest("Same Title\n\nabstract\n\nsame  title\n\nabstract again\n")
    papers = parse(text, "t", today=TODAY).digests[0].papers
    assert len(papers) == 2  # the parser keeps both; the merge makes them one paper


# links pasted with a digest ----------------------------------------------

LINKS_HEADER = "new\n\nSubscribe\n\nMar 13\n\n"


def test_the_sample_digests_keep_their_counts_and_gain_no_ids(sample_paths: list[Path]) -> None:
    counts = []
    for item in sample_paths:
        batch = parse(item.read_text("utf-8"), item.name, today=TODAY)
        papers = batch.digests[0].papers
        counts.append(len(papers))
        assert all(p.arxiv_id is None for p in papers)
    assert counts == [40, 62, 81, 38, 92]


def test_link_lines_fill_the_arxiv_id_of_their_paper() -> None:
    text = LINKS_HEADER + (
        "First Paper\n"
        "https://huggingface.co/papers/2503.09566\n"
        "An abstract about the first paper.\n\n"
        "Second Paper\n\n"
        "arXiv:2301.00001v2\n\n"
        "The second abstract.\n\n"
        "Third Paper\nIts abstract, building on arXiv:2201.00001.\n\n"
        "• 3 authors\n·\nMar 20 2\n\n"
        "Paper: <https://arxiv.org/abs/hep-th/9901001v1>\n\n"
        "Fourth Paper\nSee the page at https://huggingface.co/papers/2402.00002 for code.\n"
    )
    papers = parse(text, "pasted", today=TODAY).digests[0].papers
    assert [(p.title, p.arxiv_id) for p in papers] == [
        ("First Paper", "2503.09566"),
        ("Second Paper", "2301.00001"),
        ("Third Paper", "hep-th/9901001"),
        ("Fourth Paper", "2402.00002"),
    ]
    assert papers[0].abstract == "An abstract about the first paper."
    assert papers[1].abstract == "The second abstract."
    assert papers[2].abstract == "Its abstract, building on arXiv:2201.00001."
    assert papers[2].author_count == 3
    assert papers[2].upvotes == 2


def test_a_plain_arxiv_mention_in_an_abstract_is_not_the_papers_id() -> None:
    text = LINKS_HEADER + "A Paper\nWe extend arXiv:2201.00001 to more languages.\n"
    assert parse(text, "pasted", today=TODAY).digests[0].papers[0].arxiv_id is None


def test_links_alone_are_still_no_digest() -> None:
    with pytest.raises(ImportFailed, match="no papers found"):
        parse(LINKS_HEADER + "https://huggingface.co/papers/2503.09566\n", "x", today=TODAY)
