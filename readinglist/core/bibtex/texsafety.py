"""What a raw LaTeX value may carry into a user's build, and what is neutralised.

Fields imported from a .bib go back out as their source wrote them, LaTeX
intact: that is what keeps ``{\\"u}``, ``$O(n)$`` and ``\\emph{...}`` working.
But the exported file is compiled by the user's TeX, so each value is checked
on the way in (reported) and again on the way out (whatever stored it):

- a value holding a **command that reads, writes or runs** (``\\input``,
  ``\\include``, ``\\write`` and ``\\write18``, ``\\openout``, ``\\immediate``,
  ``\\read``, ``\\catcode``, ``\\csname``, ``\\def`` and the relatives listed
  below, ``\\begin``/``\\end``, since ``\\begin{input}`` reaches ``\\input``
  through ``\\csname``), a ``^^`` escape (``^^5cinput`` is ``\\input`` to TeX)
  or **braces that do not balance** the way BibTeX counts them (it ignores
  backslashes, so ``\\}`` closes a group) is written as text: its LaTeX
  source shows in the document, nothing of it runs, and no half-neutralised
  command is left undefined;
- an unescaped ``%`` (comments out the rest of a ``.bbl`` line), ``#`` or
  ``&`` (errors in text) is escaped;
- control characters (a form feed is an ``\\outer`` macro to TeX) are dropped.

Verbatim fields (``url``, ``doi``...) are printed with ``\\url`` by styles:
``%``, ``#`` and ``&`` are fine there, and a dangerous value has its
backslashes and carets percent-encoded instead.

A ``@preamble`` may define macros (that is what it is for) but is left out
whole if it holds anything else on the list: it runs in the document.
Each rule is idempotent: a neutralised value passes unchanged.
"""

from __future__ import annotations

import re

from readinglist.core.bibtex import values
from readinglist.core.bibtex.latex import escape

#: Fields BibLaTeX and the styles treat verbatim (links and identifiers, not LaTeX).
VERBATIM = frozenset(
    {"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb", "verbc", "isbn",
     "issn", "arxiv", "arxivid"}
)  # fmt: skip

#: BibLaTeX fields that sort or index and are never typeset (``&`` is fine there).
NOT_TYPESET = frozenset(
    {"sortkey", "sorttitle", "sortname", "sortyear", "sortshorthand", "indexsorttitle",
     "presort"}
)  # fmt: skip

#: Command names that read or write files, run programs, build other command
#: names or change how TeX reads what follows (any name holding ``input`` or
#: ``include`` too: ``\\@@input``, ``\\InputIfFileExists``, ``\\includegraphics``).
_DANGEROUS_NAMES = (
    "write", "immediate", "openout", "openin", "closeout", "closein", "read", "readline",
    "catcode", "csname", "endcsname", "scantokens", "special", "directlua", "latelua",
    "luaexec", "luadirect", "ShellEscape", "makeatletter", "ExplSyntaxOn", "UseName",
    "ExpandArgs", "csuse", "csdef", "csgdef", "csedef", "csxdef", "cslet", "csletcs", "letcs",
    "newwrite", "newread", "pdffiledump", "filedump", "pdfprimitive", "primitive", "begin",
    "end", "usepackage", "RequirePackage", "documentclass", "import", "subimport",
    "addbibresource", "bibliography", "filecontents",
)  # fmt: skip
#: Definitions: never needed in a field, but what a ``@preamble`` is for.
_DEFINITIONS = ("def", "edef", "gdef", "xdef", "let", "futurelet")


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    return re.compile(rf"\\(?:{alternatives}|[A-Za-z@]*(?i:input|include)[A-Za-z@]*)(?![A-Za-z@])")


