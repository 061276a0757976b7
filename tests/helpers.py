"""Assertions shared across test modules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from readinglist.core.library import Library


def dump(library: Library) -> list[str]:
    """Every row of every table, as SQL text: equal dumps mean an unchanged library."""
    conn = sqlite3.connect(library.paths.database)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def dump_file(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
