"""The search box's query language, parsed into a small tree.

A hand-written parser rather than Whoosh's ``QueryParser`` because the
language mixes text (answered by the index) with filters on flags that change
on every keypress (answered by SQLite), and because a half-typed query must
never fail: every malformed piece is dropped or read as plain words, with a
note in :attr:`Parsed.messages` saying so.

Grammar (``OR`` binds looser than the implicit AND)::

    query  := or
    or     := and ("OR" and)*
    and    := unary ("AND"? unary)*
    unary  := ("-" | "NOT") unary | atom
    atom   := "(" or ")" | field ":" atom | '"' phrase '"' | word ["*" | "~" [digit]]

Bounds (:mod:`.bounds`): a query longer than ``MAX_LENGTH`` characters or
nesting brackets and fields deeper than ``MAX_DEPTH`` is refused (no tree,
and :attr:`Parsed.refused` says why), so the recursion here and in Whoosh
stays shallow. A run of negations is read in a loop and kept by its parity
(``--x`` is ``x``), however long it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readinglist.core.search.bounds import MAX_DEPTH, MAX_LENGTH, QueryTooLarge, too_deep, too_long
from readinglist.core.search.schema import FIELD_ALIASES

FILTER_NAMES = ("is", "year", "digest")
_KNOWN = set(FIELD_ALIASES) | set(FILTER_NAMES)
_FUZZY = re.compile(r"^(.+?)~([12]?)$")


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    kind: str = "term"  # term | prefix | fuzzy
    distance: int = 1


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Filter:
    name: str  # is | year | digest
    value: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class All:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Either:
    children: tuple[Node, ...]


Node = Word | Phrase | Filter | Not | All | Either


@dataclass
class Parsed:
    """The tree (``None`` when nothing searchable was typed) and notes for the user;
    ``refused`` says why a query past a bound was not read at all."""

    tree: Node | None
    messages: list[str] = field(default_factory=list)
    refused: str | None = None


# lexer -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # lp rp phrase word neg field op
    text: str = ""


def _lex(query: str, messages: list[str]) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append(_Tok("lp" if c == "(" else "rp"))
            i += 1
        elif c == '"':
            end = query.find('"', i + 1)
            if end < 0:
                messages.append("A quote was not closed: the rest was read as a phrase.")
                end = n
            out.append(_Tok("phrase", query[i + 1 : end]))
            i = end + 1
        elif c == "-" and i + 1 < n and not query[i + 1].isspace():
            out.append(_Tok("neg"))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            run = query[i:j]
            name, colon, _rest = run.partition(":")
            if colon and name.lower() in _KNOWN:
                out.append(_Tok("field", name.lower()))
                i += len(name) + 1
                continue
            if run in ("AND", "OR", "NOT"):
                out.append(_Tok("op", run))
            elif run == "-":
                out.append(_Tok("neg"))
            else:
                out.append(_Tok("word", run))
            i = j
    return out


# parser ------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Tok], messages: list[str]) -> None:
        self.toks = tokens
        self.pos = 0
        self.messages = messages
        self.depth = 0

    def deeper(self) -> None:
        """Enter a bracket or a field; past ``MAX_DEPTH`` the query is refused."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise too_deep()

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            node = self.parse_or()
            if node is not None:
                parts.append(node)
            if self.peek() is not None and self.peek() == _Tok("rp"):
                self.take()
                self.note("An unmatched ')' was ignored.")
        return _all(parts)

    def parse_or(self) -> Node | None:
        options = []
        first = self.parse_and()
        if first is not None:
            options.append(first)
        while self.peek() == _Tok("op", "OR"):
            self.take()
            nxt = self.parse_and()
            if nxt is None or not options:
                self.note("OR needs words on both sides; it was ignored.")
            if nxt is not None:
                options.append(nxt)
        if len(options) > 1:
            return Either(tuple(options))
        return options[0] if options else None

    def parse_and(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind != "rp" and tok != _Tok("op", "OR"):
            if tok == _Tok("op", "AND"):
                self.take()
                continue
            node = self.parse_unary()
            if node is not None:
                parts.append(node)
        return _all(parts)

    def parse_unary(self) -> Node | None:
        negations = 0
        while (tok := self.peek()) is not None and (tok.kind == "neg" or tok == _Tok("op", "NOT")):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind == "rp" or (nxt.kind == "op" and nxt.text != "NOT"):
                self.note("NOT (or '-') needs a word after it; it was ignored.")
                return None
            negations += 1
        return _negated(self.parse_atom(None), negations)

    def parse_atom(self, fieldname: str | None) -> Node | None:
        negations = 0
        while self.peek() == _Tok("neg") and self.pos + 1 < len(self.toks):
            self.take()
            negations += 1
        if negations:
            return _negated(self.parse_atom(fieldname), negations)
        tok = self.take()
        if tok.kind == "lp":
            inner = self._group(fieldname)
            return inner
        if tok.kind == "field":
            return self._fielded(tok.text, fieldname)
        if tok.kind == "phrase":
            return Phrase(tok.text, fieldname) if tok.text.strip() else None
        if tok.kind == "word":
            return _word(tok.text, fieldname)
        if tok.kind == "neg":  # a '-' at the very end
            return None
        # a stray operator where a word was expected
        self.note(f"'{tok.text}' needs words on both sides; it was ignored.")
        return None

    def _group(self, fieldname: str | None) -> Node | None:
        self.deeper()
        node = self.parse_or()
        self.depth -= 1
        if self.peek() == _Tok("rp"):
            self.take()
        else:
            self.note("A '(' was not closed: it was closed at the end.")
        return _with_field(node, fieldname) if fieldname else node

    def _fielded(self, name: str, outer: str | None) -> Node | None:
        self.deeper()
        try:
            return self._field_value(name)
        finally:
            self.depth -= 1

    def _field_value(self, name: str) -> Node | None:
        nxt = self.peek()
        if nxt is None or nxt.kind in ("rp", "op", "field"):
            self.note(f"'{name}:' needs a word after it; it was ignored.")
            return None
        if name in FILTER_NAMES:
            tok = self.take()
            if tok.kind not in ("word", "phrase"):
                self.note(f"'{name}:' needs a value after it; it was ignored.")
                self.pos -= 1
                return None
            return Filter(name, tok.text.strip())
        return self.parse_atom(FIELD_ALIASES[name])


def _word(text: str, fieldname: str | None) -> Node | None:
    if text.endswith("*") and len(text.rstrip("*")) > 0:
        return Word(text.rstrip("*"), fieldname, "prefix")
    fuzzy = _FUZZY.match(text)
    if fuzzy:
        return Word(fuzzy.group(1), fieldname, "fuzzy", int(fuzzy.group(2) or 1))
    stripped = text.strip("*~")
    return Word(stripped, fieldname) if stripped else None


def _with_field(node: Node | None, fieldname: str) -> Node | None:
    if node is None:
        return None
    if isinstance(node, Word):
        return node if node.field else Word(node.text, fieldname, node.kind, node.distance)
    if isinstance(node, Phrase):
        return node if node.field else Phrase(node.text, fieldname)
    if isinstance(node, Not):
        inner = _with_field(node.child, fieldname)
        return Not(inner) if inner is not None else None
    if isinstance(node, All | Either):
        kids = tuple(k for c in node.children if (k := _with_field(c, fieldname)) is not None)
        return type(node)(kids)
    return node


def _negated(node: Node | None, negations: int) -> Node | None:
    """``node`` under ``negations`` NOTs: two cancel out."""
    if node is None or negations % 2 == 0:
        return node
    return Not(node)


def _all(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def parse(query: str) -> Parsed:
    """Parse ``query``; never raises (a query past a bound is ``refused``)."""
    if len(query) > MAX_LENGTH:
        refused = str(too_long(len(query)))
        return Parsed(None, [refused], refused)
    messages: list[str] = []
    tokens = _lex(query, messages)
    try:
        tree = _Parser(tokens, messages).parse()
    except QueryTooLarge as exc:
        return Parsed(None, [str(exc)], str(exc))
    return Parsed(tree, messages)
