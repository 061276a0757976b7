"""A search limited to one list of the window: the list's filter as SQL.

The window searches the whole library or only the list it shows (the Inbox,
Starred, a digest, a tag). The list's :class:`PaperFilter` becomes SQL
conditions on ``paper p``, applied like the query's own filters: ``within``
the Inbox finds exactly what the query with ``is:unread`` finds on the
command line (``within`` a digest: ``digest:DAY``), so the counts agree.
"""

from __future__ import annotations

from readinglist.core.views import PaperFilter, View

_VIEWS = {
    View.INBOX: "p.read = 0",
    View.STARRED: "p.starred = 1",
    View.READ: "p.read = 1",
    View.BIN: "p.removed_at IS NOT NULL",  # never indexed: nothing is found there
}


def filter_sql(flt: PaperFilter) -> tuple[list[str], list[object]]:
    """SQL conditions (over ``paper p``) and their parameters for ``flt``."""
    where: list[str] = []
    params: list[object] = []
    if flt.view in _VIEWS:
        where.append(_VIEWS[flt.view])
    if flt.digest_day is not None:
        where.append(
            "p.id IN (SELECT de.paper_id FROM digest_entry de "
            "JOIN digest d ON d.id = de.digest_id WHERE d.day = ?)"
        )
        params.append(flt.digest_day.isoformat())
    if flt.tag is not None:
        where.append(
            "p.id IN (SELECT pt.paper_id FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id "
            "WHERE t.name = ? COLLATE NOCASE)"
        )
        params.append(flt.tag)
    return where, params
