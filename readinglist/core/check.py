"""The full integrity check behind ``readinglist check``.

Opening a library runs SQLite's fast ``quick_check``; this is the slow,
thorough one a user runs when something looks wrong, and that tests run
after every simulated crash. It checks, in order:

1. the database file (``PRAGMA integrity_check``); broken indexes are
   rebuilt (``REINDEX``), anything else is reported with the latest backup;
2. text: every text cell of every table, and the schema's names, must be
   UTF-8 (bytes written by another program or a failing disk are read as
   U+FFFD, so the app keeps working; they are reported, never rewritten:
   what the user wrote is not the check's to change);
3. references (``PRAGMA foreign_key_check``): digest entries and tag links
   pointing at nothing are deleted;
4. housekeeping rows: queued index updates for papers that no longer exist,
   tags no paper carries; the sidebar's counts kept by triggers must equal a
   recount (otherwise they are recounted);
5. the search index: queued updates are applied, and when the index can
   count its documents, the count must equal the papers in the database
   (otherwise it is rebuilt);
6. auto-exported ``.bib`` files: each is rewritten if it is missing or out
   of date (a crash between a change and its export leaves it stale), and
   temporary files an interrupted write left beside it are removed;
7. the backups folder: that a backup exists (reported, not repaired).

Repairs only ever remove what is provably dangling or rebuild what is
derived; nothing a user wrote is deleted. Without ``repair`` nothing is
changed: an index that must be rebuilt and queued index updates are
reported (the caller opens the library without catching the index up), and
an auto-exported file is compared with what would be written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from sqlalchemy import Connection

from readinglist.core import backup, tallies
from readinglist.core.atomic import sweep_leftovers
from readinglist.core.bibtex import autoexport as bib_autoexport
from readinglist.core.bibtex.autoexport import AutoExporter, AutoExportLink
from readinglist.core.bibtex.scope import SearchIds
from readinglist.core.chunks import chunks
from readinglist.core.db import Database, utcnow
from readinglist.core.errors import ReadingListError
from readinglist.core.indexing import PaperIndex
from readinglist.core.text_cells import text_problems
from readinglist.core.views import ChangeSet

#: Child tables whose dangling rows are deleted by a repair.
_DANGLING_OK = frozenset({"digest_entry", "source_entry", "paper_tag", "index_queue"})


@runtime_checkable
class CountingIndex(Protocol):
    """An index that can say how many papers it holds and rebuild itself."""

    def doc_count(self) -> int: ...

    def rebuild(self, db: Database) -> int: ...


@dataclass
class CheckReport:
    """What ``check`` looked at, what it fixed, and what is still wrong."""

    checked: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is left wrong (after the repairs)."""
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) found, {len(self.repaired)} repaired"
        if self.repaired:
            return f"All good after {len(self.repaired)} repair(s)"
        return "All good"


ExtraCheck = Callable[[CheckReport, bool], None]


def run_check(
    db: Database,
    index: PaperIndex | None,
    sync_index: Callable[[], None],
    *,
    repair: bool = True,
    backup_dir: Path | None = None,
    extra: tuple[ExtraCheck, ...] = (),
    index_pending: bool = False,
) -> CheckReport:
    """Check everything; with ``repair``, fix what can be fixed without loss.
    ``index_pending``: the index was found missing, stale or damaged at open
    and not rebuilt yet."""
    report = CheckReport()
    if not _database(db, report, repair):
        return report  # a damaged file: nothing below can be trusted
    _text(db, report)
    _references(db, report, repair)
    _housekeeping(db, report, repair)
    _tallies(db, report, repair)
    if index_pending and index is not None and not repair:
        report.checked.append("search index")
        report.problems.append("the search index is missing, out of date or damaged")
    else:
        _index(db, index, sync_index, report, repair)
    for check in extra:
        check(report, repair)
    if backup_dir is not None:
        _backups(backup_dir, report)
    return report


