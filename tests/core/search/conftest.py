"""Search fixtures: the sample library plus a few papers with authors and accents."""

from __future__ import annotations

from datetime import date

import pytest

from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from readinglist.core.library import Library


def add_papers(library: Library, *papers: IncomingPaper) -> list[int]:
    report = library.import_batch(ParsedBatch(source="test", kind="manual", papers=papers))
    return list(report.new_ids)


@pytest.fixture
def extra(loaded: Library) -> dict[str, int]:
    """Three hand-made papers on top of the samples, by name."""
    ids = add_papers(
        loaded,
        IncomingPaper(
            title="Neuronale maschinelle Übersetzung für Dokumente",
            abstract="Wir untersuchen die Übersetzung langer Dokumente mit Transformern.",
            authors=("Jürgen Müller", "Ana García"),
            published=date(2021, 6, 1),
        ),
        IncomingPaper(
            title="Zebra stripes as camouflage against flies",
            abstract="We measure how zebras repel horseflies in the savanna.",
            authors=("Yann Okapi",),
            published=date(2023, 2, 1),
        ),
        IncomingPaper(
            title="Okapi ranking revisited",
            abstract="A study of okapi weighting functions for retrieval.",
            authors=("Ada Zebra",),
            published=date(2019, 3, 1),
        ),
    )
    return {"ubersetzung": ids[0], "zebra": ids[1], "okapi": ids[2]}
