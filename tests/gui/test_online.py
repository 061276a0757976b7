"""The window's way out to a paper, its PDFs, and completing papers online (qtbot).

Opening goes through ``QDesktopServices``, observed here with URL handlers
for the schemes opened; online jobs run on the window's workers against a
real server on loopback, with a clock that only pretends to wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.core.online.clock import Cancel
from readinglist.core.online.session import OnlineSources
from readinglist.core.search.highlight import Highlights
from readinglist.core.views import PaperFilter, SortKey
from readinglist.gui.detail import paper_html
from readinglist.gui.main_window import MainWindow
from readinglist.gui.paper_model import COL_PDF, COL_UPVOTES
from readinglist.gui.preferences import ENRICH_AFTER_IMPORT_KEY, PreferencesDialog
from tests.gui.conftest import WindowFactory
from tests.helpers import dump
from tests.support.online import PDF_BYTES, Remote, arxiv_api, hf_day, sources_for
from tests.support.replay import Canned, ReplayServer, closed_port_url, replay_server

DAY = date(2026, 3, 13)


class Opened(QObject):
    """Receives what the app asks the desktop to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened(qapp: QApplication) -> Iterator[Opened]:
    recorder = Opened()
    for scheme in ("https", "http", "file"):
        # PySide6 wants the slot's name as text; its type stub says bytes.
        QDesktopServices.setUrlHandler(scheme, recorder, "open")  # type: ignore[arg-type]
    yield recorder
    for scheme in ("https", "http", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay_server() as running:
        yield running


@pytest.fixture
def digest(library: Library, sample_paths: list[Path]) -> list[int]:
    """The first sample digest (Mar 13), its paper ids in digest order."""
    library.import_file(sample_paths[0])
    return library.paper_ids(PaperFilter(digest_day=DAY), SortKey.POSITION, descending=False)


def serve_digest(server: ReplayServer, library: Library, ids: list[int]) -> list[Remote]:
    """Hugging Face and arXiv know every paper of the digest but the last."""
    papers = library.papers(ids)
    remote = [
        Remote(f"2603.{20000 + i}", p.title, authors=(f"Ann Author{i}", "Bo Writer"))
        for i, p in enumerate(papers[:-1])
    ]
    server.serve("/api/daily_papers", Canned.json(hf_day(remote, DAY)))
    server.serve("/api/query", arxiv_api(remote))
    server.serve("/api/query", Canned.file("arxiv/query_empty.xml"), start="0")
    return remote


def online_window(make_window: WindowFactory, library: Library, server: ReplayServer) -> MainWindow:
    """The window, its online jobs on the replay server."""
    window = make_window(library)

    def open_(cancel: Cancel) -> AbstractContextManager[OnlineSources]:
        return sources_for(server, library.paths.cache, cancel=cancel)

    window.online.open_sources = open_
    return window


def select(window: MainWindow, paper_id: int) -> None:
    window.lists.show_all()
    row = window.model.row_of(paper_id)
    assert row >= 0
    window.selection.select_row(row)
    window.view.setFocus()


def press(
    window: MainWindow, key: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClicks(window.view, key, modifier)


# the way out ---------------------------------------------------------------------


def test_o_opens_the_arxiv_page_else_a_hugging_face_search(
    make_window: WindowFactory, library: Library, digest: list[int], opened: Opened
) -> None:
    library.edit(digest[0], arxiv_id="2503.10211")
    window = make_window(library)
    select(window, digest[0])
    press(window, "o")
    assert [u.toString() for u in opened.urls] == ["https://arxiv.org/abs/2503.10211"]
    select(window, digest[1])
    press(window, "o")
    search = opened.urls[-1]
    assert (search.host(), search.path()) == ("huggingface.co", "/papers")
    assert search.query(QUrl.ComponentFormattingOption.FullyDecoded) == (
        f"q={library.paper(digest[1]).title}"
    )


def test_shift_o_opens_the_kept_pdf_else_arxivs(
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    opened: Opened,
    tmp_path: Path,
) -> None:
    library.edit(digest[0], arxiv_id="2503.10211")
    library.edit(digest[1], arxiv_id="2503.10212")
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    kept = library.pdfs.attach(digest[0], tmp_path / "a.pdf")
    window = make_window(library)
    select(window, digest[0])
    press(window, "O", Qt.KeyboardModifier.ShiftModifier)
    assert opened.urls == [QUrl.fromLocalFile(str(kept))]
    select(window, digest[1])
    press(window, "O", Qt.KeyboardModifier.ShiftModifier)
    assert opened.urls[-1].toString() == "https://arxiv.org/pdf/2503.10212"
    select(window, digest[2])
    press(window, "O", Qt.KeyboardModifier.ShiftModifier)
    assert len(opened.urls) == 2
    assert window.statusBar().currentMessage().startswith("No PDF for this paper")


def test_o_and_shift_o_type_in_the_note(
    make_window: WindowFactory, library: Library, digest: list[int], opened: Opened
) -> None:
    window = make_window(library)
    select(window, digest[0])
    window.reading.focus_note()
    editor = window.detail.note.editor
    QTest.keyClicks(editor, "o")
    QTest.keyClicks(editor, "O", Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == "oO"
    assert opened.urls == []


def test_the_detail_pane_shows_the_links(
    make_window: WindowFactory, library: Library, digest: list[int], opened: Opened, tmp_path: Path
) -> None:
    library.edit(digest[0], arxiv_id="2503.10211")
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    kept = library.pdfs.attach(digest[0], tmp_path / "a.pdf")
    window = make_window(library)
    select(window, digest[0])
    text = paper_html(library.paper(digest[0]), [], Highlights(), window.palette())
    assert 'href="https://arxiv.org/abs/2503.10211"' in text
    assert 'href="https://huggingface.co/papers/2503.10211"' in text
    assert ">PDF</a>" in text
    window.detail.info.anchorClicked.emit(QUrl("readinglist:pdf"))
    assert opened.urls == [QUrl.fromLocalFile(str(kept))]


# completing papers -----------------------------------------------------------------------


def test_complete_the_selection_online(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    server: ReplayServer,
) -> None:
    serve_digest(server, library, digest)
    window = online_window(make_window, library, server)
    select(window, digest[0])
    with qtbot.waitSignal(window.online.enrich_finished, timeout=20000) as done:
        QTest.keyClick(
            window.view,
            Qt.Key.Key_E,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert window.online.cancel_button.isVisible()
    report = done.args[0]
    assert report.found == 1 and not report.unmatched
    assert not window.online.cancel_button.isVisible()
    assert library.paper(digest[0]).authors == ["Ann Author0", "Bo Writer"]
    assert "Ann Author0" in window.detail.info.toPlainText()
    assert window.statusBar().currentMessage().startswith("Completed online: 1 paper: 1 found")


def test_complete_a_digest_lists_what_is_not_matched(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    server: ReplayServer,
) -> None:
    serve_digest(server, library, digest)
    window = online_window(make_window, library, server)
    window.sidebar.select_key(f"digest:{DAY.isoformat()}")
    with qtbot.waitSignal(window.online.enrich_finished, timeout=20000) as done:
        window.actions_by_id["enrich_digest"].trigger()
    assert done.args[0].found == 39
    box = window.online.report_box
    assert box is not None and box.isVisible()
    assert library.paper(digest[-1]).title in box.detailedText()
    assert all(p.arxiv_id for p in library.papers(digest[:-1]))


def test_the_sidebar_offers_a_digest_online(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    server: ReplayServer,
) -> None:
    serve_digest(server, library, digest)
    window = online_window(make_window, library, server)
    window.sidebar.refresh()
    index = window.sidebar.sidebar_model.find(f"digest:{DAY.isoformat()}")
    point = window.sidebar.visualRect(index).center()
    menu = window.online.digest_menu(point)
    assert menu is not None
    (action,) = menu.actions()
    assert action.text() == "Complete the Papers of Mar 13 Online"
    with qtbot.waitSignal(window.online.enrich_finished, timeout=20000):
        action.trigger()
    assert window.online.digest_menu(QPoint(1, 1)) is None  # "Library", not a digest


def test_cancel_keeps_what_was_fetched(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    server: ReplayServer,
) -> None:
    remote = serve_digest(server, library, digest)
    server.serve(
        "/api/daily_papers",
        Canned.json(hf_day(remote, DAY)).__class__(
            200, hf_day(remote, DAY).encode(), (("Content-Type", "application/json"),), hold=True
        ),
    )
    window = online_window(make_window, library, server)
    window.sidebar.select_key(f"digest:{DAY.isoformat()}")
    with qtbot.waitSignal(window.online.enrich_finished, timeout=20000) as done:
        window.actions_by_id["enrich_digest"].trigger()
        qtbot.waitUntil(lambda: len(server.requests) == 1)
        window.online.cancel_button.click()
        server.release.set()
    report = done.args[0]
    assert report.cancelled
    assert server.paths() == ["/api/daily_papers"]  # arXiv was never asked
    assert library.paper(digest[0]).arxiv_id == "2603.20000"  # the day's answer is kept


def test_offline_is_said_and_changes_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    server: ReplayServer,
) -> None:
    server.url = closed_port_url()
    window = online_window(make_window, library, server)
    before = dump(library)
    select(window, digest[0])
    with qtbot.waitSignal(window.status.error_shown, timeout=20000) as shown:
        window.actions_by_id["enrich"].trigger()
    title, message = shown.args
    assert title == "Could not complete the papers"
    assert message.startswith("Cannot reach Hugging Face at 127.0.0.1")
    assert message.endswith("Nothing was changed.")
    assert dump(library) == before


def test_completing_after_import_is_off_until_chosen(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    sample_paths: list[Path],
    server: ReplayServer,
) -> None:
    window = online_window(make_window, library, server)
    assert not PreferencesDialog(window.settings).enrich.isChecked()  # off by default
    with qtbot.waitSignal(window.import_export.import_finished, timeout=20000):
        window.import_export.import_paths([sample_paths[0]])
    assert server.requests == []
    dialog = PreferencesDialog(window.settings)
    dialog.enrich.setChecked(True)
    dialog.accept()
    assert window.settings.value(ENRICH_AFTER_IMPORT_KEY) in (True, "true")
    serve_digest(
        server,
        library,
        library.paper_ids(PaperFilter(digest_day=DAY), SortKey.POSITION, descending=False),
    )
    with (
        qtbot.waitSignal(window.online.enrich_finished, timeout=20000) as done,
        qtbot.waitSignal(window.import_export.import_finished, timeout=20000),
    ):
        window.import_export.import_paths([sample_paths[1]])
    assert done.args[0].papers > 0
    assert "/api/daily_papers" in server.paths()


# PDFs ------------------------------------------------------------------------------------


def test_download_shows_the_pdf_in_the_list(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    server: ReplayServer,
) -> None:
    library.edit(digest[0], arxiv_id="2503.10211")
    server.serve("/pdf/2503.10211", Canned(200, PDF_BYTES))
    window = online_window(make_window, library, server)
    select(window, digest[0])
    row = window.model.row_of(digest[0])
    assert (
        window.model.data(window.model.index(row, COL_PDF), Qt.ItemDataRole.DecorationRole) is None
    )
    with qtbot.waitSignal(window.online.pdfs_finished, timeout=20000) as done:
        window.actions_by_id["download_pdf"].trigger()
    assert done.args[0].downloaded == (digest[0],)
    pdf_cell = window.model.index(row, COL_PDF)
    icon = window.model.data(pdf_cell, Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert window.model.data(pdf_cell, Qt.ItemDataRole.DisplayRole) == ""  # an icon, no text
    assert "Shift+O" in window.model.data(pdf_cell, Qt.ItemDataRole.ToolTipRole)
    assert library.pdfs.path(digest[0]) is not None


def test_the_pdf_column_shows_no_number(make_window: WindowFactory, loaded: Library) -> None:
    """Upvotes have their own column; the PDF column holds only its icon."""
    window = make_window(loaded)
    model = window.model
    voted = [r for r in range(model.rowCount()) if model.data(model.index(r, COL_UPVOTES))]
    assert voted  # the samples have upvoted papers
    assert all(model.data(model.index(r, COL_PDF)) == "" for r in voted)


def drop_at(window: MainWindow, mime: QMimeData, point: QPointF) -> bool:
    """Drag ``mime`` to ``point`` (window coordinates) and drop it; True if it was taken."""
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    handle = window.windowHandle()
    enter = QDragEnterEvent(point.toPoint(), *args)
    QApplication.sendEvent(handle, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(point, *args)
    QApplication.sendEvent(handle, dropped)
    return dropped.isAccepted()


def test_a_pdf_dropped_on_a_paper_is_attached_to_it(
    qtbot: QtBot, make_window: WindowFactory, library: Library, digest: list[int], tmp_path: Path
) -> None:
    window = make_window(library)
    window.lists.show_all()
    row = window.model.row_of(digest[3])
    window.view.scrollTo(window.model.index(row, 1))
    rect = window.view.visualRect(window.model.index(row, 1))
    point = QPointF(window.view.viewport().mapTo(window, rect.center()))
    pdf = tmp_path / "paper.PDF"
    pdf.write_bytes(PDF_BYTES)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    with qtbot.waitSignal(window.online.attach_finished, timeout=20000) as done:
        assert drop_at(window, mime, point)
    assert done.args[0] == library.pdfs.path(digest[3])
    index = window.model.index(row, COL_PDF)
    qtbot.waitUntil(lambda: window.model.data(index, Qt.ItemDataRole.DecorationRole) is not None)
    assert library.stats().papers == 40  # not imported as a digest


def test_a_bad_pdf_dropped_is_refused_with_its_reason(
    qtbot: QtBot, make_window: WindowFactory, library: Library, digest: list[int], tmp_path: Path
) -> None:
    window = make_window(library)
    window.lists.show_all()
    rect = window.view.visualRect(window.model.index(0, 1))
    point = QPointF(window.view.viewport().mapTo(window, rect.center()))
    fake = tmp_path / "fake.pdf"
    fake.write_text("<html>not a pdf</html>")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(fake))])
    before = dump(library)
    with qtbot.waitSignal(window.status.error_shown, timeout=20000) as shown:
        drop_at(window, mime, point)
    assert shown.args[0] == "Could not attach the PDF"
    assert "is not a PDF" in shown.args[1]
    assert dump(library) == before


def test_a_digest_dropped_on_the_list_is_still_imported(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    digest: list[int],
    sample_paths: list[Path],
) -> None:
    window = make_window(library)
    window.lists.show_all()
    point = QPointF(window.view.viewport().mapTo(window, window.view.viewport().rect().center()))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_paths[1]))])
    with qtbot.waitSignal(window.import_export.import_finished, timeout=20000):
        assert drop_at(window, mime, point)
    assert library.stats().papers > 40