def _database(db: Database, report: CheckReport, repair: bool) -> bool:
    report.checked.append("database file (integrity_check)")
    found = _integrity(db)
    if found and repair and all(_index_only(p) for p in found):
        with db.write() as conn:
            conn.exec_driver_sql("REINDEX")
        report.repaired.append(f"rebuilt damaged database indexes ({len(found)} problem(s))")
        found = _integrity(db)
    if found:
        advice = backup.restore_advice(db.backup_dir)
        report.problems.append(f"the database file is damaged ({found[0]}). {advice}")
        return False
    return True


def _integrity(db: Database) -> list[str]:
    with db.read() as conn:
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check(100)")]
    return [] if rows == ["ok"] else rows


def _index_only(problem: str) -> bool:
    text = problem.lower()
    return "index" in text and ("missing from index" in text or "wrong # of entries" in text)


def _text(db: Database, report: CheckReport) -> None:
    report.checked.append("text is UTF-8 (every table, and the schema)")
    found = text_problems(db)
    for where in found[:_SHOWN]:
        report.problems.append(
            f"{where}: bytes that are not UTF-8 text (readinglist shows them as \ufffd); "
            "correct them (readinglist edit or note) or restore a backup from before the damage"
        )
    if len(found) > _SHOWN:
        report.problems.append(f"… and {len(found) - _SHOWN} more rows with text that is not UTF-8")


#: Rows with bad text listed one by one; the rest are counted.
_SHOWN = 10


