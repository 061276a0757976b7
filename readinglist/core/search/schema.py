"""What the index holds for each paper, and how a paper becomes a document.

One combined field, ``text``, answers every query that names no field: it
holds the abstract, title, note, authors and tags of a paper, each occurrence
weighted by its field's weight (title 2.5, tags 2, note and authors 1.5,
abstract 1), so BM25F scoring across fields costs one posting list per word
instead of one per field (measured: a two-word query over five separate
fields walked ten posting lists in Python). The parts sit at far-apart
positions (abstract from 0, title from 1,000,000, ...), so a phrase never
spans two fields and ``abstract:word`` is a position test on ``text``
(``SpanFirst``). ``title``, ``note``, ``authors`` and ``tags`` also have
small fields of their own for fielded queries.

Nothing the database already has is stored: a hit carries only its paper id
(a numeric column); titles and abstracts for highlighting come from SQLite.
Each document also carries a 64-bit hash of its indexed text, so a queued
paper whose text did not change costs no index write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, TEXT, Schema

from readinglist.core.search.analysis import FoldingStemAnalyzer, term_bytes

#: Fields a query can name, by the name the user types ("abstract" is a
#: position range of ``text``, the others are fields of their own).
FIELD_ALIASES = {
    "title": "title",
    "abstract": "abstract",
    "note": "note",
    "notes": "note",
    "author": "authors",
    "authors": "authors",
    "tag": "tags",
    "tags": "tags",
}
ALL = "text"
OWN_FIELDS = ("title", "note", "authors", "tags")
#: Where each part starts in ``text``, and its weight there (BM25F field weights).
PART_BASE = {
    "abstract": 0,
    "title": 1_000_000,
    "note": 2_000_000,
    "authors": 3_000_000,
    "tags": 4_000_000,
}
PART_WEIGHT = {"abstract": 1.0, "title": 2.5, "note": 1.5, "authors": 1.5, "tags": 2.0}
ABSTRACT_LIMIT = PART_BASE["title"] - 1


class FastText(TEXT):  # type: ignore[misc]
    """A positional text field indexed by :func:`term_bytes` without Token objects.

    Produces exactly what Whoosh's ``Positions`` format would, but builds the
    postings from a list of terms instead of a generator chain. It uses only
    Whoosh's public field API (``FieldType.index`` is what every segment
    writer calls, ``Format.encode`` encodes the positions), so it is the same
    on the fast paths and on Whoosh's own (``whoosh_ext``).
    """

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        return self._postings(((value, 1.0, 0),))

    def _postings(
        self, parts: Iterable[tuple[str, float, int]]
    ) -> Iterator[tuple[bytes, int, float, bytes]]:
        """``(term, frequency, weight, encoded positions)`` of each term of the
        ``(text, weight, first position)`` parts; a term's weight is the sum of
        its occurrences' weights."""
        poses: dict[bytes, list[int]] = {}
        weights: dict[bytes, float] = {}
        for part, weight, base in parts:
            for pos, word in enumerate(term_bytes(part), base):
                found = poses.get(word)
                if found is None:
                    poses[word] = [pos]
                    weights[word] = weight
                else:
                    found.append(pos)
                    weights[word] += weight
        encode = self.format.encode
        single = _SINGLE
        for word, plist in poses.items():
            if len(plist) == 1:
                # most words occur once in a field: their encodings are memoised
                # by position (every field here has the same ``Positions`` format)
                pos = plist[0]
                value = single.get(pos)
                if value is None:
                    value = single[pos] = bytes(encode(plist))
                yield word, 1, weights[word], value
            else:
                yield word, len(plist), weights[word], bytes(encode(plist))


_SINGLE: dict[int, bytes] = {}


class CombinedText(FastText):
    """``text``: a tuple of ``(part text, weight, first position)`` indexed as one field."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        return self._postings([(value, 1.0, 0)] if isinstance(value, str) else value)


def build_schema() -> Schema:
    analyzer = FoldingStemAnalyzer()
    own = {name: FastText(analyzer=analyzer, phrase=True) for name in OWN_FIELDS}
    return Schema(
        id=ID(unique=True),
        pid=COLUMN(NumericColumn("I")),
        h=COLUMN(NumericColumn("Q")),
        text=CombinedText(analyzer=analyzer, phrase=True),
        **own,
    )


@dataclass(frozen=True)
class PaperText:
    """The indexed text of one paper, as read from SQLite."""

    paper_id: int
    title: str
    abstract: str
    note: str
    authors: Sequence[str]
    tags: Sequence[str]

    def digest(self) -> int:
        """A stable 64-bit hash of everything indexed (not Python's salted hash)."""
        joined = "\x1f".join(
            (
                self.title,
                self.abstract,
                self.note,
                "\x1e".join(self.authors),
                "\x1e".join(self.tags),
            )
        )
        return int.from_bytes(
            hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        )

    def document(self) -> dict[str, Any]:
        """Keyword arguments for ``writer.add_document``; empty fields are left out."""
        doc: dict[str, Any] = {"id": str(self.paper_id), "pid": self.paper_id, "h": self.digest()}
        parts = {"abstract": self.abstract, "title": self.title, "note": self.note}
        parts["authors"] = " ; ".join(self.authors)
        parts["tags"] = " ; ".join(self.tags)
        doc[ALL] = tuple(
            (text, PART_WEIGHT[name], PART_BASE[name]) for name, text in parts.items() if text
        )
        for name in OWN_FIELDS:
            if parts[name]:
                doc[name] = parts[name]
        return doc
