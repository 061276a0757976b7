"""Getting digests in: files, text from a drop or the clipboard, the samples.

These run on a worker; each input is imported whole or not at all, and a
rejected input is reported by name and reason while the others still go in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QFileDialog, QWidget

from readinglist.core.errors import ReadingListError
from readinglist.core.library import Library
from readinglist.core.views import FileOutcome, ImportReport, PaperFilter, SortKey
from readinglist.resources import sample_digests

#: How many papers :attr:`ImportOutcome.first` names at most.
FIRST_LIMIT = 500
DIGEST_FILTER = "Digests and pages (*.txt *.md *.json *.xml *.atom *.bib);;All files (*)"


@dataclass(frozen=True)
class ImportOutcome:
    """What a batch of inputs did: one report per accepted input, one error per rejected."""

    reports: tuple[ImportReport, ...]
    errors: tuple[tuple[str, str], ...]  # (source, message)
    #: Where the cursor goes after the import, best first: the newest digest's
    #: papers in its own order, else the new papers (read on the worker: the
    #: query takes tens of ms on 100,000 papers).
    first: tuple[int, ...] = ()

    def summary(self) -> str:
        return "; ".join(r.summary() for r in self.reports)

    def notices(self, shown: int = 8) -> tuple[str, str]:
        """What the inputs' notices say (entries skipped, keys replaced...): a short
        text (each input's summary and its first ``shown`` notices) and the whole
        list; both empty when there are none."""
        short: list[str] = []
        whole: list[str] = []
        for report in self.reports:
            if not report.notices:
                continue
            # a report without digest days names its file already
            prefix = f"{PurePath(report.source).name}: " if report.days else ""
            heading = prefix + report.summary()
            lines = [f"• {notice}" for notice in report.notices]
            more = len(lines) - shown
            short += [heading, *lines[:shown]]
            if more > 0:
                short.append(f"… and {more} more (Show Details lists them all).")
            whole += [heading, *lines, ""]
        return "\n".join(short), "\n".join(whole).strip()

    def warnings(self) -> list[str]:
        """What came in with a warning or was skipped, by file (``page.md, line 12: …``)."""
        return [f"{PurePath(r.source).name}, {n}" for r in self.reports for n in r.notices]

    def message(self) -> str:
        """The summary, and the first warning (the status bar has one line)."""
        warnings = self.warnings()
        if not warnings:
            return self.summary()
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        return f"{self.summary()} — {warnings[0]}{more}"

    @classmethod
    def of(cls, library: Library, outcomes: Sequence[FileOutcome]) -> ImportOutcome:
        """The batch from the Library's outcomes, one per input."""
        return cls.found(
            library,
            tuple(o.report for o in outcomes if o.report is not None),
            tuple((PurePath(o.source).name, o.reason or "") for o in outcomes if o.report is None),
        )

    @classmethod
    def found(
        cls,
        library: Library,
        reports: tuple[ImportReport, ...],
        errors: tuple[tuple[str, str], ...],
    ) -> ImportOutcome:
        """The outcome, with :attr:`first` looked up (call on the worker)."""
        days = [d for r in reports for d in r.days]
        if days:
            flt = PaperFilter(digest_day=max(days))
            first = library.paper_ids(flt, SortKey.DIGEST_ORDER, limit=FIRST_LIMIT)
        else:
            first = [i for r in reports for i in r.new_ids][:FIRST_LIMIT]
        return cls(reports, errors, tuple(first))


def import_paths(
    library: Library, paths: Sequence[Path], progress: Callable[[int, int], None]
) -> ImportOutcome:
    """Import each file on its own (all of it or nothing); runs on a worker."""
    return ImportOutcome.of(library, library.import_files(paths, progress=progress))


def import_text(
    library: Library, text: str, source: str, progress: Callable[[int, int], None]
) -> ImportOutcome:
    progress(0, 1)
    outcome = FileOutcome.attempt(source, lambda: library.import_text(text, source))
    progress(1, 1)
    return ImportOutcome.of(library, [outcome])


def import_samples(library: Library, progress: Callable[[int, int], None]) -> ImportOutcome:
    """The sample digests shipped with the app (the welcome page's button)."""
    items = sample_digests()
    reports: list[ImportReport] = []
    errors: list[tuple[str, str]] = []
    for done, item in enumerate(items, start=1):
        try:
            reports.append(library.import_bytes(item.read_bytes(), item.name))
        except ReadingListError as exc:
            errors.append((item.name, str(exc)))
        progress(done, len(items))
    return ImportOutcome.found(library, tuple(reports), tuple(errors))


def dropped(mime: QMimeData) -> tuple[list[Path], str]:
    """Local files and/or plain text carried by a drop or a paste."""
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    text = "" if paths else mime.text()
    return paths, text


def can_accept(mime: QMimeData) -> bool:
    return any(u.isLocalFile() for u in mime.urls()) or bool(mime.hasText() and mime.text().strip())


def ask_files(parent: QWidget, start: str = "") -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "Import Digests", start, DIGEST_FILTER)
    return [Path(n) for n in names]
