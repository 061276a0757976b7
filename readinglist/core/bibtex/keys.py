"""Citation keys: made once, unique in the library, then never changed.

A key is written into the user's documents, so it must not move: it is
stored on the paper the first time the paper is exported or cited, and only
the user changes it afterwards (``readinglist key``, or ``rekey`` for keys
that never left the library). Libraries on two devices merge (a synced
folder), so the rule must also keep two devices that assign keys while apart
from disagreeing. The rule:

1. The *base* is the key formula (:mod:`.formula`) applied to the paper.
2. A paper's *identity* is its arXiv id, else its normalised title: what the
   importers identify a paper by (:func:`readinglist.core.merge.identity`).
3. The base itself is the key only for a paper *without a rival*: no other
   paper in the library (the bin included) has the same base, in any case.
4. Otherwise, and when the base is taken by a key or alias, the key is the
   base plus letters derived from the identity (three letters of a hash of
   it, ``hinton2015distillingqkz``; four, five… when those are taken).
5. Papers keyed together, and the unkeyed rivals of each, are settled in
   identity order, each taking its first candidate no other paper holds as
   a key or an alias (case-insensitively).

What that guarantees:

* Unique: no two papers, and no key and another paper's alias, ever share a
  key in one library, in any letter case.
* Stable: an assigned key changes only when the user changes it.
* Deterministic, whatever the order papers arrived in, their local ids, or
  which of them were cited first: for the same papers and the same keys
  already assigned, a paper gets the same key. Two devices holding the same
  papers therefore give each paper the same key, whichever keys it first.
* Two devices apart give two *different* papers one key only if (a) both
  papers have the same base and each device keyed its paper while it did not
  hold the other (each had no rival, so each took the plain base); or
  (b) both were suffixed and the first three letters of their identities'
  hashes agree (1 in 17,576 per such pair); or (c) the key was typed by hand
  or imported from a .bib on one device. This cannot be ruled out without
  either a suffix on every key or a server to ask; sync settles it the same
  way on every device and says so to the user (:mod:`readinglist.core.sync.keys`).
* One paper may get two keys on two devices (it had a rival on one; its
  metadata or the formula differed). Sync keeps the key shared first, and
  the device whose key changed says so in its sync status (the same module).

Looking for rivals needs the base of every paper, which is too slow to work
out on every first citation (the formula runs in Python, paper by paper), so
bases are cached in ``paper.key_base``: a trigger clears a paper's cache
when its title, authors, dates or arXiv id change, a formula change clears
all of them, every writer (imports, merges, edits by hand, sync) works out
the bases of the papers it wrote (:func:`fill_bases_of`), and
:func:`fill_bases` works out the missing ones (papers written by older
versions, or after a formula change) before keys are assigned.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from itertools import count
from typing import NamedTuple

from sqlalchemy import Connection, select, update

from readinglist.core import settings
from readinglist.core.bibtex import aliases
from readinglist.core.bibtex import formula as key_formula
from readinglist.core.bibtex.formula import DEFAULT_FORMULA, Formula, KeySource
from readinglist.core.chunks import chunks
from readinglist.core.errors import InvalidInputError
from readinglist.core.tables import PAPER
from readinglist.core.text import title_key

MAX_KEY = 64
#: The library setting holding the formula for new keys.
FORMULA_SETTING = "keys.formula"
#: Letters of the identity's hash a suffixed key starts with, and at most.
SUFFIX_MIN, SUFFIX_MAX = 3, 16
_VALID_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]*")


def identity(arxiv_id: str | None, title: str) -> str:
    """``arxiv:2301.00001`` or ``title:<normalised title>``: what a paper is."""
    return f"arxiv:{arxiv_id}" if arxiv_id else f"title:{title_key(title)}"


@lru_cache(maxsize=4096)
def _hash_letters(ident: str) -> str:
    number = int.from_bytes(hashlib.blake2b(ident.encode("utf-8"), digest_size=16).digest())
    letters = []
    for _ in range(SUFFIX_MAX):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(letters)


def suffixes(ident: str) -> Iterator[str]:
    """The clash suffixes of a paper, in order: its own, from its identity alone."""
    letters = _hash_letters(ident)
    for length in range(SUFFIX_MIN, SUFFIX_MAX + 1):
        yield letters[:length]
    for number in count(2):  # only if someone typed every one of those keys by hand
        yield letters[: SUFFIX_MAX - len(str(number))] + str(number)


def candidates(base: str, ident: str, alone: bool) -> Iterator[str]:
    """The keys a paper may get, in order: the plain base only when it has no rival."""
    if alone:
        yield base
    for suffix in suffixes(ident):
        yield base + suffix


# the formula ---------------------------------------------------------------


@lru_cache(maxsize=16)
def _parsed(text: str) -> Formula:
    return key_formula.parse(text)


def current_formula(conn: Connection) -> Formula:
    """The formula for new keys (the library's setting, else the default)."""
    text = settings.get(conn, FORMULA_SETTING)
    if text is None:
        return key_formula.DEFAULT
    try:
        return _parsed(text)
    except InvalidInputError as exc:
        raise InvalidInputError(
            f"{exc} It is stored in this library: set another with `readinglist key-formula`."
        ) from exc


def set_formula(conn: Connection, text: str) -> Formula:
    """Store the formula for new keys; keys already assigned stay as they are."""
    parsed = _parsed(text.strip())
    if parsed.text == current_formula(conn).text:
        return parsed
    if parsed.text == DEFAULT_FORMULA:
        settings.drop(conn, FORMULA_SETTING)
    else:
        settings.put(conn, FORMULA_SETTING, parsed.text)
    conn.exec_driver_sql("UPDATE paper SET key_base = NULL WHERE key_base IS NOT NULL")
    return parsed


def fill_bases(conn: Connection, formula: Formula) -> int:
    """Work out the cached base of every paper that lacks one; returns how many.

    Plain driver SQL: on a new library of 100,000 papers this runs once over
    all of them.
    """
    fresh = _missing_bases(conn, formula)
    if fresh:
        rows = [(base.base, pid) for pid, base in sorted(fresh.items())]
        driver(conn).executemany("UPDATE paper SET key_base = ? WHERE id = ?", rows)
    return len(fresh)


def fill_bases_of(conn: Connection, paper_ids: Iterable[int]) -> int:
    """Work out the missing bases of ``paper_ids`` (just written); returns how many.

    Imports and merges call this, so a first export of what they brought only
    picks suffixes (10,000 bases were a fifth of it). The base is the one
    :func:`fill_bases` would store, and the trigger clears it on any change.
    """
    formula = current_formula(conn)
    fresh: list[tuple[str, int]] = []
    for chunk in chunks(sorted(set(paper_ids))):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT id, title, authors, COALESCE(published, digest_day), arxiv_id "
            f"FROM paper WHERE key_base IS NULL AND id IN ({marks})"
        )
        for pid, title, authors, day, arxiv in driver(conn).execute(sql, chunk).fetchall():
            fresh.append((formula.base(_source(pid, title, authors, day, arxiv)), pid))
    if fresh:
        driver(conn).executemany("UPDATE paper SET key_base = ? WHERE id = ?", fresh)
    return len(fresh)


