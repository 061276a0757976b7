"""How text becomes index terms: words, lower-cased, accent-folded, stemmed.

Whoosh's stock ``StemmingAnalyzer`` runs every token through a chain of
Python generators (tokenizer, lowercase, stop list, stemmer), which is most
of the indexing time. Here one regular expression finds the words and a
memo maps each distinct surface word straight to its term (or to ``""`` for
a stop word): a library has a few hundred thousand distinct words, so after
the first papers nearly every word costs one dict lookup.

The same :func:`terms` is used for indexing, for query words and for
highlighting, so the three always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem

#: A word: letters/digits, with inner apostrophes or dots (``don't``, ``e.g``).
WORD = re.compile(r"\w+(?:['’.]\w+)*")
_EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"}
)
_MEMO: dict[str, str] = {}
_MEMO_LIMIT = 1_000_000


def fold(word: str) -> str:
    """Lower-case and strip accents: ``Übersetzung`` -> ``ubersetzung``."""
    lowered = word.lower().translate(_EXTRA_FOLDS)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def term(word: str) -> str:
    """The index term for one surface word; ``""`` when it is not indexed."""
    found = _MEMO.get(word)
    if found is None:
        folded = fold(word).replace("’", "'")
        if len(folded) < 2 or folded in STOP_WORDS:
            found = ""
        else:
            found = stem(folded.replace("'", "")) if folded.isalpha() or "'" in folded else folded
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[word] = found
    return found


def terms(text: str) -> list[str]:
    """The index terms of ``text`` in order (stop words dropped, positions renumbered)."""
    memo = _MEMO
    out = []
    for word in WORD.findall(text):
        found = memo.get(word)
        if found is None:
            found = term(word)
        if found:
            out.append(found)
    return out


#: Surface word -> its term's UTF-8 bytes (``b""``: not indexed), for indexing.
_MEMO_UTF8: dict[str, bytes] = {}


def term_bytes(text: str) -> list[bytes]:
    """:func:`terms` as UTF-8 bytes, the form the index stores: indexing asks for
    every word of every paper, so each surface word is encoded once, not once
    per paper it appears in."""
    memo = _MEMO_UTF8
    out = []
    for word in WORD.findall(text):
        found = memo.get(word)
        if found is None:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            found = memo[word] = term(word).encode("utf-8")
        if found:
            out.append(found)
    return out


def spans(text: str) -> Iterator[tuple[str, int, int]]:
    """``(term, start, end)`` for every indexed word of ``text``: for highlighting."""
    for match in WORD.finditer(text):
        found = term(match.group(0))
        if found:
            yield found, match.start(), match.end()


class FoldingStemAnalyzer(Analyzer):  # type: ignore[misc]
    """:func:`terms` as a Whoosh analyzer, for the parts of Whoosh that analyse
    text themselves (more-like-this key terms, the schema's own bookkeeping)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for match in WORD.finditer(value):
            found = term(match.group(0))
            if not found:
                continue
            token.text = found
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = match.group(0)
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldingStemAnalyzer)

    def __hash__(self) -> int:
        return hash(FoldingStemAnalyzer)
