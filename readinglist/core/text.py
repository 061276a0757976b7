"""Text clean-up shared by importers, identity and search.

Digests are copied out of web pages, so they carry non-breaking spaces,
zero-width characters and stray whitespace. Everything stored passes through
:func:`clean_line` so none of that leaks into titles, keys or the index.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_line(text: str) -> str:
    """NFC, invisible characters dropped, every run of spaces one space."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def title_key(title: str) -> str:
    """The identity of a paper without an arXiv id: NFC, case-folded, spaces collapsed."""
    return clean_line(title).casefold()


def fold_ascii(text: str) -> str:
    """Accents removed (``Müller`` -> ``Muller``); other non-ASCII dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.encode("ascii", "ignore").decode("ascii")
