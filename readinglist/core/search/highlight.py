"""Matches wrapped in ``<b>…</b>``, everything else HTML-escaped.

Our own highlighter rather than Whoosh's: the text comes from SQLite (the
index stores none), the set of matching terms is known once per query
(prefix and fuzzy words already expanded against the index), and marking a
word is then one memoised analysis plus a set lookup. This also avoids the
Whoosh trap where highlighting a fuzzy query re-expands it per hit.

A phrase is marked as a phrase: its words only where they stand together,
in one ``<b>`` from its first word to its last (stop words between them
included), never each word wherever it occurs.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from readinglist.core.search.analysis import spans

FRAGMENT_CHARS = 240
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
Phrases = Sequence[Sequence[str]]

#: The fields a hit can match in, in the order a snippet prefers them.
FIELDS = ("title", "abstract", "authors", "tags", "note")


@dataclass(frozen=True)
class Highlights:
    """What a query marks: single terms, and phrases (term sequences) marked
    only together, each for one field or (``None``) for every field."""

    terms: dict[str | None, frozenset[str]] = field(default_factory=dict)
    phrases: dict[str | None, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def terms_for(self, name: str) -> frozenset[str]:
        return self.terms.get(None, frozenset()) | self.terms.get(name, frozenset())

    def phrases_for(self, name: str) -> tuple[tuple[str, ...], ...]:
        return self.phrases.get(None, ()) + self.phrases.get(name, ())

    def all_terms(self) -> set[str]:
        """Every term, phrase words included (the flat list ``match_terms`` gives)."""
        out: set[str] = set()
        for group in self.terms.values():
            out |= group
        for phrases in self.phrases.values():
            out.update(w for p in phrases for w in p)
        return out

    def matches(self, name: str, text: str) -> bool:
        """Whether ``text`` (the field ``name``) holds a term or a phrase."""
        if not text:
            return False
        terms, phrases = self.terms_for(name), self.phrases_for(name)
        if any(t in terms for t, _, _ in spans(text)):  # stops at the first
            return True
        return bool(phrases) and _marked(text, terms, phrases) != []

    def mark(self, name: str, text: str) -> str:
        return mark(text, self.terms_for(name), self.phrases_for(name))

    def fragment(self, name: str, text: str, limit: int = FRAGMENT_CHARS) -> str:
        return fragment(text, self.terms_for(name), limit, self.phrases_for(name))


Token = tuple[str, int, int]  # (term, start, end), as analysis.spans gives it


def _marked(text: str, matched: Collection[str], phrases: Phrases) -> list[tuple[int, int]]:
    """Character ranges to mark: matched words, and each phrase occurrence whole."""
    return _ranges(list(spans(text)), matched, phrases)


def _ranges(
    found: list[Token], matched: Collection[str], phrases: Phrases
) -> list[tuple[int, int]]:
    """:func:`_marked` of the text whose words are ``found``."""
    ranges: list[tuple[int, int]] = [(s, e) for t, s, e in found if t in matched]
    words = [t for t, _, _ in found]
    for phrase in phrases:
        n = len(phrase)
        if not n:
            continue
        first, whole = phrase[0], list(phrase)
        for i in range(len(words) - n + 1):
            if words[i] == first and words[i : i + n] == whole:
                ranges.append((found[i][1], found[i + n - 1][2]))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, matched: Collection[str], phrases: Phrases = ()) -> str:
    """``text`` as HTML with every word whose term is in ``matched``, and every
    occurrence of a phrase (as one span), in bold."""
    if not matched and not phrases:
        return html.escape(text, quote=False)
    return _render(text, _marked(text, matched, phrases))


def _render(text: str, ranges: list[tuple[int, int]]) -> str:
    out: list[str] = []
    last = 0
    for start, end in ranges:
        out.append(html.escape(text[last:start], quote=False))
        out.append("<b>" + html.escape(text[start:end], quote=False) + "</b>")
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def matched_fields(highlights: Highlights, texts: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The fields (name, text) in which the query's words or phrases stand."""
    return tuple(name for name, text in texts if highlights.matches(name, text))


def fragment(
    text: str, matched: Collection[str], limit: int = FRAGMENT_CHARS, phrases: Phrases = ()
) -> str:
    """The best passage of ``text``: the sentence with the most distinct matches
    (then the most matches), extended by the next sentences up to ``limit``.

    The text is split into words once: a sentence ends before white space,
    which no word spans, so a sentence's words (and a passage's, when it is
    a stretch of the text) are the text's words inside it."""
    if not text:
        return ""
    stripped = text.strip()
    bounds = _sentences(stripped)
    sentences = [stripped[a:b] for a, b in bounds]
    best, best_score = 0, (0, 0)
    words: list[Token] | None = None
    if matched or phrases:
        words = list(spans(stripped))
        for i, (a, b) in enumerate(bounds):
            marked = _ranges(_inside(words, a, b), matched, phrases)
            score = (len({stripped[s:e].casefold() for s, e in marked}), len(marked))
            if score > best_score:
                best, best_score = i, score
    passage = sentences[best]
    for extra in sentences[best + 1 :]:
        if len(passage) + 1 + len(extra) > limit:
            break
        passage += " " + extra
    clipped = len(passage) > limit  # then cut anywhere, even inside a word
    if clipped:
        passage = _clip(passage, matched, limit, phrases)
    at = text.find(passage)
    prefix = "… " if at > 0 or (at < 0 and best > 0) else ""
    suffix = " …" if at < 0 or at + len(passage) < len(text.rstrip()) else ""
    start = bounds[best][0]
    if words is not None and not clipped and stripped.startswith(passage, start):
        shifted = [
            (t, s - start, e - start) for t, s, e in _inside(words, start, start + len(passage))
        ]
        return prefix + _render(passage, _ranges(shifted, matched, phrases)) + suffix
    return prefix + mark(passage, matched, phrases) + suffix


def _sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends (``_SENTENCE_END.split``)."""
    out: list[tuple[int, int]] = []
    start = 0
    for gap in _SENTENCE_END.finditer(text):
        out.append((start, gap.start()))
        start = gap.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if b > a]


def _inside(words: list[Token], start: int, end: int) -> list[Token]:
    """The words wholly in ``[start, end)`` (``words`` in text order)."""
    first = bisect_left(words, start, key=lambda w: w[1])
    last = bisect_left(words, end, lo=first, key=lambda w: w[1])
    return [w for w in words[first:last] if w[2] <= end]


def _clip(passage: str, matched: Collection[str], limit: int, phrases: Phrases = ()) -> str:
    """Cut a long sentence to ``limit`` characters around its first match, on word bounds."""
    marked = _marked(passage, matched, phrases)
    first = marked[0][0] if marked else 0
    start = max(0, first - limit // 3)
    if start:
        space = passage.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = start + limit
    if end < len(passage):
        space = passage.rfind(" ", start, end)
        end = space if space > start else end
    return passage[start:end]
