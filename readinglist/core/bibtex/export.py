"""One export, end to end: resolve the scope, assign missing keys, render, deliver.

Keys are assigned only when some paper in the scope has none, or has a
stored key that breaks the key rule (a library from before the rule, or a
key written by something that did not check): such a key never reaches a
file. It is replaced by a generated one, for good, and the export says so
(:attr:`Rendered.replaced`). An export of papers with good keys is a pure
read, so auto-export after every change never competes for the write lock
for nothing. A key counts as used once the text holding it has been
delivered (returned, or written to its file): a key that never left the
library may still be re-keyed. So :func:`export` takes what delivers the
text, and records the keys as used after it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from readinglist.core.bibtex.entries import (
    Options,
    PaperRow,
    load_rows,
    row_key,
    row_source,
)
from readinglist.core.bibtex.keys import assign_keys, driver, key_problem, mark_used, unused
from readinglist.core.bibtex.scope import ExportScope, SearchIds, resolve
from readinglist.core.chunks import chunks
from readinglist.core.db import Database, utcnow
from readinglist.core.writing.cache import EntryCache, entries_of
from readinglist.core.writing.render import Entry, render

#: What an export does with its text before the keys in it count as used:
#: keep it (to return it) or write it to its file (what it returns is ignored).
Deliver = Callable[[str], object]


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


def rows_keyed(rows: Sequence[PaperRow]) -> bool:
    """Whether every paper (a row of :func:`.entries.load_rows`) has a key it may
    be written under (else an export assigns or replaces some before writing)."""
    return all((key := row_key(r)) and key_problem(key) is None for r in rows)


def _keyed(conn: Connection, ids: Sequence[int]) -> bool:
    """Whether every paper of ``ids`` has a key it may be written under, read
    without loading the papers (an export usually finds them all keyed)."""
    sql = "SELECT id, citation_key FROM paper"
    wanted = set(ids)
    raw = driver(conn)
    if len(wanted) > 2000:  # most of the library: one scan beats many IN lists
        rows = [r for r in raw.execute(sql).fetchall() if r[0] in wanted]
    else:
        rows = []
        for chunk in chunks(sorted(wanted)):
            marks = ",".join("?" * len(chunk))
            rows.extend(raw.execute(f"{sql} WHERE id IN ({marks})", chunk).fetchall())
    return all(key and key_problem(key) is None for _pid, key in rows)


def preambles(conn: Connection, sources: Iterable[int | None]) -> list[str]:
    """The ``@preamble``s of the files ``sources`` (of papers), in import order, each once."""
    found = sorted({s for s in sources if s is not None})
    texts: list[str] = []
    for chunk in chunks(found):
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
    deliver: Deliver | None = None,
    *,
    header: str | None = None,
    cache: EntryCache | None = None,
) -> Rendered:
    """Export ``scope``: hand the text to ``deliver``, then record its keys as used
    (without ``deliver``, the caller delivers and records: :func:`mark_exported`).

    ``cache`` keeps entries of unchanged papers between exports. When every
    paper has a safe key this reads, delivers, and writes only the stamps of
    keys never used before. Otherwise one write transaction assigns the keys,
    stamped as used in the same statement, renders, delivers and commits: the
    rows are written once (assigning, then stamping in a second transaction,
    rewrote 10,000 of them twice and waited for two commits). A failed
    delivery rolls the keys back with the rest: the library is as before.
    """
    wanted = {"abstracts": options.abstracts, "notes": options.notes}
    with db.read() as conn:
        ids = resolve(conn, scope, search)
        if _keyed(conn, ids):
            rows = load_rows(conn, ids, **wanted)
            text, entries = render_rows(conn, rows, options, header=header, cache=cache)
            keyed = True
        else:
            keyed = False
    if keyed:
        if deliver is not None:
            deliver(text)
            mark_exported(db, entries)
        return Rendered(text, entries)
    now = utcnow()
    with db.write() as conn:
        ids = resolve(conn, scope, search)
        old = replace_unsafe_keys(conn, ids)
        new_keys = assign_keys(conn, ids, used_at=now if deliver is not None else None)
        rows = load_rows(conn, ids, **wanted)
        text, entries = render_rows(conn, rows, options, header=header, cache=cache)
        if deliver is not None:
            deliver(text)
            mark_used(conn, [pid for pid in entries if pid not in new_keys], now)
    replaced = {pid: (key, new_keys[pid]) for pid, key in old.items()}
    return Rendered(text, entries, new_keys, replaced)


def render_export(
    db: Database,
    rows: Sequence[PaperRow],
    options: Options,
    *,
    header: str | None = None,
    cache: EntryCache | None = None,
) -> tuple[str, dict[int, Entry]]:
    """The text of an export of ``rows`` under the keys they have (a pure read),
    with the ``@preamble``s of their files; and its entries by paper."""
    with db.read() as conn:
        return render_rows(conn, rows, options, header=header, cache=cache)


def render_rows(
    conn: Connection,
    rows: Sequence[PaperRow],
    options: Options,
    *,
    header: str | None = None,
    cache: EntryCache | None = None,
) -> tuple[str, dict[int, Entry]]:
    """:func:`render_export` inside the caller's transaction."""
    made = entries_of(rows, options, cache)
    entries = {r[0]: e for r, e in zip(rows, made, strict=True) if e is not None}
    found = preambles(conn, (row_source(r) for r in rows))
    return render(entries.values(), options, header=header, preambles=found), entries


def mark_exported(db: Database, ids: Iterable[int]) -> None:
    """Record these papers' keys as used, writing only if some were not yet."""
    with db.read() as conn:
        todo = unused(conn).intersection(ids)
    if todo:
        with db.write() as conn:
            mark_used(conn, todo, utcnow())
