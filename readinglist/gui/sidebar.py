"""The sidebar: fixed views, digests by day, sources and tags, each with live counts.

A ``QStandardItemModel`` of four groups (sources: the Hugging Face pages that
are not digests, such as trending or a search); every leaf carries the
:class:`PaperFilter` it stands for. Counts are refreshed in place on every
change so the selection and the expanded groups never jump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from readinglist.core.library import Library
from readinglist.core.views import (
    DigestSummary,
    PaperFilter,
    SourceSummary,
    Stats,
    TagSummary,
    View,
)

FILTER_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
VIEW_NAMES = {
    View.INBOX: "Inbox",
    View.ALL: "All Papers",
    View.STARRED: "Starred",
    View.READ: "Read",
    View.BIN: "Bin",
}
_LEAF_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_COUNT_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Counts:
    """Everything the sidebar and the status bar show; read on a worker thread.

    The groups' rows are worked out there too, and for a sidebar not filled yet
    their items as well (``leaves``): 2,600 digests are about 20 ms of rows and
    45 ms of items, which on the window's thread held it right after its first
    paint. Items that belong to no model yet are plain data, safe to make on
    any thread.
    """

    stats: Stats
    digests: list[DigestSummary]
    tags: list[TagSummary]
    sources: list[SourceSummary]
    #: Each group's rows as shown: digests, sources, tags.
    rows: tuple[list[_Row], list[_Row], list[_Row]]
    #: The items of those rows, by key (made only for a first fill).
    leaves: dict[str, list[QStandardItem]] = field(default_factory=dict)


def load_counts(library: Library, *, first: bool = False) -> Counts:
    """The counts, with the rows (and with ``first``, the items) showing them."""
    digests, tags, sources = library.digests(), library.tags.all(), library.sources.all()
    rows = (
        [_digest_row(d) for d in digests],
        [_source_row(s) for s in sources],
        [_tag_row(t) for t in tags],
    )
    leaves = {r.key: _row_leaf(r) for group in rows for r in group} if first else {}
    return Counts(library.stats(), digests, tags, sources, rows, leaves)


def filter_from_key(key: str) -> PaperFilter | None:
    """The filter a remembered key stands for (``None`` if it is not understood)."""
    kind, _, value = key.partition(":")
    try:
        if kind == "view":
            return PaperFilter(view=View(value))
        if kind == "digest":
            return PaperFilter(digest_day=date.fromisoformat(value))
        if kind == "tag" and value:
            return PaperFilter(tag=value)
        if kind == "source":
            return PaperFilter(source=int(value))
    except ValueError:
        return None
    return None


def filter_key(flt: PaperFilter) -> str:
    """A stable text key for a filter (remembered as the last view)."""
    if flt.digest_day is not None:
        return f"digest:{flt.digest_day.isoformat()}"
    if flt.tag is not None:
        return f"tag:{flt.tag}"
    if flt.source is not None:
        return f"source:{flt.source}"
    return f"view:{flt.view.value}"


class SidebarModel(QStandardItemModel):
    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setColumnCount(2)
        self._views = self._group("Library")
        self._digests = self._group("Digests")
        self._sources = self._group("Sources")
        self._tags = self._group("Tags")
        for view, name in VIEW_NAMES.items():
            flt = PaperFilter(view=view)
            self._views.appendRow(_leaf(name, flt, filter_key(flt)))
        self.counts: Counts | None = None
        self._shown: dict[int, list[_Row]] = {}  # id(group): the rows it shows

    def _group(self, title: str) -> QStandardItem:
        item = QStandardItem(title)
        font = QFont()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        spacer = QStandardItem("")
        spacer.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.appendRow([item, spacer])
        return item

    def refresh(self) -> None:
        """Re-read counts, digests and tags now (on this thread)."""
        self.apply(load_counts(self.library))

    def apply(self, data: Counts) -> None:
        """Show counts read by :func:`load_counts`; rows are updated in place."""
        self.counts = data
        stats = data.stats
        counts = {
            View.INBOX: stats.unread,
            View.ALL: stats.papers,
            View.STARRED: stats.starred,
            View.READ: stats.read,
            View.BIN: stats.binned,
        }
        for row in range(self._views.rowCount()):
            flt: PaperFilter = self._views.child(row, 0).data(FILTER_ROLE)
            _set_count(self._views.child(row, 1), counts[flt.view])
        digests, sources, tags = data.rows
        self._sync_group(self._digests, digests, data.leaves)
        self._sync_group(self._sources, sources, data.leaves)
        self._sync_group(self._tags, tags, data.leaves)

    @property
    def filled(self) -> bool:
        """Whether counts were shown yet (the first fill makes every row)."""
        return self.counts is not None

    def _sync_group(
        self, group: QStandardItem, wanted: list[_Row], leaves: dict[str, list[QStandardItem]]
    ) -> None:
        """Make ``group`` show ``wanted``, touching only the rows that differ.

        A library holds thousands of digests and the counts are re-read after
        every change, so the usual refresh (the same lists, a few counts
        changed) must cost no Qt call per unchanged row: what each group shows
        is remembered here and compared in Python first.
        """
        shown = self._shown.get(id(group), [])
        if [r.key for r in shown] != [r.key for r in wanted]:
            self._restructure(group, wanted, shown, leaves)
        else:
            for position, (old, new) in enumerate(zip(shown, wanted, strict=True)):
                if old != new:
                    self._show_row(group, position, new)
        self._shown[id(group)] = wanted

    def _restructure(
        self,
        group: QStandardItem,
        wanted: list[_Row],
        shown: list[_Row],
        leaves: dict[str, list[QStandardItem]],
    ) -> None:
        """Rows came or went: remove the gone ones, insert the new ones, in place;
        of the rows that stay, touch only those that changed (an import adds one
        digest to 2,600: updating them all held the window 50 ms).

        The group shows ``shown``, in order, so where each row is comes from
        that list, not from asking Qt's items row by row (two calls a row were
        another 30 ms after an import). Rows that stay keep their order (days,
        names); if they ever did not, the group is rebuilt.
        """
        keys = {r.key for r in wanted}
        for number in reversed(range(len(shown))):
            if shown[number].key not in keys:
                group.removeRow(number)
        staying = [r for r in shown if r.key in keys]
        before = {r.key for r in staying}
        if [r.key for r in staying] != [r.key for r in wanted if r.key in before]:
            group.removeRows(0, len(staying))
            staying = []
        kept = iter(staying)
        current = next(kept, None)
        for position, row in enumerate(wanted):
            if current is not None and current.key == row.key:
                if current != row:
                    self._show_row(group, position, row)
                current = next(kept, None)
            else:
                made = leaves.pop(row.key, None)  # made with the counts, on the worker
                group.insertRow(position, made if made is not None else _row_leaf(row))

    @staticmethod
    def _show_row(group: QStandardItem, position: int, row: _Row) -> None:
        label, number = group.child(position, 0), group.child(position, 1)
        if label.text() != row.name:
            label.setText(row.name)
        tip = f"{row.name}: {row.tip}"
        if label.toolTip() != tip:
            label.setToolTip(tip)
        _set_count(number, row.count)

    def sources_row(self) -> int:
        return self._sources.row()

    def find(self, key: str) -> QModelIndex:
        for group in (self._views, self._digests, self._sources, self._tags):
            for row in range(group.rowCount()):
                if group.child(row, 0).data(KEY_ROLE) == key:
                    return group.child(row, 0).index()
        return QModelIndex()


def _leaf(
    name: str, flt: PaperFilter, key: str, count: int = 0, tip: str = ""
) -> list[QStandardItem]:
    """A leaf's two items, made whole before they join the model (a first
    fill makes thousands: each later Qt call, and each flag combined in
    Python, showed in the window's first search)."""
    item = QStandardItem(name)
    item.setData(flt, FILTER_ROLE)
    item.setData(key, KEY_ROLE)
    item.setFlags(_LEAF_FLAGS)
    item.setToolTip(tip or name)
    number = QStandardItem(_count_text(count))  # what it stands for: its label's
    number.setFlags(_LEAF_FLAGS)
    number.setTextAlignment(_COUNT_ALIGN)
    return [item, number]


