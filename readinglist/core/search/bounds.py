"""How large a search may be: the bounds that keep every query quick.

Why: the parser and Whoosh's query objects are recursive (about 200 nested
brackets, or 500 leading ``-``, reached Python's recursion limit), and a
query's cost grows with its words and with what its prefixes and
typo-tolerant words stand for in the index: 400 plain words took 3 s on
10,000 papers, a 2,000-character ``OR`` of prefixes 5-7 s. A query past any
bound is not run at all: it answers no hits and a note naming the bound and
what to do. It is never shortened and run, which would give results that
look like the answer to what was typed and are not.

The numbers leave every query a person types in room (a pasted title is
10-20 words; real queries nest two or three brackets) and hold the worst
allowed query to what one common word costs a few times over. They were set
from measurements on the 100,000-paper benchmark library, in CPU ms on a
loaded 2-core machine (about twice the quiet-machine figures): an AND of 32
rare words 190, of 16 very common words 885 (every posting block of every
word is read when few papers hold them all); an OR of 32 common words 88; a
prefix standing for 274 index words (``co*``) 180; one ``~2`` word scans
the lexicon of every segment (167-235).
"""

from __future__ import annotations

#: Characters in a query.
MAX_LENGTH = 2_000
#: Brackets (and ``field:`` groups) nested in one another.
MAX_DEPTH = 10
#: Words searched for, in phrases too (filters do not count).
MAX_WORDS = 32
#: Words with ``~`` (each reads the whole vocabulary of the index).
MAX_TYPOS = 3
#: Index words that the prefixes and ``~`` words of one query stand for, together.
MAX_EXPANSION = 128


class QueryTooLarge(Exception):
    """A bound was passed; ``str(error)`` is the note shown instead of results."""


def too_long(length: int) -> QueryTooLarge:
    return QueryTooLarge(
        f"This search is {length:,} characters long; a search may have at most "
        f"{MAX_LENGTH:,}. Nothing was searched: shorten it."
    )


def too_deep() -> QueryTooLarge:
    return QueryTooLarge(
        f"This search nests brackets (or fields) more than {MAX_DEPTH} deep. "
        "Nothing was searched: simplify it."
    )


def too_many_words(count: int) -> QueryTooLarge:
    return QueryTooLarge(
        f"This search has {count} words; a search may have at most {MAX_WORDS}. "
        "Nothing was searched: keep the words that matter most."
    )


def too_many_typos(count: int) -> QueryTooLarge:
    return QueryTooLarge(
        f"This search has {count} words with ~; a search may have at most {MAX_TYPOS}. "
        "Nothing was searched: keep ~ for the words you are unsure of."
    )


def too_broad(pattern: str) -> QueryTooLarge:
    return QueryTooLarge(
        f"'{pattern}' (with the other words ending in * or ~) stands for more than "
        f"{MAX_EXPANSION} different words in this library. Nothing was searched: "
        "type more letters."
    )
