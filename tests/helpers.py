"""Assertions and set-ups shared across test modules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from readinglist.core.factory import open_library
from readinglist.core.library import Library
from tests.conftest import TODAY


def dump(library: Library) -> list[str]:
    """Every row of every table, as SQL text: equal dumps mean an unchanged library."""
    return dump_file(library.paths.database)


def dump_file(path: Path) -> list[str]:
    """:func:`dump` of the database file at ``path``."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def closed_library(root: Path, digest: Path) -> Path:
    """A library in ``root`` holding ``digest``, written and closed; returns ``root``.

    For tests that then open it anew, from this process or another one.
    """
    with open_library(root, today=lambda: TODAY) as library:
        library.import_file(digest)
    return root


def listed_ids(library: Library, path: Path) -> list[int]:
    """The ids of a digest file's papers, in the order the file lists them."""
    from readinglist.core.importers import parse_input
    from readinglist.core.text import title_key

    batch = parse_input(path.read_bytes(), path.name, today=TODAY)
    by_key = {title_key(p.title): p.id or 0 for p in library.papers(library.paper_ids())}
    return list(dict.fromkeys(by_key[title_key(p.title)] for p in batch.digests[0].papers))
