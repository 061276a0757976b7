"""The fast Whoosh paths run only on the release they were verified on; any
other release falls back to Whoosh's own paths and the user is told why."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import whoosh

from readinglist.core.factory import open_library
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.search.index import SearchIndex
from readinglist.core.search.whoosh_ext import VERIFIED_RELEASE, installed_release, select
from tests.conftest import TODAY
from tests.core.search.conftest import add_papers

UNVERIFIED = "2.7.6"
FAST_MODULES = [
    f"readinglist.core.search.whoosh_ext.{name}"
    for name in ("fastpath", "lexicon", "mapped", "refresh", "scoring", "writer")
]


def test_the_verified_release_is_installed_and_gets_the_fast_paths() -> None:
    assert installed_release() == VERIFIED_RELEASE
    engine = select()
    assert engine.paths == "fast" and engine.warning is None
    assert engine.collector is not None
    assert type(engine.lexicon).__module__.endswith("whoosh_ext.lexicon")


@pytest.mark.parametrize("release", [UNVERIFIED, "2.7.4", "3.0.0", "2.7.5.1", ""])
def test_any_other_release_gets_whoosh_own_paths_with_a_warning(release: str) -> None:
    engine = select(release=release)
    assert engine.paths == "whoosh"
    assert engine.collector is None
    assert engine.warning is not None
    assert f"Whoosh {release} is installed" in engine.warning
    assert f"needs whoosh-reloaded {VERIFIED_RELEASE}" in engine.warning


def test_whoosh_own_paths_can_be_chosen_without_a_warning() -> None:
    engine = select("whoosh")
    assert engine.paths == "whoosh" and engine.warning is None and engine.collector is None


def test_an_unverified_release_reaches_the_user_through_the_library_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whoosh, "versionstring", lambda *a, **k: UNVERIFIED)
    with open_library(tmp_path / "lib", today=lambda: TODAY) as library:
        index = library.index
        assert isinstance(index, SearchIndex)
        assert index.engine.paths == "whoosh"
        assert len(library.warnings) == 1
        assert "Search is slower than usual, with the same results" in library.warnings[0]
        assert UNVERIFIED in library.warnings[0]


def test_the_verified_release_and_a_chosen_whoosh_path_say_nothing(tmp_path: Path) -> None:
    with open_library(tmp_path / "a", today=lambda: TODAY) as fast:
        assert fast.warnings == []
    with open_library(tmp_path / "b", today=lambda: TODAY, search_paths="whoosh") as own:
        assert own.warnings == []
        assert isinstance(own.index, SearchIndex) and own.index.engine.paths == "whoosh"


def test_the_fast_modules_are_not_imported_for_whoosh_own_paths(tmp_path: Path) -> None:
    """A release that renamed what they use cannot break the app: they are
    imported only once chosen (checked in a fresh interpreter)."""
    import subprocess

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from readinglist.core.factory import open_library\n"
        "from tests.core.search.conftest import add_papers\n"
        "from readinglist.core.importers.base import IncomingPaper\n"
        "with open_library(Path(sys.argv[1]), search_paths='whoosh') as lib:\n"
        "    add_papers(lib, IncomingPaper(title='Zebra', abstract='Zebras repel flies.'))\n"
        "    assert lib.search('zebra -flies').total == 0\n"
        "    assert lib.search('zebra').total == 1\n"
        f"print(sorted(m for m in {FAST_MODULES!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib")],
        cwd=Path(__file__).parents[4],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_opening_an_index_changes_nothing_in_whoosh(tmp_path: Path) -> None:
    """Nothing is patched: the fast index's pieces are objects of its own, and
    every method of the Whoosh classes it builds on is still Whoosh's."""
    from whoosh.filedb.structfile import BufferFile
    from whoosh.matching import AndNotMatcher
    from whoosh.searching import Searcher
    from whoosh.writing import PostingPool, SegmentWriter

    with open_library(tmp_path / "lib", today=lambda: TODAY) as library:
        add_papers(library, IncomingPaper(title="Zebra stripes", abstract="Zebras repel flies."))
        assert library.search("zebra -flies").total == 0
        for cls in (BufferFile, AndNotMatcher, Searcher, SegmentWriter, PostingPool):
            for name, member in vars(cls).items():
                if callable(member):
                    assert member.__module__.startswith("whoosh."), (cls, name)
