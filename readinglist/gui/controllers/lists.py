"""Which list the paper list shows, and the counts around it.

The sidebar chooses a list (a view, a digest, a tag); this loads it into the
paper model, keeps the cursor on a paper, and re-reads the sidebar's and the
status bar's counts on a worker after every change (aggregates over 100,000
papers take a few hundred ms: never on the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from readinglist.core.library import Library
from readinglist.core.views import PaperFilter, View
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.reading import ReadingController
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.paper_model import PaperModel
from readinglist.gui.search_bar import SearchBar
from readinglist.gui.sidebar import Counts, Sidebar, filter_from_key, filter_key, load_counts
from readinglist.gui.workers import Workers

#: Changes arriving within this long are counted once.
COUNTS_DELAY_MS = 50


class ListController(QObject):
    counts_updated = Signal()
    library_empty = Signal(bool)  # True: show the welcome page instead of the panes
    list_changed = Signal()  # the user chose another list in the sidebar

    def __init__(
        self,
        library: Library,
        workers: Workers,
        model: PaperModel,
        sidebar: Sidebar,
        search_bar: SearchBar,
        selection: Selection,
        reading: ReadingController,
        status: StatusSink,
        counts_label: QLabel,
        actions: Mapping[str, QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.model = model
        self.sidebar = sidebar
        self.search_bar = search_bar
        self.selection = selection
        self.reading = reading
        self.status = status
        self.counts_label = counts_label
        self._quiet_sidebar = False
        #: A search limited to the list shown stays when another list is chosen
        #: (it then searches that list); set by the search controller.
        self.scoped_search = False
        self._pending_key: str | None = None  # shown, but not yet marked in the sidebar
        self._counting = False
        self._count_again = False
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(self._refresh_counts)
        sidebar.filter_chosen.connect(self._filter_chosen)
        model.reloaded.connect(self._list_reloaded)
        connect_actions(actions, "lists", self)

    # actions -------------------------------------------------------------------

    def show_inbox(self) -> None:
        self.sidebar.select_key("view:inbox")

    def show_all(self) -> None:
        self.sidebar.select_key("view:all")

    def show_starred(self) -> None:
        self.sidebar.select_key("view:starred")

    def show_read(self) -> None:
        self.sidebar.select_key("view:read")

    def show_bin(self) -> None:
        self.sidebar.select_key("view:bin")

    def in_bin(self) -> bool:
        """The list shown is the bin (its papers are shown, not changed)."""
        return self.model.filter.view is View.BIN and self.model.search_ids is None

    def current_name(self) -> str:
        """What the sidebar calls the list shown (for the search scope, the export)."""
        index = self.sidebar.currentIndex().siblingAtColumn(0)
        name = index.data() if index.isValid() else None
        return str(name) if name else "this list"

    # the list shown --------------------------------------------------------------

    def restore(self, key: str) -> None:
        """Show the list remembered as ``key`` at once; the sidebar marks it when
        its counts arrive (digests and tags are not in it before)."""
        flt = filter_from_key(key) or PaperFilter(view=View.INBOX)
        self.reading.include_removed = flt.view is View.BIN
        self.model.set_filter(flt)
        self._pending_key = filter_key(flt)
        if flt.digest_day is None and flt.tag is None and flt.source is None:
            self._mark_sidebar(filter_key(flt))
        self.selection.select_row(0)
        self.library_empty.emit(not self.library.count())

    def current_key(self) -> str | None:
        return self.sidebar.current_key()

    def show_top_of(self, first: Sequence[int], then: Callable[[], None]) -> None:
        """After an import: the cursor on the first of ``first`` (the newest digest
        it brought, in that digest's order, or its first new papers) that the list
        shows, scrolled to the top; else on the first row if nothing is current.
        Waits for the list's refresh to land, then calls ``then``. Not a move of
        the user's: nothing is marked read for it."""

        def place() -> None:
            shown = any(self.selection.select_paper(i, at_top=True) for i in first)
            if not shown and not self.selection.has_current():
                self.selection.select_row(0)
            then()

        self.model.when_current(place)

    def show_inbox_if_none(self) -> None:
        """After a first import: the sidebar marks no list yet, so show the Inbox."""
        if self.sidebar.current_key() is None:
            self.sidebar.select_key("view:inbox")

    def _mark_sidebar(self, key: str) -> None:
        """Select ``key`` in the sidebar without reloading the list it already shows."""
        self._pending_key = None
        self._quiet_sidebar = True
        try:
            self.sidebar.select_key(key)
        finally:
            self._quiet_sidebar = False
        #: A search limited to the list shown stays when another list is chosen
        #: (it then searches that list); set by the search controller.
        self.scoped_search = False

    def _filter_chosen(self, flt: PaperFilter) -> None:
        if self._quiet_sidebar:
            return
        self._pending_key = None
        if self.search_bar.active and not self.scoped_search:
            self.search_bar.clear()
            self.search_bar.flush()
        self.reading.include_removed = flt.view is View.BIN
        self.model.set_filter(flt)
        self.list_changed.emit()
        self.selection.select_row(0)
        if self.model.rowCount() == 0:
            self.reading.show_current()

    def _list_reloaded(self) -> None:
        """Keep the cursor on a paper: the one shown if it is still listed, else the first.

        The counts are not read again: showing another list or a search's hits
        changes none of them (a change to the library schedules them itself),
        only the status bar's "shown", which the counts already read answer."""
        self.show_counts()
        if self.selection.has_current():
            return
        shown = self.reading.shown_id()
        if shown is not None:
            row = self.model.row_of(shown)
            if row >= 0:
                self.selection.select_row(row)
                return
        if self.model.rowCount():
            self.selection.select_row(0)
        else:
            self.reading.show_current()

    # counts ----------------------------------------------------------------------

    def schedule_counts(self) -> None:
        """Re-read the counts shortly (changes in a burst are counted once)."""
        self._counts_timer.start()

    def _refresh_counts(self) -> None:
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        first = not self.sidebar.sidebar_model.filled  # the items too, off this thread
        self.workers.start(
            partial(load_counts, first=first),
            self.library,
            on_done=self._counts_loaded,
            on_error=self._counts_failed,
            quiet=True,
        )

    def _counts_failed(self, exc: BaseException) -> None:
        self._counting = False
        self.status.say(f"Could not count papers: {exc}", 8000)

    def _counts_loaded(self, data: Counts) -> None:
        self._counting = False
        if self._count_again:
            self._count_again = False
            self._refresh_counts()
        self.sidebar.apply(data)
        if self._pending_key is not None:
            self._mark_sidebar(self._pending_key)
        self.reading.set_tag_names([t.name for t in data.tags])
        self.show_counts()
        self.counts_updated.emit()

    def show_counts(self) -> None:
        """The status bar's counts, and the welcome page when there is nothing at all."""
        counts = self.sidebar.sidebar_model.counts
        if counts is None:
            return
        stats = counts.stats
        shown = self.model.rowCount()
        searching = self.model.search_ids is not None
        prefix = f"{shown:,} found · " if searching else f"{shown:,} shown · "
        self.counts_label.setText(
            f"{prefix}{stats.papers:,} papers · {stats.unread:,} unread · {stats.starred:,} starred"
        )
        self.library_empty.emit(stats.papers == 0 and shown == 0 and not searching)
