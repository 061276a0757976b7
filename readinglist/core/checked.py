"""Skipping the open-time integrity check of a file nothing has touched.

Why: SQLite's ``quick_check`` reads every page of the file: 0.37 s of the
0.57 s it takes to open a 100,000-paper library, a third of the window's
one-second start. What it looks for is damage done while readinglist was not
looking: a crash, a careless copy, a restore by hand, a disk. So a clean
close records how the file looked (size, inode, modification and change
times), and an open that finds it exactly so, with no write-ahead log beside
it (which a crash, or another readinglist still open, leaves), skips the
check. Any write, copy, move or restore of the file changes its change time,
which no program can set back.

Damage that changes none of these (a failing disk under an untouched file)
is still met as a clear "damaged" error when SQLite reads the bad page, and
``readinglist check`` reads everything.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

#: Beside the database: ``library.sqlite3.checked``.
SUFFIX = ".checked"


def stamp_path(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def _looks(database: Path) -> list[int] | None:
    """The file's identity and times, or None when it has a log beside it."""
    if database.with_name(database.name + "-wal").exists():
        return None
    try:
        st = database.stat()
    except OSError:
        return None
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def untouched(database: Path) -> bool:
    """Whether the file is exactly as a clean close left it."""
    try:
        recorded = json.loads(stamp_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    looks = _looks(database)
    return looks is not None and recorded == looks


def forget(database: Path) -> None:
    """The file is about to change (opened for writing): the stamp no longer holds."""
    with contextlib.suppress(FileNotFoundError):
        stamp_path(database).unlink()


def record(database: Path) -> None:
    """After a clean close (the log is checkpointed away): remember the file.

    Best effort: a stamp that cannot be written only means the next open
    checks again.
    """
    looks = _looks(database)
    if looks is None:
        return
    target = stamp_path(database)
    temporary = target.with_name(target.name + ".tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(looks), encoding="utf-8")
        temporary.replace(target)