def _references(db: Database, report: CheckReport, repair: bool) -> None:
    report.checked.append("references between tables (foreign_key_check)")
    with db.read() as conn:
        rows = [(str(r[0]), int(r[1])) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    if not rows:
        return
    by_table: dict[str, list[int]] = {}
    for table, rowid in rows:
        by_table.setdefault(table, []).append(rowid)
    for table, rowids in sorted(by_table.items()):
        if repair and table in _DANGLING_OK:
            with db.write() as conn:
                _delete_rowids(conn, table, rowids)
            report.repaired.append(f"deleted {len(rowids)} {table} row(s) pointing at nothing")
        else:
            report.problems.append(f"{len(rowids)} {table} row(s) point at missing rows")


def _delete_rowids(conn: Connection, table: str, rowids: list[int]) -> None:
    for chunk in chunks(rowids):
        marks = ", ".join("?" for _ in chunk)
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE rowid IN ({marks})", tuple(chunk))


_HOUSEKEEPING = (
    (
        "queued index update(s) for papers that no longer exist",
        "SELECT count(*) FROM index_queue WHERE paper_id NOT IN (SELECT id FROM paper)",
        "DELETE FROM index_queue WHERE paper_id NOT IN (SELECT id FROM paper)",
    ),
    (
        "tag(s) that no paper carries",
        "SELECT count(*) FROM tag WHERE id NOT IN (SELECT tag_id FROM paper_tag)",
        "DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM paper_tag)",
    ),
)


def _housekeeping(db: Database, report: CheckReport, repair: bool) -> None:
    report.checked.append("index queue and tags")
    for what, count_sql, delete_sql in _HOUSEKEEPING:
        with db.read() as conn:
            count = int(conn.exec_driver_sql(count_sql).scalar_one())
        if not count:
            continue
        if repair:
            with db.write() as conn:
                conn.exec_driver_sql(delete_sql)
            report.repaired.append(f"removed {count} {what}")
        else:
            report.problems.append(f"{count} {what}")


def _tallies(db: Database, report: CheckReport, repair: bool) -> None:
    report.checked.append("the sidebar's counts")
    with db.read() as conn:
        wrong = tallies.disagreements(conn)
    if not wrong:
        return
    what = " and ".join(wrong)
    if repair:
        with db.write() as conn:
            tallies.recount(conn)
        report.repaired.append(f"recounted {what}, which disagreed with the papers")
    else:
        report.problems.append(f"{what} disagree with a recount of the papers")


def _index(
    db: Database,
    index: PaperIndex | None,
    sync_index: Callable[[], None],
    report: CheckReport,
    repair: bool,
) -> None:
    if index is None:
        return
    report.checked.append("search index")
    queued = _count(db, "SELECT count(*) FROM index_queue")
    if queued:
        if not repair:
            report.problems.append(f"the search index is behind by {queued} paper(s)")
            return
        try:
            sync_index()
        except ReadingListError as exc:
            report.problems.append(f"the search index could not be updated: {exc}")
            return
        left = _count(db, "SELECT count(*) FROM index_queue")
        if left:
            why = _trouble(index)
            report.problems.append(
                f"the search index is still behind by {left} paper(s)" + (f": {why}" if why else "")
            )
            return
        report.repaired.append(f"brought the search index up to date ({queued} paper(s))")
    if isinstance(index, CountingIndex):
        _index_count(db, index, report, repair)


def _trouble(index: PaperIndex) -> str | None:
    """Why an index cannot be updated, when it can say (it cannot even be counted)."""
    if not isinstance(index, CountingIndex):
        return None
    try:
        index.doc_count()
    except ReadingListError as exc:
        return str(exc)
    return None


def _index_count(db: Database, index: CountingIndex, report: CheckReport, repair: bool) -> None:
    papers = _count(db, "SELECT count(*) FROM paper WHERE removed_at IS NULL")
    try:
        indexed = index.doc_count()
    except ReadingListError as exc:
        indexed, report_text = -1, str(exc)
    else:
        report_text = f"the search index holds {indexed} paper(s), the library {papers}"
    if indexed == papers:
        return
    if not repair:
        report.problems.append(report_text)
        return
    try:
        index.rebuild(db)
    except ReadingListError as exc:
        failed = str(exc)
        report.problems.append(
            report_text if failed == report_text else f"{report_text}; rebuilding it failed: {exc}"
        )
        return
    report.repaired.append(f"rebuilt the search index ({report_text})")


def autoexport_check(
    db: Database,
    search: SearchIds,
    changed: Callable[[ChangeSet], None],
) -> ExtraCheck:
    """The check of auto-exported files, for :func:`run_check`'s ``extra``."""

    def check(report: CheckReport, repair: bool) -> None:
        linked = bib_autoexport.links(db)
        if not linked:
            return
        report.checked.append(f"auto-exported .bib files ({len(linked)})")
        exporter = AutoExporter(db, search, changed)
        for link in linked:
            _autoexport(db, exporter, search, link, report, repair)

    return check


def _autoexport(
    db: Database,
    exporter: AutoExporter,
    search: SearchIds,
    link: AutoExportLink,
    report: CheckReport,
    repair: bool,
) -> None:
    path = link.path
    if not repair:
        if not path.is_file():
            report.problems.append(f"the auto-exported file {path} is missing")
        elif link.error:
            report.problems.append(f"the last auto-export to {path} failed: {link.error}")
        elif bib_autoexport.stale(db, link, search):
            report.problems.append(f"the auto-exported file {path} is out of date")
        return
    leftovers = sweep_leftovers(path)
    if leftovers:
        report.repaired.append(f"removed {leftovers} unfinished temporary file(s) beside {path}")
    written = exporter.refresh(link)
    after = next((x for x in bib_autoexport.links(db) if x.path == path), None)
    if after is not None and after.error:
        report.problems.append(f"cannot update the auto-exported file {path}: {after.error}")
    elif written:
        report.repaired.append(f"rewrote the auto-exported file {path}, which was out of date")


def _backups(folder: Path, report: CheckReport) -> None:
    report.checked.append("backups")
    latest = backup.latest_backup(folder)
    if latest is None:
        report.notes.append("no backup yet (one is made automatically each day)")
        return
    age = utcnow() - backup.taken_at(latest)
    report.notes.append(f"latest backup: {latest} ({age.days} day(s) old)")


def _count(db: Database, sql: str) -> int:
    with db.read() as conn:
        return int(conn.exec_driver_sql(sql).scalar_one())
