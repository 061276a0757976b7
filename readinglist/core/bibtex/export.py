"""One export, end to end: resolve the scope, assign missing keys, render.

Keys are assigned in a short write transaction only when some paper in the
scope has none; an export of already-keyed papers is a pure read, so
auto-export after every change never competes for the write lock for
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readinglist.core.bibtex.entries import ExportPaper, Options, load
from readinglist.core.bibtex.keys import assign_keys
from readinglist.core.bibtex.scope import ExportScope, SearchIds, resolve
from readinglist.core.bibtex.writer import EntryFields, entry_fields, render
from readinglist.core.db import Database


@dataclass(frozen=True)
class Rendered:
    """A rendered export: the text, its entries by paper id, and keys assigned on the way."""

    text: str
    entries: dict[int, EntryFields]
    new_keys: dict[int, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.entries)


def keyed_papers(
    db: Database, scope: ExportScope, search: SearchIds
) -> tuple[list[ExportPaper], dict[int, str]]:
    """The papers in ``scope``, every one with a key (assigning those missing)."""
    with db.read() as conn:
        ids = resolve(conn, scope, search)
        papers = load(conn, ids)
    if all(p.key for p in papers):
        return papers, {}
    with db.write() as conn:
        ids = resolve(conn, scope, search)
        new_keys = assign_keys(conn, ids)
        papers = load(conn, ids)
    return papers, new_keys


def export(
    db: Database,
    scope: ExportScope,
    options: Options,
    search: SearchIds,
    *,
    header: str | None = None,
) -> Rendered:
    papers, new_keys = keyed_papers(db, scope, search)
    entries = {p.id: e for p in papers if (e := entry_fields(p, options)) is not None}
    return Rendered(render(entries.values(), header=header), entries, new_keys)