def _row_leaf(row: _Row) -> list[QStandardItem]:
    return _leaf(row.name, row.flt, row.key, row.count, f"{row.name}: {row.tip}")


@dataclass(frozen=True)
class _Row:
    """One leaf as shown: compared with the last refresh's to skip Qt calls."""

    key: str
    name: str
    flt: PaperFilter
    count: int
    tip: str


@lru_cache(maxsize=16384)
def _digest_row(d: DigestSummary) -> _Row:
    """The row for ``d`` (cached: a refresh sees thousands of unchanged digests)."""
    flt = PaperFilter(digest_day=d.day)
    tip = f"{d.unread} unread of {d.papers}"
    return _Row(filter_key(flt), _day_name(d.day), flt, d.unread, tip)


def _day_name(day: date) -> str:
    """``Tue Mar 12, 2024``."""
    return f"{_weekday_month(day.weekday(), day.month)} {day.day}, {day.year}"


@lru_cache(maxsize=128)
def _weekday_month(weekday: int, month: int) -> str:
    """``Tue Mar`` in the locale's words. ``strftime`` imports ``time`` on every
    call, through PySide's import hook: a first fill of 2,600 digests spent
    60 ms here; there are only 84 pairs."""
    return date(2024, month, 1 + (weekday - date(2024, month, 1).weekday()) % 7).strftime("%a %b")


