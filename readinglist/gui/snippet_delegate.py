"""Search hits in the paper list: the title, and under it why the paper was found.

While a search is shown (and View ▸ Search Snippets is on) each row is two
lines: the title with the matched words in bold, then the field the query
matched in and the best passage of it (:class:`SearchHit`). Only the rows on
screen are painted, each through a small ``QTextDocument``, so a page of
hits costs a few milliseconds.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from readinglist.core.search.results import SearchHit
from readinglist.gui.paper_model import HIT_ROLE

#: How a matched field is named in the snippet line.
FIELD_NAMES = {
    "title": "title",
    "abstract": "abstract",
    "authors": "authors",
    "tags": "tags",
    "note": "your note",
}


def snippet_line(hit: SearchHit) -> str:
    """``abstract · …a <b>phrase</b> in context…`` (HTML)."""
    fields = ", ".join(FIELD_NAMES.get(f, f) for f in hit.fields) or "filters"
    text = hit.snippet_html or hit.fragment_html
    return f"<i>{fields}</i> · {text}" if text else f"<i>{fields}</i>"


class SnippetDelegate(QStyledItemDelegate):
    """Paints the title column of a hit as two lines of rich text."""

    enabled = False

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit = index.data(HIT_ROLE) if self.enabled else None
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = opt.palette.color(role)
        dim = colour if selected else opt.palette.color(QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(4, 2, -4, -2)
        half = rect.height() // 2
        painter.save()
        painter.setClipRect(rect)
        weight = "600" if opt.font.bold() else "400"
        self._draw(
            painter,
            f'<span style="font-weight:{weight}">{hit.title_html}</span>',
            opt,
            QRectF(rect.left(), rect.top(), rect.width(), half),
            colour.name(),
        )
        self._draw(
            painter,
            snippet_line(hit),
            opt,
            QRectF(rect.left(), rect.top() + half, rect.width(), half),
            dim.name(),
            smaller=True,
        )
        painter.restore()

    @staticmethod
    def _draw(
        painter: QPainter,
        html: str,
        opt: QStyleOptionViewItem,
        area: QRectF,
        colour: str,
        *,
        smaller: bool = False,
    ) -> None:
        doc = QTextDocument()
        font = opt.font
        if smaller:
            font.setPointSizeF(font.pointSizeF() * 0.92)
            font.setBold(False)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setDefaultStyleSheet(f"body {{ color: {colour}; }}")
        doc.setHtml(f'<body style="white-space:pre">{html}</body>')
        doc.setTextWidth(-1)
        ellipsis = QFontMetrics(font).horizontalAdvance("…")
        cut = doc.idealWidth() > area.width()
        if cut:  # clipped a little short, and "…" says there is more
            area = QRectF(area.left(), area.top(), max(area.width() - ellipsis, 0), area.height())
        painter.save()
        top = area.top() + max((area.height() - doc.size().height()) / 2, 0)
        painter.translate(area.left(), top)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, 0, area.width(), area.height())
        context.palette.setColor(
            QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.Text)
        )
        painter.setClipRect(context.clip)
        doc.documentLayout().draw(painter, context)
        painter.restore()
        if cut:
            painter.save()
            painter.setFont(font)
            painter.setPen(QColor(colour))
            end = QRectF(area.right(), area.top(), ellipsis + 2, area.height())
            painter.drawText(
                end, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), "…"
            )
            painter.restore()
