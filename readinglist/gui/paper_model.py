"""The paper list's model: ids from SQL, rows fetched a page at a time.

Only the ordered ids of the current list are held (one Python int each); row
contents come from :meth:`Library.rows` for the page the view paints, and a
few pages are cached. Sorting asks SQLite again (an indexed ORDER BY), never a
``QSortFilterProxyModel``, so 100,000 papers open and sort at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from datetime import date
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from readinglist.core.errors import ReadingListError
from readinglist.core.library import Library
from readinglist.core.search.results import SearchHit
from readinglist.core.views import ChangeSet, PaperFilter, PaperRow, SortKey
from readinglist.gui.icons import icon

PAGE = 256
MAX_PAGES = 24
ID_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # a search hit's SearchHit (title column)

COL_STAR, COL_TITLE, COL_DATE, COL_DIGEST, COL_UPVOTES, COL_PDF = range(6)
HEADERS = ("★", "Title", "Published", "Digest", "Votes", "PDF")
COLUMN_SORT = (
    SortKey.STARRED,
    SortKey.TITLE,
    SortKey.PUBLISHED,
    SortKey.DIGEST_ORDER,  # newest digest first, then as the digest listed them
    SortKey.UPVOTES,
    SortKey.PDF,
)
#: The direction a column sorts in when first clicked: starred, newest and
#: most upvoted first, titles A to Z, the digest as it was listed.
FIRST_ORDER = (
    Qt.SortOrder.DescendingOrder,
    Qt.SortOrder.AscendingOrder,
    Qt.SortOrder.DescendingOrder,
    Qt.SortOrder.DescendingOrder,
    Qt.SortOrder.DescendingOrder,
    Qt.SortOrder.DescendingOrder,
)
HEADER_TIPS = (
    "Starred",
    "Title",
    "Publication date",
    "The newest digest that listed the paper (sorted as the digest listed them)",
    "Upvotes",
    "PDF kept in the library",
)
_Index = QModelIndex | QPersistentModelIndex
#: Pages of rows by page number, as the model caches them.
Pages = dict[int, list[PaperRow | None]]
#: A refresh's result: the new ids, and the pages likely shown next, read with them.
Refreshed = tuple[list[int], Pages]
#: Runs a query off the GUI thread and hands its result back on it:
#: ``background(query, on_done, on_failed)`` (``on_failed`` after it has said why).
Background = Callable[
    [Callable[[], Refreshed], Callable[[Refreshed], None], Callable[[], None]], None
]
#: How many of the cursor's and selection's papers a refresh reads the pages of.
ANCHORS = 4


def compact_date(day: date | None, today: date | None = None) -> str:
    """``Mar 13`` this year, ``Mar 2023`` before: a narrow column (the tooltip has it all)."""
    if day is None:
        return ""
    this_year = (today or date.today()).year
    return f"{day:%b} {day.day}" if day.year == this_year else f"{day:%b %Y}"


def long_date(day: date | None) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}" if day else ""


class PaperModel(QAbstractTableModel):
    """Rows of one filtered, sorted list of papers, or of a search's ranked hits."""

    reloaded = Signal()

    def __init__(
        self,
        library: Library,
        parent: QObject | None = None,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        #: Where a change's re-query runs (the window's workers); None: here, at once.
        self._background = background
        self._generation = 0  # bumped by every reload: a late refresh is dropped
        self._pending = False  # a refresh is on its way
        #: Papers whose flags changed while it was: its pages holding them are stale.
        self._touched: set[int] = set()
        self._then: list[Callable[[], None]] = []  # run once the list is current
        self.filter = PaperFilter()
        self.sort_key = SortKey.DIGEST_ORDER
        self.descending = True
        self.search_ids: list[int] | None = None  # ranked hits while a search is active
        self.hits: dict[int, SearchHit] = {}  # snippets and matched fields of the hits
        #: Asks for the search's next page (set by the search controller while
        #: there is one); the view calls it through fetchMore at the list's end.
        self.more_hits: Callable[[], None] | None = None
        self._ids: list[int] = []
        self._loaded = False  # no query until a list is chosen (sort() only records the key)
        self._sorted = False
        self._pages: OrderedDict[int, list[PaperRow | None]] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)

    # loading -----------------------------------------------------------------

    def set_filter(self, flt: PaperFilter) -> None:
        self.filter = flt
        self.reload()

    def set_search(self, ids: Sequence[int] | None, hits: Sequence[SearchHit] = ()) -> None:
        """Show ranked search hits (``None`` returns to the sidebar's list)."""
        self.search_ids = None if ids is None else list(ids)
        self.hits = {h.paper_id: h for h in hits}
        self.more_hits = None
        self.reload()

    def extend_search(self, ids: Sequence[int], hits: Sequence[SearchHit]) -> None:
        """Append ranked hits below those shown (a search's later pages)."""
        if self.search_ids is None:
            return
        new = [i for i in ids if i not in self.hits]
        if not new:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self.search_ids.extend(new)
        self._ids = self.search_ids
        self._pages.pop(first // PAGE, None)  # the last page was cut where the list ended
        self.hits.update({h.paper_id: h for h in hits})
        self.endInsertRows()

    def reload(self) -> None:
        """Ask SQLite for the ids again (after a structural change or a new sort)."""
        if self.search_ids is not None:
            ids = self.search_ids
        else:
            ids = self.library.paper_ids(self.filter, self.sort_key, descending=self.descending)
        self._generation += 1
        self._loaded = True
        self._sorted = True
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()
        self._landed()

    def refresh(self, background: bool = True) -> None:
        """Bring the ids up to date after a change, keeping the cursor and the
        selection on their papers: the rows move in one layout change, not a
        reset. With ``background`` the query runs on a worker (on 100,000
        papers it takes longer than a frame)."""
        self._generation += 1  # a refresh still on its way is older than this one
        if not background or self.search_ids is not None or self._background is None:
            self._swap(self._query())
            return
        generation, self._pending = self._generation, True
        numbers, anchors = self._shown_pages()

        def query() -> Refreshed:
            ids = self._query()
            try:
                return ids, self._read_pages(ids, numbers, anchors)
            except ReadingListError:
                return ids, {}  # read again when painted; the ids are what matter

        def landed(result: Refreshed) -> None:
            if generation == self._generation:  # no reload or newer refresh since
                ids, pages = result
                self._swap(ids, self._untouched(pages))

        def failed() -> None:
            if generation == self._generation:
                self._current()

        self._background(query, landed, failed)

    def _shown_pages(self) -> tuple[list[int], list[int]]:
        """What the view will likely paint once a refresh lands: the top page,
        the pages painted last (the view keeps its rows where they are), and
        the cursor's and selection's papers (they keep their papers)."""
        numbers = [0, *list(self._pages)[-2:]]
        n = len(self._ids)
        rows = [i.row() for i in self.persistentIndexList()[:ANCHORS]]
        return numbers, [self._ids[r] for r in rows if 0 <= r < n]

    def _untouched(self, pages: Pages) -> Pages:
        """``pages`` without those holding a paper whose flags changed since they
        were read (a star or a read mark while the refresh was on its way)."""
        touched, self._touched = self._touched, set()
        return {
            n: page
            for n, page in pages.items()
            if touched.isdisjoint(r.id for r in page if r is not None)
        }

    def _read_pages(self, ids: list[int], numbers: list[int], anchors: list[int]) -> Pages:
        """The rows of those pages of ``ids``, read on the refresh's worker: the
        first paint after it lands then reads nothing on the window's thread,
        where a worker still running Python would make each read wait."""
        wanted = {n for n in numbers if n * PAGE < len(ids)}
        for paper_id in anchors:
            with suppress(ValueError):  # gone from the list
                wanted.add(ids.index(paper_id) // PAGE)
        return {n: self._read_page(ids, n) for n in sorted(wanted)[:MAX_PAGES]}

    def when_current(self, action: Callable[[], None]) -> None:
        """Run ``action`` now, or once the refresh on its way has landed."""
        if self._pending:
            self._then.append(action)
        else:
            action()

    def _query(self) -> list[int]:
        if self.search_ids is not None:
            return list(self.search_ids)
        return self.library.paper_ids(self.filter, self.sort_key, descending=self.descending)

    def _swap(self, ids: list[int], pages: Pages | None = None) -> None:
        """Show ``ids``, moving persistent indexes (cursor, selection) with their
        papers; ``pages`` are rows already read for them."""
        self._loaded = True
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        n = len(self._ids)
        old_ids = [self._ids[i.row()] if 0 <= i.row() < n else -1 for i in persistent]
        self._ids = ids
        self._pages.clear()
        self._pages.update(pages or {})
        self._remap(persistent, old_ids)
        self.layoutChanged.emit()
        self._landed()

    def _landed(self) -> None:
        self.reloaded.emit()
        self._current()

    def _current(self) -> None:
        """The list is as current as it will get: run what waited for it."""
        self._pending = False
        then, self._then = self._then, []
        for action in then:
            action()

    def ids(self) -> list[int]:
        return self._ids

    def paper_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, paper_id: int) -> int:
        """The row showing ``paper_id``, or -1 (a linear scan: call on user actions only)."""
        try:
            return self._ids.index(paper_id)
        except ValueError:
            return -1

    def row_data(self, row: int) -> PaperRow | None:
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return page[row - number * PAGE]

    def _fetch(self, number: int) -> list[PaperRow | None]:
        page = self._read_page(self._ids, number)
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _read_page(self, ids: list[int], number: int) -> list[PaperRow | None]:
        """Page ``number`` of ``ids`` (a paper gone since is ``None``); any thread."""
        chunk = ids[number * PAGE : (number + 1) * PAGE]
        found = {r.id: r for r in self.library.rows(chunk)}
        return [found.get(i) for i in chunk]

    def apply(self, changes: ChangeSet, background: bool = False) -> None:
        """Bring the list up to date with a committed change.

        Structural changes (papers added or removed, tags changed) re-query
        the ids; flag changes (read, star, note) refresh just the cached rows
        that show those papers. A paper that stops matching the view (read in
        the Inbox) stays until the list is reloaded, so the keyboard cursor
        never jumps while triaging.
        """
        if changes.structure:
            if self.search_ids is not None:  # the window searches again; drop what is gone now
                touched = [i for i in self.search_ids if i in changes.paper_ids]
                live = {p.id for p in self.library.papers(touched)}
                self.search_ids = [i for i in self.search_ids if i not in touched or i in live]
            self.refresh(background)
            return
        wanted = changes.paper_ids
        if self._pending:
            self._touched |= wanted
        for number, page in list(self._pages.items()):
            start = number * PAGE
            hits = [i for i, r in enumerate(page) if r is not None and r.id in wanted]
            if not hits:
                continue
            fresh = {r.id: r for r in self.library.rows([page[i].id for i in hits])}  # type: ignore[union-attr]
            for i in hits:
                old = page[i]
                assert old is not None
                page[i] = fresh.get(old.id, old)
            first, last = start + min(hits), start + max(hits)
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    # Qt model interface ----------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more_hits is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        fetch, self.more_hits = self.more_hits, None  # one page at a time
        if fetch is not None and not parent.isValid():
            fetch()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def multiData(self, index: _Index, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a delegate asks of one cell, in one call from C++ (Qt's own
        delegates ask this way). Asked one by one, a painted page was about a
        thousand calls into Python, each taking the interpreter lock anew: while
        a worker ran Python (an import, a fetch) each could wait for it. The
        same page beside a worker spinning in Python: 37 to 88 ms, now 13 to
        34 ms (about 10 ms with no worker)."""
        # A span iterates over its items (PySide's stubs do not say so).
        items = [span] if isinstance(span, QModelRoleData) else cast(Iterable[QModelRoleData], span)
        for item in items:
            item.setData(self.data(index, item.role()))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == HIT_ROLE and col == COL_TITLE:
            return self.hits.get(row.id)
        if role == Qt.ItemDataRole.FontRole and not row.read:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (COL_STAR,):
                return Qt.AlignmentFlag.AlignCenter
            if col == COL_UPVOTES:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STAR and row.starred:
            return QColor("#e0a100")
        if role == Qt.ItemDataRole.ForegroundRole and row.read and col != COL_STAR:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_STAR:
            return "starred" if row.starred else "not starred"
        if col == COL_PDF and row.has_pdf:
            return self._pdf_data(role)
        return None

    @staticmethod
    def _pdf_data(role: int) -> Any:
        """The PDF column: an icon where the library keeps the paper's PDF."""
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("application-pdf")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return "PDF in the library (Shift+O opens it)"
        return None

    @staticmethod
    def _display(row: PaperRow, col: int) -> str:
        if col == COL_STAR:
            return "★" if row.starred else ""
        if col == COL_TITLE:
            return row.title
        if col == COL_DATE:
            return compact_date(row.published)
        if col == COL_DIGEST:
            return compact_date(row.listed_day)
        if col == COL_UPVOTES:
            return str(row.upvotes) if row.upvotes else ""
        return ""  # the PDF column shows an icon

    @staticmethod
    def _tooltip(row: PaperRow, col: int) -> str | None:
        if col == COL_TITLE:
            return row.title
        if col == COL_DATE and row.published:
            return f"Published {long_date(row.published)}"
        if col == COL_DIGEST and row.listed_day:
            return f"In the digest of {long_date(row.listed_day)}"
        if col == COL_PDF and row.has_pdf:
            return "PDF in the library (Shift+O opens it)"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return FIRST_ORDER[section].value
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in SQL. During a search the ranked order is kept."""
        if not 0 <= column < len(HEADERS):
            return
        key, descending = COLUMN_SORT[column], order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self._sorted:
            return  # the view asks twice (sortByColumn and the header's signal)
        self.sort_key, self.descending = key, descending
        if self.search_ids is None and self._loaded:
            self._sorted = True
            self._generation += 1  # a refresh on its way would bring the old order
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            n = len(self._ids)
            old_ids = [self._ids[i.row()] if 0 <= i.row() < n else -1 for i in persistent]
            self._ids = self.library.paper_ids(self.filter, key, descending=descending)
            self._pages.clear()
            self._remap(persistent, old_ids)
            self.layoutChanged.emit()
            self._current()  # read just now: a refresh on its way is not needed

    def _remap(self, persistent: list[QModelIndex], old_ids: list[int]) -> None:
        """Move the selection and current row with their papers (usually one paper)."""
        wanted = {pid for pid in old_ids if pid >= 0}
        if len(wanted) > 16:
            rows = {pid: row for row, pid in enumerate(self._ids) if pid in wanted}
        else:
            rows = {pid: self.row_of(pid) for pid in wanted}
        new = [
            self.index(rows[pid], index.column()) if rows.get(pid, -1) >= 0 else QModelIndex()
            for index, pid in zip(persistent, old_ids, strict=True)
        ]
        self.changePersistentIndexList(persistent, new)
