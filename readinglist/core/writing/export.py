"""Exactly what a document cites: its cited papers, each under the key it is cited by.

The entries are the cited papers, written under the keys as the document
spells them (an alias, another letter case), so the document finds every
one; each entry goes out once, under that key only (no alias copies: the
document cites what it cites). The ``@preamble``s of the .bib files the
papers came from go first, as in every export. ``\\nocite{*}`` means every
paper in the library, under its own key. Keys the library does not know are
reported (with suggestions when asked), not invented. Once the text is
delivered, the caller marks ``cited`` used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from readinglist.core.bibtex.entries import (
    Options,
    PaperRow,
    cited_as,
    load_rows,
    row_key,
    row_source,
)
from readinglist.core.bibtex.export import preambles
from readinglist.core.bibtex.keys import assign_keys
from readinglist.core.bibtex.scope import ExportScope, resolve
from readinglist.core.db import Database
from readinglist.core.views import Notice
from readinglist.core.writing.cache import EntryCache, entries_of
from readinglist.core.writing.cited import read_citations
from readinglist.core.writing.documents import Citations
from readinglist.core.writing.render import render
from readinglist.core.writing.resolve import MissingKey, Resolved
from readinglist.core.writing.resolve import resolve as resolve_keys


@dataclass(frozen=True)
class DocumentExport:
    """A document's export: the text, what went in, and what could not."""

    document: Path
    text: str
    count: int
    missing: tuple[MissingKey, ...] = ()
    files: tuple[Path, ...] = ()
    notices: tuple[Notice, ...] = ()
    new_keys: dict[int, str] = field(default_factory=dict)
    #: Papers cited by their own key (or all of them, for \nocite{*}): used from now on.
    cited: frozenset[int] = frozenset()
    #: Every paper in the export, whatever key it was cited by.
    papers: frozenset[int] = frozenset()


def _no_search(_query: str) -> list[int]:  # a document scope never searches
    return []


def _papers(
    db: Database, citations: Citations, suggest: bool, options: Options
) -> tuple[list[PaperRow], Resolved, dict[int, str]]:
    """The entries (papers under their cited keys), the resolution, and keys assigned."""
    new_keys: dict[int, str] = {}
    wanted = {"abstracts": options.abstracts, "notes": options.notes}
    with db.read() as conn:
        resolved = resolve_keys(conn, citations.keys, suggest=suggest)
        every = resolve(conn, ExportScope("all"), _no_search) if citations.everything else []
        cited_ids = sorted({c.paper_id for c in resolved.found})
        rows = {r[0]: r for r in load_rows(conn, sorted(set(cited_ids) | set(every)), **wanted)}
    if any(row_key(rows[i]) is None for i in every):
        with db.write() as conn:
            new_keys = assign_keys(conn, every)
            rows = {r[0]: r for r in load_rows(conn, sorted(set(cited_ids) | set(every)), **wanted)}
    out: list[PaperRow] = []
    written: set[str] = set()
    for cited in resolved.found:
        if cited.paper_id in rows:
            out.append(cited_as(rows[cited.paper_id], cited.key))
            written.add(cited.key.lower())
    for pid in every:
        key = row_key(rows[pid])
        if key and key.lower() not in written:
            out.append(cited_as(rows[pid], key))
            written.add(key.lower())
    return out, resolved, new_keys


def export_document(
    db: Database,
    document: Path,
    options: Options,
    *,
    header: str | None = None,
    suggest: bool = False,
    cache: EntryCache | None = None,
) -> DocumentExport:
    """Render what ``document`` cites (raises if the document cannot be read);
    ``cache`` keeps entries of unchanged papers between exports."""
    citations = read_citations(document)
    rows, resolved, new_keys = _papers(db, citations, suggest, options)
    entries = [e for e in entries_of(rows, options, cache) if e is not None]
    with db.read() as conn:
        found = preambles(conn, (row_source(r) for r in rows))
    text = render(entries, options, header=header, preambles=found)
    own = frozenset(c.paper_id for c in resolved.found if not c.alias)
    if citations.everything:
        own = own | frozenset(r[0] for r in rows)
    return DocumentExport(
        citations.document,
        text,
        len(entries),
        resolved.missing,
        citations.files,
        citations.notices,
        new_keys,
        own,
        frozenset(r[0] for r in rows),
    )
