"""The index words within an edit distance of a ``~`` word, without scoring
every word of the lexicon.

Why: Whoosh's ``IndexReader.terms_within`` (what a multi-segment reader
runs) reads every index word that starts with the query's first letter, from
every segment, and computes its Damerau-Levenshtein distance in Python: 2,874
words for ``knowlege~`` in the 100,000-paper benchmark library, 60-90 ms per
``~`` word, each time it is searched.

Here the words of a prefix are read once per segment and kept on the
segment's reader (a segment never changes its words; a deletion removes none
from Whoosh's lexicon either, and a segment written later has a reader of
its own). Their union, in Whoosh's lexicon order, is then walked as a trie:
the rows of Whoosh's own distance computation are computed once for each
shared prefix, and a prefix is skipped with every word under it as soon as
Whoosh's own early exit (``x > limit and min(row) > limit``, which depends
on the prefix alone) would reject each of them. Every word therefore gets
the verdict ``damerau_levenshtein(word, text, limit)`` gives it, and the
words come out in the order Whoosh yields them: the same expansion
(``tests/.../test_lexicon.py`` compares the two, with Hypothesis too).

Private internals of ``whoosh-reloaded`` 2.7.5: the recurrence and early
exit of ``whoosh.support.levenshtein.damerau_levenshtein``, that
``MultiReader`` answers ``terms_within`` with the base ``IndexReader``'s
expand-then-measure loop, and an attribute kept on each ``SegmentReader``.
Any other reader gets Whoosh's own ``terms_within``.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from whoosh.reading import MultiReader

#: Answers and word lists kept per reader before its memo starts afresh.
_MEMO_LIMIT = 512
_LAST = 0x10FFFF


class FastLexicon:
    """The :class:`~readinglist.core.search.patterns.Lexicon` of the verified release."""

    def terms_within(
        self, reader: Any, fieldname: str, text: str, maxdist: int, prefix: int
    ) -> list[str]:
        return terms_within(reader, fieldname, text, maxdist, prefix)

    def expand_prefix(self, reader: Any, fieldname: str, prefix: str) -> list[str]:
        return expand_prefix(reader, fieldname, prefix)


def expand_prefix(reader: Any, fieldname: str, prefix: str) -> list[str]:
    """The words of ``fieldname`` starting with ``prefix``, as
    ``reader.expand_prefix`` yields them (as text): read once per segment."""
    if type(reader) is not MultiReader:
        return list(reader.expand_prefix(fieldname, prefix))
    return list(_words(reader, fieldname, prefix))


def terms_within(reader: Any, fieldname: str, text: str, maxdist: int, prefix: int) -> list[str]:
    """The words of ``fieldname`` within ``maxdist`` edits of ``text`` and
    sharing its first ``prefix`` letters, as ``reader.terms_within`` yields them.

    Answers are kept on ``reader`` (one commit's readers: a later commit gets a
    new one), so paging through results or typing on after the ``~`` word does
    not walk the lexicon again."""
    if type(reader) is not MultiReader:
        return list(reader.terms_within(fieldname, text, maxdist, prefix=prefix))
    memo = _memo(reader)
    key = ("within", fieldname, text, maxdist, prefix)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _walk(_words(reader, fieldname, text[:prefix]), text, maxdist)
    return list(found)


def _memo(reader: Any) -> dict[tuple[object, ...], list[str]]:
    memo: dict[tuple[object, ...], list[str]] | None = getattr(reader, "_rl_lexicon", None)
    if memo is None or len(memo) > _MEMO_LIMIT:
        memo = {}
        reader._rl_lexicon = memo
    return memo


def _words(reader: MultiReader, fieldname: str, start: str) -> list[str]:
    """Every word of ``fieldname`` starting with ``start`` in any segment, sorted
    (code-point order is the UTF-8 byte order of Whoosh's lexicon)."""
    memo = _memo(reader)
    key = ("words", fieldname, start)
    found = memo.get(key)
    if found is None:
        union: set[str] = set()
        for segment, _ in reader.leaf_readers():
            union.update(_segment_words(segment, fieldname, start))
        found = memo[key] = sorted(union)
    return found


def _segment_words(segment: Any, fieldname: str, start: str) -> list[str]:
    memo = _memo(segment)
    key = ("words", fieldname, start)
    found = memo.get(key)
    if found is None:
        if fieldname in segment.schema and segment.schema[fieldname].format is not None:
            decode = segment.schema[fieldname].from_bytes
            found = [decode(b) for b in segment.expand_prefix(fieldname, start)]
        else:
            found = []
        memo[key] = found
    return found


def _walk(words: list[str], text: str, limit: int) -> list[str]:
    """The ``words`` (sorted, distinct) whose Whoosh distance to ``text`` is at
    most ``limit``, computing each row once per shared prefix."""
    n = len(text)
    cap = limit + 1
    rows: list[list[int]] = [[min(v, cap) for v in [*range(1, n + 1), 0]]]
    previous = ""
    out: list[str] = []
    i, end = 0, len(words)
    while i < end:
        word = words[i]
        k, most = 0, min(len(rows) - 1, len(word), len(previous))
        while k < most and word[k] == previous[k]:
            k += 1
        del rows[k + 1 :]
        previous = word
        for x in range(k, len(word)):
            row, least = _row(rows, x, word, text, cap)
            rows.append(row)
            if limit and x > limit and least > limit:
                # Whoosh rejects this word and every word that starts like it
                i = _past(words, word[: x + 1], i)
                break
        else:
            if rows[-1][n - 1] <= limit:
                out.append(word)
            i += 1
    return out


def _row(rows: list[list[int]], x: int, word: str, text: str, cap: int) -> tuple[list[int], int]:
    """Row ``x`` of ``damerau_levenshtein(word, text)`` as Whoosh computes it
    (the leftmost column kept at the end of the list), and its smallest value.

    Each value is capped at ``cap`` (the limit plus one): only whether a value
    passes the limit is ever asked, and capping commutes with the recurrence
    (its costs are never negative). A cell more columns off the diagonal than
    the limit is at least that far from it, so only the diagonal band is computed."""
    oneago = rows[x]
    twoago = rows[x - 1] if x > 0 else oneago
    c = word[x]
    before = word[x - 1] if x > 0 else ""
    n = len(text)
    least = x + 1 if x + 1 < cap else cap
    thisrow = [cap] * n + [least]
    limit = cap - 1
    for y in range(x - limit if x > limit else 0, min(n, x + cap)):
        t = text[y]
        value = oneago[y - 1] + (c != t)  # substitution (or match)
        if oneago[y] < value:  # deletion
            value = oneago[y] + 1
        if thisrow[y - 1] < value:  # insertion
            value = thisrow[y - 1] + 1
        if y and c != t and c == text[y - 1] and before == t and twoago[y - 2] < value:
            value = twoago[y - 2] + 1  # transposition
        if value > cap:
            value = cap
        thisrow[y] = value
        if value < least:
            least = value
    return thisrow, least


def _past(words: list[str], start: str, i: int) -> int:
    """The index of the first word after ``i`` that does not start with ``start``."""
    if ord(start[-1]) < _LAST:
        return bisect_left(words, start[:-1] + chr(ord(start[-1]) + 1), i + 1)
    j = i + 1
    while j < len(words) and words[j].startswith(start):
        j += 1
    return j
