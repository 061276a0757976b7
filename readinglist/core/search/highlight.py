"""Matches wrapped in ``<b>…</b>``, everything else HTML-escaped.

Our own highlighter rather than Whoosh's: the text comes from SQLite (the
index stores none), the set of matching terms is known once per query
(prefix and fuzzy words already expanded against the index), and marking a
word is then one memoised analysis plus a set lookup. This also avoids the
Whoosh trap where highlighting a fuzzy query re-expands it per hit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from readinglist.core.search.analysis import spans

FRAGMENT_CHARS = 240
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def mark(text: str, matched: Collection[str]) -> str:
    """``text`` as HTML with every word whose term is in ``matched`` in bold."""
    if not matched:
        return html.escape(text, quote=False)
    out: list[str] = []
    last = 0
    for found, start, end in spans(text):
        if found in matched:
            out.append(html.escape(text[last:start], quote=False))
            out.append("<b>" + html.escape(text[start:end], quote=False) + "</b>")
            last = end
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def fragment(text: str, matched: Collection[str], limit: int = FRAGMENT_CHARS) -> str:
    """The best passage of ``text``: the sentence with the most distinct matches
    (then the most matches), extended by the next sentences up to ``limit``."""
    if not text:
        return ""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    best, best_score = 0, (0, 0)
    if matched:
        for i, sentence in enumerate(sentences):
            hits = [t for t, _, _ in spans(sentence) if t in matched]
            score = (len(set(hits)), len(hits))
            if score > best_score:
                best, best_score = i, score
    passage = sentences[best]
    for extra in sentences[best + 1 :]:
        if len(passage) + 1 + len(extra) > limit:
            break
        passage += " " + extra
    if len(passage) > limit:
        passage = _clip(passage, matched, limit)
    at = text.find(passage)
    prefix = "… " if at > 0 or (at < 0 and best > 0) else ""
    suffix = " …" if at < 0 or at + len(passage) < len(text.rstrip()) else ""
    return prefix + mark(passage, matched) + suffix


def _clip(passage: str, matched: Collection[str], limit: int) -> str:
    """Cut a long sentence to ``limit`` characters around its first match, on word bounds."""
    first = next((s for t, s, _ in spans(passage) if t in matched), 0)
    start = max(0, first - limit // 3)
    if start:
        space = passage.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = start + limit
    if end < len(passage):
        space = passage.rfind(" ", start, end)
        end = space if space > start else end
    return passage[start:end]
