"""Backups of a library: naming, listing, the daily automatic one, pruning.

Backups are whole copies of the database made with SQLite's online backup
API (:meth:`Database.backup_to`), so they are consistent even while the app
is writing. They live in the library's ``backups/`` folder, named by kind and
UTC time so a user can tell them apart in a file manager:

- ``library-YYYYMMDD-HHMMSS.sqlite3``: the daily automatic backup and
  ``readinglist backup``; kept for the last N days (the ``backup.keep_days``
  setting, default 14), and the newest one is always kept.
- ``pre-migration-vN-…``: made before a schema upgrade; never pruned.
- ``before-restore-…``: what a restore replaced; never pruned.
- ``damaged-…``: a damaged database set aside by a restore; never offered
  as a backup.

This module only looks at files; it never opens a database, so the opening
code (:mod:`readinglist.core.db`) can use it to name the latest backup when a
database is damaged, and to make one before a migration, without an import
circle: a copy is made through anything with a ``backup_to`` method. The
Library's part for backups (``library.backups``) is
:mod:`readinglist.core.backups`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from readinglist.core.atomic import PART_SUFFIX
from readinglist.core.errors import LibraryError

SUFFIX = ".sqlite3"
DAILY = "library"
PRE_MIGRATION = "pre-migration"
BEFORE_RESTORE = "before-restore"
DAMAGED = "damaged"
KEEP_SETTING = "backup.keep_days"
DEFAULT_KEEP_DAYS = 14
#: The daily backup is made when the newest one is older than this.
INTERVAL = timedelta(days=1)
_STAMP = re.compile(r"(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")


class Copyable(Protocol):
    """What a backup is made of: a :class:`~readinglist.core.db.Database`."""

    def backup_to(self, target: Path) -> None: ...


def stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")


def new_backup_path(folder: Path, kind: str, now: datetime) -> Path:
    """A fresh name in ``folder``: ``kind-STAMP.sqlite3`` (``-2``, ``-3``… if taken)."""
    base = f"{kind}-{stamp(now)}"
    candidate = folder / f"{base}{SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base}-{number}{SUFFIX}"
        number += 1
    return candidate


def taken_at(path: Path) -> datetime:
    """When a backup was made: from its name, else from the file's time."""
    if match := _STAMP.search(path.name):
        with contextlib.suppress(ValueError):
            return datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def list_backups(folder: Path) -> list[Path]:
    """Restorable backups in ``folder``, newest first (damaged files set aside excluded)."""
    try:
        files = [
            p
            for p in folder.iterdir()
            if p.is_file() and p.name.endswith(SUFFIX) and not p.name.startswith(f"{DAMAGED}-")
        ]
    except OSError:
        return []
    return sorted(files, key=lambda p: (taken_at(p), _sequence(p), p.name), reverse=True)


def _sequence(path: Path) -> int:
    """The ``-2`` of a second backup made within the same second."""
    match = _STAMP.search(path.name)
    return int(match[2]) if match and match[2] else 1


def latest_backup(folder: Path | None) -> Path | None:
    if folder is None:
        return None
    found = list_backups(folder)
    return found[0] if found else None


def restore_advice(folder: Path | None) -> str:
    """The sentence that tells a user how to get their library back."""
    latest = latest_backup(folder)
    if latest is None:
        return "There is no backup of it; keep the file, a copy may still be rescued."
    when = taken_at(latest).strftime("%Y-%m-%d %H:%M UTC")
    return f"The latest backup is {latest} ({when}); restore it with: readinglist restore {latest}"


def make_backup(db: Copyable, folder: Path, kind: str, now: datetime) -> Path:
    """Copy the live database into ``folder``; returns the new file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"Cannot create the backup folder {folder}: {exc.strerror}.") from exc
    target = new_backup_path(folder, kind, now)
    db.backup_to(target)
    return target


def is_due(folder: Path, now: datetime) -> bool:
    """True when no daily-style backup is younger than :data:`INTERVAL`."""
    dailies = [p for p in list_backups(folder) if p.name.startswith(f"{DAILY}-")]
    return not dailies or now - taken_at(dailies[0]) >= INTERVAL


def prune(folder: Path, keep_days: int, now: datetime) -> list[Path]:
    """Delete daily backups older than ``keep_days``; the newest always stays.

    Also deletes temporary files of backups that were interrupted (a crash or
    a full disk mid-copy) more than an hour ago.
    """
    dailies = [p for p in list_backups(folder) if p.name.startswith(f"{DAILY}-")]
    cutoff = now - timedelta(days=max(keep_days, 1))
    removed = _stale_partials(folder, now)
    for path in dailies[1:]:
        if taken_at(path) < cutoff:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(path)
    return removed


def _stale_partials(folder: Path, now: datetime) -> list[Path]:
    removed = []
    partials = [*folder.glob(f".*{PART_SUFFIX}"), *folder.glob(f".*{PART_SUFFIX}-*")]
    for path in partials:
        with contextlib.suppress(OSError):
            if now - datetime.fromtimestamp(path.stat().st_mtime, UTC) > timedelta(hours=1):
                path.unlink()
                removed.append(path)
    return removed


def keep_days(value: str | None) -> int:
    """The ``backup.keep_days`` setting; anything unusable means the default."""
    try:
        days = int(value) if value is not None else DEFAULT_KEEP_DAYS
    except ValueError:
        return DEFAULT_KEEP_DAYS
    return days if days >= 1 else DEFAULT_KEEP_DAYS


def daily_backup(
    db: Copyable,
    folder: Path,
    *,
    keep: int,
    now: Callable[[], datetime],
) -> Path | None:
    """The automatic backup on open: made if due, then old ones pruned."""
    moment = now()
    if not is_due(folder, moment):
        return None
    made = make_backup(db, folder, DAILY, moment)
    prune(folder, keep, moment)
    return made
