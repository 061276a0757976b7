"""A .bib goes out as it came: types, fields byte for byte, every key citable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from bibtexparser.splitter import Splitter
from sqlalchemy import select, update

from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import InvalidInputError
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.tables import BIB_SOURCE, CITATION_ALIAS, PAPER
from tests.core.bibtex.texrun import compile_bib, require
from tests.snapshots import DATA

FIXTURE = DATA / "bibliography.bib"
ALL = ExportScope("all")


def _entries(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Key -> (type, {field: value as written}) of a .bib text."""
    library = Splitter(text).split()
    assert not library.failed_blocks
    return {e.key: (e.entry_type, {f.key: f.value for f in e.fields}) for e in library.entries}


def _source_fields(key: str) -> dict[str, str]:
    (entry,) = [e for e in Splitter(FIXTURE.read_text("utf-8")).split().entries if e.key == key]
    return {f.key.lower(): f.value for f in entry.fields}


def _id(library: Library, key: str) -> int:
    with library.db.read() as conn:
        found = conn.execute(select(PAPER.c.id).where(PAPER.c.citation_key == key)).scalar()
    assert found is not None, key
    return int(found)


@pytest.fixture
def bib(library: Library) -> Library:
    library.import_file(FIXTURE)
    return library


def test_unedited_fields_go_out_byte_for_byte(bib: Library) -> None:
    entries = _entries(bib.bibtex.export(ALL))
    for key in ("Kingma2015Adam", "mueller2019thesis", "openai2023gpt4", "Goodfellow2016Book"):
        _, fields = entries[key]
        source = _source_fields(key)
        for name, value in fields.items():
            if name.lower() in source and source[name.lower()].startswith("{"):
                assert value == source[name.lower()], (key, name)
    kingma = entries["Kingma2015Adam"][1]
    assert (
        kingma["month"] == "{10~} # may" and kingma["editor"] == "{Bengio, Yoshua and LeCun, Yann}"
    )
    assert entries["mueller2019thesis"][0] == "phdthesis"
    assert entries["Goodfellow2016Book"][1]["year"] == "{{\\noopsort{2016a}}2016}"


def test_each_flavour_names_types_and_fields_as_biber_does(bib: Library) -> None:
    classic = _entries(bib.bibtex.export(ALL))
    biblatex = _entries(bib.bibtex.export(ALL, biblatex=True))
    assert biblatex["mueller2019thesis"][0] == "thesis"
    assert biblatex["mueller2019thesis"][1]["institution"].startswith("{Technische")
    assert biblatex["mueller2019thesis"][1]["type"] == "{Dissertation}"  # its own kept
    assert biblatex["ng2018masters"][1]["type"] == "{mathesis}"
    assert (classic["hf2024blog"][0], biblatex["hf2024blog"][0]) == ("misc", "online")
    assert (
        classic["hf2024blog"][1]["year"] == "{2024}" and classic["hf2024blog"][1]["month"] == "apr"
    )
    assert biblatex["hf2024blog"][1]["date"] == "{2024-04}"
    assert (classic["smith2020patent"][0], biblatex["smith2020patent"][0]) == ("misc", "patent")
    assert biblatex["vaswani2017attention"][1]["journaltitle"].startswith("{Advances")
    assert biblatex["vaswani2017attention"][1]["date"] == "{2017-12}"
    assert biblatex["vaswani2017attention"][1]["eprinttype"] == "{arXiv}"
    assert classic["vaswani2017attention"][1]["archivePrefix"] == "{arXiv}"
    assert classic["Goodfellow2016Book"][1]["address"] == "{Cambridge, {MA}}"
    assert biblatex["Goodfellow2016Book"][1]["location"] == "{Cambridge, {MA}}"


