"""The search index folder in a bad state: a clear message, and the library
still usable for everything that does not search.

Real files, links, processes and a real full disk (a size-limited tmpfs).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from readinglist.core.errors import SearchError
from readinglist.core.factory import open_library
from tests.conftest import TODAY
from tests.helpers import closed_library
from tests.support.digests import digest_text
from tests.support.mounts import fill, tmpfs
from tests.support.processes import run_cli


def _a_file(index: Path) -> None:
    index.write_text("not a folder\n")


def _a_link_loop(index: Path) -> None:
    index.symlink_to(index.name)


def _a_dangling_link(index: Path) -> None:
    index.symlink_to(index.parent / "gone")


IN_ITS_PLACE: dict[str, Callable[[Path], None]] = {
    "file": _a_file,
    "link-loop": _a_link_loop,
    "dangling-link": _a_dangling_link,
}


@pytest.mark.parametrize("put", IN_ITS_PLACE.values(), ids=IN_ITS_PLACE.keys())
def test_something_else_where_the_index_folder_should_be(
    tmp_path: Path, sample_paths: list[Path], put: Callable[[Path], None]
) -> None:
    root = closed_library(tmp_path / "lib", sample_paths[0])
    index = root / "index"
    for path in sorted(index.iterdir()):
        path.unlink()
    index.rmdir()
    put(index)

    listed = run_cli(root, "list", "--limit", "1")
    assert listed.returncode == 0 and listed.stdout
    noted = run_cli(root, "note", "1", "--set", "zyzzyva, written meanwhile")
    assert noted.returncode == 0 and str(index) in noted.stderr  # saved, and told why
    for command in (["search", "model"], ["reindex"]):
        done = run_cli(root, *command)
        assert done.returncode == 1 and "Traceback" not in done.stderr, command
        assert f"needs the folder {index}" in done.stderr and "Move it away" in done.stderr
    checked = run_cli(root, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert f"needs the folder {index}" in checked.stdout

    index.unlink()  # what the message asks
    found = run_cli(root, "search", "zyzzyva")
    assert found.returncode == 0 and "1 of 1 matching papers" in found.stderr
    assert run_cli(root, "check").returncode == 0


def test_the_library_api_says_the_same(tmp_path: Path, sample_paths: list[Path]) -> None:
    root = closed_library(tmp_path / "lib", sample_paths[0])
    index = root / "index"
    for path in sorted(index.iterdir()):
        path.unlink()
    index.rmdir()
    _a_link_loop(index)
    with open_library(root, today=lambda: TODAY) as library:
        assert any("needs the folder" in w for w in library.warnings)
        library.set_note(1, "kept")
        with pytest.raises(SearchError, match="needs the folder"):
            library.search("model")
        with pytest.raises(SearchError, match="needs the folder"):
            library.reindex()
        assert library.paper(1).note == "kept"
        report = library.check()
        assert not report.ok and len(report.problems) == 1


# a disk that really fills up -----------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "4m") as where:
        yield where


def test_reindex_on_a_full_disk_says_so_and_keeps_the_index(small_disk: Path) -> None:
    root = small_disk / "lib"
    with open_library(root, today=lambda: TODAY) as library:
        library.import_text(digest_text(300), "first.txt")
    filler = fill(small_disk)
    os.truncate(filler, filler.stat().st_size - 300 * 1024)  # room for the database only
    before = sorted(p.name for p in (root / "index").iterdir())

    done = run_cli(root, "reindex")

    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "could not be rebuilt: the disk is full" in done.stderr
    assert sorted(p.name for p in (root / "index").iterdir()) == before  # no leftovers
    searched = run_cli(root, "search", "model")  # the old index still answers
    assert searched.returncode == 0 and "matching papers" in searched.stderr
    filler.unlink()
    assert run_cli(root, "reindex").returncode == 0
    assert run_cli(root, "check").returncode == 0
