"""The one service the GUI and the CLI both call.

A :class:`Library` owns a :class:`Database` (the truth) and optionally a
:class:`PaperIndex` (derived). Each public method that writes is one
transaction; listeners hear about it after the commit, with a
:class:`ChangeSet` saying what changed, so views can refresh just that.
Methods are safe to call from a worker thread.

Sections with their own state and rules are parts reached from the Library,
each in its own module: ``library.tags`` (:mod:`~readinglist.core.tags`),
``library.sources`` (Hugging Face pages that are not digests:
:mod:`~readinglist.core.sources`),
``library.bibtex`` (keys, exports and auto-exports:
:mod:`~readinglist.core.bibtex.service`), ``library.backups``
(:mod:`~readinglist.core.backups`), ``library.settings``
(:mod:`~readinglist.core.settings`) and ``library.sync``
(:mod:`~readinglist.core.sync.service`). They share the database, the write lock
and the listeners through a :class:`~readinglist.core.store.Store`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select, update

from readinglist.core import parts, queries
from readinglist.core.atomic import release_failed_write, require_writable
from readinglist.core.backups import Backups
from readinglist.core.bin import Bin
from readinglist.core.chunks import chunks
from readinglist.core.db import Database, utcnow
from readinglist.core.errors import (
    ImportFailed,
    InvalidInputError,
    LibraryError,
    NotFoundError,
    SearchError,
)
from readinglist.core.gcpause import full_collections_held
from readinglist.core.indexing import CheckableIndex, PaperIndex, ReportingIndex, SearchableIndex
from readinglist.core.marks import mark_read_unless_kept, mark_values
from readinglist.core.parts import Part
from readinglist.core.paths import LibraryPaths
from readinglist.core.pdfs import Pdfs
from readinglist.core.rebuild import RebuildState
from readinglist.core.settings import Settings
from readinglist.core.sources import Sources
from readinglist.core.store import Store, enqueue, require
from readinglist.core.tables import PAPER
from readinglist.core.tags import Tags
from readinglist.core.views import (
    ChangeSet,
    DigestSummary,
    FileOutcome,
    ImportReport,
    PaperFilter,
    PaperRow,
    SortKey,
    Stats,
)

# Whoosh (which highlighting uses) loads only with a search index; the importers, the
# merge, BibTeX, enrichment and the check when first used: `readinglist list` needs none;
# the sqlmodel classes (with SQLAlchemy's ORM and pydantic) where a whole Paper is built.
if TYPE_CHECKING:
    from readinglist.core.check import CheckReport
    from readinglist.core.importers import ParsedBatch
    from readinglist.core.models import Paper
    from readinglist.core.search.highlight import Highlights
    from readinglist.core.search.results import SearchHit, SearchResults

Listener = Callable[[ChangeSet], None]
RebuildMode = Literal["now", "later", "check"]
Progress = Callable[[int, int], None]


class Library:
    """A reading list: papers, digests, tags, notes, on one SQLite file."""

    def __init__(
        self,
        db: Database,
        paths: LibraryPaths,
        *,
        index: PaperIndex | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.db = db
        self.paths = paths
        self.index = index
        self._today = today
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._rebuild = RebuildState()  # deferred index rebuild (core/rebuild.py)
        #: Things the user should know that did not stop the work (a failed automatic
        #: backup; the index's own, such as a damaged index it rebuilt: one shared list).
        self.warnings: list[str] = index.warnings if isinstance(index, ReportingIndex) else []
        self._store = store = Store(db, self._lock, self._changed)
        self.settings = Settings(db)
        self.tags = Tags(store)
        self.sources = Sources(store)
        self.bin = Bin(store)
        self.backups = Backups(db, paths.backups, self.settings, self.warnings)
        self.pdfs = Pdfs(store, paths.pdfs)
        self._listeners.append(lambda changes: self.bibtex.autoexporter(changes))

    # Parts made on first use (:mod:`.parts`): only the code a command runs is loaded.
    #: Keys, exports and auto-exports (:mod:`~readinglist.core.bibtex.service`): hears changes.
    bibtex = Part(lambda self: parts.bibtex(self._store, self.search_ids, self.warnings))
    #: Completing papers online (:mod:`~readinglist.core.online.enrich`).
    enrichment = Part(lambda self: parts.enrichment(self._store))
    #: Sync (:mod:`~readinglist.core.sync.service`): pycrdt loads only for a library that syncs.
    sync = Part(lambda self: parts.sync(self._store, self.paths.root))

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        index_factory: Callable[[LibraryPaths, Database], PaperIndex] | None = None,
        today: Callable[[], date] = date.today,
        busy_timeout: float = 5.0,
        rebuild_index: RebuildMode = "now",
        backup: bool = True,
    ) -> Library:
        """Open or create the library in ``root``; repair its index if behind.

        ``rebuild_index="later"`` (the GUI) only checks the index: a missing, stale or damaged one
        is left for :meth:`reindex` on a worker (see :meth:`index_needs_rebuild`), so the window
        opens at once; queued changes to a healthy index are still applied here (they are few).
        ``backup=False`` leaves the daily backup (``backups.daily()``, about 0.3 s per 100,000
        papers) to the caller, for a window that opens first. ``rebuild_index="check"`` only checks
        the index and leaves queued changes queued (``check --no-repair`` reports them)."""
        paths = LibraryPaths(root)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInputError(
                f"Cannot create the library folder {root}: {exc.strerror}."
            ) from exc
        require_writable(root, LibraryError, "The library folder")
        db = Database.open(paths.database, busy_timeout=busy_timeout, backup_dir=paths.backups)
        index = index_factory(paths, db) if index_factory else None
        library = cls(db, paths, index=index, today=today)
        if rebuild_index != "now" and isinstance(index, CheckableIndex):
            library._rebuild.pending = index.needs_rebuild(db)
        if rebuild_index != "check":
            library.sync_index()
        if backup:
            library.backups.daily()
        return library

    def close(self) -> None:
        """Release the database and the index; a running rebuild stops (the next open redoes it)."""
        self._rebuild.stop()
        if self.index is not None:
            self.index.close()
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # listeners -----------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every committed change; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self, changes: ChangeSet) -> None:
        self.sync_index()
        for listener in list(self._listeners):
            listener(changes)

    def sync_index(self) -> None:
        """Bring the index up to date with the queue.

        While a deferred rebuild is pending, changes wait in ``index_queue``; the rebuild applies
        them when it is done. The change that queued the work is committed already, so a full or
        read-only disk under the index must not turn it into a failure: the queue keeps the work
        for later and the user hears why search lags (:attr:`warnings`)."""
        if self.index is not None and not self._rebuild.pending:
            with self._lock:
                try:
                    self.index.sync(self.db)
                except OSError as exc:
                    release_failed_write(exc)
                    reason = exc.strerror or str(exc)
                    self._warn(
                        f"The search index in {self.paths.index} could not be updated ({reason}). "
                        "Your change is saved; search catches up by itself once the disk has "
                        "room again (or run: readinglist reindex)."
                    )
                except SearchError as exc:  # e.g. a file where its folder should be
                    self._warn(f"{exc} Your change is saved; search catches up then.")

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    # import ----------------------------------------------------------------

    def import_file(self, path: Path, *, day: date | None = None) -> ImportReport:
        """Import a file of any supported format; all of it or nothing."""
        from readinglist.core.importers.base import MAX_BYTES

        try:
            if path.stat().st_size > MAX_BYTES:
                raise ImportFailed(str(path), "too large (the limit is 64 MB)")
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ImportFailed(str(path), "no such file") from exc
        except IsADirectoryError as exc:
            raise ImportFailed(str(path), "this is a folder, not a file") from exc
        except OSError as exc:
            raise ImportFailed(str(path), f"cannot read it ({exc.strerror})") from exc
        return self.import_bytes(data, str(path), day=day)

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        day: date | None = None,
        progress: Progress | None = None,
        stop_at_error: bool = False,
    ) -> list[FileOutcome]:
        """Import each file on its own (all of it or nothing): one outcome per file.

        A refused file is reported in its outcome, naming the file and the
        reason, and the next one is imported all the same; ``stop_at_error``
        ends the run at the first refusal instead (its outcome is the last).
        ``progress(done, total)`` is called before the first file and after
        each one.
        """
        outcomes: list[FileOutcome] = []
        if progress:
            progress(0, len(paths))
        for path in paths:
            outcome = FileOutcome.attempt(str(path), partial(self.import_file, path, day=day))
            outcomes.append(outcome)
            if progress:
                progress(len(outcomes), len(paths))
            if stop_at_error and outcome.report is None:
                break
        return outcomes

    def import_bytes(self, data: bytes, source: str, *, day: date | None = None) -> ImportReport:
        from readinglist.core.importers import parse_input

        with full_collections_held():  # see core/gcpause.py: the window stays responsive
            batch = parse_input(data, source, today=self._today(), day=day)
            return self.import_batch(batch)

    def import_text(
        self, text: str, source: str = "clipboard", *, day: date | None = None
    ) -> ImportReport:
        return self.import_bytes(text.encode("utf-8", "surrogatepass"), source, day=day)

    def import_batch(self, batch: ParsedBatch) -> ImportReport:
        from readinglist.core.merge import merge_batch

        with self._store.write() as conn:
            report = merge_batch(conn, batch, utcnow())
        if not report.nothing_new:
            self._changed(ChangeSet(frozenset(report.new_ids), structure=True))
        return report

    # reading ---------------------------------------------------------------

    def paper(self, paper_id: int, *, include_removed: bool = False) -> Paper:
        """One paper; one in the bin only with ``include_removed`` (the Bin list)."""
        with self.db.read() as conn:
            found = queries.papers(conn, [paper_id], include_removed=include_removed)
        if paper_id not in found:
            raise NotFoundError(f"No paper with id {paper_id}.")
        return found[paper_id]

    def papers(self, ids: Sequence[int]) -> list[Paper]:
        """Full papers for ``ids`` in that order; removed or unknown ids are skipped."""
        with self.db.read() as conn:
            found = queries.papers(conn, ids)
        return [found[i] for i in ids if i in found]

    def paper_ids(
        self,
        flt: PaperFilter | None = None,
        sort: SortKey = SortKey.DIGEST_DAY,
        *,
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[int]:
        with self.db.read() as conn:
            return queries.paper_ids(conn, flt or PaperFilter(), sort, descending, limit, offset)

    def count(self, flt: PaperFilter | None = None) -> int:
        with self.db.read() as conn:
            return queries.count(conn, flt or PaperFilter())

    def rows(self, ids: Sequence[int]) -> list[PaperRow]:
        with self.db.read() as conn:
            return queries.rows(conn, ids)

    def digests(self) -> list[DigestSummary]:
        with self.db.read() as conn:
            return queries.digests(conn)

    def stats(self) -> Stats:
        with self.db.read() as conn:
            return queries.stats(conn)

    def digests_of(self, paper_id: int) -> list[date]:
        with self.db.read() as conn:
            return [date.fromisoformat(d) for d, _ in queries.paper_digests(conn, paper_id)]

    # triage ----------------------------------------------------------------

    def mark(
        self,
        ids: Iterable[int],
        *,
        read: bool | None = None,
        starred: bool | None = None,
        keep_unread: bool | None = None,
    ) -> None:
        """Set read and/or starred on papers, as the user asked; unknown ids are an
        error. The rules (an explicit unread sticks) are in :mod:`.marks`."""
        values = mark_values(utcnow(), read=read, starred=starred, keep_unread=keep_unread)
        # Flags are not indexed (search filters them in SQLite): no index work.
        self._update(ids, values, reindex=False)

    def mark_read_automatically(self, paper_id: int) -> bool:
        """Mark a paper read because it stayed open (the window's delay), unless
        the user marked it unread by hand; returns whether it was marked."""
        with self._store.write() as conn:
            require(conn, [paper_id])
            done = mark_read_unless_kept(conn, paper_id, utcnow())
        if done:
            self._changed(ChangeSet(frozenset([paper_id])))
        return done

    def set_note(self, paper_id: int, note: str) -> None:
        self._update([paper_id], {"note": note.replace("\r\n", "\n")})

    def remove(self, ids: Iterable[int]) -> None:
        """Move papers to the bin: hidden everywhere, and not brought back by re-imports."""
        self._update(ids, {"removed_at": utcnow()})

    def restore(self, ids: Iterable[int]) -> None:
        """Bring papers back from the bin (``library.bin`` has the rest of the bin)."""
        self.bin.restore(ids)

    def _update(
        self,
        ids: Iterable[int],
        values: dict[str, Any],
        *,
        include_removed: bool = False,
        reindex: bool = True,
    ) -> None:
        """Set ``values`` on papers; ``reindex=False`` only for columns the
        search index does not hold (see :mod:`readinglist.core.indexing`)."""
        wanted = sorted(set(ids))
        if not wanted:
            return
        with self._store.write() as conn:
            require(conn, wanted, include_removed)
            stamped = {**values, "updated_at": utcnow()}
            for chunk in chunks(wanted):
                conn.execute(update(PAPER).where(PAPER.c.id.in_(chunk)).values(**stamped))
            if reindex:
                enqueue(conn, wanted)
        structural = "removed_at" in values
        self._changed(ChangeSet(frozenset(wanted), structure=structural))

    # metadata editing (issue: richer metadata) -----------------------------

    def edit(self, paper_id: int, **fields: Any) -> None:
        """Set title, authors, year, arxiv_id, venue, url or primary_class by hand.

        Each edited field is recorded in ``Paper.user_fields`` so no import
        overwrites it. ``None`` (or an empty list for authors) clears a field
        other than the title. One transaction; the search index follows.
        """
        from readinglist.core import metadata
        from readinglist.core.bibtex.keys import fill_bases_of
        from readinglist.core.bibtex.record_edit import edited_fields

        with self._store.write() as conn:
            require(conn, [paper_id])
            stmt = select(PAPER).where(PAPER.c.id == paper_id)
            row = dict(conn.execute(stmt).mappings().one())
            values = metadata.edit_values(conn, row, fields, today=self._today())
            values.update(edited_fields(row, fields, values))  # a .bib paper's record too
            metadata.remember_title(conn, row, values)
            change = update(PAPER).where(PAPER.c.id == paper_id)
            conn.execute(change.values(**values, updated_at=utcnow()))
            fill_bases_of(conn, [paper_id])  # as imports do: a first export picks suffixes
            enqueue(conn, [paper_id])
        # A new title or year moves the paper in sorted lists: views re-query.
        resorts = bool({"title", "year"} & set(fields))
        self._changed(ChangeSet(frozenset([paper_id]), structure=resorts))

    # search ----------------------------------------------------------------

    def _search_index(self) -> SearchableIndex:
        if not isinstance(self.index, SearchableIndex):
            raise SearchError("This library was opened without a search index.")
        self._rebuild.check()
        return self.index

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        offset: int = 0,
        within: PaperFilter | None = None,
    ) -> SearchResults:
        """Papers matching ``query`` (the search box's language), best first;
        ``within`` a list of the window (the Inbox, a digest, a tag) only."""
        index = self._search_index()
        return index.search(self.db, query, limit=limit, offset=offset, within=within)

    def search_ids(self, query: str) -> list[int]:
        """Every paper id matching ``query`` (same language as :meth:`search`),
        without ranking or highlighting: for exports and other whole-set uses."""
        return self._search_index().search_ids(self.db, query)

    def similar(self, paper_id: int, limit: int = 10) -> list[SearchHit]:
        """The papers sharing the most key terms with ``paper_id``'s title and abstract."""
        return self._search_index().similar(self.db, paper_id, limit)

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the search index from the database; returns the papers indexed.

        Safe on a worker thread while other threads read and write: writes
        queue in ``index_queue`` and the rebuild applies them at its end;
        searches meanwhile raise :class:`SearchError` saying how far it got
        (when the rebuild was deferred at open; otherwise the old index keeps
        answering until the new one commits)."""
        if not isinstance(self.index, SearchableIndex):
            raise SearchError("This library was opened without a search index.")
        count = self._rebuild.run(self.index, self.db, progress)
        self.sync_index()  # changes committed after the rebuild's own catch-up
        return count

    def stop_reindex(self) -> None:
        """Make a rebuild running on another thread give up at its next progress
        report, and wait for it (the window is closing: the next open rebuilds)."""
        self._rebuild.stop()

    def index_needs_rebuild(self) -> bool:
        """True until the rebuild deferred by ``open(rebuild_index="later")`` is done."""
        return self._rebuild.pending

    def match_terms(self, query: str) -> list[str]:
        """Index terms (lower-case, accent-folded stems) ``query`` matches, for
        highlighting; ``core.search.highlight.mark(text, terms)`` marks them."""
        return self._search_index().match_terms(self.db, query)

    def warm_search(self) -> int:
        """Read ahead what the first query of a session reads (``core.search.warm``)."""
        if isinstance(self.index, SearchableIndex) and not self._rebuild.pending:
            return self.index.warm(self.db)
        return 0

    def match_highlights(self, query: str) -> Highlights:
        """What ``query`` marks, by field, phrases as phrases: ``mark(field, text)``."""
        return self._search_index().match_highlights(self.db, query)

    # the integrity check (core/check.py) -----------------------------------

    def check(self, repair: bool = True) -> CheckReport:
        """The full integrity check (database, references, index, auto-exports, backups)."""
        from readinglist.core.check import autoexport_check, run_check

        exports = autoexport_check(self.db, self.search_ids, self._changed)
        with self._lock:
            return run_check(
                self.db,
                self.index,
                self.sync_index,
                repair=repair,
                backup_dir=self.paths.backups,
                extra=(exports, self.pdfs.check),
                index_pending=self._rebuild.pending,
            )
