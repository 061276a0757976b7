"""Remembered conversions: each worked out once, always the converted value."""

from __future__ import annotations

from readinglist.core.memo import Memo


def test_a_memo_converts_once_and_starts_again_past_its_bound() -> None:
    calls: list[str] = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo = Memo(shout, bound=3)
    assert [memo[t] for t in ("a", "b", "a", "c", "b")] == ["A", "B", "A", "C", "B"]
    assert calls == ["a", "b", "c"]
    assert memo["d"] == "D" and len(memo) == 1  # full: emptied, then "d" kept
    assert [memo[t] for t in ("a", "d")] == ["A", "D"]
    assert calls == ["a", "b", "c", "d", "a"]