def test_every_key_that_came_in_is_citable(bib: Library) -> None:
    classic = _entries(bib.bibtex.export(ALL))
    biblatex = _entries(bib.bibtex.export(ALL, biblatex=True))
    # the second Vaswani entry and its ids: aliases of the first
    assert {"vaswani2017attention", "Vaswani_2017", "vaswani:attention"} <= set(classic)
    assert classic["Vaswani_2017"] == classic["vaswani2017attention"]  # BibTeX: a copy
    ids = biblatex["vaswani2017attention"][1]["ids"]
    assert ids == "{vaswani:attention, Vaswani_2017}" and "Vaswani_2017" not in biblatex
    with bib.db.read() as conn:
        aliases = set(conn.execute(select(CITATION_ALIAS.c.alias)).scalars())
    assert aliases == {"Vaswani_2017", "vaswani:attention"}
    # the unsafe key was replaced, the skipped entries are not papers
    assert "unsafe key" not in classic and "spacey2022paper" in classic
    assert len(bib.paper_ids()) == 13


def test_preambles_go_out_with_the_papers_of_their_file(bib: Library) -> None:
    bib.import_file(DATA / "references.bib")
    with bib.db.read() as conn:
        sources = conn.execute(select(BIB_SOURCE.c.name, BIB_SOURCE.c.preambles)).all()
    assert sorted(sources) == [
        (
            "bibliography.bib",
            ["\\providecommand{\\noopsort}[1]{} \\providecommand{\\SortNoop}[1]{}"],
        ),
        ("references.bib", []),
    ]
    whole = bib.bibtex.export(ALL)
    assert whole.startswith('@preamble{"\\providecommand{\\noopsort}[1]{}')
    assert whole.count("@preamble") == 1
    other = bib.bibtex.export(ExportScope("ids", ids=(_id(bib, "Wen2024Unknown"),)))
    assert "@preamble" not in other


def test_a_file_imported_again_changes_nothing(bib: Library) -> None:
    before = bib.bibtex.export(ALL, biblatex=True)
    report = bib.import_file(FIXTURE)
    assert report.new == 0 and report.enriched == 0
    assert bib.bibtex.export(ALL, biblatex=True) == before
    with bib.db.read() as conn:
        assert len(conn.execute(select(BIB_SOURCE.c.id)).all()) == 1


@pytest.mark.parametrize("biblatex", [False, True], ids=["bibtex", "biblatex"])
@pytest.mark.parametrize(
    "sources",
    [
        ("bibliography.bib",),
        ("hostile.bib",),
        ("references.bib", "hf_daily_papers.json", "arxiv_query.atom"),
    ],
)
def test_export_import_export_gives_the_same_bytes(
    tmp_path: Path, sources: tuple[str, ...], biblatex: bool
) -> None:
    with open_library(tmp_path / "a", search_index=False) as first:
        for name in sources:
            first.import_file(DATA / name)
        first.set_note(first.paper_ids()[0], "my note: 100% {unbalanced")
        text = first.bibtex.export(ALL, biblatex=biblatex, abstracts=True, notes=True)
    exported = tmp_path / "exported.bib"
    exported.write_text(text, encoding="utf-8")
    with open_library(tmp_path / "b", search_index=False) as second:
        second.import_file(exported)
        again = second.bibtex.export(ALL, biblatex=biblatex, abstracts=True, notes=True)
    assert again == text


def test_the_apps_own_papers_round_trip_too(tmp_path: Path, sample_paths: list[Path]) -> None:
    for biblatex in (False, True):
        with open_library(tmp_path / f"a{biblatex}", search_index=False) as first:
            first.import_files(sample_paths)
            text = first.bibtex.export(ALL, biblatex=biblatex)
        (tmp_path / "x.bib").write_text(text, encoding="utf-8")
        with open_library(tmp_path / f"b{biblatex}", search_index=False) as second:
            second.import_file(tmp_path / "x.bib")
            assert second.bibtex.export(ALL, biblatex=biblatex) == text


