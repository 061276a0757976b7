"""LaTeX in .bib values to the Unicode text a reader sees (``{\\"u}`` -> ``ü``).

The library stores a .bib entry twice: its fields as the source wrote them
(for export) and the text a reader sees (title, names, venue: for search and
the window). This module makes the second from the first.

Why not pylatexenc's ``latex2text``: it builds a node tree for every value;
through it a 1 MB field took 10 s and a 10,000-entry import most of a
minute (as reported when this module replaced it). What a .bib value holds is a
small part of LaTeX (accents, escaped specials, text-style commands, a
little math), so one linear pass over a handful of regular-expression
tokens does it, and values without any LaTeX skip even that. The symbol
names (``\\alpha``, ``\\ldots``, ``\\textregistered``: 840 of them) still come
from pylatexenc's tables, read once.

Unknown commands are dropped and their braced arguments read as text, as
LaTeX would print them; commands a file's ``@preamble`` defines with an empty
body (the ``\\noopsort{1973b}1973`` idiom) drop their arguments too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

from readinglist.core.text import clean_line

#: Accent commands and the combining marks they stand for.
_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
#: ``\"u``, ``\"{u}``, ``{\"u}``, ``\'\i``, ``\v{S}``, ``\c c``: an accent and its letter.
_ACCENT = re.compile(
    r"\\(?:([\"'`^~=.])|([uvHckrdb])(?=[\s{]))\s*(\{\s*)?(\\[ij](?![A-Za-z])|[A-Za-z])(?(3)\s*\})"
)
#: Commands whose arguments are not text (dropped with them).
_DROP_ARGS = {"label": 1, "index": 1, "hspace": 1, "vspace": 1, "cite": 1, "nocite": 1,
              "ref": 1, "pageref": 1, "eqref": 1, "href": 1, "noopsort": 1}  # fmt: skip
#: Commands that print nothing themselves (style switches), beyond pylatexenc's table.
_OWN_SYMBOLS = {
    "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "TeX": "TeX", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "copyright": "©", "S": "§", "P": "¶", "slash": "/", "relax": "", "par": " ",
    "newline": " ", "linebreak": " ", "noindent": "", "protect": "", "nobreak": "",
    "bf": "", "it": "", "em": "", "rm": "", "sc": "", "sf": "", "tt": "", "sl": "", "up": "",
    "small": "", "normalfont": "", "bfseries": "", "itshape": "", "scshape": "",
    "quad": " ", "qquad": " ", "textbackslash": "\\", "i": "ı", "j": "ȷ",
    # what the app's own escaping writes (latex.SPECIALS), read back as the characters
    "textbraceleft": "{", "textbraceright": "}", "textasciitilde": "~",
    "textasciicircum": "^", "textless": "<", "textgreater": ">", "textbar": "|",
    "textunderscore": "_", "textdollar": "$",
}  # fmt: skip
_SPACE_SYMBOLS = {",": " ", ";": " ", ":": " ", " ": " ", "!": "", "-": "", "/": "", "@": ""}
_SPECIAL = re.compile(r"\\([A-Za-z@]+)\*?(\s*)|\\(.)|(---?)|(``|''|`)|~", re.DOTALL)
_TOKEN = re.compile(r"\\[A-Za-z@]+\*?\s*|\\.|[^\\]", re.DOTALL)
_PROTECT = str.maketrans({"{": "\ue000", "}": "\ue001", "$": "\ue002"})
_UNPROTECT = str.maketrans({"\ue000": "{", "\ue001": "}", "\ue002": "$"})
_BRACE = re.compile(r"(?<!\\)[{}]")


@lru_cache(maxsize=1)
def symbols() -> dict[str, str]:
    """Command name -> the text it prints, for commands without arguments."""
    from pylatexenc.latex2text import get_default_latex_context_db

    table: dict[str, str] = {}
    db = get_default_latex_context_db()
    for category in db.categories():
        for spec in db.iter_macro_specs([category]):
            repl = spec.simplify_repl
            if isinstance(repl, str) and "%" not in repl:
                table.setdefault(spec.macroname, repl)
    table.update(_OWN_SYMBOLS)
    return table


def to_text(value: str, silent: Collection[str] = ()) -> str:
    """The text of a LaTeX value: accents resolved, commands and braces dropped, one line.

    ``silent`` names commands whose arguments print nothing (defined with an
    empty body in the file's ``@preamble``).
    """
    if not _needs_work(value):
        return clean_line(value.replace("{", "").replace("}", ""))
    if "\\" in value:
        value = _ACCENT.sub(_accented, value)
        if not _needs_work(value):  # accents were all the LaTeX (most names)
            return clean_line(value.replace("{", "").replace("}", ""))
    return clean_line(unicodedata.normalize("NFC", _walk(value, silent)))


def _needs_work(value: str) -> bool:
    """Whether ``value`` holds any LaTeX beyond braces (substring tests: C loops)."""
    return (
        "\\" in value or "$" in value or "~" in value or "`" in value
        or "''" in value or "--" in value
    )  # fmt: skip


def _accented(match: re.Match[str]) -> str:
    base = match[4]
    if base.startswith("\\"):
        base = base[1]  # dotless i and j carry the accent as plain i and j
    return unicodedata.normalize("NFC", base + _COMBINING[match[1] or match[2]])


def _walk(value: str, silent: Collection[str]) -> str:
    """The text of ``value``: one ``re.sub`` pass whose callback sees only the
    special tokens (commands, dashes, quotes, ties); plain text is copied by
    the regular-expression engine itself. Braces and ``$`` go last, so the
    literal ones that commands print are protected until then."""
    value = _drop_arguments(value, frozenset(silent))
    text = _SPECIAL.sub(_special, value)
    for char in "{}$":
        text = text.replace(char, "")
    return text.translate(_UNPROTECT)


def _special(match: re.Match[str]) -> str:
    word, space, symbol, dashes, quotes = match.groups()
    if word is not None:
        printed = symbols().get(word, "")
        # TeX eats the space after a command name; a reader wants it kept.
        return _protect(printed + " " if printed and space else printed)
    if symbol is not None:
        return " " if symbol == "\\" else _protect(_SPACE_SYMBOLS.get(symbol, symbol))
    if dashes is not None:
        return "—" if len(dashes) == 3 else "–"
    if quotes is not None:
        return {"``": "“", "''": "”", "`": "‘"}[quotes]
    return " "  # a tie


def _protect(text: str) -> str:
    """Braces and dollars a command prints, kept from the final brace removal."""
    return text.translate(_PROTECT) if ("{" in text or "}" in text or "$" in text) else text


def _drop_arguments(value: str, silent: frozenset[str]) -> str:
    """``value`` without the commands whose arguments are not text, arguments and all."""
    pattern = _dropping(silent)
    if "\\" not in value or not pattern.search(value):
        return value
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(value):
        if match.start() < pos:  # inside an argument already dropped
            continue
        out.append(value[pos : match.start()])
        name = match.group(1)
        pos = _skip_groups(value, match.end(), 1 if name in silent else _DROP_ARGS[name])
    out.append(value[pos:])
    return "".join(out)


@lru_cache(maxsize=64)
def _dropping(silent: frozenset[str]) -> re.Pattern[str]:
    names = sorted({*silent, *_DROP_ARGS}, key=len, reverse=True)
    return re.compile(r"\\(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z@])\*?\s*")


def _skip_groups(value: str, pos: int, count: int) -> int:
    """The position after ``count`` braced groups (or single tokens) from ``pos``."""
    for _ in range(count):
        while pos < len(value) and value[pos].isspace():
            pos += 1
        if pos >= len(value):
            return pos
        if value[pos] != "{":
            match = _TOKEN.match(value, pos)
            pos = match.end() if match else pos + 1
            continue
        depth = 0
        for brace in _BRACE.finditer(value, pos):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                pos = brace.end()
                break
        else:
            return len(value)
    return pos


__all__ = ["symbols", "to_text"]
