"""Plain text to LaTeX for .bib field values.

Everything imported is plain text, never trusted LaTeX: a title that says
``\\input{secrets}`` or ``}`` must come out as those characters, not as a
command or a broken entry. So every character is translated on its own, and
the output contains only the commands listed in :data:`EMITTED_COMMANDS`
(which the property tests check). Braces in the output come only from those
translations and from case protection, so they are always balanced in the
sense BibTeX counts them (it ignores backslashes, so ``\\{`` would not do).

Classic BibTeX gets 7-bit text where possible: accented letters become
``{\\"u}``, the form BibTeX sorts and case-changes correctly. BibLaTeX keeps
letters as UTF-8. In both, symbols that pdflatex cannot typeset from UTF-8
by default (Greek letters, arrows, relations) become ``\\ensuremath{...}``,
which every engine understands; anything with no translation is kept as
UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial

from readinglist.core.memo import Memo

#: Characters with a meaning to TeX or BibTeX, and what stands for them.
SPECIALS: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

#: Non-ASCII letters and punctuation with a LaTeX spelling (classic BibTeX only).
_TEXT_SYMBOLS: dict[str, str] = {
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "ȷ": r"{\j}",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "--",
    "–": "--",
    "—": "---",
    "―": "---",
    "‘": "`",
    "’": "'",
    "‚": ",",
    "“": "``",
    "”": "''",
    "„": ",,",
    "…": r"\ldots{}",
    "•": r"\textbullet{}",
    "·": r"\textperiodcentered{}",
    "°": r"\textdegree{}",
    "±": r"\textpm{}",
    "×": r"\texttimes{}",
    "÷": r"\textdiv{}",
    "µ": r"\textmu{}",
    "©": r"\textcopyright{}",
    "®": r"\textregistered{}",
    "™": r"\texttrademark{}",
    "§": r"{\S}",
    "¶": r"{\P}",
    "£": r"\pounds{}",
    "€": r"\texteuro{}",
    "¡": r"\textexclamdown{}",
    "¿": r"\textquestiondown{}",
    "†": r"\dag{}",
    "‡": r"\ddag{}",
}

#: Symbols pdflatex cannot typeset from UTF-8 by default: math in every flavour.
_MATH_NAMES: dict[str, str] = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "varepsilon",
    "ϵ": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ϑ": "vartheta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "varsigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "varphi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Γ": "Gamma",
    "Δ": "Delta",
    "Θ": "Theta",
    "Λ": "Lambda",
    "Ξ": "Xi",
    "Π": "Pi",
    "Σ": "Sigma",
    "Υ": "Upsilon",
    "Φ": "Phi",
    "Ψ": "Psi",
    "Ω": "Omega",
    "→": "rightarrow",
    "←": "leftarrow",
    "↔": "leftrightarrow",
    "⇒": "Rightarrow",
    "⇐": "Leftarrow",
    "⇔": "Leftrightarrow",
    "↑": "uparrow",
    "↓": "downarrow",
    "≤": "leq",
    "≥": "geq",
    "≠": "neq",
    "≈": "approx",
    "≡": "equiv",
    "∼": "sim",
    "∞": "infty",
    "∈": "in",
    "∉": "notin",
    "⊂": "subset",
    "⊆": "subseteq",
    "∪": "cup",
    "∩": "cap",
    "∀": "forall",
    "∃": "exists",
    "∑": "sum",
    "∏": "prod",
    "∫": "int",
    "∂": "partial",
    "∇": "nabla",
    "√": "surd",
    "⊕": "oplus",
    "⊗": "otimes",
    "∘": "circ",
    "ℓ": "ell",
    "−": "",  # minus sign: math-mode '-'
}

#: Combining marks and the accent command for each (symbol accents first).
_ACCENTS: dict[str, str] = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0308": '"',
    "\u0304": "=",
    "\u0307": ".",
    "\u0306": "u",
    "\u030c": "v",
    "\u030b": "H",
    "\u030a": "r",
    "\u0327": "c",
    "\u0328": "k",
    "\u0323": "d",
    "\u0331": "b",
}

#: Every command name the translations above can produce; nothing else may
#: appear after a backslash in an exported value.
EMITTED_COMMANDS: frozenset[str] = frozenset(
    {
        m.group(1)
        for v in (*SPECIALS.values(), *_TEXT_SYMBOLS.values())
        for m in re.finditer(r"\\([A-Za-z]+|.)", v)
    }
    | {n for n in _MATH_NAMES.values() if n}
    | set(_ACCENTS.values())
    | {"ensuremath", "i", "j"}
)


def _math(name: str) -> str:
    return "{\\ensuremath{-}}" if not name else "{\\ensuremath{\\" + name + "}}"


_ABOVE = frozenset("\u0300\u0301\u0302\u0303\u0304\u0306\u0308")


def _accented(char: str) -> str | None:
    """``{\\"u}`` for ü, from the Unicode decomposition; None if not a Latin letter + accents."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if (
        not (base.isascii() and base.isalpha())
        or not marks
        or any(m not in _ACCENTS for m in marks)
    ):
        return None
    inner = "\\" + base if base in "ij" and marks[0] in _ABOVE else base
    if len(marks) == 1 and not _ACCENTS[marks[0]].isalpha():
        return "{\\" + _ACCENTS[marks[0]] + inner + "}"
    for mark in marks:
        inner = "\\" + _ACCENTS[mark] + "{" + inner + "}"
    return "{" + inner + "}"


class _Table(dict[int, str]):
    """A lazy ``str.translate`` table: each character is worked out once, then cached."""

    def __init__(self, ascii_only: bool) -> None:
        super().__init__({ord(k): v for k, v in SPECIALS.items()})
        self.ascii_only = ascii_only
        self.update({code: "" for code in (*range(32), 0x7F) if not chr(code).isspace()})

    def __missing__(self, code: int) -> str:
        result = self._translate(chr(code))
        self[code] = result
        return result

    def _translate(self, char: str) -> str:
        if char.isascii():
            return char
        if char in _MATH_NAMES:
            return _math(_MATH_NAMES[char])
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return ""
        if not self.ascii_only:
            return char
        if char in _TEXT_SYMBOLS:
            return _TEXT_SYMBOLS[char]
        accented = _accented(char)
        if accented is not None:
            return accented
        compat = unicodedata.normalize("NFKD", char)
        if compat != char and compat.isascii() and compat.isprintable():
            return compat.translate(self)
        return char


_ASCII_TABLE = _Table(ascii_only=True)
_UTF8_TABLE = _Table(ascii_only=False)


#: Runs of anything but plain printable ASCII: only those need the tables.
#: (``str.translate`` with multi-character replacements costs ~100 ns per
#: character; translating just these runs makes 10k abstracts 5x faster.)
_UNSAFE = re.compile(r"[^A-Za-z0-9 \t\n!\"'()*+,\-./:;=?@\[\]`]+")


def _translator(table: _Table) -> Callable[[str], str]:
    def run(match: re.Match[str]) -> str:
        return match.group().translate(table)

    return partial(_UNSAFE.sub, run)


_TO_ASCII = _translator(_ASCII_TABLE)
_TO_UTF8 = _translator(_UTF8_TABLE)


def escape(text: str, *, ascii_only: bool) -> str:
    """Plain text as a LaTeX-safe field value (whitespace collapsed to single spaces)."""
    return " ".join((_TO_ASCII if ascii_only else _TO_UTF8)(text).split())


def escape_repeated(text: str, ascii_only: bool) -> str:
    """:func:`escape`, remembered (:class:`~readinglist.core.memo.Memo`): for the
    short values that recur from paper to paper (parts of author names, venues,
    where a paper was seen), which a first export of 10,000 papers would
    otherwise escape ~40,000 times."""
    return _ESCAPED[ascii_only][text]


_ESCAPED = {flag: Memo(partial(escape, ascii_only=flag)) for flag in (True, False)}


# case protection ---------------------------------------------------------------
#
# Words are marked on the plain text with two control characters (which
# never survive into a stored title: the tables drop control characters),
# then the whole title is translated in one pass by a table that turns the
# marks into braces. One regex pass and one translate: 10k titles in ~50 ms.

_OPEN, _CLOSE = "\x01", "\x02"
_WORD = re.compile(r"[^\W_]+")
_ASCII_TITLE = _Table(ascii_only=True)
_UTF8_TITLE = _Table(ascii_only=False)
for _table in (_ASCII_TITLE, _UTF8_TITLE):
    _table[ord(_OPEN)], _table[ord(_CLOSE)] = "{", "}"
_TITLE_TO_ASCII = _translator(_ASCII_TITLE)
_TITLE_TO_UTF8 = _translator(_UTF8_TITLE)


def _mark(match: re.Match[str]) -> str:
    """Brace-mark acronyms, mixed case and lone capitals, which styles would lowercase.

    ``LLMs`` -> ``{LLM}s``, ``GPT`` -> ``{GPT}``, ``LoRA`` -> ``{LoRA}``, a lone
    ``I`` -> ``{I}`` unless it opens the title; ``Title`` and ``lower`` stay.
    """
    word = match.group()
    if len(word) == 1:
        return _OPEN + word + _CLOSE if word.isupper() and match.start() else word
    rest = word[1:]
    if rest == rest.lower():
        return word
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        return _OPEN + word[:-1] + _CLOSE + "s"
    return _OPEN + word + _CLOSE


def _char_class(chars: list[str]) -> str:
    """A regex character class for ``chars``, as ranges (compact and fast to match)."""
    codes = sorted(map(ord, chars))
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_UPPER = _char_class([chr(c) for c in range(0x10000) if chr(c).isupper()])
#: Only words with a capital after their first letter, or lone capitals, are
#: candidates: the callback then runs for a few words per title, not all.
_CANDIDATE = re.compile(rf"(?<![^\W_])(?:[^\W_]+?[{_UPPER}][^\W_]*|[{_UPPER}](?![^\W_]))")


def _title_word(word: str, ascii_only: bool, first: bool) -> str:
    """One word of a title (no whitespace in it) marked and translated. A lone
    capital is marked unless it opens the title: a later word is marked as it
    would be after the space that precedes it."""
    marked = _CANDIDATE.sub(_mark, word) if first else _CANDIDATE.sub(_mark, " " + word)[1:]
    return (_TITLE_TO_ASCII if ascii_only else _TITLE_TO_UTF8)(marked)


#: Title words as LaTeX by flavour (ASCII or UTF-8) and place (first word or not).
_TITLE_WORDS = {
    (flag, first): Memo(partial(_title_word, ascii_only=flag, first=first), 100_000)
    for flag in (True, False)
    for first in (True, False)
}


def title_to_latex(title: str, *, ascii_only: bool) -> str:
    """A title as LaTeX: escaped, acronyms and mixed-case words brace-protected.

    Word by word, each word's LaTeX remembered (:func:`_title_word`): titles
    share most of their words ("Language", "Models", "LLMs"), and marking and
    translating every title whole was a third of the time a first export took
    for its entries. Marking and translating never look past a space, so the
    words' LaTeX joined by spaces is the whole title's (``test_latex``
    compares the two), whitespace collapsed as before.
    """
    words = " ".join(title.replace(_OPEN, "").replace(_CLOSE, "").split()).split(" ")
    made = [_TITLE_WORDS[ascii_only, True][words[0]]]
    made.extend(map(_TITLE_WORDS[ascii_only, False].__getitem__, words[1:]))
    return " ".join(" ".join(made).split())
