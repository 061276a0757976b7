"""A real bibliography comes in whole: each rule of the .bib format, on a fixture.

``tests/data/bibliography.bib`` holds what thesis bibliographies hold:
``@string`` macros with ``#``, month macros, a ``@preamble``, ``@comment``s
and JabRef's metadata, ``crossref`` and ``xdata``, a ``@set``, an entry that
never closes, one without a title, one with an unsafe key, two entries that
are one paper, and every common type.
"""

from __future__ import annotations

from datetime import date

import pytest

from readinglist.core.bibtex import values
from readinglist.core.importers import bibtex_file, parse_input
from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from readinglist.core.tables import Precision
from tests.snapshots import DATA

FIXTURE = DATA / "bibliography.bib"


@pytest.fixture(scope="module")
def batch() -> ParsedBatch:
    return bibtex_file.parse(FIXTURE.read_text("utf-8"), "bibliography.bib")


def _paper(batch: ParsedBatch, key: str) -> IncomingPaper:
    (found,) = [p for p in batch.papers if p.citation_key == key]
    return found


def test_every_entry_that_can_be_a_paper_comes_in(batch: ParsedBatch) -> None:
    assert [p.citation_key for p in batch.papers] == [
        "vaswani2017attention", "Kingma2015Adam", "Goodfellow2016Book", "koller2007chapter",
        "getoor2007collection", "mueller2019thesis", "ng2018masters", "openai2023gpt4",
        "smith2020patent", "hf2024blog", "he2016resnet", "Vaswani_2017", "after2021",
        "unsafe key",
    ]  # fmt: skip
    skipped = {n.key: n.message for n in batch.notices if n.skipped}
    assert set(skipped) == {"ieee-tpami", "transformers", "broken2020", "no title here"}
    assert "@xdata" in skipped["ieee-tpami"] and "@set" in skipped["transformers"]
    assert "not valid BibTeX" in skipped["broken2020"]
    assert "no title" in skipped["no title here"]
    lines = {n.key: n.line for n in batch.notices if n.skipped}
    text = FIXTURE.read_text("utf-8").splitlines()
    for key, line in lines.items():  # each notice names the line the entry starts on
        assert line is not None and key is not None and key in text[line - 1]


def test_types_and_fields_are_kept_as_written(batch: ParsedBatch) -> None:
    record = _paper(batch, "mueller2019thesis").record
    assert record is not None and record.entry_type == "phdthesis"
    assert record.fields["title"] == '{Lernen mit wenig Daten: {\\"U}ber die Grenzen des Transfers}'
    assert record.fields["school"] == '{Technische Universit{\\"a}t M{\\"u}nchen}'
    assert record.fields["type"] == "{Dissertation}"
    vaswani = _paper(batch, "vaswani2017attention").record
    assert vaswani is not None
    assert list(vaswani.fields)[:5] == ["author", "title", "journal", "volume", "pages"]
    assert vaswani.fields["year"] == "2017" and vaswani.fields["month"] == "dec"
    assert vaswani.fields["archiveprefix"] == "{arXiv}"  # names lower-cased
    assert vaswani.fields["owner"] == "{student}"  # custom fields too


def test_strings_concatenation_and_months(batch: ParsedBatch) -> None:
    kingma = _paper(batch, "Kingma2015Adam")
    assert kingma.record is not None
    assert kingma.record.fields["booktitle"] == (
        "{Proceedings of the International Conference on Machine Learning (Workshop track)}"
    )
    assert kingma.record.fields["month"] == "{10~} # may"  # a month macro stays a macro
    assert values.latex(kingma.record.fields["month"]) == "10~May"
    assert (
        kingma.venue
        == "Proceedings of the International Conference on Machine Learning (Workshop track)"
    )
    assert kingma.editors == ("Yoshua Bengio", "Yann LeCun")
    after = _paper(batch, "after2021")
    assert after.record is not None and after.record.fields["journal"] == (
        "{Journal of Machine Learning Research}"
    )
    assert after.record.fields["volume"] == "22"


