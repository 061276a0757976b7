"""What the window's online actions run on a worker, and where they go out.

The jobs take everything they need (the library, the scope, the function
that opens the sources, the cancel switch) so a test can hand them sources
on a server on loopback with a clock that does not wait; the window uses
:func:`live_sources`. The addresses a paper opens at are built here too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QUrl, QUrlQuery

from readinglist.core.library import Library
from readinglist.core.online.clock import Cancel
from readinglist.core.online.enrich import EnrichReport
from readinglist.core.online.scope import EnrichScope
from readinglist.core.pdfs import PdfReport

if TYPE_CHECKING:  # httpx is imported when a job first goes online, not when the window opens
    from readinglist.core.models import Paper
    from readinglist.core.online.session import OnlineSources

SourcesFactory = Callable[[Cancel], AbstractContextManager["OnlineSources"]]
Progress = Callable[[int, int], None]


def live_sources(library: Library) -> SourcesFactory:
    """Sources at the addresses the settings and the environment give, on the real clock."""

    def open_(cancel: Cancel) -> AbstractContextManager[OnlineSources]:
        import os

        from readinglist.core.db import utcnow
        from readinglist.core.online.config import load_config
        from readinglist.core.online.session import open_sources

        config = load_config(library.settings.get, os.environ)
        return open_sources(config, library.paths.cache, today=utcnow().date(), cancel=cancel)

    return open_


def warm_up() -> None:
    """What a first job's worker would import and read before its first request
    (:func:`readinglist.core.online.client.warm_up`), done ahead of it."""
    from readinglist.core.online.client import warm_up as build_and_close

    build_and_close()


def enrich(
    library: Library,
    scope: EnrichScope,
    sources: SourcesFactory,
    cancel: Cancel,
    progress: Progress,
) -> EnrichReport:
    with sources(cancel) as opened:
        return library.enrichment.run(scope, opened, progress=progress)


def download(
    library: Library,
    ids: Sequence[int],
    sources: SourcesFactory,
    cancel: Cancel,
    progress: Progress,
) -> PdfReport:
    with sources(cancel) as opened:
        return library.pdfs.download(ids, opened.arxiv, cancel, progress=progress)


def page_url(paper: Paper) -> QUrl:
    """Where ``o`` goes: the arXiv abstract page, else the paper's Hugging Face page
    or its own address, else a Hugging Face search for its title."""
    if paper.arxiv_id:
        return QUrl(f"https://arxiv.org/abs/{paper.arxiv_id}")
    if paper.url:
        return QUrl(paper.url)
    url = QUrl("https://huggingface.co/papers")
    query = QUrlQuery()
    query.addQueryItem("q", paper.title)
    url.setQuery(query)
    return url


def pdf_url(paper: Paper, kept: Path | None) -> QUrl | None:
    """Where ``Shift+O`` goes: the PDF kept in the library, else arXiv's, else nowhere."""
    if kept is not None:
        return QUrl.fromLocalFile(str(kept))
    if paper.arxiv_id:
        return QUrl(f"https://arxiv.org/pdf/{paper.arxiv_id}")
    return None


def dropped_pdf(mime: QMimeData) -> Path | None:
    """The one local PDF file a drag carries (judged by its name), else None."""
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() == ".pdf" else None
