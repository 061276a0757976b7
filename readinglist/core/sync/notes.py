"""Notes as Yrs text: each saved edit becomes the fewest whole-line insertions and deletions.

The window saves a note as a whole new text; turning that into "replace the
document's text" would keep only one device's version when two edited it
while apart. A diff (difflib, against the text as last synced) keeps both:
edits to different lines merge, and two rewrites of the same line stand side
by side. Lines, not characters or words: a character diff of two rewrites of
one sentence interleaves them into nonsense.

A note is kept with a final newline (``"abc"`` as ``"abc\\n"``) so that every
line ends in one: two devices rewriting a last line then keep two lines
instead of gluing them into one. Yrs counts text offsets in UTF-8 bytes;
Python strings count code points, hence the conversions below.

A paper that devices came to know under two uids has one text per uid: its
note is their concatenation, and an edit is spread over them line by line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from pycrdt import Text

_LINES = re.compile(r"[^\n]*\n|[^\n]+")


def to_text(note: str) -> str:
    """A note as the document keeps it."""
    return note + "\n" if note else ""


def from_text(text: str) -> str:
    """The document's text as the note the app shows."""
    return text[:-1] if text.endswith("\n") else text


def lines(text: str) -> list[str]:
    return _LINES.findall(text)


class _Layout:
    """Where each line of the concatenated segments is: (segment, byte offset)."""

    def __init__(self, segments: Sequence[Text]) -> None:
        self.places: list[tuple[int, int, int]] = []  # segment, start byte, end byte
        self.lines: list[str] = []
        self.ends: list[int] = []
        for number, segment in enumerate(segments):
            offset = 0
            for line in lines(str(segment)):
                size = len(line.encode("utf-8"))
                self.places.append((number, offset, offset + size))
                self.lines.append(line)
                offset += size
            self.ends.append(offset)

    def insertion_point(self, index: int) -> tuple[int, int]:
        """Where text goes to stand before line ``index`` (after the last one at the end)."""
        if index < len(self.places):
            segment, start, _ = self.places[index]
            return segment, start
        filled = [n for n, end in enumerate(self.ends) if end]
        segment = filled[-1] if filled else 0
        return segment, self.ends[segment] if self.ends else 0


def edit(segments: Sequence[Text], new: str, *, keep: bool = False) -> None:
    """Make the segments' concatenation read ``new``, line by line (inside a transaction).

    ``keep=True`` only inserts: lines of ``new`` the segments lack are added
    beside theirs, and nothing is deleted (a note this device had before it
    ever shared the paper joins the shared one; both are kept).
    """
    layout = _Layout(segments)
    wanted = lines(new)
    matcher = difflib.SequenceMatcher(a=layout.lines, b=wanted, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        inserted = "".join(wanted[j1:j2])
        at = layout.insertion_point(i2 if keep else i1)
        if not keep:
            for index in reversed(range(i1, i2)):
                segment, start, end = layout.places[index]
                del segments[segment][start:end]
        if inserted:
            segments[at[0]].insert(at[1], inserted)
