"""``library.backups``: a backup now, the list of backups, the daily automatic one.

How backups are named, listed and pruned is :mod:`readinglist.core.backup`
(files only, so the database code can use it); this part applies it to one
open library: its ``backups/`` folder, its ``backup.keep_days`` setting, and
its :attr:`Library.warnings <readinglist.core.library.Library.warnings>`
for an automatic backup that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from readinglist.core import backup
from readinglist.core.db import Database, utcnow
from readinglist.core.errors import LibraryError
from readinglist.core.settings import Settings
from readinglist.core.tables import PAPER
from readinglist.core.targets import backup_target, resolve_target


class Backups:
    """The Library's backups part (``library.backups``)."""

    def __init__(self, db: Database, folder: Path, settings: Settings, warnings: list[str]) -> None:
        self._db = db
        self.folder = folder
        self._settings = settings
        self._warnings = warnings

    def make(self, target: Path | None = None) -> Path:
        """Copy the library now: into ``backups/`` or to ``target``; returns the file.

        ``target`` (a file or a folder) is refused inside the library folder,
        except for the ``backups/`` folder (:mod:`readinglist.core.targets`); a
        symbolic link is followed.
        """
        if target is None:
            return backup.make_backup(self._db, self.folder, backup.DAILY, utcnow())
        target = resolve_target(target, LibraryError)
        target = backup_target(self._db.path.parent, self.folder, target, LibraryError)
        if target.is_dir():
            target = backup.new_backup_path(target, backup.DAILY, utcnow())
        self._db.backup_to(target)
        return target

    def all(self) -> list[Path]:
        """Backups in the library's ``backups/`` folder, newest first."""
        return backup.list_backups(self.folder)

    def daily(self, now: Callable[[], datetime] = utcnow) -> Path | None:
        """The automatic backup: made when the newest is a day old; old ones pruned.

        An empty library is not backed up. A failure (full disk, read-only
        folder) does not stop the app: it is added to the Library's warnings.
        """
        with self._db.read() as conn:
            if not conn.execute(select(func.count()).select_from(PAPER)).scalar_one():
                return None
        keep = backup.keep_days(self._settings.get(backup.KEEP_SETTING))
        try:
            return backup.daily_backup(self._db, self.folder, keep=keep, now=now)
        except LibraryError as exc:
            self._warnings.append(f"The automatic backup failed: {exc}")
            return None
