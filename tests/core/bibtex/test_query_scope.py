"""The query scope, against the search contract (``Library.search`` -> SearchResults).

The search feature lives on another branch; until it is merged, a small
stand-in with the contract's shape (paged hits with ``paper_id``, a total)
checks that every hit is exported, page after page, and that auto-export
re-runs the query after changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bibtexparser.entrypoint import parse_string

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.scope import SearchIds
from readinglist.core.library import Library


@dataclass(frozen=True)
class _Hit:
    paper_id: int


@dataclass(frozen=True)
class _Results:
    hits: list[_Hit]
    total: int
    message: str | None = None


class _TitleSearch:
    """Case-insensitive title substring search, paged like ``Library.search``."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.calls = 0

    def __call__(self, query: str, *, limit: int = 50, offset: int = 0) -> _Results:
        self.calls += 1
        rows = self.library.rows(self.library.paper_ids())
        ids = [r.id for r in rows if query.lower() in r.title.lower()]
        return _Results([_Hit(i) for i in ids[offset : offset + limit]], len(ids))


def _with_search(library: Library) -> _TitleSearch:
    search = _TitleSearch(library)
    library.search = search  # type: ignore[method-assign, assignment]
    return search


def _count(text: str) -> int:
    return len(parse_string(text).entries)


def test_query_scope_exports_every_hit(loaded: Library) -> None:
    _with_search(loaded)
    expected = sum("knowledge" in r.title.lower() for r in loaded.rows(loaded.paper_ids()))
    assert expected > 30
    assert _count(loaded.export_bibtex(ExportScope("query", "Knowledge"))) == expected


def test_query_scope_pages_through_all_hits(loaded: Library) -> None:
    search = _with_search(loaded)
    run: SearchIds | None = loaded._search_ids()
    assert run is not None
    ids = run("e")  # nearly every title
    assert len(ids) == len(set(ids)) > 200
    assert search.calls == 1  # 1000 per page: one call for the sample library


def test_autoexport_of_a_query_follows_changes(loaded: Library, tmp_path: Path) -> None:
    _with_search(loaded)
    target = tmp_path / "q.bib"
    before = loaded.add_autoexport(target, ExportScope("query", "Knowledge"))
    victim = next(r.id for r in loaded.rows(loaded.paper_ids()) if "knowledge" in r.title.lower())
    loaded.remove([victim])
    assert _count(target.read_text()) == before - 1
