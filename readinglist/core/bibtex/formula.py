"""The key formula: a small language saying what a new citation key is made of.

    [auth][year][title] | [title2][year]

Fields in brackets are replaced by a part of the paper; text outside them is
kept as written (letters, digits and ``- _ : . + /``, the characters a key
may hold). Alternatives are separated by ``|``: the first alternative whose
fields all have a value is used, and the last is used anyway, so the
default above says "first author, year, first significant title word; for a
paper without author names, two title words and the year".

Fields: ``[auth]`` the first author's last name; ``[authorsN]`` the last
names of the first N authors (1–9; ``[authors]``: all, up to 9), run
together; ``[year]``; ``[title]`` and ``[titleN]`` the first (N) significant
words of the title (articles, prepositions and the like are skipped);
``[arxiv]`` the arXiv id.
Modifiers follow a colon and may be chained: ``:lower`` (the default),
``:upper``, ``:capitalize`` (``Hinton``, ``DistillingKnowledge``) and
``:de`` (German transliteration: ``ü`` → ``ue``; by default accents are
dropped, ``ü`` → ``u``). Everything becomes ASCII: a key goes into BibTeX,
biber, pandoc and Typst alike.

A result that is empty or only digits (a title in a script with no ASCII
spelling leaves ``[title2][year]`` just the year) is prefixed with
``paper``; a result is cut to :data:`MAX_BASE` characters, leaving room for
a clash suffix within the 64 a key may have.

Written here rather than borrowed: Better BibTeX's formulas are JavaScript
run inside Zotero and JabRef's patterns live in Java; the part of either that
users ask for (the fields above, case, transliteration, fallbacks) is this
small, and it must be fast (a first export evaluates it for every paper).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import NamedTuple

from readinglist.core.errors import InvalidInputError
from readinglist.core.memo import Memo

DEFAULT_FORMULA = "[auth][year][title] | [title2][year]"
#: A formula's result is cut to this length; a clash suffix may add up to 16 more.
MAX_BASE = 48
MAX_FORMULA = 200

_STOPWORDS = frozenset(
    [
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
    ]
)
#: Letters Unicode does not decompose into ASCII, spelled the way BibTeX would.
_FOLD = {"ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l",
         "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "Þ": "Th", "ı": "i"}  # fmt: skip
_GERMAN = {**_FOLD, "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
# str.translate with a dict is slow for non-ASCII text; a regex finds the few letters.
_FOLD_RE = re.compile("[" + "".join(_FOLD) + "]")
_GERMAN_RE = re.compile("[" + "".join(_GERMAN) + "]")
_NOT_KEY = re.compile(r"[^a-z0-9\s]+")
_LITERAL = re.compile(r"[A-Za-z0-9_:.+/-]+")
_FIELD = re.compile(r"\[([A-Za-z]+?)([1-9]?)((?::[A-Za-z]+)*)\]")
_FIELDS = ("auth", "authors", "year", "title", "arxiv")
_COUNTED = frozenset({"authors", "title"})
_MODIFIERS = ("lower", "upper", "capitalize", "de")


class KeySource(NamedTuple):
    """What a key is made of: the few columns of a paper that matter (a named
    tuple: a first export makes one per paper, and a frozen dataclass is slow to make)."""

    paper_id: int
    title: str
    authors: tuple[str, ...]
    year: int | None
    arxiv_id: str | None = None


def _ascii(text: str, german: bool) -> str:
    if text.isascii():
        return text
    pattern, table = (_GERMAN_RE, _GERMAN) if german else (_FOLD_RE, _FOLD)
    if pattern.search(text):
        text = pattern.sub(lambda m: table[m.group()], text)
    # NFKD splits accents off as combining marks, which are not ASCII: dropped.
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def words(text: str, german: bool = False) -> list[str]:
    """Lowercase ASCII words, punctuation dropped inside them (``GPT-4`` -> ``gpt4``)."""
    return _NOT_KEY.sub("", _ascii(text, german).lower()).split()


def last_name(author: str, german: bool = False) -> str:
    """``hinton`` from ``Geoffrey E. Hinton`` or ``Hinton, Geoffrey``; lowercase ASCII.

    Remembered (:class:`~readinglist.core.memo.Memo`): the same authors head
    many papers, and a first export works out every paper's key base."""
    return _LAST_NAMES[german][author]


def _last_name(author: str, german: bool) -> str:
    name = author.split(",")[0] if "," in author else (author.split() or [""])[-1]
    return "".join(words(name, german))


def _key_word(raw: str, german: bool) -> str:
    """One word of a title (no whitespace in it) as :func:`words` gives it, run
    together; remembered below, as titles share most of their words."""
    return _NOT_KEY.sub("", _ascii(raw, german).lower())


_LAST_NAMES = {flag: Memo(partial(_last_name, german=flag)) for flag in (True, False)}
_KEY_WORDS = {flag: Memo(partial(_key_word, german=flag)) for flag in (True, False)}


def significant(title: str, german: bool = False) -> list[str]:
    """The title's words without stopwords (all of them if that leaves none)."""
    found = words(title, german)
    return [w for w in found if w not in _STOPWORDS] or found


def _case(parts: list[str], modifiers: tuple[str, ...]) -> str:
    if "upper" in modifiers:
        return "".join(parts).upper()
    if "capitalize" in modifiers:
        return "".join(p[:1].upper() + p[1:] for p in parts)
    return "".join(parts)


