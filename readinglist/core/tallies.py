"""Reading, checking and recounting the sidebar's tallies (see :mod:`tally_sql`).

The tallies are derived data, like the search index: ``readinglist check``
compares them with a recount from the papers themselves, and its repair
refills them from that recount. Nothing a user wrote is touched.
"""

from __future__ import annotations

from sqlalchemy import Connection

from readinglist.core.tally_sql import DIGEST_RECOUNT, TAG_RECOUNT, TOTALS, TOTALS_RECOUNT

#: Digest id -> (live papers, live unread papers).
DigestTallies = dict[int, tuple[int, int]]


def digest_tallies(conn: Connection) -> DigestTallies:
    """What ``digest_tally`` holds."""
    rows = conn.exec_driver_sql("SELECT digest_id, papers, unread FROM digest_tally")
    return {int(d): (int(p), int(u)) for d, p, u in rows}


def digest_recount(conn: Connection) -> DigestTallies:
    """The same, counted from the digest entries and their papers."""
    rows = conn.exec_driver_sql(DIGEST_RECOUNT)
    return {int(d): (int(p), int(u)) for d, p, u in rows}


def tag_tallies(conn: Connection) -> dict[int, int]:
    """What ``tag_tally`` holds: tag id -> live papers carrying it."""
    return {int(t): int(p) for t, p in conn.exec_driver_sql("SELECT tag_id, papers FROM tag_tally")}


def tag_recount(conn: Connection) -> dict[int, int]:
    """The same, counted from the tag links and their papers."""
    return {int(t): int(p) for t, p in conn.exec_driver_sql(TAG_RECOUNT)}


def totals(conn: Connection) -> dict[str, int] | None:
    """What ``library_tally`` holds (None when its one row is missing)."""
    row = conn.exec_driver_sql(f"SELECT {', '.join(TOTALS)} FROM library_tally").first()
    return None if row is None else dict(zip(TOTALS, (int(x) for x in row), strict=True))


def totals_recount(conn: Connection) -> dict[str, int]:
    """The library's totals, counted from the papers."""
    row = conn.exec_driver_sql(TOTALS_RECOUNT).one()
    return dict(zip(TOTALS, (int(x) for x in row), strict=True))


def disagreements(conn: Connection) -> list[str]:
    """What in the tallies differs from a recount, said for a user (empty: none)."""
    out: list[str] = []
    kept, counted = digest_tallies(conn), digest_recount(conn)
    wrong = sum(1 for d in kept.keys() | counted.keys() if kept.get(d) != counted.get(d))
    if wrong:
        out.append(f"the counts of {wrong} digest(s)")
    tags, tags_counted = tag_tallies(conn), tag_recount(conn)
    wrong = sum(1 for t in tags.keys() | tags_counted.keys() if tags.get(t) != tags_counted.get(t))
    if wrong:
        out.append(f"the counts of {wrong} tag(s)")
    kept_totals = totals(conn)
    if kept_totals != totals_recount(conn):
        out.append("the library's totals")
    return out


def recount(conn: Connection) -> None:
    """Refill the tallies from the papers (inside the caller's write transaction)."""
    conn.exec_driver_sql("DELETE FROM digest_tally")
    conn.exec_driver_sql(f"INSERT INTO digest_tally (digest_id, papers, unread) {DIGEST_RECOUNT}")
    conn.exec_driver_sql("DELETE FROM tag_tally")
    conn.exec_driver_sql(f"INSERT INTO tag_tally (tag_id, papers) {TAG_RECOUNT}")
    conn.exec_driver_sql("DELETE FROM library_tally")
    conn.exec_driver_sql(
        f"INSERT INTO library_tally (id, {', '.join(TOTALS)}) SELECT 1, * FROM ({TOTALS_RECOUNT})"
    )
