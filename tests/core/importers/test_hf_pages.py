"""Hugging Face papers pages in every shape people copy them (``tests/data/hf_pages``).

Two fixtures are real captures (a search page exported as plain text, the
trending page as a scraper's Markdown); the others are built the way each
shape lays the real pages out (see ``tests/data/hf_pages/README.md``).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import IncomingPaper, ParsedBatch, detect, parse_input
from readinglist.core.text import title_key
from tests.core.importers.hf_pages_expected import EXPECTED, SITE_TEXT, TODAY
from tests.snapshots import DATA

PAGES = DATA / "hf_pages"


def read(name: str, data: bytes | None = None, *, day: date | None = None) -> ParsedBatch:
    raw = (PAGES / name).read_bytes() if data is None else data
    return parse_input(raw, name, today=TODAY, day=day)


def distinct(batch: ParsedBatch) -> dict[str, IncomingPaper]:
    out: dict[str, IncomingPaper] = {}
    for paper in batch.all_papers():
        out.setdefault(title_key(paper.title), paper)
    return out


def test_there_are_fixtures_of_realistic_size() -> None:
    assert {p.name for p in PAGES.iterdir()} - {"README.md"} == set(EXPECTED)
    assert len(EXPECTED) >= 8
    assert all(30 <= page.count <= 120 for page in EXPECTED.values())


@pytest.mark.parametrize("name", EXPECTED)
def test_each_shape_reads_its_exact_papers(name: str) -> None:
    expected = EXPECTED[name]
    batch = read(name)
    assert batch.kind == expected.kind
    if expected.page == "daily":
        (digest,) = batch.digests
        assert (digest.day, batch.sources) == (expected.day, ())
    else:
        (source,) = batch.sources
        assert (source.page, source.query, source.seen) == (
            expected.page,
            expected.query,
            expected.day,
        )
        assert batch.digests == ()
    papers = distinct(batch)
    assert len(papers) == expected.count
    for want in expected.papers:
        got = papers[title_key(want.title)]
        assert got.title == want.title
        assert (got.arxiv_id, got.author_count, got.published) == (
            want.arxiv_id,
            want.authors,
            want.published,
        ), want.title
        assert (got.upvotes or None, got.organisation) == (want.upvotes, want.organisation)
    assert not SITE_TEXT & set(papers), "the site's own text came in as a paper"
    if expected.linked:
        assert all(p.arxiv_id for p in papers.values())
        assert len({p.arxiv_id for p in papers.values()}) == expected.count


@pytest.mark.parametrize("name", EXPECTED)
def test_every_shape_is_recognised_as_a_papers_page(name: str) -> None:
    text = (PAGES / name).read_text(encoding="utf-8")
    assert detect(text) == "hf-text"  # one reader; the batch says which shape it read


# the shapes' particulars ----------------------------------------------------------------


def test_cards_repeated_by_a_scraper_are_one_paper_each() -> None:
    batch = read("hf_trending_markdown_duplicated.md")
    assert len(batch.all_papers()) == 100
    assert len(distinct(batch)) == 50
    assert batch.notices == ()


def test_a_date_glued_to_a_comment_link_is_a_date() -> None:
    text = (
        "# Daily Papers\n\nby AK and the research community\n\nJun 2\n\n"
        "### [A Paper](https://huggingface.co/papers/2505.01234)\n\n"
        "[- ![](https://a/1.png) ![](https://a/2.png) 3 authors](https://huggingface.co/papers/2505.01234)"
        " · Published on May 29[6](https://huggingface.co/papers/2505.01234#community)\n"
    )
    (paper,) = parse_input(text.encode(), "page.md", today=TODAY).all_papers()
    assert (paper.published, paper.author_count, paper.arxiv_id) == (
        date(2026, 5, 29),
        3,
        "2505.01234",
    )


def test_markdown_abstracts_lose_their_marks() -> None:
    papers = distinct(read("search_markdown_reader.md"))
    abstracts = [p.abstract for p in papers.values()]
    assert all(a and not a.startswith(("[", "!", "Image")) and "](" not in a for a in abstracts)
    assert not any("\\" in a for a in abstracts)  # hard breaks and escapes undone
    titles = [p.title for p in papers.values()]
    assert not any(re.search(r"Image \d+:|\]\(|!\[", t) for t in titles)


def test_no_abstracts_on_a_page_is_one_warning() -> None:
    batch = read("weekly_markdown_clipper.md")
    (notice,) = batch.notices
    assert "no abstracts" in notice.message and "45 papers" in notice.message
    assert all(p.abstract == "" for p in batch.all_papers())


def test_a_paper_without_an_abstract_is_a_warning_naming_its_line() -> None:
    batch = read("daily_text_current.txt")
    (notice,) = batch.notices
    assert notice.line == 200 and not notice.skipped
    assert "Bridging Generative and Discriminative Learning" in notice.message
    assert len(batch.all_papers()) == 60


@pytest.mark.parametrize(
    "spaces",
    ["\u00a0", "\u2007", "\u2009", "\u202f", "\u205f", "\u3000", "\t"],
    ids=["nbsp", "figure", "thin", "narrow-nbsp", "math", "ideographic", "tab"],
)
def test_whitespace_of_any_kind_in_header_and_details(spaces: str) -> None:
    s = spaces
    text = (
        f"new\n\nSubscribe\n\nby{s}AK{s}and the research community\n\nSep{s}4\n\n"
        f"A Paper\n\nIts abstract.\n\n  •{s}7{s}authors\n·\nPublished{s}on Sep{s}2,{s}2026\n"
    )
    batch = parse_input(text.encode(), "page.txt", today=TODAY)
    (paper,) = batch.digests[0].papers
    assert batch.digests[0].day == date(2026, 9, 4)
    assert (paper.author_count, paper.published) == (7, date(2026, 9, 2))


def test_utf16_with_a_bom_reads_the_same_and_says_so() -> None:
    text = (PAGES / "daily_text_older.txt").read_text(encoding="utf-8")
    batch = read("daily_text_older.txt", text.replace("\n", "\r\n").encode("utf-16"))
    assert batch.encoding == "UTF-16"
    assert batch.all_papers() == read("daily_text_older.txt").all_papers()


def test_windows_1252_reads_the_same_and_says_so() -> None:
    name = "hf_search_plaintext_intercode-bash.txt"
    data = (PAGES / name).read_text(encoding="utf-8").encode("cp1252")
    batch = read(name, data)
    assert batch.encoding == "Windows-1252"
    assert batch.all_papers() == read(name).all_papers()


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("daily_text_current.txt", 12),
        ("search_markdown_reader.md", 7),
        ("daily_lynx_dump.txt", 20),
        ("hf_search_plaintext_intercode-bash.txt", 33),
    ],
)
def test_a_capture_cut_off_mid_abstract_keeps_every_whole_paper_and_flags_the_last(
    name: str, kept: int
) -> None:
    whole = list(distinct(read(name)).values())
    text = (PAGES / name).read_text(encoding="utf-8")
    last = whole[kept - 1]
    words = last.abstract.split()
    cut_at = text.index(" ".join(words[10:14])) + len(" ".join(words[10:12]))
    batch = read(name, text[:cut_at].encode())
    papers = list(distinct(batch).values())
    assert [p.title for p in papers] == [p.title for p in whole[:kept]]

    def seen_as(paper: IncomingPaper) -> tuple[str, str, int | None]:
        return (paper.title, paper.abstract, paper.author_count)

    # (A dump cut short loses its list of links at the end, and the ids with it.)
    assert [seen_as(p) for p in papers[:-1]] == [seen_as(p) for p in whole[: kept - 1]]
    assert last.abstract.startswith(papers[-1].abstract) and papers[-1].abstract != last.abstract
    flagged = [n for n in batch.notices if "middle of the abstract" in n.message]
    assert len(flagged) == 1 and last.title[:40] in flagged[0].message


def test_a_page_that_is_not_a_digest_takes_the_day_given_as_the_day_seen() -> None:
    batch = read("hf_trending_markdown_duplicated.md", day=date(2026, 1, 5))
    assert (batch.sources[0].seen, batch.digests) == (date(2026, 1, 5), ())


def test_a_daily_page_takes_its_year_from_its_links_to_the_days_around_it() -> None:
    batch = read("daily_lynx_dump.txt")  # "Oct 30" alone; Previous links to 2025-10-29
    assert batch.digests[0].day == date(2025, 10, 30)


@pytest.mark.parametrize(
    "text",
    [
        "[![Hugging Face's logo](https://huggingface.co/x.svg) Hugging Face](https://huggingface.co/)\n",
        "   [1]Hugging Face's logo Hugging Face\n",
    ],
)
def test_a_page_opening_with_a_bracket_is_not_json(text: str) -> None:
    page = (
        text
        + "\n# Daily Papers\n\nSep 4\n\n### [A Paper](https://huggingface.co/papers/2509.01234)\n"
    )
    assert detect(page) == "hf-text"
    assert detect('[{"paper": {}}]') == "hf-json"


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("Notes on https://huggingface.co/papers and more.\n\nNothing else.\n", "no day line", 1),
        ("# Trending Papers\n\nby AK and the research community\n", "no papers", None),
        (
            "---\nurl: https://huggingface.co/papers/trending\n---\n\n## Company\n",
            "no papers",
            None,
        ),
    ],
)
def test_what_is_not_a_papers_page_is_refused_naming_file_and_line(
    text: str, reason: str, line: int | None
) -> None:
    with pytest.raises(ImportFailed) as info:
        parse_input(text.encode(), "notes.md", today=TODAY)
    assert reason in info.value.reason
    assert info.value.line == line
    assert str(info.value).startswith("notes.md")


def test_a_page_of_short_lines_is_not_taken_for_wrapped_text() -> None:
    """Today's layout without its abstracts: titles near one length, each followed by
    details in capitals; nothing may be joined onto a title."""
    whole = distinct(read("daily_text_current.txt"))
    abstracts = {p.abstract for p in whole.values() if p.abstract}
    text = (PAGES / "daily_text_current.txt").read_text(encoding="utf-8")
    kept = [line for line in text.split("\n") if line not in abstracts]
    batch = parse_input("\n".join(kept).encode(), "titles.txt", today=TODAY)
    assert [p.title for p in batch.all_papers()] == [p.title for p in whole.values()]
    (notice,) = batch.notices
    assert "no abstracts" in notice.message


def test_a_title_linked_elsewhere_does_not_take_the_next_cards_thumbnail() -> None:
    """The next card's thumbnail links to its paper before its title: a card whose
    own title gives no id must not take that one (two papers would become one)."""
    papers = "https://huggingface.co/papers"
    cards = [("First Paper", f"{papers}/2603.00001"), ("Second Paper", "https://example.org/x")]
    cards += [("Third Paper", f"{papers}/2603.00003")]
    lines = ["# Daily Papers", "", "by AK and the research community", "", "Mar 16", ""]
    for title, link in cards:
        lines += [f"[![]({link}.png)]({link})", "", "[4](https://huggingface.co/login)", ""]
        lines += [f"### [{title}]({link})", "", f"[The abstract of {title}.]({link})", ""]
        lines += [f"[- 3 authors]({link}) · Published on Mar 13", ""]
    batch = parse_input("\n".join(lines).encode(), "page.md", today=TODAY)
    assert [(p.title, p.arxiv_id) for p in batch.all_papers()] == [
        ("First Paper", "2603.00001"),
        ("Second Paper", None),
        ("Third Paper", "2603.00003"),
    ]
