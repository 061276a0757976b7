"""The entry cache never serves an entry that changed: after each kind of change,
every cached export equals a fresh uncached one, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.autoexport import render_link
from readinglist.core.bibtex.entries import FORMATS, ExportPaper, Options
from readinglist.core.bibtex.export import export
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.tables import CITATION_ALIAS, PAPER, Precision
from readinglist.core.writing import cache as cache_module
from readinglist.core.writing.cache import EntryCache
from readinglist.core.writing.export import export_document
from readinglist.core.writing.render import Entry, entry_of
from tests.core.writing.conftest import AddPapers

DATA = Path(__file__).parents[2] / "data"
ALL = ExportScope("all")
EVERY_OPTION = [
    Options.of(fmt, abstracts=a, notes=n) for fmt in FORMATS for a in (False, True)
    for n in (False, True)
]  # fmt: skip


def _fresh(library: Library, scope: ExportScope, options: Options) -> str:
    return export(library.db, scope, options, library.search_ids).text


def _same_as_fresh(library: Library, scope: ExportScope = ALL) -> None:
    for options in EVERY_OPTION:
        cached = library.bibtex.export(
            scope, format=options.format, abstracts=options.abstracts, notes=options.notes
        )
        assert cached == _fresh(library, scope, options), options


@pytest.fixture
def filled(library: Library, add_papers: AddPapers) -> tuple[Library, list[int]]:
    ids = add_papers(
        IncomingPaper(
            "Distilling the Knowledge in a Neural Network",
            authors=("Geoffrey Hinton", "Oriol Vinyals"),
            published=date(2015, 3, 9),
            precision=Precision.DAY,
            arxiv_id="1503.02531",
            abstract="We distil.",
        ),
        IncomingPaper("Attention Is All You Need", authors=("Ashish Vaswani",)),
        IncomingPaper("Knowledge Solver", published=date(2023, 5, 1)),
    )
    library.import_file(DATA / "references.bib")
    _same_as_fresh(library)  # keys assigned, every entry cached
    return library, ids


def _sql(library: Library, statement: str, *params: object) -> None:
    """A change written as another device's sync or another program writes it:
    straight to the row, ``updated_at`` untouched."""
    with library.db.write() as conn:
        conn.exec_driver_sql(statement, params)


CHANGES: dict[str, Callable[[Library, list[int]], None]] = {
    "edit": lambda lib, ids: lib.edit(ids[0], title="Distilling Knowledge, Edited"),
    "note": lambda lib, ids: lib.set_note(ids[1], "read with {care} & 100%"),
    "star (no entry changes)": lambda lib, ids: lib.mark(ids, starred=True),
    "key by hand": lambda lib, ids: lib.bibtex.set_key(ids[2], "solver:2023"),
    "alias added": lambda lib, ids: _sql(
        lib, "INSERT INTO citation_alias (alias, paper_id) VALUES (?, ?)", "Hinton:KD", ids[0]
    ),
    "synced title": lambda lib, ids: _sql(
        lib, "UPDATE paper SET title = ? WHERE id = ?", "Attention, Synced", ids[1]
    ),
    "synced authors": lambda lib, ids: _sql(
        lib, "UPDATE paper SET authors = ? WHERE id = ?", '["Ann Smith"]', ids[2]
    ),
    "synced abstract": lambda lib, ids: _sql(
        lib, "UPDATE paper SET abstract = ? WHERE id = ?", "New words.", ids[0]
    ),
    "synced record": lambda lib, ids: _sql(
        lib,
        "UPDATE paper SET bib_fields = json_set(bib_fields, '$.title', '{Changed}') "
        "WHERE entry_type IS NOT NULL",
    ),
    "digest kind": lambda lib, ids: _sql(lib, "UPDATE digest SET source = 'plain-text'"),
    "removed": lambda lib, ids: lib.remove([ids[1]]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_shows_in_the_next_export(
    filled: tuple[Library, list[int]], change: str
) -> None:
    library, ids = filled
    before = library.bibtex.export(ALL, notes=True, abstracts=True)
    CHANGES[change](library, ids)
    _same_as_fresh(library)
    if change != "star (no entry changes)":
        assert library.bibtex.export(ALL, notes=True, abstracts=True) != before
    _same_as_fresh(library, ExportScope("ids", ids=(ids[0], ids[2])))


def test_a_rekey_under_a_new_formula_shows(filled: tuple[Library, list[int]]) -> None:
    library, ids = filled
    with library.db.write() as conn:  # keys that never left the library may be re-keyed
        conn.execute(update(PAPER).values(key_used_at=None))
    library.bibtex.set_key_formula("[auth:lower]_[year]")
    assert library.bibtex.rekey().changed
    _same_as_fresh(library)
    library.bibtex.set_key_formula("[title:lower]")  # new papers get keys by it
    library.import_text("@misc{x1, title={Yet Another Paper}, year={2024}}", "more.bib")
    library.edit(ids[0], title="A Title Not Seen Before")
    with library.db.write() as conn:
        conn.execute(update(PAPER).where(PAPER.c.id == ids[0]).values(citation_key=None))
    _same_as_fresh(library)


def test_unchanged_papers_are_not_made_again(
    filled: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, ids = filled
    made: list[int] = []

    def counted(paper: ExportPaper, options: Options) -> Entry | None:
        made.append(paper.id)
        return entry_of(paper, options)

    monkeypatch.setattr("readinglist.core.writing.cache.entry_of", counted)
    library.bibtex.export(ALL)
    assert made == []
    library.edit(ids[0], title="Distilling, Once More")
    library.bibtex.export(ALL)
    assert made == [ids[0]]


def test_document_exports_and_linked_files_use_it_safely(
    filled: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, ids = filled
    keys = library.bibtex.keys(ids)
    with library.db.write() as conn:
        conn.execute(CITATION_ALIAS.insert().values(alias="Vaswani:2017", paper_id=ids[1]))
    aux = tmp_path / "main.aux"
    aux.write_text(
        f"\\citation{{{keys[0]}}}\n\\citation{{Vaswani:2017,{keys[1]}}}\n", encoding="utf-8"
    )
    linked = tmp_path / "linked.bib"
    library.bibtex.add_autoexport(linked, ALL)
    for change in ("edit", "alias added", "synced title", "key by hand"):
        CHANGES[change](library, ids)
        for options in EVERY_OPTION:
            fresh = export_document(library.db, aux, options).text
            cached = export_document(library.db, aux, options, cache=library.bibtex.entry_cache)
            assert cached.text == fresh, (change, options)
        library.bibtex.sync_autoexports()
        (link,) = library.bibtex.autoexports()
        fresh_link = render_link(library.db, link, library.search_ids).text
        assert linked.read_text(encoding="utf-8") == fresh_link, change


def test_the_store_stays_bounded(
    filled: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, ids = filled
    monkeypatch.setattr(cache_module, "SLACK", 5)
    cache = EntryCache()
    for number in range(30):
        library.edit(ids[0], title=f"Distilling, version {number}")
        text = export(library.db, ALL, Options(), library.search_ids, cache=cache).text
        assert text == _fresh(library, ALL, Options())
        stored = sum(len(store) for store in cache._stores.values())
        assert stored <= library.count() + 5
