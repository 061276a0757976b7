"""Citations in a LaTeX ``.aux`` file: what LaTeX itself recorded the document cites.

The most exact source: every ``\\cite`` variant of every package, and the
user's own macros, end up here after one LaTeX run. BibTeX styles write
``\\citation{a,b}`` (``\\citation{*}`` for ``\\nocite{*}``); biblatex writes
``\\abx@aux@cite{0}{a}`` (the refsection first; older versions left it
out). ``\\include``d chapters get their own ``.aux``, named by
``\\@input{chap1.aux}`` and followed inside the project folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from readinglist.core.writing.documents import Reading

_LINE = re.compile(
    r"\\(?:citation\{(?P<keys>[^}]*)\}"
    r"|abx@aux@cite(?:\{[^}]*\})?\{(?P<key>[^}]*)\}"
    r"|@input\{(?P<input>[^}]*)\})"
)
MAX_DEPTH = 20


def read(reading: Reading, path: Path, text: str, depth: int = 0) -> None:
    for match in _LINE.finditer(text):
        if match["keys"] is not None:
            reading.cite(match["keys"].split(","))
        elif match["key"] is not None:
            reading.cite([match["key"]])
        elif depth < MAX_DEPTH:
            name = match["input"].strip()
            child = path.parent / name
            inner = reading.open(child, f"{path.name}: \\@input{{{name}}}")
            if inner is not None:
                read(reading, child, inner, depth + 1)
