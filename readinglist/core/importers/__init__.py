"""Importers: bytes from a file, a drop or the clipboard, to a :class:`ParsedBatch`.

:func:`parse_input` chooses the importer by content, not by file name, so a
digest saved as ``.md`` or pasted text is read the same way.
"""

from __future__ import annotations

from datetime import date

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import hf_text
from readinglist.core.importers.base import (
    IncomingDigest,
    IncomingPaper,
    ParsedBatch,
    decode_text,
)

__all__ = ["IncomingDigest", "IncomingPaper", "ParsedBatch", "parse_input"]


def parse_input(data: bytes, source: str, *, today: date, day: date | None = None) -> ParsedBatch:
    """Detect the format of ``data`` and parse it; raises :class:`ImportFailed`."""
    text = decode_text(data, source)
    if hf_text.looks_like(text) or day is not None:
        return hf_text.parse(text, source, today=today, day=day)
    raise ImportFailed(
        source,
        "not a format readinglist reads: expected a Hugging Face Daily Papers digest "
        "(text copied from the page)",
    )
