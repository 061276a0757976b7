"""The sidebar: fixed views, digests by day, sources and tags, each with live counts.

A ``QStandardItemModel`` of four groups (sources: the Hugging Face pages that
are not digests, such as trending or a search); every leaf carries the
:class:`PaperFilter` it stands for. Counts are refreshed in place on every
change so the selection and the expanded groups never jump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class Counts:
    """Everything the sidebar and the status bar show; read on a worker thread."""

    stats: Stats
    digests: list[DigestSummary]
    tags: list[TagSummary]
    sources: list[SourceSummary]


def load_counts(library: Library) -> Counts:
    return Counts(library.stats(), library.digests(), library.tags.all(), library.sources.all())


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
            self._views.appendRow(self._leaf(name, PaperFilter(view=view)))
        self.counts: Counts | None = None

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

    def _leaf(self, name: str, flt: PaperFilter) -> list[QStandardItem]:
        item = QStandardItem(name)
        item.setData(flt, FILTER_ROLE)
        item.setData(filter_key(flt), KEY_ROLE)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        item.setToolTip(name)
        count = QStandardItem("")
        count.setData(flt, FILTER_ROLE)
        count.setData(filter_key(flt), KEY_ROLE)
        count.setFlags(item.flags())
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [item, count]

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
        digests = [
            (
                f"{d.day:%a %b} {d.day.day}, {d.day.year}",
                PaperFilter(digest_day=d.day),
                d.unread,
                d.papers,
            )
            for d in data.digests
        ]
        self._sync_group(self._digests, [(n, f, u, f"{u} unread of {p}") for n, f, u, p in digests])
        sources = [
            (s.label, PaperFilter(source=s.id), s.unread, f"{s.unread} unread of {s.papers}")
            for s in data.sources
        ]
        self._sync_group(self._sources, sources)
        tags = [
            (t.name, PaperFilter(tag=t.name), t.papers, f"{t.papers} papers") for t in data.tags
        ]
        self._sync_group(self._tags, tags)

    def _sync_group(
        self, group: QStandardItem, wanted: list[tuple[str, PaperFilter, int, str]]
    ) -> None:
        keys = [filter_key(f) for _, f, _, _ in wanted]
        # drop rows that are gone
        for row in reversed(range(group.rowCount())):
            if group.child(row, 0).data(KEY_ROLE) not in keys:
                group.removeRow(row)
        for position, (name, flt, count, tip) in enumerate(wanted):
            key = keys[position]
            current = group.child(position, 0) if position < group.rowCount() else None
            if current is None or current.data(KEY_ROLE) != key:
                group.insertRow(position, self._leaf(name, flt))
            label, number = group.child(position, 0), group.child(position, 1)
            if label.text() != name:
                label.setText(name)
            label.setToolTip(f"{name}: {tip}")
            _set_count(number, count)

    def sources_row(self) -> int:
        return self._sources.row()

    def find(self, key: str) -> QModelIndex:
        for group in (self._views, self._digests, self._sources, self._tags):
            for row in range(group.rowCount()):
                if group.child(row, 0).data(KEY_ROLE) == key:
                    return group.child(row, 0).index()
        return QModelIndex()


def _set_count(item: QStandardItem, count: int) -> None:
    text = str(count) if count else ""
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
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.expandAll()
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        flt = current.siblingAtColumn(0).data(FILTER_ROLE)
        if isinstance(flt, PaperFilter):
            self.filter_chosen.emit(flt)

    def refresh(self) -> None:
        self.apply(load_counts(self.sidebar_model.library))

    def apply(self, data: Counts) -> None:
        self.sidebar_model.apply(data)
        self.expandAll()
        # Most libraries hold digests only: no empty "Sources" heading for them.
        self.setRowHidden(self.sidebar_model.sources_row(), QModelIndex(), not data.sources)

    def select_key(self, key: str) -> bool:
        index = self.sidebar_model.find(key)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        return True

    def current_key(self) -> str | None:
        value = self.currentIndex().siblingAtColumn(0).data(KEY_ROLE)
        return value if isinstance(value, str) else None
