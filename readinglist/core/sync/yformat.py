"""The two parts of a Yrs update that sync reads itself: state vectors and delete sets.

Why read them at all: yrs 0.28 (pycrdt 0.14) keeps an update whose
dependencies have not arrived waiting invisibly, and loses it for good when
another out-of-order update arrives before them. Files in a synced folder
arrive in any order, so the reader counts a file as applied only once the
document *contains* it — every struct known, and every deletion it names
already deleted — and applies the others again on the next pass (applying is
idempotent). pycrdt answers the first half (``get_update(update, state)``
drops what a state already holds, and keeps the whole delete set); the delete
set itself is read here. The encoding is Yjs's v1 update format (lib0
variable-length unsigned integers), unchanged since Yjs 13.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from pycrdt import Doc
from pycrdt import get_update as diff_update

#: client id -> [(start, end), ...] sorted, merged, end exclusive
Ranges = dict[int, list[tuple[int, int]]]


class Reader:
    """lib0 decoding over bytes; a malformed input raises ``ValueError``."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def uint(self) -> int:
        value = shift = 0
        while True:
            if self.pos >= len(self.data):
                raise ValueError("the update ends in the middle of a number")
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 63:
                raise ValueError("a number in the update is too long")


def state_vector(data: bytes) -> dict[int, int]:
    """A state vector (``Doc.get_state()``) as client -> next clock.

    The bytes come in no canonical order: compare decoded vectors, never bytes.
    """
    reader = Reader(data)
    out: dict[int, int] = {}
    for _ in range(reader.uint()):
        client = reader.uint()
        out[client] = reader.uint()
    return out


def _deletions(reader: Reader) -> Ranges:
    out: Ranges = {}
    for _ in range(reader.uint()):
        client = reader.uint()
        ranges = out.setdefault(client, [])
        for _ in range(reader.uint()):
            clock = reader.uint()
            ranges.append((clock, clock + reader.uint()))
    return {client: _merged(ranges) for client, ranges in out.items()}


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _rest(update: bytes, state: bytes) -> tuple[bool, Ranges]:
    """Whether ``update`` holds structs ``state`` lacks, and its deletions."""
    reader = Reader(diff_update(update, state))
    missing = reader.uint() != 0
    if missing:
        return True, {}
    return False, _deletions(reader)


def _within(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(ranges, (start, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]


class Coverage:
    """What a document holds, to ask whether it already contains an update.

    Built once per pass (reading the document's whole delete set costs about
    as much as encoding it), then asked about each file.
    """

    def __init__(self, doc: Doc[Any]) -> None:
        self.state = doc.get_state()
        reader = Reader(doc.get_update(self.state))
        if reader.uint() != 0:  # pragma: no cover - a document never lacks its own structs
            raise ValueError("the document's own update is not empty")
        self.deleted = _deletions(reader)

    def contains(self, update: bytes) -> bool:
        """True when applying ``update`` could add nothing: every struct and every
        deletion in it is in the document already."""
        missing, deletions = _rest(update, self.state)
        if missing:
            return False
        return all(
            _within(self.deleted.get(client, []), start, end)
            for client, ranges in deletions.items()
            for start, end in ranges
        )
