"""A paper with a bibliographic record as the entry it came as.

The record's fields go out as stored (each value byte for byte as its
source wrote it, or as the user's edit wrote it), in the record's order,
under the names of the flavour asked for (:mod:`.flavours`). Every value
passes the safety check again (:mod:`.texsafety`: a no-op for what the
import already checked, a guard for anything stored otherwise), and a field
name that is not a BibTeX name is left out.

Two export options apply as for every paper: ``abstract`` goes out only
with abstracts (the record's own abstract, else the paper's), and with
notes the user's note is the ``annote``/``annotation`` field (in place of
the source's, if it had one).
"""

from __future__ import annotations

import re
from typing import Protocol

from readinglist.core.bibtex.flavours import DISPLAY_NAMES, Fields, for_biblatex, for_bibtex
from readinglist.core.bibtex.latex import escape
from readinglist.core.bibtex.texsafety import neutralise_field

_FIELD_NAME = re.compile(r"[a-z][a-z0-9_:.+\-]*")
#: Never written from a record: aliases are written from the alias table.
_NOT_WRITTEN = frozenset({"ids", "crossref", "xdata"})


class RecordPaper(Protocol):
    """What an entry is made from (an :class:`.entries.ExportPaper`)."""

    @property
    def entry_type(self) -> str | None: ...
    @property
    def bib_fields(self) -> dict[str, str]: ...
    @property
    def abstract(self) -> str: ...
    @property
    def note(self) -> str: ...


def record_entry(
    paper: RecordPaper, *, biblatex: bool, abstracts: bool, notes: bool
) -> tuple[str, Fields]:
    """``(entry type, [(name as written, value)])`` for a paper with a record."""
    flavour = for_biblatex if biblatex else for_bibtex
    kind, fields = flavour(paper.entry_type or "misc", paper.bib_fields)
    note_name = "annotation" if biblatex else "annote"
    note = None
    if notes and paper.note.strip():
        note = "{" + escape(paper.note, ascii_only=not biblatex) + "}"
    out: Fields = []
    names: set[str] = set()
    for name, value in fields:
        if name in _NOT_WRITTEN or name in names or not _FIELD_NAME.fullmatch(name):
            continue
        if name == "abstract" and not abstracts:
            continue
        if name == note_name and note is not None:
            value, note = note, None
        names.add(name)
        out.append((DISPLAY_NAMES.get(name, name), safe(name, value)))
    if abstracts and "abstract" not in names and paper.abstract.strip():
        text = escape(paper.abstract, ascii_only=not biblatex)
        out.append(("abstract", "{" + text + "}"))
    if note is not None:
        out.append((note_name, note))
    return kind, out


def safe(name: str, value: str) -> str:
    """A stored value as it may be written (see :mod:`.texsafety`)."""
    return neutralise_field(name, value)[0]


__all__ = ["RecordPaper", "record_entry", "safe"]
