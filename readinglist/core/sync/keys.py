"""Citation keys across devices: settled the same way on every device, and never silently.

How keys are made is :mod:`readinglist.core.bibtex.keys`'s business; what
sync does with them:

1. A key given to a paper on one device arrives on the others and is kept
   there: no import, export or sync changes a key a paper has, except by the
   two rules below (and a key changed by hand on one device changes on all).
2. Two devices gave **one paper two keys** while apart: the key given first
   stays (by the time it was shared; at the same moment, the smaller key).
   The other device's key changes, and its sync status says so.
3. Two devices gave **one key to two papers** while apart: the paper whose
   key was shared first keeps it; the other gets the key followed by ``-``
   and the first characters of its uid (a hash of the paper's identity), so
   every device picks the same new key whatever order files arrive in. The
   status names both papers.

How: each device keeps its own claim on a paper's key
(``key\\x1f<device id>``: ``[key, time]``), so claims made while apart all
reach every device, and the earliest standing one is the key. A key
changed by hand (or settled by rule 3) supersedes the claims its device had
seen, which it clears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from readinglist.core.bibtex import aliases
from readinglist.core.bibtex.keys import check_key
from readinglist.core.db import utcnow
from readinglist.core.errors import InvalidInputError
from readinglist.core.sync import local, view
from readinglist.core.sync.shared import SharedDoc
from readinglist.core.sync.view import KEY, SharedPaper
from readinglist.core.tables import PAPER

#: A claim on a key: (time shared, uid); the smaller wins.
Claim = tuple[float, str]


@dataclass(frozen=True)
class KeyChange:
    """A citation key that sync changed on this device, and why."""

    paper_id: int
    title: str
    old: str | None
    new: str
    #: "first": another device's key was given first; "hand": changed by hand
    #: elsewhere; "clash": another paper kept the key, this one is renamed
    why: str
    #: the paper that kept the key, in a clash
    other: str | None = None

    def __str__(self) -> str:
        if self.why == "clash":
            return (
                f"The key {self.old} was given to two papers while apart: “{self.other}” "
                f"keeps it, “{self.title}” is now {self.new}."
            )
        if self.why == "first":
            return (
                f"“{self.title}” had the key {self.old} here and {self.new} on another "
                f"device, which gave it first: it is now {self.new}."
            )
        return f"“{self.title}” has a new key, {self.new} (was {self.old}), set on another device."


def valid(key: Any) -> str | None:
    """A key from the document if it is one readinglist would write (else None)."""
    if not isinstance(key, str):
        return None
    try:
        return check_key(key)
    except InvalidInputError:
        return None


def disambiguate(key: str, uid: str, taken: set[str]) -> str:
    """``key-3fa2``: the key of a paper that lost a clash, from its uid (longer if taken)."""
    for size in range(4, len(uid) + 1, 2):
        candidate = f"{key}-{uid[:size]}"
        if candidate.lower() not in taken:
            return candidate
    return f"{key}-{uid}"  # pragma: no cover - every prefix of a 64-bit hash taken


def settle(
    conn: Connection,
    shared: SharedDoc,
    papers: Mapping[int, SharedPaper],
    rows: Mapping[int, Mapping[str, Any]],
    device: str,
    stamp: float,
) -> list[KeyChange]:
    """Bring the keys of ``papers`` to what the document says, by the rules above."""
    wanted: dict[int, tuple[str, Claim]] = {}
    changes: list[KeyChange] = []
    for pid, doc in papers.items():
        mine = rows[pid]["citation_key"]
        key = valid(doc.key[0]) if doc.key else None
        if doc.key is None or key is None or key == mine:
            continue
        wanted[pid] = (key, (doc.key[1], doc.primary))
        if mine:
            ours = any(v == mine for (_, n), (v, _) in doc.claims.items() if n == KEY + device)
            why = "first" if ours else "hand"
            changes.append(KeyChange(pid, rows[pid]["title"], mine, key, why))
    if not wanted:
        return changes
    final = _clashes(conn, shared, wanted, rows, device, stamp, changes)
    _write(conn, final)
    return changes


def _clashes(
    conn: Connection,
    shared: SharedDoc,
    wanted: dict[int, tuple[str, Claim]],
    rows: Mapping[int, Mapping[str, Any]],
    device: str,
    stamp: float,
    changes: list[KeyChange],
) -> dict[int, str]:
    """The keys to write, after settling keys two papers want."""
    final = {pid: key for pid, (key, _) in wanted.items()}
    taken = aliases.taken(conn)  # keys and aliases: one namespace
    taken.update(k.lower() for k in final.values())
    for key in sorted({k.lower() for k in final.values()}):
        claims = {pid: claim for pid, (k, claim) in wanted.items() if k.lower() == key}
        stmt = select(PAPER.c.id).where(func.lower(PAPER.c.citation_key) == key)
        for (holder,) in conn.execute(stmt):
            if holder not in final:
                claims[holder] = _claim(conn, shared, holder)
        if len(claims) < 2:
            continue
        winner = min(claims, key=lambda pid: claims[pid])
        for loser in sorted(p for p in claims if p != winner):
            old = final.get(loser) or rows.get(loser, {}).get("citation_key") or key
            new = disambiguate(old, claims[loser][1], taken)
            taken.add(new.lower())
            _rename(conn, shared, loser, new, device, stamp)
            final[loser] = new
            title = rows[loser]["title"] if loser in rows else _title(conn, loser)
            changes.append(KeyChange(loser, title, old, new, "clash", _title(conn, winner)))
    return final


def _claim(conn: Connection, shared: SharedDoc, pid: int) -> Claim:
    uids = local.uids_of(conn, [pid]).get(pid, [])
    if not uids:
        return (float("inf"), "")
    doc = view.read(shared, uids)
    return (doc.key[1] if doc.key else float("inf"), doc.primary)


def _rename(
    conn: Connection, shared: SharedDoc, pid: int, new: str, device: str, stamp: float
) -> None:
    """Rule 3's new key, claimed by this device over every claim it sees (as every
    device that sees the clash does, with the same key)."""
    uids = local.uids_of(conn, [pid]).get(pid, [])
    if not uids:
        return
    doc = view.read(shared, uids)
    for (uid, name), (value, _) in sorted(doc.claims.items()):
        if value is not None and name != KEY + device:
            shared.set_register(uid, name, None, stamp)
    shared.set_register(doc.primary, KEY + device, new, stamp)


def _title(conn: Connection, pid: int) -> str:
    return str(conn.execute(select(PAPER.c.title).where(PAPER.c.id == pid)).scalar() or "")


def _write(conn: Connection, final: dict[int, str]) -> None:
    """Keys change together: clear them first, so no two rows hold one key on the way."""
    pids = sorted(final)
    stmt = update(PAPER).where(PAPER.c.id == bindparam("pid"))
    conn.execute(stmt.values(citation_key=None), [{"pid": p} for p in pids])
    conn.execute(  # a key from another device may be in its documents: used, never re-keyed
        stmt.values(
            citation_key=bindparam("key"),
            key_used_at=func.coalesce(PAPER.c.key_used_at, bindparam("now")),
        ),
        [{"pid": p, "key": final[p], "now": utcnow()} for p in pids],
    )
