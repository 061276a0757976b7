"""Citation keys: made once, unique in the library, then never changed.

A key is written into the user's LaTeX sources, so it must not move: it is
stored on the paper the first time the paper is exported or cited, and only
the user can change it afterwards. The rule is the familiar one,
``hinton2015distilling``: first author's last name, year, first significant
title word, lowercase ASCII. Without author names it is the first two
significant title words and the year (``knowledgesolver2023``).

Clashes get ``a``, ``b``, ``c``… against every key in the library,
case-insensitively. So that the suffix does not depend on which papers
happened to be exported first, assigning a key to a paper also assigns keys
to every not-yet-keyed live paper that would get the same base key, in
paper-id order (the order papers arrived in the library).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import count, product
from string import ascii_lowercase

from sqlalchemy import Connection, bindparam, select, update

from readinglist.core.bibtex import aliases
from readinglist.core.errors import InvalidInputError
from readinglist.core.models import INDEX_QUEUE, PAPER
from readinglist.core.text import fold_ascii

MAX_KEY = 64
_VALID_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]*")
_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "for",
        "to",
        "and",
        "or",
        "with",
        "without",
        "via",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "be",
        "into",
        "onto",
        "over",
        "under",
        "towards",
        "toward",
        "through",
        "using",
        "use",
        "its",
        "their",
        "our",
        "your",
        "we",
        "you",
        "do",
        "does",
        "can",
        "how",
        "what",
        "why",
        "when",
        "which",
        "who",
        "whose",
        "this",
        "that",
        "these",
        "those",
        "not",
        "no",
        "vs",
        "versus",
    }
)


@dataclass(frozen=True)
class KeySource:
    """What a key is made of: the few columns of a paper that matter."""

    paper_id: int
    title: str
    authors: tuple[str, ...]
    year: int | None


_NOT_KEY = re.compile(r"[^a-z0-9\s]+")
#: Letters Unicode does not decompose into ASCII, spelled the way BibTeX would.
_FOLD = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
     "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip


def _words(text: str) -> list[str]:
    """Lowercase ASCII words, punctuation dropped inside them (``GPT-4`` -> ``gpt4``)."""
    if not text.isascii():
        text = fold_ascii(text.translate(_FOLD))
    return _NOT_KEY.sub("", text.lower()).split()


def last_name(author: str) -> str:
    """``Hinton`` from ``Geoffrey E. Hinton`` or ``Hinton, Geoffrey``; lowercase ASCII."""
    name = author.split(",")[0] if "," in author else (author.split() or [""])[-1]
    words = _words(name)
    return "".join(words)


def base_key(source: KeySource) -> str:
    """The key before any clash suffix (``hinton2015distilling``)."""
    words = _words(source.title)
    significant = [w for w in words if w not in _STOPWORDS] or words
    year = str(source.year) if source.year else ""
    author = next((n for n in (last_name(a) for a in source.authors) if n), "")
    if author:
        return f"{author}{year}{significant[0] if significant else ''}"[:MAX_KEY]
    title = "".join(significant[:2])[: MAX_KEY - 8] or "paper"
    return f"{title}{year}"


def _suffixes() -> Iterator[str]:
    """``a`` … ``z``, then ``aa``, ``ab`` …: endless, in order."""
    for length in count(1):
        for letters in product(ascii_lowercase, repeat=length):
            yield "".join(letters)


def unique_key(base: str, taken: set[str]) -> str:
    """``base`` if free, else the first ``base`` + a, b, c… free (case-insensitive)."""
    if base.lower() not in taken:
        return base
    return next(base + s for s in _suffixes() if (base + s).lower() not in taken)


def _unkeyed(conn: Connection) -> list[KeySource]:
    """Every live paper without a key, by id (plain driver SQL: this runs on each first cite)."""
    sql = (
        "SELECT id, title, authors, COALESCE(published, digest_day) FROM paper "
        "WHERE citation_key IS NULL AND removed_at IS NULL ORDER BY id"
    )
    return [
        KeySource(
            pid, title, tuple(json.loads(authors) if authors else ()), int(day[:4]) if day else None
        )
        for pid, title, authors, day in conn.exec_driver_sql(sql)
    ]


def assign_keys(conn: Connection, paper_ids: Sequence[int]) -> dict[int, str]:
    """Give every paper in ``paper_ids`` a key, inside the caller's write transaction.

    Returns the keys newly assigned (paper id -> key), including those given
    to clashing papers outside ``paper_ids``. Papers that already have a key
    keep it.
    """
    wanted = set(paper_ids)
    unkeyed = _unkeyed(conn)
    if not any(s.paper_id in wanted for s in unkeyed):
        return {}
    bases = {source.paper_id: base_key(source) for source in unkeyed}
    groups: dict[str, list[KeySource]] = defaultdict(list)
    for source in unkeyed:
        groups[bases[source.paper_id].lower()].append(source)
    taken = aliases.taken(conn)  # keys and aliases: one namespace
    assigned: dict[int, str] = {}
    for source in unkeyed:
        if source.paper_id not in wanted:
            continue
        for member in groups.pop(bases[source.paper_id].lower(), []):
            key = unique_key(bases[member.paper_id], taken)
            taken.add(key.lower())
            assigned[member.paper_id] = key
    if assigned:
        stmt = (
            update(PAPER)
            .where(PAPER.c.id == bindparam("pid"))
            .values(citation_key=bindparam("key"))
        )
        conn.execute(stmt, [{"pid": pid, "key": key} for pid, key in assigned.items()])
        conn.execute(
            INDEX_QUEUE.insert().prefix_with("OR IGNORE"),
            [{"paper_id": pid} for pid in sorted(assigned)],
        )
    return assigned


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a citation key, or None when it is safe.

    The one key rule, for every key however it arrives (generated, typed,
    imported, synced) and checked again wherever a key is written: letters
    A-Z, digits and ``- _ : . + /``, starting with a letter or digit, at most
    :data:`MAX_KEY` characters. Those are safe in BibTeX, biber, LaTeX's
    ``\\cite`` and Typst's ``#cite(label(...))``; a space, ``\\``, ``%``,
    ``#``, ``{``, ``,`` or a non-ASCII letter breaks some of them.
    """
    if not key:
        return "is empty"
    if len(key) > MAX_KEY:
        return f"is too long (a key is at most {MAX_KEY} characters)"
    if not _VALID_KEY.fullmatch(key):
        bad = sorted({c for c in key if not re.fullmatch(r"[A-Za-z0-9_:.+/-]", c)})
        shown = " ".join(repr(c) for c in bad) if bad else repr(key[0])
        return (
            "is not safe in LaTeX: use letters A–Z, digits and - _ : . + / only, "
            f"starting with a letter or digit (not allowed here: {shown})"
        )
    return None


def check_key(key: str) -> str:
    """The key if it is safe in BibTeX, biber and LaTeX; else a clear error."""
    key = key.strip()
    problem = key_problem(key)
    if not key:
        raise InvalidInputError("A citation key cannot be empty.")
    if problem is not None:
        shown = key if len(key) <= 40 else key[:20] + "…"
        raise InvalidInputError(f"“{shown}” cannot be a citation key: it {problem}.")
    return key


def set_key(conn: Connection, paper_id: int, key: str) -> None:
    """Store a hand-chosen key, refusing one another paper holds (in any case)."""
    key = check_key(key)
    owner = aliases.holder(conn, key)
    if owner is not None and owner != paper_id:
        title = conn.execute(select(PAPER.c.title).where(PAPER.c.id == owner)).scalar()
        raise InvalidInputError(
            f"The citation key “{key}” is already used by paper {owner} "
            f"(“{title}”); choose another."
        )
    aliases.drop(conn, key)  # one of the paper's own aliases becomes its key
    conn.execute(update(PAPER).where(PAPER.c.id == paper_id).values(citation_key=key))
    conn.execute(INDEX_QUEUE.insert().prefix_with("OR IGNORE"), [{"paper_id": paper_id}])
