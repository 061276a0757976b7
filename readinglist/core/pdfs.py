"""``library.pdfs``: the papers' PDFs, kept in the library's ``pdfs/`` folder.

A PDF comes in two ways: downloaded from arXiv (the paper's arXiv id says
where) or attached by the user from a local file (copied, never moved).
Either way it is checked first (it starts with ``%PDF-``, ends with
``%%EOF``, is not empty and not over :data:`MAX_PDF`: an HTML error page or
a cut-off download is refused), written atomically under a name made from
the paper's id and title (never from anything inside a file), and recorded
in ``paper.pdf_file``. A paper moved to the bin keeps its PDF, so restoring
it brings the PDF back. Backups copy the database only; the ``backup``
command says so when there are PDFs. ``check`` compares the folder with
the records (:meth:`Pdfs.check`).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

from sqlalchemy import select, update

from readinglist.core.atomic import LEFTOVER_AGE, PART_SUFFIX, atomic_write_bytes
from readinglist.core.chunks import chunks
from readinglist.core.db import utcnow
from readinglist.core.errors import NotFoundError, OnlineError, PdfError
from readinglist.core.store import Store, require
from readinglist.core.tables import PAPER
from readinglist.core.text import fold_ascii
from readinglist.core.views import ChangeSet

if TYPE_CHECKING:  # the check (and the BibTeX code it loads) only when it runs
    from readinglist.core.check import CheckReport

#: The largest PDF kept (arXiv's own limit on a whole submission is 50 MB).
MAX_PDF = 100 * 1024 * 1024
_HEAD = b"%PDF-"
_TAIL = b"%%EOF"
#: The PDF specification allows a little junk before the header and after the end marker.
_SLACK = 1024
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

Progress = Callable[[int, int], None]


class PdfSource(Protocol):
    """Where downloads come from (:class:`readinglist.core.online.arxiv.Arxiv`)."""

    def pdf(self, arxiv_id: str) -> bytes | None: ...


class CancelSwitch(Protocol):
    def check(self) -> None: ...


def verify(data: bytes, what: str) -> None:
    """Refuse what is not a whole PDF, naming ``what`` (a file, or "arXiv's answer")."""
    if not data:
        raise PdfError(f"{what} is empty.")
    if len(data) > MAX_PDF:
        raise PdfError(f"{what} is larger than {MAX_PDF // 1_048_576} MB.")
    if _HEAD not in data[:_SLACK]:
        raise PdfError(f"{what} is not a PDF (a PDF starts with %PDF-).")
    if _TAIL not in data[-_SLACK:]:
        raise PdfError(f"{what} is not a whole PDF (it does not end with %%EOF: cut off?).")


def file_name(paper_id: int, title: str) -> str:
    """``12-knowledge-solver-teaching-llms.pdf``: the id (unique) and a readable start."""
    slug = _NOT_SLUG.sub("-", fold_ascii(title).lower()).strip("-")[:48].rstrip("-")
    return f"{paper_id}-{slug}.pdf" if slug else f"{paper_id}.pdf"


def _plain_name(name: str | None) -> TypeGuard[str]:
    """A recorded name is used only if it is a bare file name in ``pdfs/``."""
    return bool(name) and name == Path(str(name)).name and name not in (".", "..")


@dataclass(frozen=True)
class PdfReport:
    """What a download did: each paper is one of these."""

    downloaded: tuple[int, ...] = ()
    already: tuple[int, ...] = ()
    #: Papers with no arXiv id (nowhere to download from): attach one instead.
    no_source: tuple[int, ...] = ()
    #: (paper id, why) for PDFs that could not be had (none on arXiv, not a PDF...).
    failed: tuple[tuple[int, str], ...] = ()
    cancelled: bool = False
    error: str | None = None

    def summary(self) -> str:
        parts = [f"{len(self.downloaded)} downloaded"]
        if self.already:
            parts.append(f"{len(self.already)} already there")
        if self.no_source:
            parts.append(f"{len(self.no_source)} without an arXiv id")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        text = "PDFs: " + ", ".join(parts)
        if self.cancelled:
            text += "; cancelled (the PDFs downloaded are kept)"
        elif self.error:
            text += "; stopped early (the PDFs downloaded are kept)"
        return text


@dataclass
class _Tally:
    downloaded: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    no_source: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


class Pdfs:
    """The Library's part for PDFs (``library.pdfs``)."""

    def __init__(self, store: Store, folder: Path) -> None:
        self._store = store
        self.folder = folder

    def path(self, paper_id: int) -> Path | None:
        """The paper's PDF file, if it has one that is there."""
        with self._store.db.read() as conn:
            require(conn, [paper_id])
            name = conn.execute(select(PAPER.c.pdf_file).where(PAPER.c.id == paper_id)).scalar()
        if not _plain_name(name):
            return None
        found = self.folder / name
        return found if found.is_file() else None

    def attach(self, paper_id: int, source: Path) -> Path:
        """Copy the PDF at ``source`` to the paper (replacing any it had)."""
        try:
            if source.stat().st_size > MAX_PDF:
                raise PdfError(f"{source} is larger than {MAX_PDF // 1_048_576} MB.")
            data = source.read_bytes()
        except FileNotFoundError as exc:
            raise NotFoundError(f"There is no file {source}.") from exc
        except IsADirectoryError as exc:
            raise PdfError(f"{source} is a folder, not a PDF.") from exc
        except OSError as exc:
            raise PdfError(f"Cannot read {source} ({exc.strerror}).") from exc
        return self.keep(paper_id, data, str(source))

    def keep(self, paper_id: int, data: bytes, what: str) -> Path:
        """Store ``data`` as the paper's PDF, after :func:`verify`; returns the file."""
        verify(data, what)
        with self._store.db.read() as conn:
            require(conn, [paper_id])
            row = conn.execute(
                select(PAPER.c.title, PAPER.c.pdf_file).where(PAPER.c.id == paper_id)
            ).one()
        name, old = file_name(paper_id, row.title), row.pdf_file
        target = self.folder / name
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PdfError(f"Cannot create the folder {self.folder} ({exc.strerror}).") from exc
        atomic_write_bytes(target, data, PdfError)
        try:
            with self._store.write() as conn:
                stmt = update(PAPER).where(PAPER.c.id == paper_id)
                conn.execute(stmt.values(pdf_file=name, updated_at=utcnow()))
        except BaseException:
            if old != name:
                with contextlib.suppress(OSError):
                    target.unlink()
            raise
        if old and old != name and _plain_name(old):
            with contextlib.suppress(OSError):
                (self.folder / old).unlink()
        self._store.changed(ChangeSet(frozenset([paper_id])))
        return target

    def download(
        self,
        ids: Sequence[int],
        source: PdfSource,
        cancel: CancelSwitch,
        *,
        progress: Progress | None = None,
    ) -> PdfReport:
        """Download the PDF of each paper that has an arXiv id and no PDF yet.

        A paper whose PDF cannot be had is reported and the next one tried;
        being offline, or a source that keeps failing, ends the run (what
        was downloaded stays). ``cancel`` is checked between papers.
        """
        from readinglist.core.online.clock import Cancelled  # the online package only now

        wanted = sorted(set(ids))
        with self._store.db.read() as conn:
            require(conn, wanted)
            rows: list[Any] = []
            for chunk in chunks(wanted):
                stmt = select(PAPER.c.id, PAPER.c.arxiv_id, PAPER.c.pdf_file)
                rows.extend(conn.execute(stmt.where(PAPER.c.id.in_(chunk))).all())
        tally = _Tally()
        todo: list[tuple[int, str]] = []
        for pid, arxiv_id, name in sorted(rows):
            if _plain_name(name) and (self.folder / name).is_file():
                tally.already.append(pid)
            elif not arxiv_id:
                tally.no_source.append(pid)
            else:
                todo.append((pid, arxiv_id))
        cancelled, error = False, None
        try:
            for done, (pid, arxiv_id) in enumerate(todo):
                if progress is not None:
                    progress(done, len(todo))
                cancel.check()
                self._download_one(pid, arxiv_id, source, tally)
            if progress is not None:
                progress(len(todo), len(todo))
        except Cancelled:
            cancelled = True
        except OnlineError as exc:
            error = str(exc)
        return PdfReport(
            tuple(tally.downloaded),
            tuple(tally.already),
            tuple(tally.no_source),
            tuple(tally.failed),
            cancelled,
            error,
        )

    def _download_one(self, pid: int, arxiv_id: str, source: PdfSource, tally: _Tally) -> None:
        data = source.pdf(arxiv_id)
        if data is None:
            tally.failed.append((pid, f"arXiv has no PDF of {arxiv_id}"))
            return
        try:
            self.keep(pid, data, f"arXiv's answer for {arxiv_id}")
        except PdfError as exc:
            tally.failed.append((pid, str(exc)))
            return
        tally.downloaded.append(pid)

    def usage(self) -> tuple[int, int]:
        """How many PDFs the papers have, and their bytes (for the backup's note)."""
        count = size = 0
        for name in self._recorded().values():
            with contextlib.suppress(OSError):
                size += (self.folder / name).stat().st_size
                count += 1
        return count, size

    def _recorded(self) -> dict[int, str]:
        with self._store.db.read() as conn:
            stmt = select(PAPER.c.id, PAPER.c.pdf_file).where(PAPER.c.pdf_file.is_not(None))
            return {pid: name for pid, name in conn.execute(stmt)}

    # the integrity check -------------------------------------------------------

    def check(self, report: CheckReport, repair: bool) -> None:
        """``check``: every recorded PDF is there and is a PDF; strays are noted, not touched."""
        recorded = self._recorded()
        if not recorded and not self.folder.is_dir():
            return
        report.checked.append(f"PDFs ({len(recorded)})")
        gone = [pid for pid, name in recorded.items() if not self._present(name)]
        if gone:
            if repair:
                with self._store.write() as conn:
                    for chunk in chunks(sorted(gone)):
                        stmt = update(PAPER).where(PAPER.c.id.in_(chunk))
                        conn.execute(stmt.values(pdf_file=None))
                self._store.changed(ChangeSet(frozenset(gone)))
                report.repaired.append(f"forgot {len(gone)} PDF(s) whose file is gone")
            else:
                report.problems.append(f"{len(gone)} paper(s) have a PDF whose file is gone")
        for pid, name in sorted(recorded.items()):
            if pid not in gone and not self._looks_like_pdf(self.folder / name):
                report.problems.append(
                    f"the PDF of paper {pid} ({self.folder / name}) is not a PDF"
                )
        self._strays(set(recorded.values()), report, repair)

    def _present(self, name: str) -> bool:
        return _plain_name(name) and (self.folder / name).is_file()

    @staticmethod
    def _looks_like_pdf(path: Path) -> bool:
        try:
            with path.open("rb") as fh:
                return _HEAD in fh.read(_SLACK)
        except OSError:
            return False

    def _strays(self, names: set[str], report: CheckReport, repair: bool) -> None:
        try:
            files = [p for p in self.folder.iterdir() if p.is_file()]
        except OSError:
            return
        now = time.time()
        leftovers = [p for p in files if p.name.endswith(PART_SUFFIX)]
        old = []
        for path in leftovers:
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > LEFTOVER_AGE:
                    old.append(path)
        if old and repair:
            for path in old:
                with contextlib.suppress(OSError):
                    path.unlink()
            report.repaired.append(f"removed {len(old)} unfinished PDF download(s)")
        strays = [p for p in files if p.name not in names and p not in leftovers]
        if strays:
            report.notes.append(
                f"{len(strays)} file(s) in {self.folder} belong to no paper (left as they are)"
            )
