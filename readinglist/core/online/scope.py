"""Which papers an online run completes, read from the library in bulk.

A scope is some papers by id, the papers of some digests, every paper, or
the papers missing an arXiv id or author names. Each becomes a
:class:`~readinglist.core.online.matching.Target` with what matching needs:
its title and the titles it was known by before, its arXiv id, its digest
days, and whether it is complete already (an arXiv id, author names, a
primary category and a record from arXiv), which a run skips unless asked to
refresh.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, or_, select

from readinglist.core.chunks import chunks
from readinglist.core.errors import InvalidInputError, NotFoundError
from readinglist.core.online.matching import Target, match_key
from readinglist.core.store import require
from readinglist.core.tables import DIGEST, DIGEST_ENTRY, PAPER, TITLE_ALIAS


@dataclass(frozen=True)
class EnrichScope:
    """Exactly one of: ``ids``, ``digests``, ``all``, ``missing``."""

    ids: tuple[int, ...] = ()
    digests: tuple[date, ...] = ()
    all: bool = False
    missing: bool = False

    def __post_init__(self) -> None:
        given = sum((bool(self.ids), bool(self.digests), self.all, self.missing))
        if given != 1:
            raise InvalidInputError(
                "Say which papers to complete: ids, a digest's day, all of them, "
                "or those missing an arXiv id or authors."
            )


_COLUMNS = (
    PAPER.c.id,
    PAPER.c.title,
    PAPER.c.arxiv_id,
    PAPER.c.authors,
    PAPER.c.primary_class,
    PAPER.c.arxiv_version,
)


def load_targets(conn: Connection, scope: EnrichScope) -> list[Target]:
    """The live papers of ``scope``, oldest first; unknown ids or days are an error."""
    stmt = select(*_COLUMNS).where(PAPER.c.removed_at.is_(None)).order_by(PAPER.c.id)
    if scope.ids:
        require(conn, sorted(set(scope.ids)))
        rows: list[Any] = []
        for chunk in chunks(sorted(set(scope.ids))):
            rows.extend(conn.execute(stmt.where(PAPER.c.id.in_(chunk))).all())
    elif scope.digests:
        stmt_days = select(DIGEST.c.day).where(DIGEST.c.day.in_(scope.digests))
        known = set(conn.execute(stmt_days).scalars())
        missing = [d for d in scope.digests if d not in known]
        if missing:
            raise NotFoundError(f"No digest on {', '.join(d.isoformat() for d in missing)}.")
        listed = (
            select(DIGEST_ENTRY.c.paper_id)
            .join(DIGEST, DIGEST.c.id == DIGEST_ENTRY.c.digest_id)
            .where(DIGEST.c.day.in_(scope.digests))
        )
        rows = list(conn.execute(stmt.where(PAPER.c.id.in_(listed))).all())
    elif scope.missing:
        lacking = or_(PAPER.c.arxiv_id.is_(None), PAPER.c.authors == "[]")
        rows = list(conn.execute(stmt.where(lacking)).all())
    else:
        rows = list(conn.execute(stmt).all())
    ids = [r[0] for r in rows]
    days = _days(conn, ids)
    aliases = _aliases(conn, ids)
    targets = []
    for pid, title, arxiv_id, authors, primary_class, version in sorted(rows):
        has_authors = bool(json.loads(authors) if isinstance(authors, str) else authors)
        targets.append(
            Target(
                id=pid,
                title=title,
                arxiv_id=arxiv_id,
                has_authors=has_authors,
                complete=bool(arxiv_id and has_authors and primary_class and version),
                days=tuple(sorted(days.get(pid, ()))),
                keys=frozenset({match_key(title), *aliases.get(pid, ())}) - {""},
            )
        )
    return targets


def _days(conn: Connection, ids: Sequence[int]) -> dict[int, set[date]]:
    out: dict[int, set[date]] = {}
    for chunk in chunks(ids):
        stmt = (
            select(DIGEST_ENTRY.c.paper_id, DIGEST.c.day)
            .join(DIGEST, DIGEST.c.id == DIGEST_ENTRY.c.digest_id)
            .where(DIGEST_ENTRY.c.paper_id.in_(chunk))
        )
        for pid, day in conn.execute(stmt):
            out.setdefault(pid, set()).add(day)
    return out


def _aliases(conn: Connection, ids: Sequence[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for chunk in chunks(ids):
        stmt = select(TITLE_ALIAS.c.paper_id, TITLE_ALIAS.c.title_key).where(
            TITLE_ALIAS.c.paper_id.in_(chunk)
        )
        for pid, key in conn.execute(stmt):
            out.setdefault(pid, set()).add(match_key(key))
    return out
