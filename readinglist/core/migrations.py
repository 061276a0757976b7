"""Versioned schema migrations, tracked in ``PRAGMA user_version``.

Each entry of :data:`MIGRATIONS` upgrades the schema by one version and runs
in one transaction. Never edit a published migration: append a new one.
A library whose version is newer than this code knows is refused rather
than guessed at.
"""

from __future__ import annotations

import sqlite3

from readinglist.core import tally_sql

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema.
    """
    CREATE TABLE paper (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        authors JSON NOT NULL DEFAULT '[]',
        author_count INTEGER,
        published DATE,
        published_precision TEXT CHECK (published_precision IN ('day', 'month', 'year')),
        arxiv_id TEXT,
        primary_class TEXT,
        venue TEXT,
        url TEXT,
        upvotes INTEGER NOT NULL DEFAULT 0,
        digest_day DATE,
        read BOOLEAN NOT NULL DEFAULT 0,
        read_at DATETIME,
        starred BOOLEAN NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        citation_key TEXT,
        user_fields JSON NOT NULL DEFAULT '[]',
        added_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL,
        removed_at DATETIME
    );
    CREATE UNIQUE INDEX paper_title_key ON paper (title_key);
    CREATE UNIQUE INDEX paper_arxiv_id ON paper (arxiv_id) WHERE arxiv_id IS NOT NULL;
    CREATE UNIQUE INDEX paper_citation_key ON paper (citation_key COLLATE NOCASE)
        WHERE citation_key IS NOT NULL;
    CREATE INDEX paper_by_published ON paper (removed_at, published, id);
    CREATE INDEX paper_by_digest_day ON paper (removed_at, digest_day, id);
    CREATE INDEX paper_by_upvotes ON paper (removed_at, upvotes, id);
    CREATE INDEX paper_by_title ON paper (removed_at, title_key, id);
    CREATE INDEX paper_by_added ON paper (removed_at, added_at, id);
    CREATE INDEX paper_unread ON paper (read, removed_at);
    CREATE INDEX paper_starred ON paper (starred, removed_at);

    CREATE TABLE digest (
        id INTEGER PRIMARY KEY,
        day DATE NOT NULL,
        source TEXT NOT NULL,
        name TEXT NOT NULL,
        imported_at DATETIME NOT NULL
    );
    CREATE UNIQUE INDEX digest_day ON digest (day);

    CREATE TABLE digest_entry (
        digest_id INTEGER NOT NULL REFERENCES digest (id) ON DELETE CASCADE,
        paper_id INTEGER NOT NULL REFERENCES paper (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        upvotes INTEGER,
        PRIMARY KEY (digest_id, paper_id)
    );
    CREATE INDEX digest_entry_paper ON digest_entry (paper_id);

    CREATE TABLE tag (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE UNIQUE INDEX tag_name ON tag (name COLLATE NOCASE);

    CREATE TABLE paper_tag (
        paper_id INTEGER NOT NULL REFERENCES paper (id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
        PRIMARY KEY (paper_id, tag_id)
    );
    CREATE INDEX paper_tag_tag ON paper_tag (tag_id);

    CREATE TABLE index_queue (paper_id INTEGER PRIMARY KEY);

    CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE autoexport (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('all', 'starred', 'tag', 'query', 'ids')),
        value TEXT,
        biblatex BOOLEAN NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX autoexport_path ON autoexport (path);
    """,
    # 2: titles a paper was known by before the user (or a richer source)
    # renamed it, so a re-imported digest still finds the paper.
    """
    CREATE TABLE title_alias (
        title_key TEXT PRIMARY KEY,
        paper_id INTEGER NOT NULL REFERENCES paper (id) ON DELETE CASCADE
    );
    CREATE INDEX title_alias_paper ON title_alias (paper_id);
    """,
    # 3: covering indexes for the paper list and the sidebar counts (measured on
    # 100,000 papers: every list, filter and count is answered from an index,
    # never by reading the wide paper rows with their abstracts).
    """
    DROP INDEX paper_by_published;
    DROP INDEX paper_by_digest_day;
    DROP INDEX paper_by_upvotes;
    DROP INDEX paper_by_title;
    DROP INDEX paper_by_added;
    CREATE INDEX paper_by_published ON paper (removed_at, published, id, read, starred);
    CREATE INDEX paper_by_digest_day ON paper (removed_at, digest_day, id, read, starred);
    CREATE INDEX paper_by_upvotes ON paper (removed_at, upvotes, id, read, starred);
    CREATE INDEX paper_by_title ON paper (removed_at, title_key, id, read, starred);
    CREATE INDEX paper_by_added ON paper (removed_at, added_at, id, read, starred);
    CREATE INDEX paper_by_starred ON paper (removed_at, starred, id, read);
    CREATE INDEX paper_flags ON paper (id, removed_at, read, starred);
    CREATE INDEX paper_noted ON paper (removed_at) WHERE note != '';
    """,
    # 4: what the online sources complete (DOI, journal reference, the latest
    # arXiv version) and the paper's PDF in pdfs/; the list sorts by "has a PDF"
    # from a covering index like every other column (it holds pdf_file too:
    # without the column SQLite reads the rows for the expression).
    """
    ALTER TABLE paper ADD COLUMN doi TEXT;
    ALTER TABLE paper ADD COLUMN journal_ref TEXT;
    ALTER TABLE paper ADD COLUMN arxiv_version INTEGER;
    ALTER TABLE paper ADD COLUMN pdf_file TEXT;
    CREATE INDEX paper_by_pdf
        ON paper (removed_at, (pdf_file IS NOT NULL), id, read, starred, pdf_file);
    """,
    # 5: bibliographic records. A paper keeps the entry a .bib gave it (type and
    # raw fields, for export), its editors, and the file it came from (whose
    # @preambles go back out with it); every citation key that came in stays
    # citable as an alias. See models.Paper, BibSource and CitationAlias.
    """
    CREATE TABLE bib_source (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        preambles JSON NOT NULL DEFAULT '[]',
        imported_at DATETIME NOT NULL
    );
    ALTER TABLE paper ADD COLUMN entry_type TEXT;
    ALTER TABLE paper ADD COLUMN bib_fields JSON NOT NULL DEFAULT '{}';
    ALTER TABLE paper ADD COLUMN editors JSON NOT NULL DEFAULT '[]';
    ALTER TABLE paper ADD COLUMN bib_source_id INTEGER
        REFERENCES bib_source (id) ON DELETE SET NULL;
    CREATE INDEX paper_bib_source ON paper (bib_source_id) WHERE bib_source_id IS NOT NULL;

    CREATE TABLE citation_alias (
        alias TEXT PRIMARY KEY,
        paper_id INTEGER NOT NULL REFERENCES paper (id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX citation_alias_nocase ON citation_alias (alias COLLATE NOCASE);
    CREATE INDEX citation_alias_paper ON citation_alias (paper_id);
    """,
    # 6: Hugging Face pages that are not one day's digest (trending, search
    # results, weekly and monthly pages, collections) are sources: what page,
    # what it showed (the words searched, the week), the day it was seen, and
    # where each paper stood on it. A page may show an organisation instead of
    # a paper's authors.
    """
    ALTER TABLE paper ADD COLUMN organisation TEXT;

    CREATE TABLE source (
        id INTEGER PRIMARY KEY,
        page TEXT NOT NULL
            CHECK (page IN ('trending', 'search', 'weekly', 'monthly', 'collection', 'page')),
        query TEXT NOT NULL DEFAULT '',
        seen DATE NOT NULL,
        name TEXT NOT NULL,
        url TEXT,
        imported_at DATETIME NOT NULL
    );
    CREATE UNIQUE INDEX source_seen ON source (page, query, seen);

    CREATE TABLE source_entry (
        source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
        paper_id INTEGER NOT NULL REFERENCES paper (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        upvotes INTEGER,
        PRIMARY KEY (source_id, paper_id)
    );
    CREATE INDEX source_entry_paper ON source_entry (paper_id);
    """,
    # 7: triage that follows the user. ``keep_unread``: marked unread by hand,
    # so never marked read automatically until the user marks it read.
    # ``listed_day``/``listed_position``: the newest digest that listed the
    # paper and its place there, the key of the digest's own order (newest
    # digest first, then as the digest listed them), kept by imports
    # (core/digest_order.py). ``paper_binned`` lists the bin.
    """
    ALTER TABLE paper ADD COLUMN keep_unread BOOLEAN NOT NULL DEFAULT 0;
    ALTER TABLE paper ADD COLUMN listed_day DATE;
    ALTER TABLE paper ADD COLUMN listed_position INTEGER;
    UPDATE paper SET (listed_day, listed_position) = (
        SELECT digest.day, digest_entry.position
        FROM digest_entry JOIN digest ON digest.id = digest_entry.digest_id
        WHERE digest_entry.paper_id = paper.id
        ORDER BY digest.day DESC, digest_entry.position ASC
        LIMIT 1
    );
    CREATE INDEX paper_by_digest_order
        ON paper (removed_at, listed_day DESC, listed_position, id, read, starred);
    CREATE INDEX paper_binned ON paper (removed_at) WHERE removed_at IS NOT NULL;
    """,
    # 8: citation keys and documents. When a key first left the library (every
    # key so far was given on export or cite, imported or typed: all count as
    # used, none changes); each paper's key-formula result, cached and cleared
    # by a trigger when what it is made of changes; keys a paper also answers
    # to (the table of migration 5); auto-exports in CSL-JSON and linked to a
    # document (.aux/.bcf/.tex).
    """
    ALTER TABLE paper ADD COLUMN key_used_at DATETIME;
    ALTER TABLE paper ADD COLUMN key_base TEXT;
    UPDATE paper SET key_used_at = strftime('%Y-%m-%d %H:%M:%S.000000', 'now')
        WHERE citation_key IS NOT NULL;
    CREATE INDEX paper_key_base ON paper (key_base COLLATE NOCASE);
    CREATE INDEX paper_key_unused ON paper (id)
        WHERE citation_key IS NOT NULL AND key_used_at IS NULL;
    CREATE TRIGGER paper_key_base_stale
        AFTER UPDATE OF title, authors, published, digest_day, arxiv_id ON paper
        FOR EACH ROW WHEN NEW.key_base IS NOT NULL AND (
            NEW.title IS NOT OLD.title OR NEW.authors IS NOT OLD.authors
            OR NEW.published IS NOT OLD.published OR NEW.digest_day IS NOT OLD.digest_day
            OR NEW.arxiv_id IS NOT OLD.arxiv_id)
    BEGIN
        UPDATE paper SET key_base = NULL WHERE id = NEW.id;
    END;

    CREATE TABLE autoexport_new (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        scope TEXT NOT NULL
            CHECK (scope IN ('all', 'starred', 'tag', 'query', 'ids', 'document')),
        value TEXT,
        format TEXT NOT NULL DEFAULT 'bibtex'
            CHECK (format IN ('bibtex', 'biblatex', 'csl-json'))
    );
    INSERT INTO autoexport_new (id, path, scope, value, format)
        SELECT id, path, scope, value, CASE WHEN biblatex THEN 'biblatex' ELSE 'bibtex' END
        FROM autoexport;
    DROP TABLE autoexport;
    ALTER TABLE autoexport_new RENAME TO autoexport;
    CREATE UNIQUE INDEX autoexport_path ON autoexport (path);
    """,
    # 9: sync (core/sync/). Which uid each paper is shared under; what changed
    # since the last sync, noted by triggers whatever code or process made the
    # change; the files read from the sync folder; and the shared document.
    """
    CREATE TABLE sync_paper (uid TEXT PRIMARY KEY, paper_id INTEGER NOT NULL);
    CREATE INDEX sync_paper_by_paper ON sync_paper (paper_id);
    CREATE TABLE sync_dirty (paper_id INTEGER PRIMARY KEY);
    CREATE TABLE sync_purged (uid TEXT PRIMARY KEY);
    CREATE TABLE sync_file (
        name TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('done', 'ours', 'bad')),
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        digest TEXT NOT NULL,
        reason TEXT
    );
    CREATE TABLE sync_doc (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('checkpoint', 'journal')),
        data BLOB NOT NULL
    );
    CREATE TRIGGER sync_paper_added AFTER INSERT ON paper
    BEGIN
        INSERT OR IGNORE INTO sync_dirty (paper_id) VALUES (NEW.id);
    END;
    CREATE TRIGGER sync_paper_changed AFTER UPDATE ON paper
    BEGIN
        INSERT OR IGNORE INTO sync_dirty (paper_id) VALUES (NEW.id);
    END;
    CREATE TRIGGER sync_paper_deleted AFTER DELETE ON paper
    BEGIN
        INSERT OR IGNORE INTO sync_purged (uid)
            SELECT uid FROM sync_paper WHERE paper_id = OLD.id;
        DELETE FROM sync_paper WHERE paper_id = OLD.id;
    END;
    CREATE TRIGGER sync_tag_added AFTER INSERT ON paper_tag
    BEGIN
        INSERT OR IGNORE INTO sync_dirty (paper_id) VALUES (NEW.paper_id);
    END;
    CREATE TRIGGER sync_tag_removed AFTER DELETE ON paper_tag
    BEGIN
        INSERT OR IGNORE INTO sync_dirty (paper_id) VALUES (OLD.paper_id);
    END;
    CREATE TRIGGER sync_entry_added AFTER INSERT ON digest_entry
    BEGIN
        INSERT OR IGNORE INTO sync_dirty (paper_id) VALUES (NEW.paper_id);
    END;
    CREATE TRIGGER sync_alias_added AFTER INSERT ON title_alias
    BEGIN
        INSERT OR IGNORE INTO sync_dirty (paper_id) VALUES (NEW.paper_id);
    END;
    """,
    # 10: the sidebar's counts (each digest's live and unread papers, the
    # library's totals) kept in small tables by triggers and filled from the
    # library as it is; see core/tally_sql.py, whose strings this is built from.
    tally_sql.MIGRATION,
)

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; returns the version found.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so each
    migration's BEGIN/COMMIT is explicit and atomic together with its
    ``user_version`` bump.
    """
    found = schema_version(conn)
    for version in range(found, SCHEMA_VERSION):
        script = MIGRATIONS[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return found


def _statements(script: str) -> list[str]:
    """Split a script on complete statements (``executescript`` would COMMIT)."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
