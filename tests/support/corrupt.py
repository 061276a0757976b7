"""Ways to damage a database file, as disks and careless copies do."""

from __future__ import annotations

from pathlib import Path

PAGE = 4096


def zero_page(path: Path, number: int) -> None:
    """Overwrite page ``number`` (1-based, as SQLite counts) with zeros."""
    with path.open("r+b") as fh:
        fh.seek((number - 1) * PAGE)
        fh.write(bytes(PAGE))


def page_count(path: Path) -> int:
    return path.stat().st_size // PAGE


def truncate_half(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.truncate((size // PAGE // 2) * PAGE)


def garbage(path: Path, seed: int = 7) -> None:
    """Replace the whole file with pseudo-random bytes of the same length."""
    import random

    rng = random.Random(seed)
    path.write_bytes(rng.randbytes(path.stat().st_size))


def unreadable_schema_name(path: Path) -> None:
    """Give the schema a table whose name is not UTF-8 and whose SQL does not parse.

    The file stays a well-formed SQLite file, but every statement fails, and
    SQLite's message quotes that name, which Python cannot even decode.
    """
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE zqzqzq (a)")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    data = data.replace(b"CREATE TABLE zqzqzq (a)", b"CREATE TABLE zq\xff\xfezq (a(")
    path.write_bytes(data.replace(b"zqzqzq", b"zq\xff\xfezq"))
