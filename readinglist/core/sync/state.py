"""What sync keeps in the library database, in the same transactions as the papers.

The shared document is kept as a checkpoint (the whole document) and a
journal of what each sync added since: saving after a sync costs what
changed, not the whole document (tens of MB for 100,000 papers). Because
the document lives in SQLite with the papers, a crash, a restore or a copy
never leaves one without the other: a restored backup syncs as a device that
was away since the backup was made. Beside it: the files of the folder
already applied (so they are not read again), the settings of sync, and the
uids whose record is still on the way.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from readinglist.core import settings
from readinglist.core.sync.reader import Known
from readinglist.core.sync.settings_keys import WAITING
from readinglist.core.tables import SYNC_DOC, SYNC_FILE

#: Rewrite the checkpoint when the journal holds more entries than this…
JOURNAL_ENTRIES = 200
#: …or more than this share of the checkpoint's size (and at least a megabyte).
JOURNAL_SHARE = 0.25


def load_doc(conn: Connection) -> list[bytes] | None:
    """The saved updates, checkpoint first; None when there is no document yet."""
    rows = conn.execute(select(SYNC_DOC.c.kind, SYNC_DOC.c.data).order_by(SYNC_DOC.c.id)).all()
    if not rows or rows[0][0] != "checkpoint":
        return None
    return [zlib.decompress(data) for _, data in rows]


def save_doc(conn: Connection, full: Any, delta: bytes) -> None:
    """Journal ``delta`` (what the document gained), or write a new checkpoint
    (``full()``, the whole document) when the journal has grown too long."""
    sizes = dict(
        conn.execute(
            select(SYNC_DOC.c.kind, func.sum(func.length(SYNC_DOC.c.data))).group_by(
                SYNC_DOC.c.kind
            )
        ).all()
    )
    entries = conn.execute(
        select(func.count()).select_from(SYNC_DOC).where(SYNC_DOC.c.kind == "journal")
    ).scalar_one()
    journal = int(sizes.get("journal") or 0) + len(delta)
    limit = max(1_000_000, JOURNAL_SHARE * int(sizes.get("checkpoint") or 0))
    if "checkpoint" not in sizes or entries >= JOURNAL_ENTRIES or journal > limit:
        conn.execute(delete(SYNC_DOC))
        conn.execute(insert(SYNC_DOC).values(kind="checkpoint", data=zlib.compress(full(), 1)))
    else:
        conn.execute(insert(SYNC_DOC).values(kind="journal", data=zlib.compress(delta, 1)))


def drop_doc(conn: Connection) -> None:
    """Forget the document and the files read (leaving a folder, or starting anew)."""
    conn.execute(delete(SYNC_DOC))
    conn.execute(delete(SYNC_FILE))
    settings.drop(conn, WAITING)


def known_files(conn: Connection) -> dict[str, Known]:
    stmt = select(
        SYNC_FILE.c.name,
        SYNC_FILE.c.state,
        SYNC_FILE.c.size,
        SYNC_FILE.c.mtime_ns,
        SYNC_FILE.c.digest,
        SYNC_FILE.c.reason,
    )
    return {
        name: Known(state, size, mtime, digest, reason)
        for name, state, size, mtime, digest, reason in conn.execute(stmt)
    }


def keep_files(conn: Connection, records: Mapping[str, Known]) -> None:
    if not records:
        return
    conn.execute(delete(SYNC_FILE).where(SYNC_FILE.c.name.in_(sorted(records))))
    conn.execute(
        insert(SYNC_FILE),
        [
            {
                "name": name,
                "state": r.state,
                "size": r.size,
                "mtime_ns": r.mtime_ns,
                "digest": r.digest,
                "reason": r.reason,
            }
            for name, r in sorted(records.items())
        ],
    )


def forget_files(conn: Connection, names: list[str]) -> None:
    if names:
        conn.execute(delete(SYNC_FILE).where(SYNC_FILE.c.name.in_(sorted(names))))


def dirty(conn: Connection) -> list[int]:
    return [pid for (pid,) in conn.exec_driver_sql("SELECT paper_id FROM sync_dirty")]


def all_papers(conn: Connection) -> list[int]:
    return [pid for (pid,) in conn.exec_driver_sql("SELECT id FROM paper")]


def clear_changes(conn: Connection) -> None:
    """Everything changed so far is in the document now (or came from it)."""
    conn.exec_driver_sql("DELETE FROM sync_dirty")
    conn.exec_driver_sql("DELETE FROM sync_purged")


def waiting(conn: Connection) -> set[str]:
    return set(json.loads(settings.get(conn, WAITING) or "[]"))


def keep_waiting(conn: Connection, uids: set[str]) -> None:
    settings.put(conn, WAITING, json.dumps(sorted(uids)))
