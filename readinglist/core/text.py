"""Text clean-up shared by importers, identity and search.

Digests are copied out of web pages, so they carry non-breaking spaces,
zero-width characters and stray whitespace. Everything stored passes through
:func:`clean_line` so none of that leaks into titles, keys or the index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def clean_line(text: str) -> str:
    """NFC, invisible characters dropped, every run of spaces one space.

    Every line of every import passes here (a 5,000-paper digest: ~80,000
    calls), so it avoids per-character work: ``str.split()`` splits on exactly
    the characters ``str.isspace()`` calls space (non-breaking and ideographic
    spaces included), and ``translate`` runs only when there is something to drop.
    """
    if text.isascii():  # nothing to normalise or drop (most text): spaces only
        return " ".join(text.split())
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


@lru_cache(maxsize=32768)
def title_key(title: str) -> str:
    """The identity of a paper without an arXiv id: NFC, case-folded, spaces collapsed.

    Cached: an import asks for each title's key several times (grouping,
    lookup, insert, aliases)."""
    return clean_line(title).casefold()


def fold_ascii(text: str) -> str:
    """Accents removed (``Müller`` -> ``Muller``); other non-ASCII dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.encode("ascii", "ignore").decode("ascii")


def source_name(source: str) -> str:
    """The file name a digest is shown under: never a path, never control characters.

    ``source`` is whatever the user or a drop handed in (a POSIX or Windows
    path, "clipboard", a name with newlines or terminal escapes); only its
    last component, cleaned, is stored or shown.
    """
    last = re.split(r"[/\\]", source.rstrip("/\\"))[-1]
    printable = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in last)
    name = clean_line(printable)
    return name if name not in ("", ".", "..") else "unnamed"
