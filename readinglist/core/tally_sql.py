"""The SQL of the sidebar's tallies: the recounts, the tables and their triggers.

The sidebar shows, for every digest, how many live papers it lists and how
many of them are unread, for every tag how many live papers carry it, and the
library's totals (papers, unread, starred, read, noted, binned). Counting them
means joining every digest entry and tag link to its paper: about 0.1 s on
100,000 papers, on every start and after every change. So they are kept in
three small tables that triggers maintain, whatever code or process writes
(an import, a mark, the bin, a sync, a merge), and read in well under a
millisecond.

A cache that can go stale is a bug, so the recounts below are the definition
of what the tallies hold: migration 10 fills the tables with them, ``readinglist
check`` compares the tables with them and its repair refills the tables from
them, and the tests compare the tables with them after random sequences of the
library's own operations. Migration 10 is built from these strings: a change to
one of them is a new migration, never an edit.

Why each trigger is there (a "live" paper is one not in the bin):

- a paper's insert, its delete, and an update of ``read``, ``starred``,
  ``removed_at`` or ``note`` change the totals; an update of ``read`` or
  ``removed_at`` also changes the digests that list it, one of ``removed_at``
  the tags it carries;
- a paper is tallied out *before* it is deleted: its digest entries and tag
  links are then deleted by the foreign keys' cascade, and SQLite runs their triggers after
  the paper row is gone, so they can no longer see what it counted for;
- a digest entry's insert, delete, or move (an update of ``digest_id`` or
  ``paper_id``, as a merge re-pointing entries would do) changes the two
  digests' counts by what its paper counts for (nothing, if no such paper);
  a tag link's likewise for its tags;
- a digest's or tag's insert starts its row (counting entries already
  pointing at its id, which only a library without foreign keys could hold),
  its delete drops it, a change of its id moves it.

Rows are never replaced (``INSERT OR REPLACE`` would delete without running
delete triggers): the code uses ``ON CONFLICT DO NOTHING/UPDATE`` instead.
"""

from __future__ import annotations

#: Each digest's live papers and live unread papers; an entry whose paper does
#: not exist counts for nothing. ``INDEXED BY paper_flags`` reads the flags from
#: a narrow covering index: without it SQLite (lacking ANALYZE statistics) looks
#: up each wide paper row, 1.0 s instead of 0.2 s on 100,000 papers.
DIGEST_RECOUNT = """
    SELECT digest.id AS digest_id,
           coalesce(sum(iif(paper.id IS NOT NULL AND paper.removed_at IS NULL, 1, 0)), 0)
               AS papers,
           coalesce(sum(iif(paper.removed_at IS NULL AND paper.read = 0, 1, 0)), 0) AS unread
    FROM digest
    LEFT JOIN digest_entry ON digest_entry.digest_id = digest.id
    LEFT JOIN paper INDEXED BY paper_flags ON paper.id = digest_entry.paper_id
    GROUP BY digest.id
"""

#: Each tag's live papers, the same way.
TAG_RECOUNT = """
    SELECT tag.id AS tag_id,
           coalesce(sum(iif(paper.id IS NOT NULL AND paper.removed_at IS NULL, 1, 0)), 0)
               AS papers
    FROM tag
    LEFT JOIN paper_tag ON paper_tag.tag_id = tag.id
    LEFT JOIN paper INDEXED BY paper_flags ON paper.id = paper_tag.paper_id
    GROUP BY tag.id
"""

#: The library's totals, each from its own index (``paper_unread``,
#: ``paper_starred``, ``paper_noted``, ``paper_binned``).
TOTALS_RECOUNT = """
    SELECT (SELECT count(*) FROM paper WHERE removed_at IS NULL) AS papers,
           (SELECT count(*) FROM paper WHERE read = 0 AND removed_at IS NULL) AS unread,
           (SELECT count(*) FROM paper WHERE starred = 1 AND removed_at IS NULL) AS starred,
           (SELECT count(*) FROM paper WHERE read = 1 AND removed_at IS NULL) AS read,
           (SELECT count(*) FROM paper WHERE removed_at IS NULL AND note != '') AS noted,
           (SELECT count(*) FROM paper WHERE removed_at IS NOT NULL) AS binned
"""

#: The columns of ``library_tally`` after its ``id``, in the order of ``TOTALS_RECOUNT``.
TOTALS = ("papers", "unread", "starred", "read", "noted", "binned")


