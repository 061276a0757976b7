"""Re-keying: new keys, by the current formula, for keys that never left the library.

Changing the key formula never changes a key already assigned. ``rekey``
then replaces the keys that were assigned but never exported, cited, typed
by hand or imported (``paper.key_used_at`` is empty), and says which; every
other key stays, however old its formula. The replaced keys are settled
together by the usual rule (:mod:`.keys`), as if the papers had none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, update

from readinglist.core.bibtex.keys import current_formula, plan_keys, unused, write_keys
from readinglist.core.chunks import chunks
from readinglist.core.tables import PAPER


@dataclass(frozen=True)
class Rekeyed:
    paper_id: int
    title: str
    old: str
    new: str


@dataclass(frozen=True)
class RekeyReport:
    """What ``rekey`` changed (or would change), and what it left alone."""

    changed: tuple[Rekeyed, ...]
    #: Unused keys the formula gives again unchanged.
    same: int
    #: Keys that were exported, cited, typed or imported: never changed.
    kept: int
    formula: str
    dry_run: bool = False


def rekey(conn: Connection, *, dry_run: bool = False) -> RekeyReport:
    """Re-key every live paper whose key was never used, inside the caller's transaction."""
    formula = current_formula(conn)
    sql = (
        "SELECT id, title, citation_key FROM paper "
        "WHERE citation_key IS NOT NULL AND removed_at IS NULL"
    )
    live = {pid: (title, key) for pid, title, key in conn.exec_driver_sql(sql)}
    candidates = sorted(unused(conn).intersection(live))
    planned = plan_keys(conn, candidates, formula, released=frozenset(candidates))
    changed = tuple(
        Rekeyed(pid, live[pid][0], live[pid][1], planned[pid])
        for pid in candidates
        if planned.get(pid, live[pid][1]) != live[pid][1]
    )
    if changed and not dry_run:
        ids = [c.paper_id for c in changed]
        for chunk in chunks(ids):  # free the old keys first: one may be another's new key
            conn.execute(update(PAPER).where(PAPER.c.id.in_(chunk)).values(citation_key=None))
        write_keys(conn, {c.paper_id: c.new for c in changed})
    return RekeyReport(
        changed, len(candidates) - len(changed), len(live) - len(candidates), formula.text, dry_run
    )
