"""Library parts made on first use (core/parts.py): once each, and as if made at open."""

from __future__ import annotations

import threading
from pathlib import Path

from bibtexparser.entrypoint import parse_string

from readinglist.core.bibtex import ExportScope
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.parts import Part
from tests.conftest import TODAY


class Owner:
    def __init__(self) -> None:
        self.made = 0

    def _make(self) -> list[int]:
        self.made += 1
        return [self.made]

    part = Part(_make)


def test_a_part_is_made_on_first_use_once_per_owner() -> None:
    first, second = Owner(), Owner()
    assert (first.made, second.made) == (0, 0)
    assert first.part is first.part
    assert (first.made, second.made) == (1, 0)
    assert second.part is not first.part
    assert isinstance(Owner.part, Part)


def test_threads_asking_together_get_one_part() -> None:
    owner = Owner()
    start = threading.Barrier(8)
    seen: list[list[int]] = []

    def ask() -> None:
        start.wait()
        seen.append(owner.part)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert owner.made == 1
    assert all(part is seen[0] for part in seen)


def test_the_first_change_after_open_reaches_the_auto_export(
    loaded: Library, tmp_path: Path
) -> None:
    """The BibTeX part, and its auto-exporter, is made by the first change, not at
    open: a change made in another run still rewrites the linked file."""
    target = tmp_path / "thesis.bib"
    ids = loaded.paper_ids()
    loaded.tags.add(ids[:1], ["thesis"])
    loaded.bibtex.add_autoexport(target, ExportScope("tag", "thesis"))
    root = loaded.paths.root
    loaded.close()
    with open_library(root, today=lambda: TODAY) as again:
        assert "bibtex" not in vars(again)
        again.tags.add(ids[1:3], ["thesis"])
        assert "bibtex" in vars(again)
        written = [e.key for e in parse_string(target.read_text("utf-8")).entries]
        assert sorted(written) == sorted(again.bibtex.keys(ids[:3]))
