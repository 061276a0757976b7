"""The sync folder on disk: which files are ours to read, and writing our own.

``DIR/devices/<device id>/<seq>.update`` holds one device's changes, and
``<seq>.snapshot`` its whole document (so a new device starts from one
file). Each device writes only in its own folder, never changes a file once
written (a temporary hidden name, then a rename), and deletes only its own
files. Sync services leave other names around — temporary files, "conflicted
copies", their own markers — and name them differently in every language, so
files are read by a whitelist: exactly the names above. Hidden names (a
dot or a tilde first: temporary files, ``.stfolder``, iCloud placeholders)
are passed over silently; anything else under ``devices/`` is reported.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from readinglist.core.atomic import atomic_write_bytes
from readinglist.core.errors import SyncError

DEVICES = "devices"
DEVICE_ID = re.compile(r"[0-9a-f]{16}")
FILE_NAME = re.compile(r"(\d{10})\.(update|snapshot)")
KINDS = ("update", "snapshot")
#: Files operating systems drop into any folder.
_JUNK = frozenset({"desktop.ini", "thumbs.db", "icon\r"})


@dataclass(frozen=True)
class FolderFile:
    device: str
    seq: int
    kind: str
    path: Path
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        """``<device>/<seq>.<kind>``: the file's name in reports and in the library."""
        return file_name(self.device, self.seq, self.kind)


@dataclass(frozen=True)
class Listing:
    files: list[FolderFile]
    #: Names under ``devices/`` that are not sync files (conflicted copies, strays).
    strays: list[str]


def file_name(device: str, seq: int, kind: str) -> str:
    return f"{device}/{seq:010d}.{kind}"


def _quiet(name: str) -> bool:
    return name.startswith((".", "~")) or name.casefold() in _JUNK


def scan(root: Path) -> Listing:
    """Every sync file in ``root`` (by device, then number) and the names skipped."""
    if not root.is_dir():
        raise SyncError(
            f"The sync folder {root} is not there (is its drive connected?); nothing was synced."
        )
    files: list[FolderFile] = []
    strays: list[str] = []
    base = root / DEVICES
    try:
        devices = sorted(base.iterdir()) if base.is_dir() else []
        for folder in devices:
            if _quiet(folder.name):
                continue
            if not (DEVICE_ID.fullmatch(folder.name) and folder.is_dir()):
                strays.append(folder.name)
                continue
            for path in sorted(folder.iterdir()):
                match = FILE_NAME.fullmatch(path.name)
                if match is None:
                    if not _quiet(path.name):
                        strays.append(f"{folder.name}/{path.name}")
                    continue
                with contextlib.suppress(FileNotFoundError):  # deleted by its owner meanwhile
                    stat = path.stat()
                    files.append(
                        FolderFile(
                            folder.name,
                            int(match[1]),
                            match[2],
                            path,
                            stat.st_size,
                            stat.st_mtime_ns,
                        )
                    )
    except OSError as exc:
        raise SyncError(f"Cannot read the sync folder {root}: {exc.strerror or exc}.") from exc
    return Listing(files, strays)


def read(path: Path, limit: int) -> bytes | None:
    """A file's bytes, or None when it vanished (its owner compacted it) or is over ``limit``."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SyncError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    return data if len(data) <= limit else None


def write(root: Path, device: str, seq: int, kind: str, blob: bytes) -> Path:
    """Write one of our files (a hidden temporary name, then a rename); returns its path."""
    folder = root / DEVICES / device
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SyncError(f"Cannot write in the sync folder {root}: {exc.strerror or exc}.") from exc
    target = folder / f"{seq:010d}.{kind}"
    atomic_write_bytes(target, blob, SyncError)
    return target


def remove(paths: list[Path]) -> None:
    """Delete some of our own files (those a newer snapshot of ours holds).

    Best effort: a file that cannot be deleted now is only a little clutter,
    and the next snapshot tries again.
    """
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
