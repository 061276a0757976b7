"""Which papers an export covers, and how a scope is stored for auto-export.

A scope is a rule, not a list: an auto-exported ``--tag thesis`` file follows
the tag as papers gain and lose it, and a ``document`` scope (its value the
path of an .aux, .bcf or .tex) follows what the document cites. Resolving a scope is a read; a query
scope asks the search index through a callable passed in, so this module
does not depend on the search package.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import Connection, select

from readinglist.core.chunks import chunks
from readinglist.core.errors import InvalidInputError
from readinglist.core.tables import PAPER, PAPER_TAG, TAG
from readinglist.core.tag_names import stored_name
from readinglist.core.views import PaperFilter, View

ScopeKind = Literal["ids", "starred", "tag", "query", "all", "document"]
SCOPE_KINDS: tuple[str, ...] = get_args(ScopeKind)

#: Runs a search and returns every matching paper id (``Library.search_ids``).
SearchIds = Callable[[str], list[int]]


@dataclass(frozen=True)
class ExportScope:
    """A set of papers to export: ids, the starred ones, a tag, a query, or all."""

    kind: ScopeKind
    value: str | None = None
    ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise InvalidInputError(
                f"Unknown export scope “{self.kind}”: use one of {', '.join(SCOPE_KINDS)}."
            )
        if self.kind in ("tag", "query", "document") and not (self.value or "").strip():
            raise InvalidInputError(f"Say which {self.kind} to export (it cannot be empty).")
        if self.kind == "ids" and not self.ids:
            raise InvalidInputError("Say which paper ids to export.")

    def describe(self) -> str:
        """``tag thesis``, ``starred``, ``query "distillation"``: for lists and messages."""
        if self.kind == "tag":
            return f"tag {self.value}"
        if self.kind == "query":
            return f'query "{self.value}"'
        if self.kind == "ids":
            return "ids " + " ".join(map(str, self.ids))
        if self.kind == "document":
            return f"what {self.value} cites"
        return "all papers" if self.kind == "all" else "starred"

    def to_row(self) -> tuple[str, str | None]:
        """(scope, value) columns of the ``autoexport`` table."""
        if self.kind == "ids":
            return self.kind, ",".join(map(str, self.ids))
        return self.kind, self.value

    @classmethod
    def from_row(cls, kind: str, value: str | None) -> ExportScope:
        if kind == "ids":
            ids = tuple(int(x) for x in (value or "").split(",") if x.strip().isdigit())
            return cls("ids", ids=ids or (0,))
        if kind not in SCOPE_KINDS:
            raise InvalidInputError(f"Unknown export scope “{kind}” in the library.")
        return cls(kind, value)  # type: ignore[arg-type]


def resolve(conn: Connection, scope: ExportScope, search: SearchIds) -> list[int]:
    """Live paper ids in ``scope``, ascending (unknown or removed ids are left out).

    A document scope is read by :mod:`readinglist.core.writing.export`, not here.
    """
    if scope.kind == "document":
        raise ValueError("a document scope is resolved by reading the document")
    live = PAPER.c.removed_at.is_(None)
    if scope.kind in ("all", "starred"):  # plain rows: a 10k-paper export's first step
        sql = "SELECT id FROM paper WHERE removed_at IS NULL"
        sql += " AND starred IS 1" if scope.kind == "starred" else ""
        raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
        return [pid for (pid,) in raw.execute(sql + " ORDER BY id").fetchall()]
    if scope.kind == "tag":
        name = stored_name(conn, scope.value or "")
        if name is None:
            return []
        stmt = (
            select(PAPER.c.id)
            .join(PAPER_TAG, PAPER_TAG.c.paper_id == PAPER.c.id)
            .join(TAG, TAG.c.id == PAPER_TAG.c.tag_id)
            .where(live, TAG.c.name == name)
            .order_by(PAPER.c.id)
        )
        return list(conn.execute(stmt).scalars())
    wanted = set(search(scope.value or "")) if scope.kind == "query" else set(scope.ids)
    found: list[int] = []
    ordered = sorted(wanted)
    for chunk in chunks(ordered):
        stmt = select(PAPER.c.id).where(live, PAPER.c.id.in_(chunk))
        found.extend(conn.execute(stmt).scalars())
    return sorted(found)


def list_scope(flt: PaperFilter) -> ExportScope | None:
    """The export scope that follows a list of the window as it changes: the
    Starred list is ``starred``, a tag's list ``tag``, All Papers ``all``, the
    Inbox and Read lists and a digest the matching filter query (``is:unread``,
    ``digest:2026-03-13``); ``None`` for the bin, which is never exported."""
    if flt.view is View.BIN:
        return None
    if flt.tag is not None:
        return ExportScope("tag", flt.tag)
    if flt.digest_day is not None:
        return ExportScope("query", f"digest:{flt.digest_day.isoformat()}")
    return {
        View.ALL: ExportScope("all"),
        View.STARRED: ExportScope("starred"),
        View.INBOX: ExportScope("query", "is:unread"),
        View.READ: ExportScope("query", "is:read"),
    }.get(flt.view)
