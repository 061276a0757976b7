"""Remembered text conversions: each string converted once, then looked up.

An export converts the same short strings again and again (author names,
their parts, venues, title words) and the key formula the same names and
words. ``functools.lru_cache`` remembers too, but builds a key from the
arguments and keeps its order on every call; a dict of strings with
``__missing__`` is one C-level lookup per hit (half the time, measured, for
a memo held in a local name). The conversions remembered are pure functions
of their one string, so a remembered value can never go stale; when a memo
grows past its bound it starts again empty (each value is as cheap to make
again as the first time).
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
