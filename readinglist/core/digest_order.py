"""The digest's own order: newest digest first, then as the digest listed them.

A digest lists its papers in an order that means something (Hugging Face
ranks the day's papers); text digests mostly lack dates, so sorting by
publication date loses it. Each paper keeps the newest digest that listed it
and its place there (``paper.listed_day``, ``paper.listed_position``, one
covering index), so the Inbox sorts in that order as cheaply as by any other
column. Imports call :func:`refresh_listing` for the papers they touched,
inside their transaction; the migration that added the columns filled them
the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from readinglist.core.chunks import chunks

_REFRESH = """
UPDATE paper SET (listed_day, listed_position) = (
    SELECT digest.day, digest_entry.position
    FROM digest_entry JOIN digest ON digest.id = digest_entry.digest_id
    WHERE digest_entry.paper_id = paper.id
    ORDER BY digest.day DESC, digest_entry.position ASC
    LIMIT 1
)
WHERE id IN ({marks})
"""


def refresh_listing(conn: Connection, ids: Sequence[int]) -> None:
    """Point each paper at the newest digest entry it has (``NULL`` for none)."""
    for chunk in chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        conn.exec_driver_sql(_REFRESH.format(marks=marks), tuple(chunk))
