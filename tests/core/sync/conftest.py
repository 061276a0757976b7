"""Fixtures of the sync tests: libraries on real SQLite files sharing a folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from readinglist.core.library import Library
from tests.conftest import TODAY

Devices = Callable[[str], Library]


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[Devices]:
    """``devices("a")``: a new library (without its search index, for speed) in ``tmp_path``."""
    opened: list[Library] = []

    def make(name: str) -> Library:
        library = Library.open(tmp_path / name, today=lambda: TODAY, backup=False)
        opened.append(library)
        return library

    yield make
    for library in opened:
        library.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sync folder the devices share (as if a sync service kept it identical)."""
    path = tmp_path / "Sync"
    path.mkdir()
    return path
