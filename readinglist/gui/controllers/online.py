"""The way out to a paper, and what is fetched for it: pages, PDFs, completing online.

``o`` opens the paper's page and ``Shift+O`` its PDF, through
``QDesktopServices`` (the system's browser and viewer). Completing papers
(the selection, a digest, or each import when the user opted in) and
downloading PDFs run on a worker with progress in the status bar and a
Cancel button; one online job runs at a time. A PDF dropped on a paper in
the list (or on the detail pane) is attached to it instead of imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QDesktopServices, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QPushButton, QWidget

from readinglist.core.library import Library
from readinglist.core.online.clock import Cancel
from readinglist.core.online.enrich import EnrichReport
from readinglist.core.online.scope import EnrichScope
from readinglist.core.pdfs import PdfReport
from readinglist.core.views import PaperFilter
from readinglist.gui import online_jobs
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.detail import DetailPane
from readinglist.gui.import_jobs import ImportOutcome
from readinglist.gui.paper_model import PaperModel
from readinglist.gui.preferences import enrich_after_import
from readinglist.gui.sidebar import FILTER_ROLE, Sidebar
from readinglist.gui.workers import Task, Workers

_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class OnlineController(QObject):
    enrich_finished = Signal(object)  # EnrichReport, or the exception
    pdfs_finished = Signal(object)  # PdfReport, or the exception
    attach_finished = Signal(object)  # the stored Path, or the exception

    def __init__(
        self,
        library: Library,
        workers: Workers,
        model: PaperModel,
        selection: Selection,
        sidebar: Sidebar,
        detail: DetailPane,
        status: StatusSink,
        settings: QSettings,
        actions: Mapping[str, QAction],
        window: QMainWindow,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.workers = workers
        self.model = model
        self.selection = selection
        self.sidebar = sidebar
        self.detail = detail
        self.status = status
        self.settings = settings
        self._window = window
        #: Opens the online sources for a job; tests replace it (a server on loopback).
        self.open_sources: online_jobs.SourcesFactory = online_jobs.live_sources(library)
        self._cancel: Cancel | None = None
        self.report_box: QMessageBox | None = None  # the last report shown (for tests)
        self.cancel_button = QPushButton("Cancel", window)
        self.cancel_button.setObjectName("cancelOnline")
        self.cancel_button.setToolTip("Stop going online (what was fetched is kept)")
        self.cancel_button.setFlat(True)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        window.statusBar().addPermanentWidget(self.cancel_button)
        window.installEventFilter(self)  # after the importer's filter: this one runs first
        sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        detail.pdf_requested.connect(self.open_pdf)
        connect_actions(actions, "online", self)

    @property
    def busy(self) -> bool:
        """True while an online job runs (one at a time)."""
        return self._cancel is not None

    # the way out ---------------------------------------------------------------

    def open_page(self) -> None:
        paper_id = self.selection.current_id()
        if paper_id is None:
            return
        QDesktopServices.openUrl(online_jobs.page_url(self.library.paper(paper_id)))

    def open_pdf(self) -> None:
        paper_id = self.selection.current_id()
        if paper_id is None:
            return
        paper = self.library.paper(paper_id)
        url = online_jobs.pdf_url(paper, self.library.pdfs.path(paper_id))
        if url is None:
            self.status.say(
                "No PDF for this paper: drop one on it, or use Paper › Attach PDF…", 6000
            )
            return
        QDesktopServices.openUrl(url)

    # completing papers -----------------------------------------------------------

    def enrich_selected(self) -> None:
        ids = self.selection.selected_ids()
        if ids:
            self.enrich(EnrichScope(ids=tuple(ids)))

    def enrich_digest(self) -> None:
        """The digest the list shows, else the one the current paper first came in."""
        day = self.model.filter.digest_day if self.model.search_ids is None else None
        if day is None and (paper_id := self.selection.current_id()) is not None:
            day = self.library.paper(paper_id).digest_day
        if day is None:
            self.status.say("Choose a digest in the sidebar (or a paper from one) first.", 5000)
            return
        self.enrich(EnrichScope(digests=(day,)))

    def after_import(self, outcome: ImportOutcome) -> None:
        """Complete what an import brought, if the user opted in (Preferences)."""
        if not enrich_after_import(self.settings) or self.busy:
            return
        days = sorted({d for report in outcome.reports for d in report.days})
        loose = sorted({i for r in outcome.reports if not r.days for i in r.new_ids})
        if days:
            self.enrich(EnrichScope(digests=tuple(days)))
        elif loose:
            self.enrich(EnrichScope(ids=tuple(loose)))

    def warm(self, upkeep: QThreadPool) -> None:
        """Ready the HTTP stack (:func:`online_jobs.warm_up`) on the upkeep pool's
        one thread, behind what is queued there (an index rebuild), so that it
        never competes with one; a failure is left for a real job to meet and
        report."""
        upkeep.start(Task(online_jobs.warm_up))

    def enrich(self, scope: EnrichScope) -> None:
        cancel = self._start()
        if cancel is None:
            return
        self.status.say("Completing papers online…")
        self.workers.start(
            online_jobs.enrich,
            self.library,
            scope,
            self.open_sources,
            cancel,
            on_done=self._enriched,
            on_error=self._enrich_failed,
            on_progress=self.status.work_progress,
        )

    def _enriched(self, report: EnrichReport) -> None:
        self._stop()
        self.status.say(f"Completed online: {report.summary()}", 15000)
        if report.error:
            kept = " What was found before is kept." if report.found else " Nothing was changed."
            self.status.show_error("Could not complete the papers", f"{report.error}{kept}")
        elif report.unmatched or report.notices:
            self._show_report(report)
        self.enrich_finished.emit(report)

    def _enrich_failed(self, exc: BaseException) -> None:
        self._stop()
        self.status.failed(exc)
        self.enrich_finished.emit(exc)

    def _show_report(self, report: EnrichReport) -> None:
        lines = [f"• {u.title} (id {u.id})" for u in report.unmatched]
        lines += [f"• {n}" for n in report.notices]
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Completed online",
            f"{report.summary()}.\n\nNot matched (nothing is guessed): these keep what they had.",
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("enrichReport")
        box.setDetailedText("\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.report_box = box

    # PDFs ----------------------------------------------------------------------

    def download_pdfs(self) -> None:
        ids = self.selection.selected_ids()
        if not ids:
            return
        cancel = self._start()
        if cancel is None:
            return
        self.status.say("Downloading PDFs…")
        self.workers.start(
            online_jobs.download,
            self.library,
            ids,
            self.open_sources,
            cancel,
            on_done=self._downloaded,
            on_error=self._download_failed,
            on_progress=self.status.work_progress,
        )

    def _downloaded(self, report: PdfReport) -> None:
        self._stop()
        self.status.say(report.summary(), 15000)
        problems = [f"• paper {pid}: {why}" for pid, why in report.failed]
        if report.no_source:
            problems.append(
                f"• {len(report.no_source)} paper(s) have no arXiv id: drop a PDF on them instead"
            )
        if report.error:
            problems.insert(0, report.error)
        if report.error or report.failed:
            self.status.show_error("Some PDFs were not downloaded", "\n".join(problems))
        self.pdfs_finished.emit(report)

    def _download_failed(self, exc: BaseException) -> None:
        self._stop()
        self.status.failed(exc)
        self.pdfs_finished.emit(exc)

    def attach_pdf(self) -> None:
        paper_id = self.selection.current_id()
        if paper_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Attach a PDF", str(Path.home()), "PDF files (*.pdf);;All files (*)"
        )
        if name:
            self.attach(paper_id, Path(name))

    def attach(self, paper_id: int, path: Path) -> None:
        """Copy ``path`` to the paper, on a worker (a PDF may be large)."""
        self.workers.start(
            self.library.pdfs.attach,
            paper_id,
            path,
            on_done=self._attached,
            on_error=self._attach_failed,
        )

    def _attached(self, stored: Path) -> None:
        self.status.say(f"PDF kept as {stored}", 8000)
        self.attach_finished.emit(stored)

    def _attach_failed(self, exc: BaseException) -> None:
        self.status.show_error("Could not attach the PDF", str(exc))
        self.attach_finished.emit(exc)

    # running one job at a time -----------------------------------------------------

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.status.say("Cancelling…")

    def _start(self) -> Cancel | None:
        if self._cancel is not None:
            self.status.say("Already busy online: wait for it, or cancel it.", 5000)
            return None
        self._cancel = Cancel()
        self.cancel_button.show()
        return self._cancel

    def _stop(self) -> None:
        self._cancel = None
        self.cancel_button.hide()

    # the sidebar's digest menu, and PDFs dropped on papers ---------------------------

    def digest_menu(self, point: QPoint) -> QMenu | None:
        """The sidebar's menu for the digest at ``point`` (None elsewhere)."""
        flt = self.sidebar.indexAt(point).siblingAtColumn(0).data(FILTER_ROLE)
        if not isinstance(flt, PaperFilter) or flt.digest_day is None:
            return None
        day: date = flt.digest_day
        menu = QMenu(self.sidebar)
        action = menu.addAction(f"Complete the Papers of {day:%b} {day.day} Online")
        action.triggered.connect(lambda: self.enrich(EnrichScope(digests=(day,))))
        return menu

    def _sidebar_menu(self, point: QPoint) -> None:
        menu = self.digest_menu(point)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.sidebar.viewport().mapToGlobal(point))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _DRAGS or watched is not self._window:
            return False  # every event the window gets passes here: the cheap test first
        assert isinstance(event, QDropEvent)
        path = online_jobs.dropped_pdf(event.mimeData())
        if path is None:
            return super().eventFilter(watched, event)  # a digest: the importer's
        target = self._paper_at(event.position().toPoint())
        if event.type() != QEvent.Type.DragEnter and target is None:
            event.ignore()
            return True
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop and target is not None:
            self.attach(target, path)
        return True

    def _paper_at(self, point: QPoint) -> int | None:
        """The paper under ``point`` (window coordinates): a row of the list, or the pane's."""
        view = self.selection.view
        viewport = view.viewport()
        inside = viewport.mapFrom(self._window, point)
        if viewport.rect().contains(inside):
            index = view.indexAt(inside)
            return self.model.paper_id(index.row()) if index.isValid() else None
        pane: QWidget = self.detail
        if pane.rect().contains(pane.mapFrom(self._window, point)) and self.detail.paper:
            return self.detail.paper.id
        return None
