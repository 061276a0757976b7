"""Citation keys that arrive with an import: kept, kept as aliases, or replaced.

Runs inside the import's transaction, once its papers have ids. A key that
arrives (an entry's own key, or one its ``ids`` lists) is:

- **kept** as the paper's key when the paper has none yet, the key follows
  the key rule (:func:`readinglist.core.bibtex.keys.key_problem`) and no
  other paper answers to it (in any case, as key or alias);
- **an alias** of the paper when the paper has a key already (from an
  earlier file, an export, or another entry of this file that was the same
  paper): every key that came in stays citable;
- **replaced**, when it breaks the rule or names another paper: the paper
  gets a generated key now, and the import's notices say which, so the user
  can change their document.

Once set, a key is stable: a later file never changes it (it adds aliases).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from readinglist.core.bibtex.aliases import owners
from readinglist.core.bibtex.keys import assign_keys, key_problem
from readinglist.core.store import enqueue
from readinglist.core.views import Notice


@dataclass(frozen=True)
class Arrival:
    """A key that came in for paper ``slot``, with the entry it came with.

    ``slot`` is the paper's id, or a negative number standing for a paper the
    import is about to insert (keys are decided first, so a new paper is
    inserted with its key rather than updated after).
    """

    slot: int
    key: str
    line: int | None
    entry: str | None


@dataclass
class Plan:
    """Where the arrived keys go: keys, aliases, and those refused (with why)."""

    new_keys: dict[int, str] = field(default_factory=dict)
    aliases: list[tuple[str, int]] = field(default_factory=list)
    refused: list[tuple[Arrival, str]] = field(default_factory=list)
    keyed: set[int] = field(default_factory=set)


def decide(conn: Connection, arrivals: Sequence[Arrival]) -> Plan:
    """Each arrived key's place, against every key and alias in the library."""
    plan = Plan()
    if not arrivals:
        return plan
    owner, current = owners(conn)
    plan.keyed.update(current)
    first_line: dict[str, int | None] = {}
    for arrival in arrivals:
        key, slot = arrival.key.strip(), arrival.slot
        problem = key_problem(key)
        if problem is not None:
            plan.refused.append((arrival, f"the key “{key[:80]}” {problem}"))
            continue
        folded = key.casefold()
        holder = owner.get(folded)
        if holder == slot:
            continue
        if holder is not None:
            where = (
                f"another entry of this file (line {first_line[folded]})"
                if folded in first_line
                else "another paper in the library"
            )
            plan.refused.append((arrival, f"the key “{key}” already names {where}"))
            continue
        owner[folded] = slot
        first_line[folded] = arrival.line
        if slot in plan.keyed:
            plan.aliases.append((key, slot))
        else:
            plan.keyed.add(slot)
            plan.new_keys[slot] = key
    return plan


def apply(conn: Connection, plan: Plan, paper_id: Callable[[int], int]) -> list[Notice]:
    """Store the plan once every slot has a paper id (new papers were inserted with
    their keys); returns the notices about refused keys."""
    updates = [(key, slot) for slot, key in plan.new_keys.items() if slot > 0]
    if updates:
        conn.exec_driver_sql(  # an imported key counts as used: ``rekey`` never replaces it
            "UPDATE paper SET citation_key = ?, key_used_at = COALESCE(key_used_at, "
            "strftime('%Y-%m-%d %H:%M:%S.000000', 'now')) WHERE id = ?",
            updates,
        )
        enqueue(conn, sorted(slot for _, slot in updates))
    if plan.aliases:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO citation_alias (alias, paper_id) VALUES (?, ?)",
            [(key, paper_id(slot)) for key, slot in plan.aliases],
        )
    final: dict[int, str] = {paper_id(slot): key for slot, key in plan.new_keys.items()}
    unkeyed = sorted({paper_id(a.slot) for a, _ in plan.refused if a.slot not in plan.keyed})
    final.update(assign_keys(conn, unkeyed) if unkeyed else {})
    notices = []
    for arrival, why in plan.refused:
        pid = paper_id(arrival.slot)
        key = final.get(pid) or _key_of(conn, pid)
        notices.append(Notice(f"{why}; cite this paper as “{key}”", arrival.line, arrival.entry))
    return notices


def _key_of(conn: Connection, pid: int) -> str:
    row = conn.exec_driver_sql("SELECT citation_key FROM paper WHERE id = ?", (pid,)).first()
    return str(row[0]) if row else ""


__all__ = ["Arrival", "Plan", "apply", "decide"]
