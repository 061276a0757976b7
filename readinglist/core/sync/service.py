"""``library.sync``: join a sync folder, sync with it, leave it, say how it went.

The folder is remembered in the library (``sync.folder``), so ``readinglist
sync`` and the window both sync with the folder either of them joined. The
folder is only ever a place to exchange files: the database and the search
index never go into it, and a folder inside the library (or the other way
round) is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.core import settings
from readinglist.core.db import utcnow
from readinglist.core.errors import ReadingListError, SyncError
from readinglist.core.store import Store
from readinglist.core.sync.settings_keys import DEVICE, ERROR, FOLDER, SEQ, STATUS
from readinglist.core.sync.status import SyncReport, SyncStatus

if TYPE_CHECKING:  # the engine (pycrdt) loads when a sync, a join or a leave runs
    from readinglist.core.sync.engine import Engine


class Sync:
    """The Library's sync part (``library.sync``)."""

    def __init__(
        self,
        store: Store,
        library_root: Path,
        *,
        label: str | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._root = library_root
        self._label, self._clock = label, clock
        self._made: Engine | None = None
        self._making = threading.Lock()

    @property
    def _engine(self) -> Engine:
        """Made on first use: a window asks :meth:`folder` and :meth:`status` at
        start, and most libraries never sync."""
        with self._making:
            if self._made is None:
                from readinglist.core.sync.engine import Engine

                self._made = Engine(self._store, self._label, self._clock)
            return self._made

    def folder(self) -> Path | None:
        """The folder this library syncs with, or None."""
        with self._store.db.read() as conn:
            value = settings.get(conn, FOLDER)
        return Path(value) if value else None

    def join(self, folder: Path) -> SyncReport:
        """Sync with ``folder`` from now on (created if its parent exists), and sync now.

        Joining another folder than before starts afresh there: everything of
        this library is shared into it, and nothing of the old folder is lost.
        """
        from readinglist.core.sync.state import drop_doc

        target = self._check(folder)
        with self._store.write() as conn:
            if settings.get(conn, FOLDER) != str(target):
                drop_doc(conn)
                for key in (DEVICE, SEQ, STATUS, ERROR):
                    settings.drop(conn, key)
                settings.put(conn, FOLDER, str(target))
        self._engine.forget()
        return self.run()

    def run(self) -> SyncReport:
        """Sync with the remembered folder; the changes reach listeners (the window)."""
        target = self.folder()
        if target is None:
            raise SyncError("This library does not sync yet: give a folder (readinglist sync DIR).")
        try:
            report, changes = self._engine.run(target)
        except ReadingListError as exc:
            self._remember_error(str(exc))
            raise
        if changes.paper_ids or changes.structure:
            self._store.changed(changes)
        return report

    def leave(self) -> None:
        """Stop syncing (the folder and its files stay as they are)."""
        from readinglist.core.sync.state import drop_doc

        with self._store.write() as conn:
            drop_doc(conn)
            for key in (FOLDER, DEVICE, SEQ, STATUS, ERROR):
                settings.drop(conn, key)
        self._engine.forget()

    def status(self) -> SyncStatus:
        with self._store.db.read() as conn:
            folder = settings.get(conn, FOLDER)
            device = settings.get(conn, DEVICE)
            last = SyncReport.from_json(settings.get(conn, STATUS) or "")
            error = settings.get(conn, ERROR)
        return SyncStatus(folder, device, last, error)

    def _remember_error(self, message: str) -> None:
        try:
            with self._store.write() as conn:
                settings.put(conn, ERROR, message)
        except ReadingListError:
            pass  # the library itself is unwritable: the caller shows the first error

    def _check(self, folder: Path) -> Path:
        target = folder.expanduser().resolve()
        library = self._root.resolve()
        if target == library or library in target.parents or target in library.parents:
            raise SyncError(
                f"{target} cannot be the sync folder: the library ({library}) must stay out of "
                "it, and it out of the library. Choose a folder of its own."
            )
        if target.exists() and not target.is_dir():
            raise SyncError(f"{target} is a file, not a folder.")
        if not target.exists():
            if not target.parent.is_dir():
                raise SyncError(f"There is no folder {target.parent}; nothing was changed.")
            try:
                target.mkdir()
            except OSError as exc:
                raise SyncError(f"Cannot create {target}: {exc.strerror or exc}.") from exc
        return target
