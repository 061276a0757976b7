"""Tag names: the one place that says what a tag name is and when two are the same tag.

A name is cleaned like every stored line (:func:`~readinglist.core.text.clean_line`)
and two names are one tag when their :func:`tag_key` (the cleaned name,
case-folded) is equal: ``Thesis`` and ``thesis``, and ``Über`` and ``über``,
are one tag, stored in the spelling it was first given. The Library's tag
writes, the paper list's tag filter, BibTeX's tag scope and the window's
tag editor all go through here.

Matching is done in Python rather than by SQLite, whose ``lower()`` and
``NOCASE`` fold ASCII letters only; a library holds few distinct tags, so
reading their names is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from readinglist.core.errors import InvalidInputError
from readinglist.core.tables import TAG
from readinglist.core.text import clean_line

MAX_TAG = 64


def clean_tag(name: str) -> str:
    """``name`` as it is stored; refuses an empty, over-long or comma-holding name."""
    cleaned = clean_line(name)
    if not cleaned:
        raise InvalidInputError("A tag cannot be empty.")
    if len(cleaned) > MAX_TAG:
        raise InvalidInputError(f"A tag is at most {MAX_TAG} characters: “{cleaned[:20]}…”.")
    if "," in cleaned:
        raise InvalidInputError(f"A tag cannot contain a comma: “{cleaned}”.")
    return cleaned


def tag_key(name: str) -> str:
    """What two spellings of one tag have in common."""
    return clean_line(name).casefold()


def split_tags(text: str) -> list[str]:
    """A comma-separated list as typed in the tag editor: cleaned, blanks
    dropped, each tag once (in the first spelling given)."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = clean_line(part)
        if name:
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def stored_tags(conn: Connection, names: Iterable[str]) -> list[tuple[int, str]]:
    """(id, stored name) of every tag that is one of ``names``."""
    wanted = {tag_key(n) for n in names}
    if not wanted:
        return []
    rows = conn.execute(select(TAG.c.id, TAG.c.name).order_by(TAG.c.id))
    return [(tag_id, name) for tag_id, name in rows if tag_key(name) in wanted]


def stored_name(conn: Connection, name: str) -> str | None:
    """The stored spelling of tag ``name``, or None when there is no such tag."""
    found = stored_tags(conn, [name])
    return found[0][1] if found else None