#: A command that must not run in the user's document, in a field.
DANGEROUS = _pattern(_DANGEROUS_NAMES + _DEFINITIONS)
#: The same in a ``@preamble``, where definitions are allowed.
DANGEROUS_IN_PREAMBLE = _pattern(_DANGEROUS_NAMES)
_CARETS = re.compile(r"\^\^")
_UNESCAPED = re.compile(r"(?<!\\)((?:\\\\)*)([%#&])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEEDS_CHECK = re.compile(r"[\\{}^%#&\x00-\x08\x0b-\x1f\x7f]")
_BRACES = re.compile(r"[{}]")
_CONTROL_DROPPED = "control characters dropped"


def balanced(text: str) -> bool:
    """True when braces nest the way BibTeX counts them (backslashes do not escape)."""
    depth = 0
    for match in _BRACES.finditer(text):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def dangerous(text: str, pattern: re.Pattern[str] = DANGEROUS) -> list[str]:
    """The dangerous commands in ``text`` (``\\input``...), sorted, each once."""
    return sorted({m.group() for m in pattern.finditer(text)})


def neutralise(
    text: str, *, verbatim: bool = False, specials: bool = True
) -> tuple[str, tuple[str, ...]]:
    """``text`` (the LaTeX inside one value's braces) made safe, and what was changed.

    A value that would run something, or break the entry, is written as text:
    its LaTeX shows in the document instead of running (in a verbatim field,
    the offending characters are percent-encoded or dropped). ``specials=False``
    leaves ``%``, ``#`` and ``&`` alone (verbatim and sorting fields).
    """
    if not _NEEDS_CHECK.search(text):
        return text, ()
    problems: list[str] = []
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        problems.append(_CONTROL_DROPPED)
    if not balanced(text):
        problems.append("braces that do not balance")
    if found := dangerous(text):
        problems.append("commands that must not run in your document: " + ", ".join(found))
    if _CARETS.search(text):
        problems.append("^^ escapes")
    if len(problems) > (1 if _CONTROL_DROPPED in problems else 0):
        if verbatim:
            text = _BRACES.sub("", text).replace("\\", "%5C").replace("^", "%5E")
        else:
            text = escape(text, ascii_only=False)
        return text, (*problems, "written as text")
    if specials and not verbatim and _UNESCAPED.search(text):
        chars = sorted({m.group(2) for m in _UNESCAPED.finditer(text)})
        text = _UNESCAPED.sub(r"\1\\\2", text)
        problems.append(f"unescaped {' '.join(chars)} escaped")
    return text, tuple(problems)


def neutralise_preamble(text: str) -> tuple[str | None, tuple[str, ...]]:
    """A ``@preamble`` as it may be written back (control characters dropped), or
    None with the reasons when it cannot be: unbalanced braces, a dangerous
    command or a ``^^`` escape (the preamble runs in the document: neutralised,
    it would print there)."""
    text = _CONTROL.sub("", text)
    problems: list[str] = []
    if not balanced(text):
        problems.append("braces that do not balance")
    if found := dangerous(text, DANGEROUS_IN_PREAMBLE):
        problems.append("commands that must not run in your document: " + ", ".join(found))
    if _CARETS.search(text):
        problems.append("^^ escapes")
    return (None, tuple(problems)) if problems else (text, ())


def neutralise_field(name: str, expression: str) -> tuple[str, tuple[str, ...]]:
    """A stored value (see :mod:`.values`) of field ``name``, each text piece neutralised."""
    return neutralise_expression(
        expression, verbatim=name in VERBATIM, specials=name not in NOT_TYPESET
    )


def neutralise_expression(
    expression: str, *, verbatim: bool = False, specials: bool = True
) -> tuple[str, tuple[str, ...]]:
    """A stored value (see :mod:`.values`) with each text piece neutralised."""
    if " # " not in expression and expression[:1] == "{" and expression[-1:] == "}":
        inner = expression[1:-1]  # one text piece, the common case: one look at it
        if not _troubled(inner, specials and not verbatim):
            return expression, ()
        text, problems = neutralise(inner, verbatim=verbatim, specials=specials)
        return "{" + text + "}", problems
    if "{" not in expression:  # a number or a month
        return expression, ()
    found: list[str] = []
    pieces = []
    for piece in values.pieces(expression):
        if piece.kind == "text":
            text, problems = neutralise(piece.value, verbatim=verbatim, specials=specials)
            found.extend(p for p in problems if p not in found)
            piece = values.Piece("text", text)
        pieces.append(piece)
    return values.render(tuple(pieces)), tuple(found)


def _troubled(text: str, specials: bool) -> bool:
    """Whether :func:`neutralise` could change ``text``: substring tests first
    (each a C loop), the patterns only when one of them says "maybe"."""
    if "\\" in text and DANGEROUS.search(text):
        return True
    if "^^" in text or (not text.isprintable() and _CONTROL.search(text)):
        return True
    if specials and ("%" in text or "#" in text or "&" in text) and _UNESCAPED.search(text):
        return True
    return ("{" in text or "}" in text) and not balanced(text)


__all__ = [
    "DANGEROUS",
    "DANGEROUS_IN_PREAMBLE",
    "VERBATIM",
    "balanced",
    "dangerous",
    "neutralise",
    "neutralise_expression",
    "neutralise_field",
    "neutralise_preamble",
]