def test_edits_reach_the_record_and_outlive_a_reimport(bib: Library) -> None:
    pid = _id(bib, "mueller2019thesis")
    bib.edit(
        pid,
        title="Lernen mit wenig Daten (2. Auflage)",
        authors=["Jörg Müller"],
        year=2020,
        url="https://example.org/thesis",
    )
    expected = {
        "author": '{M{\\"u}ller, J{\\"o}rg}',
        "title": "{Lernen mit wenig Daten (2. Auflage)}",
        "year": "{2020}",
        "url": "{https://example.org/thesis}",
        "school": '{Technische Universit{\\"a}t M{\\"u}nchen}',  # untouched
    }
    for _ in range(2):  # and again after the file comes in once more
        fields = _entries(bib.bibtex.export(ALL))["mueller2019thesis"][1]
        assert {k: fields[k] for k in expected} == expected
        bib.import_file(FIXTURE)
    bib.edit(_id(bib, "he2016resnet"), venue="IEEE TPAMI", arxiv_id="1512.03385")
    resnet = _entries(bib.bibtex.export(ALL, biblatex=True))["he2016resnet"][1]
    assert resnet["journaltitle"] == "{IEEE TPAMI}"
    assert (resnet["eprint"], resnet["eprinttype"]) == ("{1512.03385}", "{arXiv}")


def test_abstracts_and_notes_follow_the_options(library: Library) -> None:
    library.import_text(
        "@article{a, title = {T}, author = {A, B}, abstract = {Raw {\\LaTeX} abstract}, "
        "annote = {their annotation}}",
        "a.bib",
    )
    plain = _entries(library.bibtex.export(ALL))["a"][1]
    assert "abstract" not in plain and plain["annote"] == "{their annotation}"
    library.set_note(library.paper_ids()[0], "mine & yours")
    full = _entries(library.bibtex.export(ALL, abstracts=True, notes=True))["a"][1]
    assert full["abstract"] == "{Raw {\\LaTeX} abstract}"
    assert full["annote"] == "{mine \\& yours}"
    biblatex = _entries(library.bibtex.export(ALL, biblatex=True, notes=True))["a"][1]
    assert biblatex["annotation"] == "{mine \\& yours}" and "annote" not in biblatex


def test_a_bib_entry_meeting_a_digest_paper_brings_its_record_and_keys(
    loaded: Library,
) -> None:
    pid = loaded.paper_ids()[0]
    title = loaded.paper(pid).title
    (key,) = loaded.bibtex.keys([pid])
    report = loaded.import_text(
        f"@inproceedings{{theirs2024, title = {{{title}}}, booktitle = {{Proc. X}}, "
        "pages = {1--9}}",
        "theirs.bib",
    )
    assert report.enriched == 1
    paper = loaded.paper(pid)
    assert paper.citation_key == key  # a key once given never changes
    assert paper.entry_type == "inproceedings" and paper.bib_fields["pages"] == "{1--9}"
    entries = _entries(loaded.bibtex.export(ExportScope("ids", ids=(pid,))))
    assert set(entries) == {key, "theirs2024"}


def test_keys_and_aliases_share_one_namespace(bib: Library) -> None:
    vaswani, other = _id(bib, "vaswani2017attention"), _id(bib, "ng2018masters")
    with pytest.raises(InvalidInputError, match="already used by paper"):
        bib.bibtex.set_key(other, "VASWANI:attention")
    bib.bibtex.set_key(vaswani, "vaswani:attention")  # its own alias becomes its key
    assert bib.paper(vaswani).citation_key == "vaswani:attention"
    with bib.db.read() as conn:
        aliases = set(conn.execute(select(CITATION_ALIAS.c.alias)).scalars())
    assert aliases == {"Vaswani_2017"}


