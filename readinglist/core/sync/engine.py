"""One sync, in order: publish what changed here, read the folder, write SQLite, write our file.

The order matters. This library's changes are published against the
document as of the last sync (the base both sides agreed on) *before*
anything new from the folder is applied; then the folder's files are
applied and what they changed is written to SQLite; then our own update
goes into the folder. All of it happens inside one SQLite write transaction,
so no other writer (the window, a command) slips a change in between, and
a failure leaves the library and its saved document as they were.

The first sync of a library (or one whose saved document is gone) reads the
whole folder first, outside the write lock, and then joins every local
paper into it without taking anything away (:mod:`.publish`).

The document stays in memory between syncs (the window syncs every few
minutes); a sync by another process is noticed by the generation setting,
and the document is loaded again from SQLite.
"""

from __future__ import annotations

import platform
import secrets
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection

from readinglist.core import settings
from readinglist.core.db import utcnow
from readinglist.core.store import Store
from readinglist.core.sync import envelope, folder, settings_keys, state
from readinglist.core.sync.apply import Applied, apply
from readinglist.core.sync.folder import FolderFile, Listing
from readinglist.core.sync.publish import publish
from readinglist.core.sync.reader import Known, ReadResult, read_files, unchanged
from readinglist.core.sync.shared import SharedDoc
from readinglist.core.sync.status import SyncReport
from readinglist.core.views import ChangeSet

#: Our own update files between two snapshots of our document.
SNAPSHOT_EVERY = 64
#: An update larger than this is written as a snapshot (it is most of the document anyway).
SNAPSHOT_BYTES = 256 * 1024
#: A document of more papers than this is not kept in memory between syncs (a sync of
#: 100,000 papers peaks above 1 GB); it is loaded again from the library for the next one.
KEEP_PAPERS = 20_000


class _Stale(Exception):
    """Another process synced since the document was loaded."""


class _Broken(Exception):
    """pycrdt failed in the middle of a verified file; the document in memory is spoilt."""

    def __init__(self, bad: dict[str, Known]) -> None:
        super().__init__("broken")
        self.bad = bad


