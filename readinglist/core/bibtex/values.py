"""BibTeX field values as the library stores them: one canonical expression.

A value in a .bib file is an expression: ``{text}``, ``"text"``, a number, a
macro (``jul``, an ``@string`` name) or pieces joined by ``#``. The library
keeps each field as the source wrote it, with two normalisations that make
the stored value stand on its own and read back identically:

- ``@string`` macros the file defines are expanded (the export writes no
  ``@string``s), and an undefined macro becomes its own name as text (BibTeX
  would print nothing; Typst refuses the whole file);
- quotes become braces (``"73+"`` is stored ``{73+}``), adjacent text pieces
  are joined, and pieces are joined with `` # ``.

Month macros (``jan`` ... ``dec``) stay bare, since every style defines them
(``month = jul``, ``month = {10~} # jan``), and a bare number stays bare
(``year = 1986``). The text inside the braces is untouched: LaTeX intact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_SPLIT = re.compile(r'[{}"#]')
_NUMBER = re.compile(r"\d+")
_MACRO = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")


@dataclass(frozen=True)
class Piece:
    """One part of a value: ``text`` (inside braces), a ``month`` macro or a ``number``."""

    kind: str
    value: str


#: Resolved ``@string`` macros of a file, by case-folded name.
Strings = Mapping[str, tuple[Piece, ...]]


def split_top(raw: str) -> list[str]:
    """The ``#``-separated parts of an expression, outside braces and quotes."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for match in _SPLIT.finditer(raw):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start : match.start()])
            start = match.end()
    parts.append(raw[start:])
    return parts


def parse(raw: str, strings: Strings) -> tuple[tuple[Piece, ...], tuple[str, ...]]:
    """An expression's pieces, macros expanded; also the undefined macros met."""
    pieces: list[Piece] = []
    undefined: list[str] = []
    for part in split_top(raw):
        token = part.strip()
        if not token:
            continue
        if (token[0], token[-1]) in (("{", "}"), ('"', '"')) and len(token) >= 2:
            pieces.append(Piece("text", token[1:-1]))
        elif _NUMBER.fullmatch(token):
            pieces.append(Piece("number", token))
        elif (name := token.casefold()) in strings:
            pieces.extend(strings[name])
        elif name in MONTHS:
            pieces.append(Piece("month", name))
        else:
            if _MACRO.fullmatch(token):
                undefined.append(token)
            pieces.append(Piece("text", token))
    return _joined(pieces), tuple(undefined)


def _joined(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Adjacent text (and numbers next to text) as one text piece."""
    out: list[Piece] = []
    for piece in pieces:
        if out and out[-1].kind != "month" and piece.kind != "month":
            out[-1] = Piece("text", out[-1].value + piece.value)
        else:
            out.append(piece)
    return tuple(out)


def render(pieces: tuple[Piece, ...]) -> str:
    """The canonical expression: ``{text}``, ``1986``, ``jul`` or pieces joined by `` # ``."""
    if not pieces:
        return "{}"
    return " # ".join(p.value if p.kind != "text" else "{" + p.value + "}" for p in pieces)


def pieces(expression: str) -> tuple[Piece, ...]:
    """The pieces of a stored (canonical) expression."""
    return parse(expression, {})[0]


def literal(text: str) -> str:
    """A stored value holding ``text`` (already LaTeX) as one braced piece."""
    return "{" + text + "}"


def latex(expression: str) -> str:
    """The LaTeX of a stored value, months spelled out (``{10~} # jan`` -> ``10~January``)."""
    if expression.startswith("{") and expression.endswith("}") and "#" not in expression:
        return expression[1:-1]
    return "".join(
        MONTH_NAMES[MONTHS.index(p.value)] if p.kind == "month" else p.value
        for p in pieces(expression)
    )


def month_number(expression: str) -> int | None:
    """1-12 for a month value (``jul``, ``{7}``, ``{July}``), else None."""
    text = latex(expression).strip().casefold()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for number, (short, name) in enumerate(zip(MONTHS, MONTH_NAMES, strict=True), start=1):
        if text in (short, name.casefold()):
            return number
    return None