def test_a_stored_key_that_breaks_the_rule_is_replaced_and_said(bib: Library) -> None:
    pid = _id(bib, "ng2018masters")
    with bib.db.write() as conn:  # as an older readinglist stored imported keys
        conn.execute(update(PAPER).where(PAPER.c.id == pid).values(citation_key="ng \\input x"))
        conn.execute(CITATION_ALIAS.insert().values(alias="bad alias%", paper_id=pid))
    (key,) = bib.bibtex.keys([pid])
    assert key == "ng2018sparse"
    assert any("ng \\input x" in w and "ng2018sparse" in w for w in bib.warnings)
    text = bib.bibtex.export(ALL)
    assert (
        "\\input x" not in text
        and "bad alias%" not in text
        and "@mastersthesis{ng2018sparse," in text
    )


def test_an_older_library_upgrades_and_its_stored_keys_are_checked(tmp_path: Path) -> None:
    from readinglist.core import migrations

    mine = next(i for i, m in enumerate(migrations.MIGRATIONS) if "citation_alias" in m)
    root = tmp_path / "lib"
    root.mkdir()
    conn = sqlite3.connect(root / "library.sqlite3", isolation_level=None)
    for script in migrations.MIGRATIONS[:mine]:
        for statement in migrations._statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {mine}")
    conn.execute(  # as an older readinglist stored an imported key: unchecked
        "INSERT INTO paper (title, title_key, authors, published, published_precision, "
        "citation_key, added_at, updated_at) VALUES ('Old Paper', 'old paper', "
        "'[\"Ann Smith\"]', '2020-01-01', 'year', 'smith\\input{x} 2020', "
        "'2025-01-01 00:00:00', '2025-01-01 00:00:00')"
    )
    conn.close()
    with open_library(root, search_index=False) as library:
        text = library.bibtex.export(ALL)
        assert text == (
            "@misc{smith2020old,\n  author = {Smith, Ann},\n  title = {Old Paper},\n"
            "  year = {2020}\n}\n"
        )
        assert any("smith\\input{x} 2020" in w and "smith2020old" in w for w in library.warnings)
        library.import_file(FIXTURE)
        assert "@phdthesis{mueller2019thesis," in library.bibtex.export(ALL)
    conn = sqlite3.connect(root / "library.sqlite3")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    finally:
        conn.close()


def test_a_preamble_goes_out_quoted_and_reads_back_the_same(tmp_path: Path) -> None:
    source = '@preamble{{\\newcommand{\\inch}{5" disk} 3" x}}\n@misc{a, title = {A}}\n'
    with open_library(tmp_path / "a", search_index=False) as first:
        first.import_text(source, "a.bib")
        text = first.bibtex.export(ALL)
    assert text.startswith('@preamble{"\\newcommand{\\inch}{5" disk} 3{"} x"}')
    (tmp_path / "a.bib").write_text(text, encoding="utf-8")
    with open_library(tmp_path / "b", search_index=False) as second:
        second.import_file(tmp_path / "a.bib")
        assert second.bibtex.export(ALL) == text


@pytest.mark.tex
@pytest.mark.parametrize("biber", [False, True], ids=["bibtex", "biber"])
def test_the_export_compiles_with_every_key_cited(
    bib: Library, tmp_path: Path, biber: bool
) -> None:
    """Our own thesis bibliography: every type, the aliases, the preamble's macros."""
    require("pdflatex", "biber" if biber else "bibtex")
    text = bib.bibtex.export(ALL, biblatex=biber, abstracts=True)
    with bib.db.read() as conn:
        keys = set(conn.execute(select(PAPER.c.citation_key)).scalars())
        keys |= set(conn.execute(select(CITATION_ALIAS.c.alias)).scalars())
    cited = tuple(sorted(k for k in keys if k))
    assert "Vaswani_2017" in cited and "spacey2022paper" in cited
    compiled = compile_bib(tmp_path / "doc", text, biber=biber, cite=cited)
    assert compiled.errors() == []
    assert compiled.undefined() == []
