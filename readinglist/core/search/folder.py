"""The index folder's files: the folder itself, its stamp, and what a failed write left.

Kept apart from ``index.py`` (which keeps the index in step with the
database) because these helpers only touch files: each says what is wrong
with the folder in words a user can act on, or cleans up after a write the
disk refused.
"""

from __future__ import annotations

import contextlib
import errno
import json
import pickle
import re
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

from whoosh import index as wix

from readinglist.core.errors import SearchError
from readinglist.core.search.schema import build_schema

#: What reading a damaged index file raises (Whoosh has no error type of its own for it).
DAMAGE = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    IndexError,
    wix.IndexError,
)

#: Bump when the schema or the analysis changes: older indexes are rebuilt (the
#: schema pickled in the index itself is never read).
INDEX_FORMAT = 2
#: A table of contents of the index (Whoosh's default index name, any generation).
_TOC = re.compile(r"^_MAIN_\d+\.toc$")
STAMP = "readinglist.json"


def make_folder(folder: Path) -> None:
    """The index folder, or a clear error when something else is in its place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        what = "a link that leads nowhere" if folder.is_symlink() else "a file"
        raise SearchError(
            f"The search index needs the folder {folder}, but {what} is in its "
            "place. Move it away: readinglist then rebuilds the index there by itself."
        ) from exc
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise SearchError(
            f"The search index needs the folder {folder}, but it is a link that "
            "leads back to itself. Remove the link: readinglist then rebuilds the index."
        ) from exc


def has_index(names: list[str]) -> bool:
    """Whether the folder's file ``names`` include a table of contents (found by
    name: ``Storage.index_exists()`` would unpickle it)."""
    return any(_TOC.match(name) for name in names)


def tidy(ix: Any, folder: Path) -> None:
    """Remove what a failed write left in the index (new segments no table of
    contents names, its temporary folder): on a full disk the room is needed
    back. Only while no other writer holds the index; best effort."""
    with contextlib.suppress(Exception):
        lock = ix.lock("WRITELOCK")
        if not lock.acquire(False):
            return
        try:
            toc = wix.TOC.read(ix.storage, ix.indexname, schema=build_schema())
            wix.clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
            shutil.rmtree(folder / f"{ix.indexname}.tmp", ignore_errors=True)
        finally:
            lock.release()


def read_stamp(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_stamp(folder: Path, generation: int) -> None:
    tmp = folder / (STAMP + ".tmp")
    tmp.write_text(json.dumps({"format": INDEX_FORMAT, "generation": generation}), "utf-8")
    tmp.replace(folder / STAMP)


def reason(exc: OSError) -> str:
    """Why a write failed, in a user's words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "no permission to write there"
    return exc.strerror or str(exc)