def _totals_of(row: str) -> dict[str, str]:
    """What one paper row (``OLD`` or ``NEW``) adds to each total, as 0 or 1."""
    live = f"({row}.removed_at IS NULL)"
    return {
        "papers": live,
        "unread": f"({live} AND {row}.read = 0)",
        "starred": f"({live} AND {row}.starred = 1)",
        "read": f"({live} AND {row}.read = 1)",
        "noted": f"({live} AND {row}.note != '')",
        "binned": f"({row}.removed_at IS NOT NULL)",
    }


def _totals_update(minus: str | None, plus: str | None) -> str:
    old = _totals_of(minus) if minus else {}
    new = _totals_of(plus) if plus else {}
    sets = []
    for name in TOTALS:
        term = name + (f" + {new[name]}" if plus else "") + (f" - {old[name]}" if minus else "")
        sets.append(f"{name} = {term}")
    return "UPDATE library_tally SET " + ", ".join(sets) + ";"


def _digests_of_paper(row: str, sign: str) -> str:
    """Adds (``+``) or takes away (``-``) paper ``row`` in every digest listing it."""
    return (
        f"UPDATE digest_tally SET papers = papers {sign} ({row}.removed_at IS NULL), "
        f"unread = unread {sign} ({row}.removed_at IS NULL AND {row}.read = 0) "
        f"WHERE digest_id IN (SELECT digest_id FROM digest_entry WHERE paper_id = {row}.id);"
    )


def _entry(row: str, sign: str) -> str:
    """Adds (``+``) or takes away (``-``) digest entry ``row`` in its digest."""
    return (
        f"UPDATE digest_tally SET "
        f"papers = papers {sign} coalesce((SELECT removed_at IS NULL FROM paper "
        f"WHERE id = {row}.paper_id), 0), "
        f"unread = unread {sign} coalesce((SELECT removed_at IS NULL AND read = 0 FROM paper "
        f"WHERE id = {row}.paper_id), 0) "
        f"WHERE digest_id = {row}.digest_id;"
    )


def _tags_of_paper(row: str, sign: str) -> str:
    """Adds (``+``) or takes away (``-``) paper ``row`` in every tag it carries."""
    return (
        f"UPDATE tag_tally SET papers = papers {sign} ({row}.removed_at IS NULL) "
        f"WHERE tag_id IN (SELECT tag_id FROM paper_tag WHERE paper_id = {row}.id);"
    )


def _link(row: str, sign: str) -> str:
    """Adds (``+``) or takes away (``-``) tag link ``row`` in its tag."""
    return (
        f"UPDATE tag_tally SET papers = papers {sign} coalesce((SELECT removed_at IS NULL "
        f"FROM paper WHERE id = {row}.paper_id), 0) WHERE tag_id = {row}.tag_id;"
    )


def _tag_row(tag_id: str) -> str:
    """Starts a tag's row from the links already pointing at its id."""
    return (
        "INSERT INTO tag_tally (tag_id, papers) "
        f"SELECT {tag_id}, coalesce(sum(iif(paper.removed_at IS NULL, 1, 0)), 0) "
        "FROM paper_tag JOIN paper ON paper.id = paper_tag.paper_id "
        f"WHERE paper_tag.tag_id = {tag_id};"
    )


def _digest_row(digest_id: str) -> str:
    """Starts a digest's row from the entries already pointing at its id."""
    return (
        "INSERT INTO digest_tally (digest_id, papers, unread) "
        f"SELECT {digest_id}, "
        "coalesce(sum(iif(paper.removed_at IS NULL, 1, 0)), 0), "
        "coalesce(sum(iif(paper.removed_at IS NULL AND paper.read = 0, 1, 0)), 0) "
        "FROM digest_entry JOIN paper ON paper.id = digest_entry.paper_id "
        f"WHERE digest_entry.digest_id = {digest_id};"
    )


_FLAGS_CHANGED = (
    "OLD.id IS NOT NEW.id OR OLD.read IS NOT NEW.read OR OLD.starred IS NOT NEW.starred "
    "OR OLD.removed_at IS NOT NEW.removed_at OR OLD.note IS NOT NEW.note"
)
_LIFE_CHANGED = "OLD.id IS NOT NEW.id OR (OLD.removed_at IS NULL) IS NOT (NEW.removed_at IS NULL)"
_LISTING_CHANGED = (
    "OLD.id IS NOT NEW.id OR OLD.read IS NOT NEW.read "
    "OR (OLD.removed_at IS NULL) IS NOT (NEW.removed_at IS NULL)"
)