def _source_row(s: SourceSummary) -> _Row:
    flt = PaperFilter(source=s.id)
    return _Row(filter_key(flt), s.label, flt, s.unread, f"{s.unread} unread of {s.papers}")


def _tag_row(t: TagSummary) -> _Row:
    flt = PaperFilter(tag=t.name)
    return _Row(filter_key(flt), t.name, flt, t.papers, f"{t.papers} papers")


def _count_text(count: int) -> str:
    return str(count) if count else ""


def _set_count(item: QStandardItem, count: int) -> None:
    text = _count_text(count)
    if item.text() != text:
        item.setText(text)


class Sidebar(QTreeView):
    """The tree; emits :attr:`filter_chosen` when the user picks a list."""

    filter_chosen = Signal(object)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.sidebar_model = SidebarModel(library, self)
        self.setModel(self.sidebar_model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)
        self.setIndentation(10)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QTreeView.Shape.NoFrame)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Wide enough for the largest count (below), not measured row by row:
        # fitting it to its contents measured 2,600 digests' counts at every change.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._expand_groups()
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def _expand_groups(self) -> None:
        """Open the four groups (``expandAll`` would walk every digest's row too)."""
        for row in range(self.sidebar_model.rowCount()):
            index = self.sidebar_model.index(row, 0)
            if not self.isExpanded(index):
                self.expand(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        flt = current.siblingAtColumn(0).data(FILTER_ROLE)
        if isinstance(flt, PaperFilter):
            self.filter_chosen.emit(flt)

    def refresh(self) -> None:
        self.apply(load_counts(self.sidebar_model.library))

    def apply(self, data: Counts) -> None:
        self.sidebar_model.apply(data)
        self._fit_counts(data.stats)
        self._expand_groups()
        # Most libraries hold digests only: no empty "Sources" heading for them.
        self.setRowHidden(self.sidebar_model.sources_row(), QModelIndex(), not data.sources)

    def _fit_counts(self, stats: Stats) -> None:
        """The count column as wide as the largest count: every other count (a
        digest's, a tag's) is a part of All Papers or of the Bin."""
        widest = _count_text(max(stats.papers, stats.binned, stats.unread, 1))
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(widest) + 2 * metrics.horizontalAdvance("0")
        if self.header().sectionSize(1) != width:
            self.header().resizeSection(1, width)

    def select_key(self, key: str) -> bool:
        index = self.sidebar_model.find(key)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        return True

    def current_key(self) -> str | None:
        value = self.currentIndex().siblingAtColumn(0).data(KEY_ROLE)
        return value if isinstance(value, str) else None
