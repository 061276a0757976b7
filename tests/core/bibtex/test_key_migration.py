"""Upgrading a library from before key formulas: no key changes, all count as used."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from readinglist.core import migrations
from readinglist.core.bibtex.formula import DEFAULT
from readinglist.core.bibtex.keys import fill_bases
from readinglist.core.factory import open_library
from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from tests.conftest import TODAY

#: The migration that added key use, key bases, aliases and document links.
KEYS_MIGRATION = next(
    n for n, script in enumerate(migrations.MIGRATIONS) if "key_used_at" in script
)


def _library_before_keys(root: Path) -> None:
    root.mkdir(parents=True)
    with closing(sqlite3.connect(root / "library.sqlite3", isolation_level=None)) as conn:
        for script in migrations.MIGRATIONS[:KEYS_MIGRATION]:
            for statement in migrations._statements(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {KEYS_MIGRATION}")
        rows = [
            ("Deep Learning Part 0", "deep learning part 0", "smith2020deep"),
            ("Deep Learning Part 1", "deep learning part 1", "smith2020deepa"),
            ("Deep Learning Part 2", "deep learning part 2", None),
        ]
        for title, key, cite in rows:
            conn.execute(
                "INSERT INTO paper (title, title_key, authors, published, citation_key, "
                "added_at, updated_at) VALUES (?, ?, '[\"Ann Smith\"]', '2020-01-01', ?, "
                "'2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000')",
                (title, key, cite),
            )
        conn.execute(
            "INSERT INTO autoexport (path, scope, value, biblatex) VALUES (?, 'all', NULL, 1)",
            (str(root.parent / "refs.bib"),),
        )


def test_upgrading_keeps_every_key_and_counts_it_used(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    _library_before_keys(root)
    with open_library(root, today=lambda: TODAY) as library:
        found = [library.paper(i) for i in library.paper_ids()]
        papers = {p.title: p for p in sorted(found, key=lambda p: p.title)}
        assert [p.citation_key for p in papers.values()] == [
            "smith2020deep",
            "smith2020deepa",
            None,
        ]
        assert [p.key_used_at is not None for p in papers.values()] == [True, True, False]
        # the letters of the old rule stay; the new paper gets the rule of today
        (new,) = library.bibtex.keys([papers["Deep Learning Part 2"].id or 0])
        assert new.startswith("smith2020deep") and len(new) == len("smith2020deep") + 3
        assert library.bibtex.rekey().changed == ()  # every migrated key is used
        (link,) = library.bibtex.autoexports()
        assert (link.format, link.biblatex, link.scope.kind) == ("biblatex", True, "all")


def test_the_formula_cache_follows_edits(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib", today=lambda: TODAY) as library:
        paper = IncomingPaper("Knowledge Solver", published=date(2023, 1, 1))
        library.import_batch(ParsedBatch("test", "arxiv-atom", papers=(paper,)))
        (pid,) = library.paper_ids()
        with library.db.write() as conn:
            fill_bases(conn, DEFAULT)
        with library.db.read() as conn:
            assert conn.exec_driver_sql("SELECT key_base FROM paper").scalar() == (
                "knowledgesolver2023"
            )
        library.mark([pid], read=True)  # not what a key is made of: the cache stays
        with library.db.read() as conn:
            assert conn.exec_driver_sql("SELECT key_base FROM paper").scalar() is not None
        library.edit(pid, authors=["Chao Feng"])  # the edit stores the new base
        with library.db.read() as conn:
            assert conn.exec_driver_sql("SELECT key_base FROM paper").scalar() == (
                "feng2023knowledge"
            )
        with library.db.write() as conn:  # a writer that stores none: the trigger clears it
            conn.exec_driver_sql("UPDATE paper SET title = 'Knowledge Solvers'")
            assert conn.exec_driver_sql("SELECT key_base FROM paper").scalar() is None
        assert library.bibtex.keys([pid]) == ["feng2023knowledge"]