class Engine:
    """One library's side of sync; safe to call from any one thread at a time."""

    def __init__(
        self,
        store: Store,
        label: str | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._label = (label if label is not None else platform.node())[:100]
        self._clock = clock
        self._lock = threading.Lock()
        self._shared: SharedDoc | None = None
        self._generation: str | None = None
        self._saved: bytes = b"\x00"
        self._fresh = False
        self._prefetched: ReadResult | None = None
        #: verified files pycrdt refused, kept across a retry (their transaction rolled back)
        self._bad: dict[str, Known] = {}

    def forget(self) -> None:
        """Drop the document in memory (the library left its folder)."""
        with self._lock:
            self._discard()

    def run(self, root: Path) -> tuple[SyncReport, ChangeSet]:
        with self._lock:
            for _ in range(3):
                try:
                    return self._attempt(root)
                except _Stale:
                    self._discard()
                except _Broken as exc:
                    self._bad.update(exc.bad)
                    self._discard()
                except BaseException:
                    self._discard()  # the document may hold what SQLite rolled back
                    raise
            return self._attempt(root)

    def _discard(self) -> None:
        if self._shared is not None:
            self._shared.close()
        self._shared = None
        self._generation = None
        self._prefetched = None

    def _load(self) -> SharedDoc:
        with self._store.db.read() as conn:
            generation = settings.get(conn, settings_keys.GENERATION)
            if self._shared is not None and generation == self._generation:
                return self._shared
            updates = state.load_doc(conn)
        self._discard()
        self._fresh = updates is None
        self._shared = SharedDoc() if updates is None else SharedDoc.load(updates)
        self._generation = generation
        self._saved = self._shared.state()
        return self._shared

    def _attempt(self, root: Path) -> tuple[SyncReport, ChangeSet]:
        now = self._clock()
        listing = folder.scan(root)
        shared = self._load()
        if self._fresh and self._prefetched is None:
            with shared.quietly():
                self._prefetched = read_files(shared, listing.files, self._bad)
            if self._prefetched.broken:
                raise _Broken(self._prefetched.bad)
        with self._store.write() as conn:
            if settings.get(conn, settings_keys.GENERATION) != self._generation:
                raise _Stale
            known = {**state.known_files(conn), **self._bad}
            device, new_device = self._device(conn, listing, known)
            dirty = state.all_papers(conn) if self._fresh else state.dirty(conn)
            published = publish(conn, shared, dirty, now, device, join_all=self._fresh)
            if self._prefetched is not None:
                result = self._prefetched
            else:
                theirs = [f for f in listing.files if f.device != device]
                result = read_files(shared, theirs, known)
            if result.broken:
                raise _Broken(result.bad)
            if result.pending:
                shared.find_bare_notes()
            uids, days = shared.take_changes()
            applied = apply(conn, shared, uids | state.waiting(conn), days, device, now)
            state.keep_waiting(conn, applied.waiting)
            state.clear_changes(conn)
            written = self._write(conn, root, listing, device, shared, whole=new_device)
            state.keep_files(conn, {**result.done, **result.bad, **written})
            journal = shared.since(self._saved, result.pending_updates)
            state.save_doc(conn, shared.encode, journal)
            generation = secrets.token_hex(8)
            settings.put(conn, settings_keys.GENERATION, generation)
            report = self._report(conn, root, device, new_device, listing, result, applied)
            report = replace(report, sent=published.papers)
            settings.put(conn, settings_keys.STATUS, report.to_json())
            settings.drop(conn, settings_keys.ERROR)
        self._generation = generation
        self._saved = shared.state()
        self._fresh = False
        self._prefetched = None
        self._bad.clear()
        if len(shared.meta) > KEEP_PAPERS:
            self._discard()
        changed = frozenset(applied.added | applied.changed)
        return report, ChangeSet(changed, structure=bool(changed or applied.purged))

    # devices and our files -------------------------------------------------------------

    def _device(
        self, conn: Connection, listing: Listing, known: dict[str, Known]
    ) -> tuple[str, bool]:
        """This library's device id; a new one when its files show another writer.

        A copied library, a restored backup or a lost document would go on
        writing under the old id beside the other copy; its files would clash.
        A device id is cheap: a new one is taken whenever our folder holds a
        file we did not write (or a conflicted copy of one), and the old id's
        files are then read like any other device's.
        """
        device = settings.get(conn, settings_keys.DEVICE)
        if device is not None and not self._fresh and not _clash(device, listing, known):
            return device, False
        had = device is not None
        device = secrets.token_hex(8)
        settings.put(conn, settings_keys.DEVICE, device)
        settings.put(conn, settings_keys.SEQ, "0")
        return device, had

    def _write(
        self,
        conn: Connection,
        root: Path,
        listing: Listing,
        device: str,
        shared: SharedDoc,
        *,
        whole: bool,
    ) -> dict[str, Known]:
        """Our update as a new file (or our whole document, every so often); compaction.

        ``whole``: this library now writes under a new device id, and files it
        wrote under the old one may have been overwritten by the other copy:
        its whole document goes out as a snapshot, so nothing of it is lost.
        """
        updates = shared.take_local()
        if not updates and not whole:
            return {}
        mine = [f for f in listing.files if f.device == device]
        seq = max([int(settings.get(conn, settings_keys.SEQ) or 0), *(f.seq for f in mine)]) + 1
        last = max((f.seq for f in mine if f.kind == "snapshot"), default=0)
        since = [f for f in mine if f.kind == "update" and f.seq > last]
        size = sum(len(u) for u in updates)
        snapshot = whole or len(since) + 1 >= SNAPSHOT_EVERY or size > SNAPSHOT_BYTES
        kind = "snapshot" if snapshot else "update"
        payload = shared.encode() if snapshot else shared.merge(updates)
        header = envelope.Header(device, seq, kind, self._label, len(payload))
        blob = envelope.pack(header, payload, level=3 if snapshot else 6)
        path = folder.write(root, device, seq, kind, blob)
        settings.put(conn, settings_keys.SEQ, str(seq))
        stat = path.stat()
        name = folder.file_name(device, seq, kind)
        records = {name: Known("ours", stat.st_size, stat.st_mtime_ns, envelope.digest_of(blob))}
        if snapshot:
            older = [f for f in mine if f.seq < seq]
            folder.remove([f.path for f in older])
            state.forget_files(conn, [f.name for f in older])
        return records

    def _report(
        self,
        conn: Connection,
        root: Path,
        device: str,
        new_device: bool,
        listing: Listing,
        result: ReadResult,
        applied: Applied,
    ) -> SyncReport:
        previous = SyncReport.from_json(settings.get(conn, settings_keys.STATUS) or "")
        devices = dict(previous.devices) if previous else {}
        devices.update(result.labels)
        devices[device] = self._label
        seen = {f.device for f in listing.files} | {device}
        return SyncReport(
            when=self._clock(),
            folder=str(root),
            device=device,
            added=len(applied.added),
            changed=len(applied.changed - applied.added),
            notes=applied.notes,
            purged=applied.purged,
            files=sum(1 for k in result.done.values() if k.state == "done"),
            pending=len(result.pending),
            problems=tuple(result.problems),
            strays=tuple(listing.strays),
            keys=tuple(str(k) for k in applied.keys),
            devices={d: n for d, n in sorted(devices.items()) if d in seen},
            new_device=new_device,
        )


def _clash(device: str, listing: Listing, known: dict[str, Known]) -> bool:
    """Whether our device folder holds a file this library did not write."""
    if any(s.startswith(f"{device}/") for s in listing.strays):
        return True
    for file in listing.files:
        if file.device != device:
            continue
        record = known.get(file.name)
        if record is None or record.state != "ours":
            return True
        if not unchanged(file, record) and _digest(file) != record.digest:
            return True
    return False


def _digest(file: FolderFile) -> str | None:
    blob = folder.read(file.path, envelope.MAX_FILE)
    return envelope.digest_of(blob) if blob else None
