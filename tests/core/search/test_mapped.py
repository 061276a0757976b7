"""Index files are read in place from their memory map, with BytesIO's semantics."""

from __future__ import annotations

import io
import os

import pytest
from whoosh.filedb.structfile import BufferFile

from readinglist.core.search import mapped

DATA = b"first line\nsecond line\n\x00\x01\x02 binary tail"


@pytest.fixture(autouse=True)
def _installed() -> None:
    mapped.install()


def test_reader_matches_bytesio_move_for_move() -> None:
    ours, ref = mapped.ViewReader(memoryview(DATA)), io.BytesIO(DATA)
    moves: list[tuple[str, tuple[int, ...]]] = [
        ("read", (5,)),
        ("tell", ()),
        ("readline", ()),
        ("seek", (3, os.SEEK_CUR)),
        ("read", (4,)),
        ("seek", (-6, os.SEEK_END)),
        ("read", (100,)),
        ("read", ()),
        ("seek", (0,)),
        ("readline", (4,)),
        ("read", (-1,)),
    ]
    for name, args in moves:
        assert getattr(ours, name)(*args) == getattr(ref, name)(*args), (name, args)
    ours.seek(0)
    assert list(ours) == list(io.BytesIO(DATA))


def test_buffer_files_share_the_buffer_instead_of_copying_it() -> None:
    source = bytearray(DATA)
    f = BufferFile(memoryview(source), name="x")
    assert isinstance(f.file, mapped.ViewReader)
    source[0:5] = b"FIRST"  # visible through the view: nothing was copied
    assert f.read(5) == b"FIRST"
    sub = f.subset(6, 4)
    assert sub.read() == b"line"
    assert f.get(0, 5) == b"FIRST"
