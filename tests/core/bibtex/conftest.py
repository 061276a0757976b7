"""Fixtures for the BibTeX tests: papers with the fields digests lack."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from readinglist.core.importers.base import IncomingDigest, IncomingPaper, ParsedBatch
from readinglist.core.library import Library

AddPapers = Callable[..., list[int]]


@pytest.fixture
def add_papers(library: Library) -> AddPapers:
    """Import ``IncomingPaper``s as one digest (default day 2026-03-13); returns their ids."""

    def add(
        *papers: IncomingPaper, day: date = date(2026, 3, 13), kind: str = "hf-json"
    ) -> list[int]:
        batch = ParsedBatch(source="test", kind=kind, digests=(IncomingDigest(day, papers),))
        report = library.import_batch(batch)
        assert report.papers == len(papers)
        ids = library.paper_ids()
        by_title = {library.paper(i).title: i for i in ids}
        return [by_title[p.title] for p in papers]

    return add
