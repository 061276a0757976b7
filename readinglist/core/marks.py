"""What marking a paper read, unread or starred writes: the triage rules.

Marking unread is the user's word: the paper is then never marked read
automatically (the window's delay) until it is marked read again
(``paper.keep_unread``). Kept apart from :class:`~readinglist.core.library.Library`
so the rules read in one place and the Library stays a thin service.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, update

from readinglist.core.errors import InvalidInputError
from readinglist.core.tables import PAPER


def mark_values(
    now: datetime, *, read: bool | None, starred: bool | None, keep_unread: bool | None
) -> dict[str, Any]:
    """The columns a mark sets; ``keep_unread`` given explicitly (undo) wins over
    what ``read`` implies."""
    values: dict[str, Any] = {}
    if read is not None:
        values.update(read=read, read_at=now if read else None)
        values["keep_unread"] = (not read) if keep_unread is None else keep_unread
    elif keep_unread is not None:
        values["keep_unread"] = keep_unread
    if starred is not None:
        values["starred"] = starred
    if not values:
        raise InvalidInputError("Nothing to mark: say read, unread, star or unstar.")
    return values


def mark_read_unless_kept(conn: Connection, paper_id: int, now: datetime) -> bool:
    """Mark an unread paper read unless the user marked it unread by hand."""
    done = conn.execute(
        update(PAPER)
        .where(PAPER.c.id == paper_id, PAPER.c.read.is_(False))
        .where(PAPER.c.keep_unread.is_(False))
        .values(read=True, read_at=now, updated_at=now)
    ).rowcount
    return bool(done)
