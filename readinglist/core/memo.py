"""Remembered text conversions: each string converted once, then looked up.

An export converts the same short strings again and again (author names,
their parts, venues, title words) and the key formula the same names and
words. ``functools.lru_cache`` remembers them too, but each of its entries
is a linked list the garbage collector tracks: the ~50,000 a first export of
10,000 papers made added a full collection of the whole process to it. A
dict of strings holds nothing the collector tracks, and a hit is one C-level
lookup. The conversions remembered are pure functions of their one string,
so a remembered value can never go stale; when a memo grows past its bound
it starts again empty (the values are as cheap to make again as the first
time).
"""

from __future__ import annotations

from collections.abc import Callable


class Memo(dict[str, str]):
    """``memo[text]`` is ``convert(text)``, worked out the first time it is asked."""

    def __init__(self, convert: Callable[[str], str], bound: int = 65_536) -> None:
        super().__init__()
        self.convert = convert
        self.bound = bound

    def __missing__(self, text: str) -> str:
        made = self.convert(text)
        if len(self) >= self.bound:
            self.clear()
        self[text] = made
        return made