#: Migration 10: the tables, their triggers, and the tallies of the library as it is.
MIGRATION = f"""
    CREATE TABLE digest_tally (
        digest_id INTEGER PRIMARY KEY,
        papers INTEGER NOT NULL DEFAULT 0,
        unread INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE tag_tally (
        tag_id INTEGER PRIMARY KEY,
        papers INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE library_tally (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        papers INTEGER NOT NULL,
        unread INTEGER NOT NULL,
        starred INTEGER NOT NULL,
        read INTEGER NOT NULL,
        noted INTEGER NOT NULL,
        binned INTEGER NOT NULL
    );
    INSERT INTO digest_tally (digest_id, papers, unread) {DIGEST_RECOUNT};
    INSERT INTO tag_tally (tag_id, papers) {TAG_RECOUNT};
    INSERT INTO library_tally (id, {", ".join(TOTALS)}) SELECT 1, * FROM ({TOTALS_RECOUNT});

    CREATE TRIGGER tally_paper_added AFTER INSERT ON paper
    BEGIN
        {_totals_update(None, "NEW")}
        {_digests_of_paper("NEW", "+")}
        {_tags_of_paper("NEW", "+")}
    END;
    CREATE TRIGGER tally_paper_changed
        AFTER UPDATE OF id, read, starred, removed_at, note ON paper
        FOR EACH ROW WHEN {_FLAGS_CHANGED}
    BEGIN
        {_totals_update("OLD", "NEW")}
    END;
    CREATE TRIGGER tally_paper_relisted
        AFTER UPDATE OF id, read, removed_at ON paper
        FOR EACH ROW WHEN {_LISTING_CHANGED}
    BEGIN
        {_digests_of_paper("OLD", "-")}
        {_digests_of_paper("NEW", "+")}
    END;
    CREATE TRIGGER tally_paper_retagged
        AFTER UPDATE OF id, removed_at ON paper
        FOR EACH ROW WHEN {_LIFE_CHANGED}
    BEGIN
        {_tags_of_paper("OLD", "-")}
        {_tags_of_paper("NEW", "+")}
    END;
    CREATE TRIGGER tally_paper_deleted BEFORE DELETE ON paper
    BEGIN
        {_totals_update("OLD", None)}
        {_digests_of_paper("OLD", "-")}
        {_tags_of_paper("OLD", "-")}
    END;

    CREATE TRIGGER tally_entry_added AFTER INSERT ON digest_entry
    BEGIN
        {_entry("NEW", "+")}
    END;
    CREATE TRIGGER tally_entry_removed AFTER DELETE ON digest_entry
    BEGIN
        {_entry("OLD", "-")}
    END;
    CREATE TRIGGER tally_entry_moved AFTER UPDATE OF digest_id, paper_id ON digest_entry
        FOR EACH ROW WHEN OLD.digest_id IS NOT NEW.digest_id OR OLD.paper_id IS NOT NEW.paper_id
    BEGIN
        {_entry("OLD", "-")}
        {_entry("NEW", "+")}
    END;

    CREATE TRIGGER tally_link_added AFTER INSERT ON paper_tag
    BEGIN
        {_link("NEW", "+")}
    END;
    CREATE TRIGGER tally_link_removed AFTER DELETE ON paper_tag
    BEGIN
        {_link("OLD", "-")}
    END;
    CREATE TRIGGER tally_link_moved AFTER UPDATE OF tag_id, paper_id ON paper_tag
        FOR EACH ROW WHEN OLD.tag_id IS NOT NEW.tag_id OR OLD.paper_id IS NOT NEW.paper_id
    BEGIN
        {_link("OLD", "-")}
        {_link("NEW", "+")}
    END;

    CREATE TRIGGER tally_digest_added AFTER INSERT ON digest
    BEGIN
        {_digest_row("NEW.id")}
    END;
    CREATE TRIGGER tally_digest_removed AFTER DELETE ON digest
    BEGIN
        DELETE FROM digest_tally WHERE digest_id = OLD.id;
    END;
    CREATE TRIGGER tally_digest_renumbered AFTER UPDATE OF id ON digest
        FOR EACH ROW WHEN OLD.id IS NOT NEW.id
    BEGIN
        DELETE FROM digest_tally WHERE digest_id = OLD.id;
        {_digest_row("NEW.id")}
    END;

    CREATE TRIGGER tally_tag_added AFTER INSERT ON tag
    BEGIN
        {_tag_row("NEW.id")}
    END;
    CREATE TRIGGER tally_tag_removed AFTER DELETE ON tag
    BEGIN
        DELETE FROM tag_tally WHERE tag_id = OLD.id;
    END;
    CREATE TRIGGER tally_tag_renumbered AFTER UPDATE OF id ON tag
        FOR EACH ROW WHEN OLD.id IS NOT NEW.id
    BEGIN
        DELETE FROM tag_tally WHERE tag_id = OLD.id;
        {_tag_row("NEW.id")}
    END;
"""
