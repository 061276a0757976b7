"""Citations in LaTeX sources, read without running LaTeX.

Knows the citation commands of LaTeX, natbib and biblatex (starred and
capitalised forms, optional arguments in ``[...]`` and biblatex's ``(...)``,
several keys per command, biblatex's multicite ``\\cites[..]{a}[..]{b}``)
and ``\\nocite{*}``. Follows ``\\input``, ``\\include``, ``\\subfile`` and
the import package's ``\\import{dir}{file}`` inside the project folder.
Comments are skipped. What it cannot see: citations made through the
user's own macros, or inside ``verbatim``; the ``.aux`` has those (name it
instead, after one LaTeX run).
"""

from __future__ import annotations

import re
from pathlib import Path

from readinglist.core.writing.documents import Reading

_SINGLE = frozenset(
    [
        "cite",
        "Cite",
        "citep",
        "Citep",
        "citet",
        "Citet",
        "citealp",
        "Citealp",
        "citealt",
        "Citealt",
        "citeauthor",
        "Citeauthor",
        "citefullauthor",
        "citeyear",
        "citeyearpar",
        "citenum",
        "nocite",
        "parencite",
        "Parencite",
        "footcite",
        "footcitetext",
        "textcite",
        "Textcite",
        "smartcite",
        "Smartcite",
        "supercite",
        "autocite",
        "Autocite",
        "citetitle",
        "citedate",
        "citeurl",
        "fullcite",
        "footfullcite",
        "notecite",
        "Notecite",
        "pnotecite",
        "Pnotecite",
        "fnotecite",
        "citeA",
        "citeNP",
        "shortcite",
        "shortciteNP",
    ]
)
_MULTI = frozenset(
    [
        "cites",
        "Cites",
        "parencites",
        "Parencites",
        "footcites",
        "footcitetexts",
        "smartcites",
        "Smartcites",
        "textcites",
        "Textcites",
        "supercites",
        "autocites",
        "Autocites",
    ]
)
_INPUT = frozenset({"input", "include", "subfile", "import", "subimport", "includefrom"})
_COMMAND = re.compile(r"\\([A-Za-z]+)(\*?)")
_COMMENT = re.compile(r"(?<!\\)((?:\\\\)*)%[^\n]*")
_BARE_NAME = re.compile(r"[^\s{}\\%]+")
_PAIRS = {"[": "]", "(": ")", "{": "}"}
MAX_DEPTH = 20


def strip_comments(text: str) -> str:
    """The text without ``%`` comments (an escaped ``\\%`` stays)."""
    return _COMMENT.sub(lambda m: m.group(1), text)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _group(text: str, at: int) -> tuple[str, int] | None:
    """The balanced ``[...]``, ``(...)`` or ``{...}`` group opening at ``at``: (inside, end)."""
    opening = text[at] if at < len(text) else ""
    closing = _PAIRS.get(opening)
    if closing is None:
        return None
    depth, pos = 0, at
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return text[at + 1 : pos], pos + 1
        pos += 1
    return None


def _optionals(text: str, at: int, brackets: str) -> int:
    """Past any optional arguments in the given kinds of brackets."""
    while True:
        pos = _skip_space(text, at)
        if pos >= len(text) or text[pos] not in brackets:
            return at
        found = _group(text, pos)
        if found is None:
            return at
        at = found[1]


def _cite(reading: Reading, text: str, at: int, multi: bool) -> int:
    """Read one citation command's keys from ``at`` (just past its name); returns the end."""
    at = _optionals(text, at, "(") if multi else at
    while True:
        at = _optionals(text, at, "[")
        pos = _skip_space(text, at)
        found = _group(text, pos) if pos < len(text) and text[pos] == "{" else None
        if found is None:
            return at
        keys, at = found
        reading.cite(keys.split(","))
        if not multi:
            return at


def _argument(text: str, at: int) -> tuple[str, int] | None:
    """A file name argument: ``{name}``, or TeX's bare ``\\input name``."""
    pos = _skip_space(text, at)
    if pos < len(text) and text[pos] == "{":
        found = _group(text, pos)
        return (found[0].strip(), found[1]) if found else None
    bare = _BARE_NAME.match(text, pos)
    return (bare.group(), bare.end()) if bare and pos > at else None


def _include(reading: Reading, path: Path, text: str, name: str, at: int, depth: int) -> int:
    first = _argument(text, at)
    if first is None:
        return at
    folder, end = reading.root, first[1]
    target = first[0]
    if name in ("import", "subimport", "includefrom"):
        second = _argument(text, end)
        if second is None:
            return end
        base = reading.root if name != "subimport" else path.parent
        folder, target, end = base / first[0], second[0], second[1]
    if not target or depth >= MAX_DEPTH:
        return end
    child = folder / target
    if child.suffix.lower() != ".tex" and not child.is_file():
        child = child.with_name(child.name + ".tex")
    inner = reading.open(child, f"{path.name}: \\{name}{{{target}}}")
    if inner is not None:
        _scan(reading, child, inner, depth + 1)
    return end


def _scan(reading: Reading, path: Path, text: str, depth: int) -> None:
    text = strip_comments(text)
    at = 0
    while (match := _COMMAND.search(text, at)) is not None:
        name, at = match.group(1), match.end()
        if name in _SINGLE or name in _MULTI:
            at = _cite(reading, text, at, multi=name in _MULTI)
        elif name in _INPUT:
            at = _include(reading, path, text, name, at, depth)


def read(reading: Reading, path: Path, text: str) -> None:
    _scan(reading, path, text, 0)
