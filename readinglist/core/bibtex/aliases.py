"""Citation aliases: the other keys a paper answers to (``citation_alias``).

Every key that came in with an import stays citable (see
:class:`readinglist.core.models.CitationAlias` for the table and its rules,
and :mod:`readinglist.core.merge_keys` for how keys arrive). Keys and
aliases share one namespace, ignoring case: whoever assigns a key (the
generator, ``set_key``, an import, a sync) asks :func:`taken` or
:func:`holder` first.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from readinglist.core.chunks import chunks


def owners(conn: Connection) -> tuple[dict[str, int], dict[int, str]]:
    """Every key and alias (case-folded) -> its paper; and each keyed paper's key."""
    owner: dict[str, int] = {}
    current: dict[int, str] = {}
    sql = "SELECT id, citation_key FROM paper WHERE citation_key IS NOT NULL"
    for pid, key in conn.exec_driver_sql(sql):
        owner[key.casefold()] = pid
        current[pid] = key
    for alias, pid in conn.exec_driver_sql("SELECT alias, paper_id FROM citation_alias"):
        owner.setdefault(alias.casefold(), pid)
    return owner, current


def taken(conn: Connection) -> set[str]:
    """Every key and alias in the library, lower-cased (what a new key must avoid)."""
    sql = (
        "SELECT lower(citation_key) FROM paper WHERE citation_key IS NOT NULL "
        "UNION SELECT lower(alias) FROM citation_alias"
    )
    return {key for (key,) in conn.exec_driver_sql(sql)}


def holder(conn: Connection, key: str) -> int | None:
    """The paper that answers to ``key`` (as key or alias, any case), if any."""
    sql = (
        "SELECT id FROM paper WHERE citation_key = ? COLLATE NOCASE "
        "UNION ALL SELECT paper_id FROM citation_alias WHERE alias = ? COLLATE NOCASE"
    )
    row = conn.exec_driver_sql(sql, (key, key)).first()
    return int(row[0]) if row is not None else None


def aliases_of(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The aliases of papers ``ids`` (sorted, case-insensitively), for those that have any."""
    found: dict[int, list[str]] = {}
    wanted = sorted(set(ids))
    if len(wanted) > 2000:  # most of the library: read the (small) table whole
        lookup = set(wanted)
        everything = conn.exec_driver_sql("SELECT paper_id, alias FROM citation_alias")
        rows = [r for r in everything if r[0] in lookup]
    else:
        rows = []
        for chunk in chunks(wanted):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT paper_id, alias FROM citation_alias WHERE paper_id IN ({marks})"
            rows.extend(conn.exec_driver_sql(sql, tuple(chunk)))
    for pid, alias in rows:
        found.setdefault(pid, []).append(alias)
    return {pid: tuple(sorted(names, key=lambda a: (a.lower(), a))) for pid, names in found.items()}


def drop(conn: Connection, key: str) -> None:
    """Forget an alias (it is becoming a paper's own key)."""
    conn.exec_driver_sql("DELETE FROM citation_alias WHERE alias = ? COLLATE NOCASE", (key,))


__all__ = ["aliases_of", "drop", "holder", "owners", "taken"]