def test_undefined_macros_are_kept_as_text_and_said(batch: ParsedBatch) -> None:
    unsafe = _paper(batch, "unsafe key")
    assert unsafe.record is not None and unsafe.record.fields["venue"] == "{nips}"
    (notice,) = [n for n in batch.notices if n.key == "unsafe key"]
    assert "no @string defines nips" in notice.message


def test_preambles_are_kept_and_their_empty_macros_print_nothing(batch: ParsedBatch) -> None:
    assert batch.preambles == (
        "\\providecommand{\\noopsort}[1]{} \\providecommand{\\SortNoop}[1]{}",
    )
    goodfellow = _paper(batch, "Goodfellow2016Book")
    assert goodfellow.record is not None
    assert goodfellow.record.fields["year"] == "{{\\noopsort{2016a}}2016}"
    assert (goodfellow.published, goodfellow.precision) == (date(2016, 1, 1), Precision.YEAR)


def test_crossref_and_xdata_are_inherited_as_biber_does(batch: ParsedBatch) -> None:
    chapter = _paper(batch, "koller2007chapter").record
    assert chapter is not None
    # a @collection's title is its chapters' booktitle; the rest by the same name
    assert chapter.fields["booktitle"] == "{Introduction to Statistical Relational Learning}"
    assert chapter.fields["title"] == "{Graphical Models in a Nutshell}"
    assert chapter.fields["editor"] == "{Getoor, Lise and Taskar, Ben}"
    assert chapter.fields["publisher"] == "{{MIT} Press}"
    assert "crossref" not in chapter.fields  # resolved: the entry stands alone
    resnet = _paper(batch, "he2016resnet")
    assert resnet.record is not None
    assert resnet.record.fields["journaltitle"] == (
        "{{IEEE} Transactions on Pattern Analysis and Machine Intelligence}"
    )
    assert "xdata" not in resnet.record.fields
    assert resnet.venue == "IEEE Transactions on Pattern Analysis and Machine Intelligence"


def test_ids_are_aliases(batch: ParsedBatch) -> None:
    misc = _paper(batch, "Vaswani_2017")
    assert misc.aliases == ("vaswani:attention",)
    assert misc.record is not None and "ids" not in misc.record.fields
    assert misc.arxiv_id == "1706.03762"  # from "arXiv:1706.03762" in howpublished


def test_the_text_a_reader_sees_is_unicode(batch: ParsedBatch) -> None:
    thesis = _paper(batch, "mueller2019thesis")
    assert thesis.title == "Lernen mit wenig Daten: Über die Grenzen des Transfers"
    assert thesis.authors == ("Jörg Müller", "Anna van der Berg")
    assert _paper(batch, "Kingma2015Adam").title == "Adam: A Method for Stochastic Optimization"
    assert _paper(batch, "openai2023gpt4").authors == ("OpenAI",)
    blog = _paper(batch, "hf2024blog")
    assert (blog.published, blog.precision) == (date(2024, 4, 1), Precision.MONTH)
    assert blog.url == "https://huggingface.co/blog/hub-2024"


@pytest.mark.parametrize(
    ("codec", "header", "label"),
    [
        ("cp1252", "% Encoding: windows-1252\n", "Windows-1252"),
        ("latin-1", "% Encoding: ISO8859_1\n", "Latin-1"),
        ("utf-8-sig", "", "UTF-8"),
    ],
)
def test_encodings_jabref_declares_are_read_and_named(codec: str, header: str, label: str) -> None:
    text = header + "@article{a, author = {Müller, Jörg}, title = {Über “Straße” – naïve}}\n"
    batch = parse_input(text.encode(codec, errors="replace"), "old.bib", today=date(2026, 1, 1))
    (paper,) = batch.papers
    assert paper.authors == ("Jörg Müller",)
    assert paper.title.startswith("Über") and "naïve" in paper.title
    assert batch.encoding == label
