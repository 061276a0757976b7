"""Entries already written, reused while the papers they were made from are unchanged.

Making a paper's entry (LaTeX escaping, names, the record's fields) is most
of an export's work, and an export usually repeats the last one with a few
papers changed: an auto-exported file after a star, the same command run
again. So entries are kept, per export options, under a fingerprint of
*everything they are made from*: the paper's row as read
(:func:`readinglist.core.bibtex.entries.load_rows`: its key, every column an
entry uses, the kind of its first digest, its aliases). Not under the time
it was last updated: some changes (a key assigned, an alias added, a synced
row, a migration) do not touch that time, and a fingerprint of the content
cannot miss one. What else an entry depends on is fixed for the process
(the code) or not part of it (the key formula only matters once, when the
key is stored in the row; preambles and headers are added per file).

The store lives in memory, owned by the Library's BibTeX part, so the
window's auto-exports and repeated exports share it, and it is never a
truth to keep in step: a new process starts empty. Its size stays bounded:
entries no export asked for lately are dropped (see :meth:`EntryCache.entries`).
"""

from __future__ import annotations

import marshal
import threading
from collections.abc import Sequence
from hashlib import blake2b

from readinglist.core.bibtex.entries import Options, PaperRow, paper_of
from readinglist.core.writing.render import Entry, entry_of

#: Fingerprints kept per options beyond those of the last export (then only
#: those of the last export stay): a few rounds of edits to a large library.
SLACK = 10_000


def fingerprint(row: PaperRow) -> bytes:
    """What an entry is made from, in 16 bytes.

    ``marshal`` format 2 writes SQLite's values (text, numbers, None) and
    tuples exactly and without back-references, so equal rows give equal
    bytes and unequal rows unequal bytes; it is twice as fast as ``repr``.
    """
    return blake2b(marshal.dumps(row, 2), digest_size=16).digest()


class EntryCache:
    """Entries by options and by fingerprint of their papers' rows.

    Safe to share between threads: every value stored is correct for its
    fingerprint forever, so a race can only cost a recomputation; entries are
    only ever added to a store, and trimming one replaces it with a new dict,
    so a reader holding the old one still finds what it looked up.
    """

    def __init__(self) -> None:
        self._stores: dict[Options, dict[bytes, Entry | None]] = {}
        self._lock = threading.Lock()

    def entries(self, rows: Sequence[PaperRow], options: Options) -> list[Entry | None]:
        """The entry of each row (None for a paper without a key it may be written under)."""
        with self._lock:
            store = self._stores.get(options, {})
        out: list[Entry | None] = []
        fresh: dict[bytes, Entry | None] = {}
        for row in rows:
            key = fingerprint(row)
            if key in store:
                entry = store[key]
            else:
                entry = entry_of(paper_of(row), options)
                fresh[key] = entry
            out.append(entry)
        if fresh:
            self._keep(options, rows, fresh)
        return out

    def _keep(
        self, options: Options, rows: Sequence[PaperRow], fresh: dict[bytes, Entry | None]
    ) -> None:
        with self._lock:
            store = self._stores.setdefault(options, {})
            store.update(fresh)
            if len(store) > len(rows) + SLACK:  # mostly entries of papers since changed
                used = {fingerprint(row) for row in rows}
                self._stores[options] = {key: store[key] for key in used if key in store}

    def clear(self) -> None:
        """Forget every entry (for tests, and to give memory back)."""
        with self._lock:
            self._stores.clear()


def entries_of(
    rows: Sequence[PaperRow], options: Options, cache: EntryCache | None
) -> list[Entry | None]:
    """Each row's entry, through ``cache`` when there is one (else made afresh)."""
    if cache is None:
        return [entry_of(paper_of(row), options) for row in rows]
    return cache.entries(rows, options)
