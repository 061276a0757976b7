"""Reading a document's citations, whatever the user named: ``.aux``, ``.bcf`` or ``.tex``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from readinglist.core.errors import InvalidInputError, NotFoundError
from readinglist.core.writing import aux, bcf, tex
from readinglist.core.writing.documents import KINDS, Citations, Reading, read_text

Reader = Callable[[Reading, Path, str], None]


def kind_of(path: Path) -> str:
    """``aux``, ``bcf`` or ``tex``; anything else is refused with what is accepted."""
    suffix = path.suffix.lower()
    if suffix not in KINDS:
        raise InvalidInputError(
            f"{path.name}: a document is read from its .aux (after LaTeX ran), its .bcf "
            "(biblatex with biber) or its .tex sources."
        )
    return suffix[1:]


def read_citations(document: Path) -> Citations:
    """The keys ``document`` cites (raises if the document itself cannot be read)."""
    readers: dict[str, Reader] = {"aux": aux.read, "bcf": bcf.read, "tex": tex.read}
    reader = readers[kind_of(document)]
    path = document.expanduser().absolute()
    try:
        text = read_text(path)
    except NotFoundError as exc:
        if path.suffix.lower() == ".tex":
            raise
        raise NotFoundError(
            f"{exc}: LaTeX writes it when it runs, so run it once (or name the .tex file)."
        ) from exc
    reading = Reading(path.resolve().parent)
    reading.files.append(path.resolve())
    reader(reading, path, text)
    return reading.result(path)
