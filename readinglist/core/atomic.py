"""Atomic file writes: a file is either its old self or its complete new self.

Exports, backups and anything else readinglist writes outside the database
go through :func:`atomic_write_bytes`: the data is written to a temporary
file in the same folder, flushed to disk, then renamed over the target (a
rename within one file system is atomic). A full disk, a read-only folder
or a crash mid-write leaves the old file untouched and no temporary file
behind, and the caller gets an error whose message says what to do. A
temporary file that a killed process left behind is removed by the next
successful write of the same target.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import glob
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from readinglist.core.errors import ReadingListError

ErrorFactory = Callable[[str], ReadingListError]

#: Suffix of the temporary files; a leftover one (after a power cut) is safe to delete.
PART_SUFFIX = ".part"


def describe_os_error(exc: OSError, path: Path) -> str:
    """A sentence a user can act on for the usual ways writing a file fails."""
    code = exc.errno
    why = f" ({exc.strerror})" if exc.strerror else ""
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk holding {path.parent} is full{why}; {path.name} was not changed."
    if code == errno.EROFS:
        return f"{path.parent} is on a read-only disk{why}; {path.name} was not changed."
    if code in (errno.EACCES, errno.EPERM):
        return f"No permission to write in {path.parent}{why}; {path.name} was not changed."
    if code == errno.ENOENT:
        return f"The folder {path.parent} does not exist; {path.name} was not written."
    if code == errno.EISDIR:
        return f"{path} is a folder, not a file."
    reason = exc.strerror or str(exc)
    return f"Cannot write {path}: {reason}; it was not changed."


@contextmanager
def atomic_path(target: Path, error: ErrorFactory) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``.

    Whatever the body writes to the yielded path becomes ``target`` only if the
    body returns normally. Any :class:`OSError` (from the body or the rename)
    becomes ``error(message)``; the temporary file is always removed.
    """
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent
        )
    except OSError as exc:
        raise error(describe_os_error(exc, target)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        fsync_file(tmp)
        _keep_mode(target, tmp)
        tmp.replace(target)
        _fsync_dir(target.parent)
        sweep_leftovers(target)
    except OSError as exc:
        raise error(describe_os_error(exc, target)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(target: Path, data: bytes, error: ErrorFactory) -> None:
    """Replace ``target`` with ``data`` atomically (see the module docstring)."""
    with atomic_path(target, error) as tmp, tmp.open("wb") as fh:
        fh.write(data)


def atomic_write_text(
    target: Path, text: str, error: ErrorFactory, *, encoding: str = "utf-8"
) -> None:
    """Replace ``target`` with ``text`` atomically; newlines are written as given."""
    atomic_write_bytes(target, text.encode(encoding), error)


#: A temporary file older than this next to a target was left by a crash (a live
#: writer finishes in seconds), so the next successful write of the target removes it.
LEFTOVER_AGE = 300.0


def sweep_leftovers(target: Path) -> int:
    """Remove temporary files of ``target`` that an interrupted write left; returns how many."""
    now, removed = time.time(), 0
    pattern = f".{glob.escape(target.name)}.*{PART_SUFFIX}"
    # ``-journal``, ``-wal``, ``-shm``: what SQLite left beside a backup being copied
    leftovers = [*target.parent.glob(pattern), *target.parent.glob(f"{pattern}-*")]
    for path in leftovers:
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > LEFTOVER_AGE:
                path.unlink()
                removed += 1
    return removed


def fsync_file(path: Path) -> None:
    """Flush ``path``'s data to the disk, so a rename after it never exposes a torn file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable; not every platform can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _keep_mode(target: Path, tmp: Path) -> None:
    """A replaced file keeps its permissions; a new one gets the usual 0o644 (umask)."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp.chmod(mode)


def require_writable(folder: Path, error: ErrorFactory, what: str) -> None:
    """Refuse early, and clearly, a folder that is read-only (a read-only disk or mount,
    or no permission), before SQLite says something obscure about it."""
    readonly = False
    with contextlib.suppress(OSError, AttributeError):
        readonly = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    if readonly or not os.access(folder, os.W_OK):
        raise error(
            f"{what} {folder} is read-only; readinglist needs to write there. "
            "Copy the folder somewhere writable, or make it writable, and try again."
        )


def release_failed_write(exc: BaseException) -> None:
    """Close files a failed writer left open, referenced only by the failed frames.

    A library writing several files (the search index) may raise mid-way with
    files still open; dropping the traceback and collecting closes them now,
    quietly, instead of as a ResourceWarning at some later point.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        seen: BaseException | None = exc
        while seen is not None:
            seen.__traceback__ = None
            seen = seen.__cause__ or seen.__context__
        gc.collect()
