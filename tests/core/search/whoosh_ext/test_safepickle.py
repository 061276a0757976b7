"""A crafted file in index/ is refused as data, never run (whoosh_ext/safepickle.py).

The files are real Whoosh files with the payload a crafted one would carry:
a pickle that, when loaded, creates a marker file. The app reads the index
in its own process (the command line), must not create the marker, must say
that the index held a file it did not write, and must answer from a rebuilt
index.
"""

from __future__ import annotations

import io
import pickle
import struct
from pathlib import Path
from typing import Any

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from readinglist.core.factory import open_library
from readinglist.core.search.schema import build_schema
from readinglist.core.search.whoosh_ext import safepickle
from tests.conftest import TODAY
from tests.helpers import closed_library
from tests.support.processes import run_cli


class _Payload:
    """Unpickled, it opens (creates) the marker file: code of the file's choosing runs."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def _latest_toc(index: Path) -> tuple[int, Path]:
    found = sorted((int(p.stem.split("_")[-1]), p) for p in index.glob("_MAIN_*.toc"))
    return found[-1]


def _craft_toc(index: Path, marker: Path) -> Path:
    """A table of contents of the next generation whose segment list is the payload."""
    generation, _ = _latest_toc(index)
    toc = TOC(build_schema(), [_Payload(marker)], generation + 1)
    toc.write(FileStorage(str(index)), "MAIN")
    return index / f"_MAIN_{generation + 1}.toc"


def _craft_segment_directory(index: Path, marker: Path) -> Path:
    """A compound segment file whose directory (read first) is the payload."""
    segment = next(index.glob("*.seg"))
    payload = pickle.dumps(_Payload(marker))
    # the directory's offset (long) and length (int), then the directory itself
    segment.write_bytes(struct.pack("!qi", 12, len(payload)) + payload + payload)
    return segment


@pytest.fixture
def library_root(tmp_path: Path, sample_paths: list[Path]) -> Path:
    return closed_library(tmp_path / "lib", sample_paths[0])


@pytest.mark.parametrize("craft", [_craft_toc, _craft_segment_directory])
def test_a_crafted_index_file_is_not_run_and_the_user_is_told(
    library_root: Path, tmp_path: Path, craft: Any
) -> None:
    marker = tmp_path / "ran.txt"
    with open_library(library_root, today=lambda: TODAY) as library:
        expected = library.search("model", limit=100).total
    crafted = craft(library_root / "index", marker)
    assert crafted.exists() and not marker.exists()

    done = run_cli(library_root, "search", "model", "--limit", "100")

    assert not marker.exists(), "the crafted file's code ran"
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "not one readinglist wrote" in done.stderr and "rebuilt" in done.stderr
    assert f"of {expected} matching papers" in done.stderr
    assert not crafted.exists() or crafted.read_bytes() != b""  # replaced by the rebuild
    again = run_cli(library_root, "search", "model")
    assert again.returncode == 0 and "not one readinglist wrote" not in again.stderr


def test_a_crafted_index_file_in_process_both_code_paths(
    library_root: Path, tmp_path: Path
) -> None:
    for paths in ("fast", "whoosh"):
        marker = tmp_path / f"ran-{paths}.txt"
        _craft_toc(library_root / "index", marker)
        with open_library(library_root, today=lambda: TODAY, search_paths=paths) as library:
            assert library.search("model").total > 0
            assert any("not one readinglist wrote" in w for w in library.warnings)
        assert not marker.exists()


def test_posting_blocks_are_unpickled_through_the_restricted_loader(tmp_path: Path) -> None:
    """Whoosh reads posting blocks and inlined postings with the ``loads`` of
    its codec module: after install it refuses anything but data."""
    from whoosh.codec import whoosh3
    from whoosh.filedb import structfile

    safepickle.install()
    marker = tmp_path / "ran.txt"
    with pytest.raises(safepickle.UnsafeIndexData, match=r"asked for io\.open"):
        whoosh3.loads(pickle.dumps(_Payload(marker)))
    with pytest.raises(safepickle.UnsafeIndexData):
        structfile.load_pickle(io.BytesIO(pickle.dumps(_Payload(marker))))
    assert not marker.exists()
    block = (3, 17, 2.5, 0, 4, 9)
    assert whoosh3.loads(pickle.dumps(block, 2)) == block
    assert whoosh3.loads(pickle.dumps((b"\x00\xff" * 3, [1, 2]), 2)) == (b"\x00\xff" * 3, [1, 2])


def test_protocol_two_bytes_only_as_latin_1() -> None:
    sneaky = b"\x80\x02c_codecs\nencode\nX\x03\x00\x00\x00abcX\x06\x00\x00\x00base64\x86R."
    with pytest.raises(safepickle.UnsafeIndexData, match="base64"):
        safepickle.loads(sneaky)
    plain = b"\x80\x02c_codecs\nencode\nX\x03\x00\x00\x00abcX\x06\x00\x00\x00latin1\x86R."
    assert safepickle.loads(plain) == b"abc"
