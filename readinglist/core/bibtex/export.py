"""One export, end to end: resolve the scope, assign missing keys, render.

Keys are assigned in a short write transaction only when some paper in the
scope has none, or has a stored key that breaks the key rule (a library
from before the rule, or a key written by something that did not check):
such a key never reaches a file. It is replaced by a generated one, for
good, and the export says so (:attr:`Rendered.replaced`). An export of
papers with good keys is a pure read, so auto-export after every change
never competes for the write lock for nothing. Once the text has been
delivered (returned, or written to its file) the caller records the keys as
used (:func:`mark_exported`): a key that never left the library may still be
re-keyed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from readinglist.core.bibtex.entries import ExportPaper, Options, load
from readinglist.core.bibtex.keys import assign_keys, key_problem, mark_used, unused
from readinglist.core.bibtex.scope import ExportScope, SearchIds, resolve
from readinglist.core.chunks import chunks
from readinglist.core.db import Database, utcnow
from readinglist.core.writing.render import Entry, entry_of, render


@dataclass(frozen=True)
class Rendered:
    """A rendered export: the text, its entries by paper id, and keys assigned on the way."""

    text: str
    entries: dict[int, Entry]
    new_keys: dict[int, str] = field(default_factory=dict)
    #: Papers whose stored key broke the key rule: id -> (old key, new key).
    replaced: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.entries)


def replace_unsafe_keys(conn: Connection, ids: Sequence[int]) -> dict[int, str]:
    """Clear the stored keys among ``ids`` that break the key rule; their old keys.

    Run inside a write transaction, right before :func:`.keys.assign_keys`
    gives those papers new keys.
    """
    unsafe: dict[int, str] = {}
    for chunk in chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT id, citation_key FROM paper WHERE citation_key IS NOT NULL AND id IN ({marks})"
        )
        for pid, key in conn.exec_driver_sql(sql, tuple(chunk)):
            if key_problem(key) is not None:
                unsafe[pid] = key
    for chunk in chunks(sorted(unsafe)):
        marks = ",".join("?" * len(chunk))
        conn.exec_driver_sql(
            f"UPDATE paper SET citation_key = NULL WHERE id IN ({marks})", tuple(chunk)
        )
    return unsafe


def replacement_notes(replaced: dict[int, tuple[str, str]]) -> list[str]:
    """What the user must hear about replaced keys: one sentence each."""
    return [
        f"Paper {pid}'s citation key “{old[:80]}” {key_problem(old)}; it is now “{new}” "
        "(cite it by that name from now on)."
        for pid, (old, new) in sorted(replaced.items())
    ]


def all_keyed(papers: Sequence[ExportPaper]) -> bool:
    """Whether every paper has a key it may be written under (else an export
    assigns or replaces some before writing)."""
    return all(p.key and key_problem(p.key) is None for p in papers)


def keyed_papers(
    db: Database, scope: ExportScope, search: SearchIds
) -> tuple[list[ExportPaper], dict[int, str], dict[int, tuple[str, str]]]:
    """The papers in ``scope``, every one with a safe key (assigning those missing)."""
    with db.read() as conn:
        ids = resolve(conn, scope, search)
        papers = load(conn, ids)
    if all_keyed(papers):
        return papers, {}, {}
    with db.write() as conn:
        ids = resolve(conn, scope, search)
        old = replace_unsafe_keys(conn, ids)
        new_keys = assign_keys(conn, ids)
        papers = load(conn, ids)
    return papers, new_keys, {pid: (key, new_keys[pid]) for pid, key in old.items()}


def preambles(conn: Connection, papers: Sequence[ExportPaper]) -> list[str]:
    """The ``@preamble``s of the files ``papers`` came from, in import order, each once."""
    sources = sorted({p.source_id for p in papers if p.source_id is not None})
    texts: list[str] = []
    for chunk in chunks(sources):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT preambles FROM bib_source WHERE id IN ({marks}) ORDER BY id"
        for (stored,) in conn.exec_driver_sql(sql, tuple(chunk)):
            texts.extend(t for t in json.loads(stored or "[]") if t not in texts)
    return texts


def export(
    db: Database,
    scope: ExportScope,
    options: Options,
    search: SearchIds,
    *,
    header: str | None = None,
) -> Rendered:
    papers, new_keys, replaced = keyed_papers(db, scope, search)
    text, entries = render_export(db, papers, options, header=header)
    return Rendered(text, entries, new_keys, replaced)


def render_export(
    db: Database, papers: Sequence[ExportPaper], options: Options, *, header: str | None = None
) -> tuple[str, dict[int, Entry]]:
    """The text of an export of ``papers`` under the keys they have (a pure read),
    with the ``@preamble``s of their files; and its entries by paper."""
    entries = {p.id: e for p in papers if (e := entry_of(p, options)) is not None}
    with db.read() as conn:
        found = preambles(conn, papers)
    return render(entries.values(), options, header=header, preambles=found), entries


def mark_exported(db: Database, ids: Iterable[int]) -> None:
    """Record these papers' keys as used, writing only if some were not yet."""
    with db.read() as conn:
        todo = unused(conn).intersection(ids)
    if todo:
        with db.write() as conn:
            mark_used(conn, todo, utcnow())
