"""Fixtures shared by the whole suite: real libraries in temporary folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.resources import sample_digests

#: The day the sample digests are imported "on": every digest day falls in 2026.
TODAY = date(2026, 11, 21)


@pytest.fixture
def sample_paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The five sample digests as real files (named as in the product's samples)."""
    folder = tmp_path_factory.mktemp("digests")
    out = []
    for item in sample_digests():
        target = folder / item.name
        target.write_bytes(item.read_bytes())
        out.append(target)
    return out


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library with its search index, on a real SQLite file."""
    with open_library(tmp_path / "lib", today=lambda: TODAY) as lib:
        yield lib


@pytest.fixture
def loaded(library: Library, sample_paths: list[Path]) -> Library:
    """The library with the five sample digests imported."""
    for path in sample_paths:
        library.import_file(path)
    return library
