"""Importers: bytes from a file, a drop or the clipboard, to a :class:`ParsedBatch`.

:func:`parse_input` chooses the importer by content, not by file name, so a
digest saved as ``.md``, a ``.bib`` saved as ``.txt`` or pasted text is read
the same way:

- JSON (starts with ``{``, or ``[`` and a value): the Hugging Face daily-papers API;
- XML (starts with ``<``): an arXiv Atom feed (other XML is refused);
- a Hugging Face papers page (:mod:`.hf_pages`) that opens with its header
  or a day line;
- BibTeX/BibLaTeX (some line opens an ``@type{`` block);
- a Hugging Face papers page that says so near its top (Markdown, a dump,
  an export with front matter);
- anything else: read as a digest when the user gave its day, else refused.

The importers load when a text is read, not with this package: the models
and the dataclasses of :mod:`.base` are needed by every library that opens,
the parsers (bibtexparser among them) only by an import.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.base import (
    IncomingDigest,
    IncomingPaper,
    ParsedBatch,
    check_lines,
    decode_text,
)

__all__ = ["IncomingDigest", "IncomingPaper", "ParsedBatch", "detect", "parse_input"]

#: JSON opens with an object or an array of values; a Markdown page may open with
#: ``[![`` and a text browser's dump with ``[1]Hugging Face``.
_JSON = re.compile(
    r"\s*(?:\{|\[\s*(?:[\[{\"]|\]\s*$|-?\d[\d.eE+-]*\s*(?:,|\]\s*$)|true|false|null|$))"
)


def detect(text: str, *, day: date | None = None) -> str | None:
    """The kind of importer for ``text``, or ``None`` when no importer reads it.

    Every shape of Hugging Face page is ``hf-text`` here; the import reports
    the shape it read (``hf-markdown``, ``hf-dump``).
    """
    from readinglist.core.importers import arxiv_atom, bibtex_file, hf_json, hf_pages

    if hf_json.looks_like(text) and _JSON.match(text):
        return hf_json.KIND
    if arxiv_atom.looks_like(text):
        return arxiv_atom.KIND
    if hf_pages.looks_like(text):
        return hf_pages.KIND
    if bibtex_file.looks_like(text):
        return bibtex_file.KIND
    if hf_pages.mentions_page(text) or day is not None:
        return hf_pages.KIND
    return None


def parse_input(data: bytes, source: str, *, today: date, day: date | None = None) -> ParsedBatch:
    """Detect the format of ``data`` and parse it; raises :class:`ImportFailed`."""
    decoded = decode_text(data, source, line_limit=False)
    batch = _parse(decoded.text, source, today=today, day=day)
    return replace(batch, encoding=decoded.label) if decoded.encoding != "utf-8" else batch


def _parse(text: str, source: str, *, today: date, day: date | None) -> ParsedBatch:
    from readinglist.core.importers import arxiv_atom, bibtex_file, hf_json, hf_pages

    kind = detect(text, day=day)
    if kind not in (hf_json.KIND, arxiv_atom.KIND):  # API responses are often one line
        check_lines(text, source)
    if kind == hf_json.KIND:
        return hf_json.parse(text, source, day=day)
    if kind == arxiv_atom.KIND:
        return arxiv_atom.parse(text, source)
    if kind == bibtex_file.KIND:
        return bibtex_file.parse(text, source)
    if kind == hf_pages.KIND:
        return hf_pages.parse(text, source, today=today, day=day)
    raise ImportFailed(
        source,
        "not a format readinglist reads: expected a Hugging Face papers page (copied as text "
        "or Markdown, or a text browser's dump), its JSON, an arXiv Atom feed or a BibTeX file",
    )
