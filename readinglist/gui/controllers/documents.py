"""Watching the documents that linked .bib files follow, while the window is open.

A file auto-exported for a document (``autoexport add --aux main.aux``)
must change when the document's citations do, and LaTeX rewrites the
``.aux`` on every run. A ``QFileSystemWatcher`` watches each document's
files (the ``.aux`` and the chapters it names, or the ``.tex`` sources) and
their folders, because an editor or ``latexmk`` may replace a file rather
than rewrite it, and the watcher forgets a replaced file. A burst of changes
(one LaTeX run touches many files) is gathered for a moment, then the
document links are brought up to date on a worker; the library only writes
a file whose bytes change, so most of these rounds write nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from readinglist.core.bibtex.autoexport import AutoExportLink
from readinglist.core.library import Library
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.workers import Workers

#: How long a burst of file changes is gathered before the links are refreshed.
SETTLE_MS = 400

Refreshed = list[tuple[AutoExportLink, bool]]


class DocumentWatcher(QObject):
    """Keeps document-linked files in step with their documents."""

    refreshed = Signal(object)  # the links and whether each file was written (for tests)

    def __init__(
        self, library: Library, workers: Workers, status: StatusSink, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.status = status
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._refresh)
        self._running = False
        self._again = False
        self.watch()

    def watch(self) -> None:
        """Watch the files of every document link now (after a link was added, say)."""
        try:
            files = {f for paths in self.library.bibtex.document_files().values() for f in paths}
        except Exception as exc:  # the library is busy or failing: try at the next change
            self.status.say(f"Cannot read the linked documents: {exc}", 8000)
            return
        wanted = {str(f) for f in files if f.exists()} | {str(f.parent) for f in files}
        current = set(self.watcher.files()) | set(self.watcher.directories())
        if current - wanted:
            self.watcher.removePaths(sorted(current - wanted))
        if wanted - current:
            self.watcher.addPaths(sorted(wanted - current))

    def watched(self) -> set[Path]:
        return {Path(p) for p in [*self.watcher.files(), *self.watcher.directories()]}

    def _changed(self, _path: str) -> None:
        self._settle.start()

    def _refresh(self) -> None:
        if self._running:  # one round at a time; another follows this one
            self._again = True
            return
        self._running = True
        self.workers.start(
            partial(self.library.bibtex.sync_autoexports, documents_only=True),
            on_done=self._done,
            on_error=self._failed,
            quiet=True,
        )

    def _done(self, done: Refreshed) -> None:
        self._finish()
        written = [link.path.name for link, wrote in done if wrote]
        if written:
            self.status.say(f"Updated {', '.join(written)}: the document's citations changed", 6000)
        for link, _ in done:
            if link.error:
                self.status.say(f"Cannot update {link.path.name}: {link.error}", 10000)
        self.refreshed.emit(done)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.status.say(f"Cannot update the linked files: {exc}", 10000)

    def _finish(self) -> None:
        self._running = False
        self.watch()
        if self._again:
            self._again = False
            self._settle.start()
