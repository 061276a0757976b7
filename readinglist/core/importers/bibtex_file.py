"""BibTeX and BibLaTeX files: every entry that can be a paper comes in, whole.

The file is split into blocks by bibtexparser 2.x's splitter, which keeps
each value as written; the rest is ours, because the parse stack's
middlewares would undo what we keep (the LaTeX, the month macros) and cost
as much again as the split. Then:

- ``@string`` macros (with ``#`` concatenation) are expanded as the file
  defines them, in order; month macros stay (:mod:`..bibtex.values`);
- ``@preamble`` texts are kept, to be written back with the file's papers
  (one that could run something in the user's document is left out, and
  said so); macros it defines with an empty body (``\\noopsort``) print
  nothing in the text the library shows;
- ``@comment`` blocks (JabRef's metadata too) and text between entries are
  comments;
- ``xdata`` and ``crossref`` are resolved as biber does
  (:mod:`..bibtex.inherit`); ``@xdata`` and ``@set`` entries are not papers;
- every field value is checked for what could run or break the user's
  build (:mod:`..bibtex.texsafety`), neutralised and reported;
- each entry becomes a paper (:mod:`.bib_paper`) with its record.

Nothing sinks the file for one entry: an entry that is not valid BibTeX
(an unbalanced brace, a missing comma) or has no title is skipped and
reported with its line and key, and the entries after it still come in.
A file with no entry that can be a paper is refused.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bibtexparser import model
from bibtexparser.splitter import Splitter

from readinglist.core.bibtex import inherit, values
from readinglist.core.bibtex.record import BibRecord
from readinglist.core.bibtex.texsafety import neutralise_field, neutralise_preamble
from readinglist.core.errors import ImportFailed
from readinglist.core.importers import bib_paper
from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from readinglist.core.text import clean_line
from readinglist.core.views import Notice

KIND = "bibtex"
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
#: Entry types that hold data for other entries, and why they are not papers.
_NOT_PAPERS = {
    "xdata": "an @xdata entry holds fields for the entries that use it (they inherit them)",
    "set": "a @set groups other entries: cite those by their own keys",
}
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_:.+\-]*")
_ENTRY_TYPE = re.compile(r"[a-z][a-z0-9_\-]*")
_FAILED_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,")
#: ``\newcommand{\noopsort}[1]{}``, ``\def\noopsort#1{}``: macros that print nothing.
_EMPTY_MACRO = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand)\*?\s*\{?\s*\\([A-Za-z@]+)\s*\}?\s*(?:\[\d\])?"
    r"\s*\{\s*\}|\\def\s*\\([A-Za-z@]+)\s*(?:#\d)*\s*\{\s*\}"
)


def looks_like(text: str) -> bool:
    """True when some line opens an ``@type{`` block."""
    return bool(_ENTRY_START.search(text))


def parse(text: str, source: str) -> ParsedBatch:
    with _quiet_parser():
        library = Splitter(text).split()
    reading = _Reading()
    for block in library.blocks:
        reading.add(block)
    return reading.batch(source)


@contextmanager
def _quiet_parser() -> Iterator[None]:
    """bibtexparser logs each bad block (several lines on stderr, through Python's
    last-resort handler); our notices name it instead."""
    logger = logging.getLogger("bibtexparser")
    handler = logging.NullHandler()
    before = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = before


@dataclass
class _Reading:
    """What the blocks of one file add up to, in file order."""

    strings: dict[str, tuple[values.Piece, ...]] = field(default_factory=dict)
    preambles: list[str] = field(default_factory=list)
    entries: list[inherit.Entry] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def add(self, block: model.Block) -> None:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            assert isinstance(entry, model.Entry)
            self.entry(entry)
        elif isinstance(block, model.DuplicateBlockKeyBlock) and block.ignore_error_block:
            self.add(block.ignore_error_block)  # a second entry with the key: a key clash
        elif isinstance(block, model.ParsingFailedBlock):
            self.notices.append(Notice(_failure(block), line, _failed_key(block), skipped=True))
        elif isinstance(block, model.String):
            pieces, _ = values.parse(block.value, self.strings)
            self.strings[block.key.strip().casefold()] = pieces
        elif isinstance(block, model.Preamble):
            self.preamble(block.value, line)
        elif isinstance(block, model.Entry):
            self.entry(block)

    def preamble(self, raw: str, line: int) -> None:
        pieces, _ = values.parse(raw, self.strings)
        text, problems = neutralise_preamble(values.latex(values.render(pieces)).strip())
        if text is None:
            reason = "; ".join(problems)
            self.notices.append(Notice(f"@preamble left out ({reason})", line, skipped=True))
        elif text and text not in self.preambles:
            self.preambles.append(text)

    def entry(self, block: model.Entry) -> None:
        line = (block.start_line or 0) + 1
        kind = block.entry_type.strip().casefold()
        problems: list[str] = []
        if not _ENTRY_TYPE.fullmatch(kind):
            problems.append(f"“@{kind[:20]}” is not an entry type: read as @misc")
            kind = "misc"
        fields: dict[str, str] = {}
        for item in block.fields:
            name = _field_name(item.key)
            if name is None:
                problems.append(f"“{clean_line(item.key)[:30]}” is not a field name: left out")
                continue
            if name in fields:
                problems.append(f"a second “{name}” field: the first one is kept")
                continue
            fields[name] = self.value(name, item.value, problems)
        self.entries.append(inherit.Entry(block.key.strip(), kind, fields, line, problems))

    def value(self, name: str, raw: str, problems: list[str]) -> str:
        """A field's stored expression (see :mod:`..bibtex.values`)."""
        if ("#" not in raw and raw[:1] == "{" and raw[-1:] == "}") or (
            raw.isascii() and raw.isdigit()
        ):
            return raw  # one braced text or a number: stored as written (the common case)
        pieces, undefined = values.parse(raw, self.strings)
        if undefined:
            problems.append(f"{name}: no @string defines {', '.join(undefined)}: kept as text")
        return values.render(pieces)

    def batch(self, source: str) -> ParsedBatch:
        inherit.resolve(self.entries)
        silent = frozenset(m[1] or m[2] for p in self.preambles for m in _EMPTY_MACRO.finditer(p))
        papers: list[IncomingPaper] = []
        for entry in self.entries:
            incoming = self.paper(entry, silent)
            if incoming is not None:
                papers.append(incoming)
        self.notices.sort(key=lambda n: n.line or 0)
        if not papers:
            first = next((n for n in self.notices if n.skipped), None)
            if first is None:
                raise ImportFailed(source, "a BibTeX file with no entries: no papers found")
            raise ImportFailed(source, f"no entry can be a paper ({first})", first.line)
        return ParsedBatch(
            source=source,
            kind=KIND,
            papers=tuple(papers),
            notices=tuple(self.notices),
            preambles=tuple(self.preambles),
        )

    def paper(self, entry: inherit.Entry, silent: frozenset[str]) -> IncomingPaper | None:
        key = entry.key or None
        if entry.entry_type in _NOT_PAPERS:
            self.notices.append(Notice(_NOT_PAPERS[entry.entry_type], entry.line, key, True))
            return None
        aliases = tuple(_listed(entry.fields.pop("ids", "")))
        fields: dict[str, str] = {}
        for name, expression in entry.fields.items():
            safe, found = neutralise_field(name, expression)
            if found:
                entry.problems.append(f"{name}: {', '.join(found)}")
            fields[name] = safe
        record = BibRecord(entry.entry_type, fields)
        incoming, warning = bib_paper.paper(
            record, entry.key, entry.line, silent=silent, aliases=aliases
        )
        if incoming is None:
            self.notices.append(Notice(warning or "not a paper", entry.line, key, True))
            return None
        if warning:
            entry.problems.append(warning)
        if entry.problems:
            self.notices.append(Notice("; ".join(entry.problems), entry.line, key))
        return incoming


def _field_name(raw: str) -> str | None:
    """A field's name, lower case; None if it is not one (comments before it are dropped)."""
    name = raw.strip().casefold()
    if _FIELD_NAME.fullmatch(name):
        return name
    lines = [ln.strip() for ln in raw.strip().splitlines() if ln.strip()]
    name = lines[-1].casefold() if lines else ""
    return name if _FIELD_NAME.fullmatch(name) else None


def _listed(expression: str) -> list[str]:
    text = values.latex(expression) if expression else ""
    return [k.strip() for k in text.split(",") if k.strip()]


def _failed_key(block: model.ParsingFailedBlock) -> str | None:
    match = _FAILED_KEY.match(block.raw or "")
    return match[1] if match else None


def _failure(block: model.ParsingFailedBlock) -> str:
    detail = clean_line(getattr(block.error, "abort_reason", "") or str(block.error)).rstrip(".")
    detail = detail.split(" due to syntactical error in bibtex: ")[-1]
    return f"not valid BibTeX ({detail})" if detail else "not valid BibTeX"


__all__ = ["KIND", "looks_like", "parse"]
