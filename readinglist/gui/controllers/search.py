"""Searching while typing, and the search index rebuilt behind the window.

The search bar says what to look for; the query runs on a worker, answers to
queries that are no longer current are dropped, and the list shows the ranked
hits with sorting off. While a deferred index rebuild runs, a query waits and
runs when the rebuild is done.

The search covers the whole library, or only the list shown (Edit ▸ Search
This List Only, or the scope button beside the field); the status bar says
which, and counts the way ``readinglist search`` does (an estimate reads
"about N"). Each hit can show its best passage under the title, and the
field it matched in (View ▸ Search Snippets).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction

from readinglist.core.library import Library
from readinglist.core.search.highlight import Highlights
from readinglist.core.search.results import SearchHit, SearchResults
from readinglist.core.views import PaperFilter, View
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.lists import ListController
from readinglist.gui.controllers.reading import ReadingController
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.index_rebuild import IndexRebuild
from readinglist.gui.paper_model import PaperModel
from readinglist.gui.paper_view import PaperView
from readinglist.gui.search_bar import SearchBar
from readinglist.gui.workers import Workers

SEARCH_LIMIT = 500
#: The hits found at once, and then per page as the list is scrolled to its
#: end (to SEARCH_LIMIT). Each hit's snippet and matched fields cost about
#: 0.3 ms on the worker: 500 at once kept the list waiting 0.3-0.5 s on
#: 100,000 papers.
FIRST_HITS = 50
SNIPPETS_KEY = "search/snippets"


@dataclass(frozen=True)
class Found:
    results: SearchResults
    marks: Highlights

    @property
    def ids(self) -> list[int]:
        return [h.paper_id for h in self.results.hits]

    @property
    def hits(self) -> list[SearchHit]:
        return self.results.hits


def run_search(
    library: Library,
    query: str,
    within: PaperFilter | None = None,
    limit: int = SEARCH_LIMIT,
    offset: int = 0,
) -> Found:
    """The ranked hits (``offset`` on, at most ``limit``) and what to mark; runs on a worker."""
    results = library.search(query, limit=limit, offset=offset, within=within)
    return Found(results, library.match_highlights(query))


def matches_text(results: SearchResults, shown: int, query: str, where: str) -> str:
    """``12 matches for “q” in Starred``: counted as ``readinglist search`` counts."""
    total = results.total
    about = "" if results.exact else "about "
    count = f"{shown:,} of {about}{total:,}" if total > shown else f"{about}{total:,}"
    quoted = query if query.startswith('"') and query.endswith('"') else f"“{query}”"
    return f"{count} match{'es' if total != 1 else ''} for {quoted} {where}"


class SearchController(QObject):
    search_finished = Signal(str)  # the query whose results are now shown
    index_rebuilt = Signal()  # the deferred index rebuild ended (done or failed)

    def __init__(
        self,
        library: Library,
        workers: Workers,
        model: PaperModel,
        view: PaperView,
        search_bar: SearchBar,
        selection: Selection,
        reading: ReadingController,
        lists: ListController,
        status: StatusSink,
        index_rebuild: IndexRebuild,
        settings: QSettings,
        actions: Mapping[str, QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.model = model
        self.view = view
        self.search_bar = search_bar
        self.selection = selection
        self.reading = reading
        self.lists = lists
        self.status = status
        self.index_rebuild = index_rebuild
        self.settings = settings
        self.query = ""  # the query whose hits the list shows ("" for none)
        self.scoped = False  # only the list shown (else the whole library)
        self.scope_action = actions["search_scope"]
        self.snippets_action = actions["snippets"]
        self.snippets_action.setChecked(str(settings.value(SNIPPETS_KEY, "true")) == "true")
        self._seq = 0
        search_bar.query_changed.connect(self.run)
        search_bar.scope_changed.connect(self.set_scoped)
        lists.list_changed.connect(self._list_changed)
        search_bar.escaped.connect(selection.focus_list)
        index_rebuild.progress.connect(self._rebuild_progress)
        index_rebuild.finished.connect(self._rebuild_finished)
        index_rebuild.failed.connect(self._rebuild_failed)
        connect_actions(actions, "search", self)

    # actions -------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_bar.selectAll()

    def clear_search(self) -> None:
        if self.search_bar.text():
            self.search_bar.clear_search()
        self.selection.focus_list()

    def warm(self) -> None:
        """Read ahead, on a worker, what the session's first search would read
        (``Library.warm_search``). A failure here is left for that search to meet
        and report, with its query in the message."""
        self.workers.start(
            self.library.warm_search, on_error=lambda _exc: None, quiet=True, search=True
        )

    def toggle_scope(self) -> None:
        self.set_scoped(self.scope_action.isChecked())

    def set_scoped(self, scoped: bool) -> None:
        """Search only the list shown (``True``) or the whole library."""
        self.scoped = scoped
        self.lists.scoped_search = scoped
        self.scope_action.setChecked(scoped)
        self.search_bar.show_scope(scoped, self.lists.current_name())
        if self.query:
            self.run(self.query)

    def toggle_snippets(self) -> None:
        on = self.snippets_action.isChecked()
        self.settings.setValue(SNIPPETS_KEY, "true" if on else "false")
        self.view.show_snippets(on and self.query != "")

    def _list_changed(self) -> None:
        """Another list was chosen: a scoped search now searches it."""
        self.search_bar.show_scope(self.scoped, self.lists.current_name())
        if self.scoped and self.query:
            self.run(self.query)

    def _within(self) -> PaperFilter | None:
        flt = self.model.filter  # the sidebar's list (a search only replaces its rows)
        if not self.scoped or (flt.view in (View.ALL, View.BIN) and flt == PaperFilter(flt.view)):
            return None
        return flt

    # searching -------------------------------------------------------------------

    def refresh(self) -> None:
        """Run the current search again (papers were added or removed)."""
        if self.query:
            self.run(self.query)

    def run(self, query: str) -> None:
        """Show the hits for ``query``; ``""`` returns to the sidebar's list."""
        self._seq += 1
        seq = self._seq
        if not query:
            self.query = ""
            self.status.clear()
            self.model.set_search(None)
            self.reading.set_highlights(Highlights())
            self.view.show_snippets(False)
            self.view.setSortingEnabled(True)
            self.view.scrollTo(self.view.currentIndex())  # back on the paper last read
            self.lists.show_counts()
            self.search_finished.emit("")
            return
        within = self._within()
        self.workers.start(
            run_search,
            self.library,
            query,
            within,
            FIRST_HITS,
            on_done=lambda result: self._searched(seq, query, result, within),
            on_error=lambda exc: self._search_failed(seq, exc),
            search=True,
        )

    def _searched(self, seq: int, query: str, result: Found, within: PaperFilter | None) -> None:
        if seq != self._seq:
            return  # an older query answered late
        ids = result.ids
        refresh = query == self.query  # the same search again, after a change
        before_id, before_row = self.selection.current_id(), self.selection.current_row()
        self.query = query
        self.view.setSortingEnabled(False)
        self.view.show_snippets(self.snippets_action.isChecked())
        self.reading.set_highlights(result.marks, show=False)  # shown with the paper
        self.model.set_search(ids, result.hits)
        if refresh and before_id in ids:
            self.selection.select_row(ids.index(before_id))
        elif refresh:
            self.selection.select_row(min(max(before_row, 0), len(ids) - 1))  # the next hit
        else:
            self.selection.select_row(0)
        self.reading.set_highlights(result.marks)  # the same paper as before: marked now
        self._say_found(result.results, query)
        self._offer_more(seq, query, within, result.results)
        self.search_finished.emit(query)

    def _offer_more(
        self, seq: int, query: str, within: PaperFilter | None, results: SearchResults
    ) -> None:
        """Let the list ask for the next page when it is scrolled to its end (Qt's
        fetchMore): most searches are read at the top, so the rest is found only
        for those who go on."""
        shown = self.model.rowCount()
        if results.total <= shown or shown >= SEARCH_LIMIT or not results.hits:
            self.model.more_hits = None
            return

        def fetch() -> None:
            self.workers.start(
                run_search,
                self.library,
                query,
                within,
                min(FIRST_HITS, SEARCH_LIMIT - shown),
                shown,
                on_done=lambda more: self._more(seq, query, within, more),
                on_error=lambda exc: self._search_failed(seq, exc),
                quiet=True,
                search=True,
            )

        self.model.more_hits = fetch

    def _more(self, seq: int, query: str, within: PaperFilter | None, more: Found) -> None:
        """A next page of hits: appended below, the cursor stays."""
        if seq != self._seq:
            return
        self.model.extend_search(more.ids, more.hits)
        self._say_found(more.results, query)
        self._offer_more(seq, query, within, more.results)

    def _say_found(self, results: SearchResults, query: str) -> None:
        self.lists.show_counts()
        where = f"in {self.lists.current_name()}" if self._within() else "in the whole library"
        text = matches_text(results, self.model.rowCount(), query, where)
        message = results.message
        self.status.say(f"{message} {text}" if message else text)

    def _search_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._seq:
            return
        if self.index_rebuild.waiting:
            self.status.say(self._rebuild_message())  # re-run when it is done
        else:
            self.status.say(f"Search failed: {exc}", 8000)

    # the deferred search-index rebuild (gui/index_rebuild.py) ---------------------

    def _rebuild_message(self) -> str:
        message = self.index_rebuild.message()
        query = self.search_bar.text().strip()
        return f"{message}; “{query}” is searched when it is done." if query else message

    def _rebuild_progress(self, percent: int) -> None:
        self.status.percent(percent)
        self.status.say(self._rebuild_message())

    def _rebuild_finished(self, count: int) -> None:
        self.status.percent_done(self.workers.busy)
        self.status.say(f"Search index rebuilt ({count:,} papers).", 5000)
        query = self.search_bar.text().strip()
        if query:
            self.run(query)  # typed while the index was rebuilt: run it now
        self.index_rebuilt.emit()

    def _rebuild_failed(self, message: str) -> None:
        self.status.percent_done(self.workers.busy)
        self.status.show_error("The search index could not be rebuilt", message)
        self.index_rebuilt.emit()
