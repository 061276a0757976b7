"""The Whoosh index beside the database: kept in step, checked, rebuilt.

Freshness: every index write bumps a generation number, written both into
``index/readinglist.json`` (with the schema version) and into the ``setting`` table, and the
queue rows it applied are deleted in that same SQLite transaction. At open the two must agree,
the index must read, and its document count must equal the live papers; otherwise (deleted,
stale, restored from a backup, corrupt, or built by an older design) it is rebuilt from SQLite.
A crash before the queue is emptied leaves it filled: the next open applies it again (idempotent).

Locks: one process-wide ``_write`` lock serialises index writers in this process; Whoosh's file
lock serialises processes (a second writer waits up to ``lock_timeout`` seconds, then gets
:class:`LibraryBusyError`). The searcher is guarded by ``_read`` so the GUI can search from a
worker thread while the GUI thread writes; a rebuild keeps serving the old searcher until it
commits.

Whoosh code paths: the index's :class:`~.whoosh_ext.Engine` gives its storage, writer, weighting
and searcher, the fast ones only on the Whoosh release they were verified on
(``whoosh_ext/README.md``). Nothing is patched globally, but for one safety measure: opening an
index sets up only its own objects, and Whoosh's unpickling of index files goes through a
restricted unpickler (``whoosh_ext/safepickle.py``; a file asking for anything else is damage:
the index is rebuilt and :attr:`SearchIndex.warnings` says so).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, SegmentWriter

from readinglist.core import settings
from readinglist.core.atomic import release_failed_write
from readinglist.core.db import Database
from readinglist.core.errors import (
    InvalidInputError,
    LibraryBusyError,
    NotFoundError,
    SearchError,
)
from readinglist.core.paths import LibraryPaths
from readinglist.core.search import folder as files
from readinglist.core.search import searching, source
from readinglist.core.search.bounds import QueryTooLarge
from readinglist.core.search.compile import compile_query
from readinglist.core.search.highlight import Highlights, fragment, mark
from readinglist.core.search.pids import pid_lookup
from readinglist.core.search.results import SearchHit, SearchResults
from readinglist.core.search.schema import PaperText, build_schema
from readinglist.core.search.scope import filter_sql
from readinglist.core.search.searching import (
    BM25F_PARAMETERS,
    all_matches,
    expand,
    filter_only,
    more_like,
    run_search,
)
from readinglist.core.search.warm import warm_segments
from readinglist.core.search.whoosh_ext import Engine, SearchPaths, safepickle, select
from readinglist.core.search.whoosh_ext.safepickle import unsafe
from readinglist.core.views import PaperFilter

DAMAGE, INDEX_FORMAT, STAMP = files.DAMAGE, files.INDEX_FORMAT, files.STAMP
GENERATION_KEY = "search.generation"
Progress = Callable[[int, int], None]


class SearchIndex:
    """Implements :class:`readinglist.core.indexing.PaperIndex` with Whoosh."""

    def __init__(
        self,
        folder: Path,
        *,
        lock_timeout: float = 5.0,
        limitmb: int = 256,
        engine: Engine | None = None,
    ) -> None:
        self.folder = folder
        self.lock_timeout = lock_timeout
        self.limitmb = limitmb
        #: Which Whoosh code paths this index runs (default: fast if the release is verified).
        self.engine = select() if engine is None else engine
        safepickle.install()
        #: What the user should hear at start-up (``Library.open`` passes it on).
        self.warnings: list[str] = [self.engine.warning] if self.engine.warning else []
        self._weighting = self.engine.bm25f(**BM25F_PARAMETERS)
        self._write = threading.Lock()
        self._read = threading.RLock()
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._pids: Any = None
        self._checked = False
        self._needs_count_check = False

    @classmethod
    def factory(
        cls, paths: LibraryPaths, db: Database, *, search_paths: SearchPaths = "fast"
    ) -> SearchIndex:
        """``Library.open``'s ``index_factory``; the check happens in the first sync.
        ``search_paths="whoosh"`` runs Whoosh's own code paths (for comparisons)."""
        return cls(paths.index, engine=select(search_paths))

    # lifecycle ------------------------------------------------------------------

    def close(self) -> None:
        with self._read:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._pids = None
            self._ix = None

    def sync(self, db: Database) -> None:
        """Apply queued changes; at the first call also check the index and
        rebuild it when it is missing, stale or unreadable."""
        searching.allowed.clear()  # called after every library write: filters may differ now
        try:
            self._sync(db)
        except OSError:  # a full or read-only disk: the caller keeps the queue and says so
            self._tidy()
            raise

    def _sync(self, db: Database) -> None:
        if not self._checked:
            with self._write:
                if not self._healthy(db):
                    self._rebuild_locked(db, None)
                self._checked = True
        with db.read() as conn:
            if not source.has_queue(conn):
                return
        with self._write:
            self._apply_queue(db)
            if self._needs_count_check:
                self._needs_count_check = False
                with db.read() as conn:
                    live = source.live_count(conn)
                if self._searcher_now().doc_count() != live:
                    self._rebuild_locked(db, None)

    def needs_rebuild(self, db: Database) -> bool:
        """Check without repairing (``Library.open(rebuild_index="later")``):
        True means call :meth:`rebuild` before searching or syncing."""
        with self._write:
            if not self._checked and self._healthy(db):
                self._checked = True
            return not self._checked

    def rebuild(self, db: Database, progress: Progress | None = None) -> int:
        """Build the whole index again from SQLite; returns the papers indexed.

        A full or read-only disk is a :class:`SearchError` saying so; the
        files the failed rebuild wrote are removed (the disk needs the room
        back) and the index keeps answering as it did before.
        """
        with self._write:
            try:
                count = self._rebuild_locked(db, progress)
            except OSError as exc:
                release_failed_write(exc)
                self._tidy()
                raise SearchError(
                    f"The search index in {self.folder} could not be rebuilt: "
                    f"{files.reason(exc)}. It answers as it did before; free some space (or "
                    "make the folder writable) and run `readinglist reindex` again."
                ) from exc
            self._checked = True
            return count

    def doc_count(self) -> int:
        """Papers in the index: ``check`` (core/check.py) compares it with the database."""
        with self._read:
            return int(self._searcher_now().doc_count())

    def _healthy(self, db: Database) -> bool:
        with db.read() as conn:
            expected = _generation(conn)
            queue = source.has_queue(conn)
            live = source.live_count(conn)
        stamp = files.read_stamp(self.folder)
        if stamp.get("format") != INDEX_FORMAT or stamp.get("generation") != expected:
            return False
        try:
            searcher = self._searcher_now()
            reader = searcher.reader()
            next(iter(reader.lexicon("title")), None)
            docs = searcher.doc_count()
        except Exception as exc:
            self._damaged(exc)
            release_failed_write(exc)
            failed = True
        else:
            failed = False
        if failed:
            self.close()
            return False
        if queue:
            # finish an interrupted update first, then compare counts
            self._needs_count_check = True
            return True
        return bool(docs == live)

    # writing --------------------------------------------------------------------

    def _writer(self, **kwargs: Any) -> SegmentWriter:
        try:
            ix = self._index()
            return self.engine.writer(
                ix, timeout=self.lock_timeout, delay=0.05, limitmb=self.limitmb, **kwargs
            )
        except LockError as exc:
            raise LibraryBusyError(
                f"The search index in {self.folder} is busy: another readinglist is updating it. "
                "Try again in a moment."
            ) from exc

    def _apply_queue(self, db: Database) -> None:
        with db.write() as conn:
            ids = source.queued(conn)
            if not ids:
                return
            texts = source.live_texts(conn, ids)
            writer = self._writer()
            try:
                changed = self._stage(writer, ids, texts)
                if changed:
                    writer.commit()
                else:
                    writer.cancel()
            except BaseException:
                with contextlib.suppress(OSError):  # a full disk fails the cancel too
                    writer.cancel()
                raise
            if changed:
                self._bump(conn)
            source.dequeue(conn, ids)
        if changed:
            self._refresh()

    def _stage(self, writer: SegmentWriter, ids: list[int], texts: dict[int, PaperText]) -> bool:
        """Delete and re-add the queued papers whose indexed text changed."""
        with self._read:
            searcher = self._searcher_now()
            hashes = None
            changed = False
            for pid in ids:
                docnum = searcher.document_number(id=str(pid))
                text = texts.get(pid)
                if text is not None and docnum is not None:
                    if hashes is None:
                        hashes = searcher.reader().column_reader("h")
                    if hashes[docnum] == text.digest():
                        continue
                if docnum is not None:
                    writer.delete_document(docnum)
                if text is not None:
                    writer.add_document(**text.document())
                changed = True
        return changed

    def _rebuild_locked(self, db: Database, progress: Progress | None) -> int:
        try:
            writer = self._writer(roll=True)
        except LibraryBusyError:
            raise
        except Exception as exc:
            self._damaged(exc)
            release_failed_write(exc)
            writer = None
        if writer is None:
            self._wipe()
            writer = self._writer(roll=True)
        try:
            with db.read() as conn:
                total = source.live_count(conn)
                tags = source.all_tags(conn)
                if progress:
                    progress(0, total)

                def parts(start: int, count: int | None) -> Iterator[dict[str, Any]]:
                    for text in source.texts_range(conn, tags, start, count):
                        yield text.document()

                def step(done: int) -> None:
                    if progress:
                        progress(done, total)

                count = self.engine.fill(writer, parts, total, step)
            writer.commit(mergetype=CLEAR)
        except BaseException:
            with contextlib.suppress(OSError):
                writer.cancel()
            raise
        with db.write() as conn:
            self._bump(conn)
        self._refresh()
        if progress:
            progress(count, count)
        self._apply_queue(db)  # changes made while we read the snapshot
        return count

    def _bump(self, conn: Any) -> None:
        """Record a new generation: stamp file first, then the setting (same txn as the dequeue)."""
        generation = _generation(conn) + 1
        files.write_stamp(self.folder, generation)
        settings.put(conn, GENERATION_KEY, str(generation))

    def _wipe(self) -> None:
        self.close()
        if self.folder.is_dir() and not self.folder.is_symlink():
            shutil.rmtree(self.folder, ignore_errors=True)
        files.make_folder(self.folder)
        self._ix = self.engine.storage(str(self.folder)).create_index(build_schema())

    def _tidy(self) -> None:
        """Remove what a failed write left (see ``folder.tidy``)."""
        with contextlib.suppress(Exception):
            files.tidy(self._index(), self.folder)

    # reading --------------------------------------------------------------------

    def _index(self) -> Any:
        """The Whoosh index, opened with the app's schema: Whoosh then skips the
        pickled schema of its table of contents (see ``whoosh_ext/safepickle``)."""
        if self._ix is None:
            files.make_folder(self.folder)
            storage = self.engine.storage(str(self.folder))
            if files.has_index(storage.list()):
                self._ix = storage.open_index(schema=build_schema())
            else:
                self._ix = storage.create_index(build_schema())
        return self._ix

    def _searcher_now(self) -> Searcher:
        """The long-lived searcher, refreshed if another writer committed since."""
        with self._read:
            if self._searcher is None or not self._searcher.up_to_date():
                self._refresh()
            assert self._searcher is not None
            return self._searcher

    def _refresh(self) -> None:
        """Catch up with the latest commit (ours or another process's)."""
        with self._read:
            self._searcher = self.engine.searcher(self._index(), self._searcher, self._weighting)
            self._pids = None

    def _pid_of(self) -> Callable[[int], int]:
        if self._pids is None:
            assert self._searcher is not None
            self._pids = pid_lookup(self._searcher.reader())
        result: Callable[[int], int] = self._pids
        return result

    def _damaged(self, exc: BaseException) -> None:
        """Say so when a file in the index was refused as unsafe (it is then rebuilt)."""
        found = unsafe(exc)
        if found is None:
            return
        message = (
            f"The search index in {self.folder} held a file that is not one readinglist "
            f"wrote ({found}); it was not read, and the index was rebuilt from the library."
        )
        if message not in self.warnings:
            self.warnings.append(message)

    def _guarded(self, db: Database, action: Callable[[Searcher], Any]) -> Any:
        """Run ``action`` on the searcher; a damaged index is rebuilt once."""
        try:
            with self._read:
                return action(self._searcher_now())
        except DAMAGE as exc:
            self._damaged(exc)
            release_failed_write(exc)
            self.close()
        try:
            self.rebuild(db)
            with self._read:
                return action(self._searcher_now())
        except DAMAGE as exc:
            raise SearchError(
                f"The search index in {self.folder} cannot be read or rebuilt ({exc}). "
                "Run `readinglist reindex`."
            ) from exc

    # queries --------------------------------------------------------------------

    def search(
        self,
        db: Database,
        text: str,
        *,
        limit: int = 50,
        offset: int = 0,
        within: PaperFilter | None = None,
    ) -> SearchResults:
        compiled = compile_query(text)
        if within is not None and not compiled.empty:
            where, params = filter_sql(within)  # the list searched (core/search/scope.py)
            compiled.where += where
            compiled.params += params
        limit, offset = max(0, limit), max(0, offset)
        if compiled.empty:
            message = compiled.message
            if text.strip() and message is None:
                message = "Nothing to search for: those words are too common to index."
            return SearchResults([], 0, message)
        if compiled.query is None:
            return filter_only(db, compiled, limit, offset)

        def run(s: Searcher) -> SearchResults:
            if not s.doc_count_all():  # an empty index has no id column to read
                return SearchResults([], 0, compiled.message)
            pids, e = self._pid_of(), self.engine
            return run_search(s, pids, db, compiled, limit, offset, e.collector, e.lexicon)

        found: SearchResults = self._guarded(db, run)
        return found

    def warm(self, db: Database) -> int:
        """Read ahead what queries read first (:mod:`.warm`); damage is left to the next query."""
        try:
            with self._read:
                return warm_segments(self._searcher_now(), self._pid_of(), self.engine.paths)
        except DAMAGE:
            return 0

    def search_ids(self, db: Database, text: str) -> list[int]:
        """Every paper matching ``text``, unranked (the index's document order).
        A query past a bound (:mod:`.bounds`) is an :class:`InvalidInputError`:
        an export of "what it finds" must not quietly be empty."""
        compiled = compile_query(text)
        if compiled.refused is not None:
            raise InvalidInputError(compiled.refused)
        if compiled.empty:
            return []
        if compiled.query is None:
            with db.read() as conn:
                return sorted(source.filtered_ids(conn, compiled.where, compiled.params))

        def run(s: Searcher) -> list[int]:
            if not s.doc_count_all():
                return []
            try:
                return all_matches(s, self._pid_of(), db, compiled, self.engine.lexicon)
            except QueryTooLarge as exc:
                raise InvalidInputError(str(exc)) from exc

        found: list[int] = self._guarded(db, run)
        return found

    def match_terms(self, db: Database, text: str) -> list[str]:
        return sorted(self.match_highlights(db, text).all_terms())

    def match_highlights(self, db: Database, text: str) -> Highlights:
        compiled = compile_query(text)
        if compiled.query is None:
            return Highlights()
        found: Highlights = self._guarded(
            db, lambda s: expand(s, compiled.highlights, lexicon=self.engine.lexicon)
        )
        return found

    def similar(self, db: Database, paper_id: int, limit: int = 10) -> list[SearchHit]:
        with db.read() as conn:
            texts = source.titles_abstracts(conn, [paper_id])
            live = source.live_texts(conn, [paper_id])
        if paper_id not in live:
            raise NotFoundError(f"No paper with id {paper_id}.")
        title, abstract = texts[paper_id]

        def find(searcher: Searcher) -> list[tuple[float, int, set[str]]]:
            if not searcher.doc_count_all():
                return []
            docnum = searcher.document_number(id=str(paper_id))
            return more_like(searcher, self._pid_of(), docnum, f"{title}. {abstract}", limit)

        found: list[tuple[float, int, set[str]]] = self._guarded(db, find)
        with db.read() as conn:
            others = source.titles_abstracts(conn, [pid for _, pid, _ in found])
        return [
            SearchHit(pid, float(score), mark(others[pid][0], keys), fragment(others[pid][1], keys))
            for score, pid, keys in found
            if pid in others
        ]


def _generation(conn: Any) -> int:
    value = settings.get(conn, GENERATION_KEY)
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return -1
