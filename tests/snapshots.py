"""Row-for-row pictures of a library, to prove what an operation changed (or did not)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from readinglist.core.library import Library
from readinglist.core.tables import DIGEST, DIGEST_ENTRY, PAPER

DATA = Path(__file__).parent / "data"
#: Columns that depend on when or in which order rows were written. Two
#: sources for one digest day list its papers in the order of the first one
#: imported (``digest_entry.position``), and the digest order follows it.
VOLATILE = frozenset(
    {"id", "added_at", "updated_at", "read_at", "listed_position", "key_used_at", "key_base"}
)


def paper_rows(library: Library) -> list[dict[str, Any]]:
    """Paper rows without ids and timestamps, ordered by title key."""
    with library.db.read() as conn:
        rows = conn.execute(select(PAPER).order_by(PAPER.c.title_key)).mappings().all()
    return [{k: v for k, v in r.items() if k not in VOLATILE} for r in rows]


def digest_members(library: Library) -> set[tuple[str, str]]:
    """(digest day, paper title key) pairs: who stood in which digest."""
    stmt = (
        select(DIGEST.c.day, PAPER.c.title_key)
        .join(DIGEST_ENTRY, DIGEST_ENTRY.c.digest_id == DIGEST.c.id)
        .join(PAPER, PAPER.c.id == DIGEST_ENTRY.c.paper_id)
    )
    with library.db.read() as conn:
        return {(d.isoformat(), k) for d, k in conn.execute(stmt)}


def by_title(library: Library, title: str) -> dict[str, Any]:
    """The one paper row whose title starts with ``title``."""
    with library.db.read() as conn:
        rows = conn.execute(select(PAPER).where(PAPER.c.title.startswith(title))).mappings().all()
    assert len(rows) == 1, f"{len(rows)} papers titled {title!r}…"
    return dict(rows[0])