class _Fresh(NamedTuple):
    """A base just worked out, not yet stored, with what planning needs of its paper."""

    base: str
    key: str | None
    identity: str


def _missing_bases(conn: Connection, formula: Formula) -> dict[int, _Fresh]:
    """The bases of the papers that lack one (the bin included), by paper."""
    sql = (
        "SELECT id, title, authors, COALESCE(published, digest_day), arxiv_id, citation_key "
        "FROM paper WHERE key_base IS NULL"
    )
    return {
        pid: _Fresh(
            formula.base(_source(pid, title, authors, day, arxiv)), key, identity(arxiv, title)
        )
        for pid, title, authors, day, arxiv, key in driver(conn).execute(sql).fetchall()
    }


def driver(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn`` (same transaction): key planning reads
    every paper of a first export, and SQLAlchemy's row objects were most of that."""
    raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
    return raw


def _source(
    pid: int, title: str, authors: str | None, day: str | None, arxiv: str | None
) -> KeySource:
    names = tuple(json.loads(authors)) if authors else ()
    return KeySource(pid, title, names, int(day[:4]) if day else None, arxiv)


# assigning -------------------------------------------------------------------


class _Rival(NamedTuple):
    paper_id: int
    key: str | None
    identity: str


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


#: Above this many bases in one plan, every key is read once instead of by prefix.
_PREFIX_QUERIES = 16
#: Above this many papers or bases, the plan reads them in one scan of the table
#: (imported papers arrive with their bases stored: a first export reads 10,000).
_SCAN = 2000


def _taken(conn: Connection, base: str | None, released: Collection[int]) -> set[str]:
    """Keys and aliases (case-folded) starting with ``base`` (all when None), but
    those of ``released``."""
    where, params = (
        ("", ()) if base is None else (" AND citation_key LIKE ? ESCAPE '\\'", (_like(base),))
    )
    sql = f"SELECT id, citation_key FROM paper WHERE citation_key IS NOT NULL{where}"
    raw = driver(conn)
    taken = {k.lower() for pid, k in raw.execute(sql, params).fetchall() if pid not in released}
    alias_where = "" if base is None else " WHERE alias LIKE ? ESCAPE '\\'"
    alias_sql = f"SELECT alias FROM citation_alias{alias_where}"
    taken.update(k.lower() for (k,) in raw.execute(alias_sql, params).fetchall())
    return taken


def _rivals(
    conn: Connection,
    lowered: Sequence[str],
    released: Collection[int],
    fresh: dict[int, _Fresh],
) -> dict[str, list[_Rival]]:
    """Every paper whose base is one of ``lowered`` (any case), by that base: those
    with a stored base, and those whose base is in ``fresh`` (not stored yet)."""
    out: dict[str, list[_Rival]] = {}
    if fresh:
        wanted = set(lowered)
        for pid, new in fresh.items():
            if (low := new.base.lower()) in wanted:
                rival = _Rival(pid, None if pid in released else new.key, new.identity)
                out.setdefault(low, []).append(rival)
    sql = "SELECT id, citation_key, arxiv_id, title, key_base FROM paper WHERE key_base "
    if len(lowered) > _SCAN:  # most of the library: one scan beats many IN lists
        found = driver(conn).execute(sql + "IS NOT NULL").fetchall()
        wanted = set(lowered)
        found = [row for row in found if row[4].lower() in wanted]
    else:
        found = []
        for chunk in chunks(lowered):
            marks = ",".join("?" * len(chunk))
            found += driver(conn).execute(f"{sql}COLLATE NOCASE IN ({marks})", chunk).fetchall()
    for pid, key, arxiv, title, base in found:
        rival = _Rival(pid, None if pid in released else key, identity(arxiv, title))
        out.setdefault(base.lower(), []).append(rival)
    return out


def plan_keys(
    conn: Connection,
    paper_ids: Iterable[int],
    formula: Formula,
    released: Collection[int] = (),
) -> dict[int, str]:
    """The keys the rule gives those of ``paper_ids`` without one; writes nothing but bases.

    ``released`` papers count as unkeyed, their current keys as free (re-keying).
    """
    wanted = _unkeyed(conn, paper_ids, released)
    if not wanted:
        return {}
    fill_bases(conn, formula)
    return _plan(conn, wanted, released, {})


def _plan(
    conn: Connection, wanted: set[int], released: Collection[int], fresh: dict[int, _Fresh]
) -> dict[int, str]:
    """:func:`plan_keys` for ``wanted`` (papers known to need keys), every paper
    having its base stored or in ``fresh``."""
    by_lower: dict[str, str] = {}
    for base in _bases(conn, sorted(wanted), fresh).values():
        by_lower.setdefault(base.lower(), base)
    rivals = _rivals(conn, sorted(by_lower), released, fresh)
    everything = _taken(conn, None, released) if len(by_lower) > _PREFIX_QUERIES else None
    planned: dict[int, str] = {}
    claimed: set[str] = set()  # keys given in this plan, across bases
    for lowered in sorted(by_lower):
        base, group = by_lower[lowered], rivals[lowered]
        alone = len(group) == 1
        taken = everything if everything is not None else _taken(conn, base, released) | claimed
        for rival in sorted((r for r in group if r.key is None), key=lambda r: r.identity):
            # One formula gives bases equal in any case only when they are equal.
            key = next(c for c in candidates(base, rival.identity, alone) if c.lower() not in taken)
            taken.add(key.lower())
            if rival.paper_id in wanted:
                planned[rival.paper_id] = key
                claimed.add(key.lower())
    return planned


def _unkeyed(conn: Connection, ids: Iterable[int], released: Collection[int]) -> set[int]:
    """Those of ``ids`` that are live and have no key (or are being re-keyed)."""
    out: set[int] = set()
    for chunk in chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        # "+removed_at": by the primary key, not by an index that starts with removed_at
        sql = f"SELECT id, citation_key FROM paper WHERE id IN ({marks}) AND +removed_at IS NULL"
        rows = driver(conn).execute(sql, chunk).fetchall()
        out.update(pid for pid, key in rows if key is None or pid in released)
    return out


def _bases(conn: Connection, ids: Sequence[int], fresh: dict[int, _Fresh]) -> dict[int, str]:
    out = {pid: fresh[pid].base for pid in ids if pid in fresh}
    stored = [pid for pid in ids if pid not in out]
    if len(stored) > _SCAN:  # most of the library: one scan beats many IN lists
        wanted = set(stored)
        sql = "SELECT id, key_base FROM paper WHERE key_base IS NOT NULL"
        out.update(r for r in driver(conn).execute(sql).fetchall() if r[0] in wanted)
        return out
    for chunk in chunks(stored):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id, key_base FROM paper WHERE id IN ({marks})"
        out.update(driver(conn).execute(sql, chunk).fetchall())
    return out


def write_keys(conn: Connection, keys: dict[int, str]) -> None:
    """Store planned keys. The search index holds no key, so nothing is queued
    for it (re-indexing 10,000 papers after their first export cost seconds)."""
    if not keys:
        return
    rows = [(key, pid) for pid, key in sorted(keys.items())]
    driver(conn).executemany("UPDATE paper SET citation_key = ? WHERE id = ?", rows)


def assign_keys(
    conn: Connection, paper_ids: Sequence[int], used_at: datetime | None = None
) -> dict[int, str]:
    """Give every live paper in ``paper_ids`` a key, inside the caller's write transaction.

    Returns the keys newly assigned (paper id -> key). Papers that already
    have a key keep it. Assigning is not using (see :func:`mark_used`), unless
    ``used_at`` is given: an export that delivers its text inside this
    transaction stamps the new keys in the same write (each row written once).
    """
    wanted = _unkeyed(conn, paper_ids, ())
    if not wanted:
        return {}
    # Bases worked out now are stored with the keys, each row written once: a
    # first export of 10,000 papers otherwise rewrote all of them twice.
    fresh = _missing_bases(conn, current_formula(conn))
    keys = _plan(conn, wanted, (), fresh)
    used = _stamp(conn, used_at) if used_at is not None else None
    both = [
        (new.base, keys.get(pid), used if pid in keys else None, pid)
        for pid, new in sorted(fresh.items())
    ]
    if both:
        driver(conn).executemany(
            "UPDATE paper SET key_base = ?, citation_key = COALESCE(?, citation_key), "
            "key_used_at = COALESCE(?, key_used_at) WHERE id = ?",
            both,
        )
    rest = {pid: key for pid, key in keys.items() if pid not in fresh}
    if used is None:
        write_keys(conn, rest)
    elif rest:
        rows = [(key, used, pid) for pid, key in sorted(rest.items())]
        driver(conn).executemany(
            "UPDATE paper SET citation_key = ?, key_used_at = ? WHERE id = ?", rows
        )
    return keys


# using -----------------------------------------------------------------------


def unused(conn: Connection) -> set[int]:
    """Papers whose key never left the library (an index keeps this quick)."""
    sql = "SELECT id FROM paper WHERE citation_key IS NOT NULL AND key_used_at IS NULL"
    return {pid for (pid,) in driver(conn).execute(sql).fetchall()}


def mark_used(conn: Connection, paper_ids: Iterable[int], now: datetime) -> None:
    """Record that these papers' keys were exported or cited (the first time counts).

    Plain driver SQL (the time as the column's type stores it): SQLAlchemy's
    statements were a third of this after a first export of 10,000 papers.
    """
    waiting = unused(conn)
    todo = waiting.intersection(paper_ids)
    if not todo:
        return
    stamp = _stamp(conn, now)
    if todo == waiting:  # every unused key (a whole library's export): by the partial index
        where = "citation_key IS NOT NULL AND key_used_at IS NULL"
        driver(conn).execute(f"UPDATE paper SET key_used_at = ? WHERE {where}", (stamp,))
    else:
        rows = [(stamp, pid) for pid in sorted(todo)]
        driver(conn).executemany("UPDATE paper SET key_used_at = ? WHERE id = ?", rows)


def _stamp(conn: Connection, now: datetime) -> object:
    """``now`` as the key_used_at column stores it (for plain driver SQL)."""
    process = PAPER.c.key_used_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return process(now) if process else now


# by hand ---------------------------------------------------------------------


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a citation key, or None when it is safe.

    The one key rule, for every key however it arrives (generated, typed,
    imported, synced) and checked again wherever a key is written: letters
    A-Z, digits and ``- _ : . + /``, starting with a letter or digit, at most
    :data:`MAX_KEY` characters. Those are safe in BibTeX, biber, LaTeX's
    ``\\cite`` and Typst's ``#cite(label(...))``; a space, ``\\``, ``%``,
    ``#``, ``{``, ``,`` or a non-ASCII letter breaks some of them.
    """
    if not key:
        return "is empty"
    if len(key) > MAX_KEY:
        return f"is too long (a key is at most {MAX_KEY} characters)"
    if not _VALID_KEY.fullmatch(key):
        bad = sorted({c for c in key if not re.fullmatch(r"[A-Za-z0-9_:.+/-]", c)})
        shown = " ".join(repr(c) for c in bad) if bad else repr(key[0])
        return (
            "is not safe in LaTeX: use letters A–Z, digits and - _ : . + / only, "
            f"starting with a letter or digit (not allowed here: {shown})"
        )
    return None


def check_key(key: str) -> str:
    """The key if it is safe in BibTeX, biber and LaTeX; else a clear error."""
    key = key.strip()
    problem = key_problem(key)
    if not key:
        raise InvalidInputError("A citation key cannot be empty.")
    if problem is not None:
        shown = key if len(key) <= 40 else key[:20] + "…"
        raise InvalidInputError(f"“{shown}” cannot be a citation key: it {problem}.")
    return key


def set_key(conn: Connection, paper_id: int, key: str, now: datetime) -> None:
    """Store a hand-chosen key, refusing one another paper holds (in any case).

    A key chosen by hand counts as used: ``rekey`` never replaces it.
    """
    key = check_key(key)
    owner = aliases.holder(conn, key)
    if owner is not None and owner != paper_id:
        title = conn.execute(select(PAPER.c.title).where(PAPER.c.id == owner)).scalar()
        raise InvalidInputError(
            f"The citation key “{key}” is already used by paper {owner} "
            f"(“{title}”); choose another."
        )
    aliases.drop(conn, key)  # one of the paper's own aliases becomes its key
    conn.execute(
        update(PAPER).where(PAPER.c.id == paper_id).values(citation_key=key, key_used_at=now)
    )
