"""Files a user names for readinglist to write: exports, backups, auto-exports.

A library folder holds the database, its ``-wal`` and ``-shm``, the search
index and the backups. An export written over any of them (a slip of ``-o``,
a shell completion, a link that leads there) destroys the library, and the
message for a damaged library would then point ``restore`` at an overwritten
"backup". So a target is refused when it lies inside the library folder,
except a backup into the library's own ``backups/`` folder under a name that
is not taken yet: that is where ``backup`` writes anyway.

Inside is decided by identity, not by spelling: each folder above the target
is compared with the library folder by device and inode, so a symbolic link,
a bind mount or another case of the same name on a case-insensitive disk all
count as the library.

A symbolic link as the target is followed: the file it points to is
replaced (atomically, in its own folder) and the link stays a link, as an
editor saving through a link does. :func:`resolve_target` gives that file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from readinglist.core.errors import ReadingListError

ErrorFactory = Callable[[str], ReadingListError]


def resolve_target(path: Path, error: ErrorFactory) -> Path:
    """The file a write to ``path`` lands in: ``~`` expanded, links followed."""
    expanded = path.expanduser()
    try:
        return expanded.resolve()
    except (OSError, RuntimeError) as exc:  # a loop: RuntimeError before Python 3.13
        raise error(
            f"Cannot write {path}: it is a symbolic link that leads back to itself."
        ) from exc


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _inside(target: Path, folder: Path) -> bool:
    """Whether ``target`` (resolved) is ``folder`` or lies anywhere below it."""
    wanted = _identity(folder)
    if wanted is None:
        return False
    return any(_identity(p) == wanted for p in (target, *target.parents))


def refuse_inside_library(library_root: Path, target: Path, error: ErrorFactory, what: str) -> None:
    """Raise ``error`` when ``target`` (resolved) lies inside the library folder."""
    if _inside(target, library_root):
        raise error(
            f"Cannot write {what} to {target}: it is inside the library folder "
            f"{library_root}, where it could overwrite the library or its backups. "
            "Choose a place outside that folder; nothing was written."
        )


def backup_target(library_root: Path, backups: Path, target: Path, error: ErrorFactory) -> Path:
    """Where ``backup --to target`` may write, or ``error``.

    ``target`` is resolved already. A folder means a new backup name in it. Inside
    the library folder only the ``backups/`` folder itself, or a new file
    directly in it, is accepted.
    """
    if not _inside(target, library_root):
        return target
    if _identity(target) is not None and _identity(target) == _identity(backups):
        return target
    exists = os.path.lexists(target)
    if not exists and _identity(target.parent) == _identity(backups):
        return target
    raise error(
        f"Cannot write a backup to {target}: it is inside the library folder "
        f"{library_root}"
        + (" and the file exists (a backup is never overwritten)" if exists else "")
        + ". Back up into its backups folder (the default) or outside the library "
        "folder; nothing was written."
    )