class _Paper:
    """One paper while a formula is applied: each part worked out once, when first asked."""

    __slots__ = ("_names", "_title", "source")

    def __init__(self, source: KeySource) -> None:
        self.source = source
        self._names: dict[bool, list[str]] = {}
        self._title: dict[bool, list[str]] = {}

    def names(self, count: int, german: bool) -> list[str]:
        known = self._names.setdefault(german, [])
        if len(known) < count:
            known.clear()
            found = (last_name(a, german) for a in self.source.authors)
            known.extend(islice((n for n in found if n), count))
        return known[:count]

    def title(self, count: int, german: bool) -> list[str]:
        """The first ``count`` significant words, folding only the words it reads."""
        known = self._title.setdefault(german, [])
        if len(known) < count:
            known.clear()
            every: list[str] = []
            remembered = _KEY_WORDS[german]
            for raw in self.source.title.split():
                word = remembered[raw]
                if not word:
                    continue
                every.append(word)
                if word not in _STOPWORDS:
                    known.append(word)
                    if len(known) == count:
                        break
            if not known:
                known.extend(every)
        return known[:count]


Getter = Callable[[_Paper, bool], list[str]]


def _authors(count: int) -> Getter:
    return lambda paper, german: paper.names(count, german)


def _title(count: int) -> Getter:
    return lambda paper, german: paper.title(count, german)


def _year(paper: _Paper, _german: bool) -> list[str]:
    return [str(paper.source.year)] if paper.source.year else []


def _arxiv(paper: _Paper, _german: bool) -> list[str]:
    arxiv = paper.source.arxiv_id
    return [arxiv.replace("/", "")] if arxiv else []


@dataclass(frozen=True)
class _Field:
    get: Getter
    modifiers: tuple[str, ...]

    def value(self, paper: _Paper) -> str:
        return _case(self.get(paper, "de" in self.modifiers), self.modifiers)


_Part = _Field | str


@dataclass(frozen=True)
class Formula:
    """A parsed formula; :meth:`base` applies it to a paper."""

    text: str
    alternatives: tuple[tuple[_Part, ...], ...] = field(repr=False)

    def base(self, source: KeySource) -> str:
        """The key this formula gives ``source``, before any clash suffix."""
        paper = _Paper(source)
        key = ""
        for number, alternative in enumerate(self.alternatives, start=1):
            values = [p if isinstance(p, str) else p.value(paper) for p in alternative]
            last = number == len(self.alternatives)
            filled = (v for p, v in zip(alternative, values, strict=True) if isinstance(p, _Field))
            if last or all(filled):
                key = "".join(values)
                break
        if not key or key.isdigit():  # nothing, or a bare year: not a key anyone could read
            key = "paper" + key
        return key[:MAX_BASE]


def _field(name: str, digits: str, modifiers: str, text: str) -> _Field:
    lowered = name.lower()
    if lowered not in _FIELDS:
        raise _error(text, f"[{name}] is not a field")
    if digits and lowered not in _COUNTED:
        raise _error(text, f"[{name}{digits}] takes no number (only authorsN and titleN do)")
    chosen = tuple(m.lower() for m in modifiers.split(":") if m)
    for modifier in chosen:
        if modifier not in _MODIFIERS:
            raise _error(
                text,
                f":{modifier} is not a modifier (use {', '.join(':' + m for m in _MODIFIERS)})",
            )
    count = int(digits or "1")
    getter: Getter
    if lowered == "auth":
        getter = _authors(1)
    elif lowered == "authors":
        getter = _authors(count if digits else 9)
    elif lowered == "title":
        getter = _title(count)
    else:
        getter = _year if lowered == "year" else _arxiv
    return _Field(getter, chosen)


def _error(text: str, reason: str) -> InvalidInputError:
    return InvalidInputError(
        f"The key formula “{text}” cannot be used: {reason}. Fields are [auth], [authorsN], "
        "[year], [title], [titleN] and [arxiv], with :lower, :upper, :capitalize or :de after "
        "a colon; alternatives are separated by |."
    )


def parse(text: str) -> Formula:
    """The formula ``text`` means, or an error that says what is wrong with it."""
    text = text.strip()
    if not text:
        raise _error(text, "it is empty")
    if len(text) > MAX_FORMULA:
        raise _error(text[:40] + "…", f"it is longer than {MAX_FORMULA} characters")
    alternatives: list[tuple[_Part, ...]] = []
    for piece in text.split("|"):
        alternatives.append(_alternative(piece.strip(), text))
    return Formula(text, tuple(alternatives))


def _alternative(piece: str, text: str) -> tuple[_Part, ...]:
    if not piece:
        raise _error(text, "an alternative between | is empty")
    parts: list[_Part] = []
    at = 0
    while at < len(piece):
        if piece[at] == "[":
            match = _FIELD.match(piece, at)
            if match is None:
                end = piece.find("]", at)
                shown = piece[at : end + 1] if end >= 0 else piece[at:]
                raise _error(text, f"“{shown}” is not a field")
            name, digits, modifiers = match.groups()
            parts.append(_field(name, digits, modifiers, text))
            at = match.end()
            continue
        literal = _LITERAL.match(piece, at)
        if literal is None:
            raise _error(text, f"“{piece[at]}” cannot be in a key")
        parts.append(literal.group())
        at = literal.end()
    if not any(isinstance(p, _Field) for p in parts):
        raise _error(text, f"the alternative “{piece}” has no field")
    return tuple(parts)


DEFAULT = parse(DEFAULT_FORMULA)
