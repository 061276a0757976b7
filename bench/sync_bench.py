"""Sync at 100,000 papers: sharing a library into an empty folder, a new device
joining from it, and the everyday sync of a few changes. Three jobs, in this
order (each uses what the one before left in the work folder), so that each
reports its own peak memory.

The libraries open without their search index: sync writes SQLite and queues
the changed papers for the index, which catches up when the library next
opens with it (that indexing is the reindex figure, not sync's).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from bench.generate import TODAY
from bench.harness import Context, Figure, Job, Outcome, UnavailableError
from readinglist.core.library import Library

SIZE = 100_000


def _open(root: Path) -> Library:
    return Library.open(root, today=lambda: TODAY, backup=False)


def _folder_stats(folder: Path) -> dict[str, Any]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    snapshots = [p for p in files if p.suffix == ".snapshot"]
    return {
        "files": len(files),
        "folder_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "snapshot_mb": round(sum(p.stat().st_size for p in snapshots) / 1e6, 1),
    }


def _doc_mb(library: Library) -> float:
    with library.db.read() as conn:
        size = conn.exec_driver_sql("SELECT SUM(LENGTH(data)) FROM sync_doc").scalar()
    return round(float(size or 0) / 1e6, 1)


def _paths(ctx: Context, size: int) -> tuple[Path, Path, Path]:
    """The sharing library, the folder and the joining library of a size."""
    return (
        ctx.work / f"sync-first-{size}",
        ctx.work / f"sync-folder-{size}",
        ctx.work / f"sync-new-{size}",
    )


def _share(ctx: Context, size: int) -> tuple[float, Any]:
    """A copy of the generated library shares itself into an empty folder."""
    copied = ctx.copy_library(size, f"sync-first-{size}")
    first, folder, joining = _paths(ctx, size)
    assert copied == first
    shutil.rmtree(first / "index", ignore_errors=True)  # sync does not use it
    for path in (folder, joining):
        shutil.rmtree(path, ignore_errors=True)
    folder.mkdir()
    with _open(first) as a:
        start = time.perf_counter()
        report = a.sync.join(folder)
        return time.perf_counter() - start, (report, _doc_mb(a))


def sync_share(ctx: Context) -> dict[str, Outcome]:
    seconds, (report, document_mb) = _share(ctx, SIZE)
    stats = _folder_stats(_paths(ctx, SIZE)[1])
    details = {"sent": report.sent, "document_mb": document_mb, **stats}
    return {
        "sync.share_100k": Outcome([seconds], details),
        "sync.snapshot_100k": Outcome([stats["snapshot_mb"]], stats),
    }


def sync_join(ctx: Context) -> dict[str, Outcome]:
    _, folder, joining = _paths(ctx, SIZE)
    if not any(folder.glob("devices/*/*.snapshot")):
        raise UnavailableError("needs the sync_share job's folder: run it first")
    shutil.rmtree(joining, ignore_errors=True)
    with _open(joining) as b:
        start = time.perf_counter()
        report = b.sync.join(folder)
        seconds = time.perf_counter() - start
        details = {
            "papers_in": report.added,
            "database_mb": round((joining / "library.sqlite3").stat().st_size / 1e6, 1),
            "document_mb": _doc_mb(b),
            **_folder_stats(folder),
        }
    return {"sync.join_100k": Outcome([seconds], details)}


def _changes(ctx: Context, first: Path, joining: Path) -> list[float]:
    """20 stars and a note on one device, synced out and then in on the other."""
    samples = []
    with _open(first) as a, _open(joining) as b:
        for repeat in range(ctx.repeats(3)):
            ids = a.paper_ids(limit=20, offset=repeat * 20)
            a.mark(ids, starred=True)
            a.set_note(ids[0], f"A thought, take {repeat}.")
            start = time.perf_counter()
            a.sync.run()
            b.sync.run()
            samples.append(time.perf_counter() - start)
    return samples


def sync_change(ctx: Context) -> dict[str, Outcome]:
    first, folder, joining = _paths(ctx, SIZE)
    if not (joining / "library.sqlite3").exists():
        raise UnavailableError("needs the sync_join job's library: run it first")
    big = _changes(ctx, first, joining)
    _share(ctx, 10_000)  # a 10k library keeps its document in memory between syncs
    small_first, small_folder, small_joining = _paths(ctx, 10_000)
    with _open(small_joining) as b:
        b.sync.join(small_folder)
    small = _changes(ctx, small_first, small_joining)
    return {
        "sync.change_100k": Outcome(big, _folder_stats(folder)),
        "sync.change_10k": Outcome(small, _folder_stats(small_folder)),
    }


SYNC_JOBS = (
    Job(
        "sync_share",
        sync_share,
        (
            Figure("sync.share_100k", "sync: share a 100k library into an empty folder", "s"),
            Figure("sync.snapshot_100k", "sync: the folder's snapshot of 100k papers", "MB"),
        ),
        timeout=1800,
    ),
    Job(
        "sync_join",
        sync_join,
        (Figure("sync.join_100k", "sync: a new device joins a 100k folder (index later)", "s"),),
        timeout=1800,
    ),
    Job(
        "sync_change",
        sync_change,
        (
            Figure(
                "sync.change_100k",
                "sync: 20 stars and a note out, then in, 100k (document loaded each time)",
                "s",
            ),
            Figure(
                "sync.change_10k",
                "sync: 20 stars and a note out, then in, 10k (document kept in memory)",
                "s",
            ),
        ),
        timeout=1800,
    ),
)
