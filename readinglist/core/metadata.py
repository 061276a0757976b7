"""Editing a paper's metadata by hand: validation and the values to store.

The user's word beats every source: each edited field is recorded in
``Paper.user_fields`` and the merge never changes it again. Editing a title
keeps the old one as an alias, so re-importing the digest it came from
finds the paper instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, select

from readinglist.core.errors import InvalidInputError
from readinglist.core.importers.links import is_primary_class, normalise_arxiv_id
from readinglist.core.tables import EDITABLE_FIELDS, PAPER, TITLE_ALIAS, Precision
from readinglist.core.text import clean_line, title_key

MAX_TITLE = 600
MAX_TEXT = 1000
MAX_AUTHORS = 5000


def edit_values(
    conn: Connection, row: Mapping[str, Any], fields: Mapping[str, Any], *, today: date
) -> dict[str, Any]:
    """The column values for editing ``row`` with ``fields``; raises InvalidInputError."""
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInputError(
            f"Cannot edit {', '.join(unknown)}: editable fields are {', '.join(EDITABLE_FIELDS)}."
        )
    if not fields:
        raise InvalidInputError("Nothing to edit: give at least one field.")
    pid = row["id"]
    values: dict[str, Any] = {}
    if "title" in fields:
        values.update(_title(conn, pid, fields["title"]))
    if "authors" in fields:
        authors = _authors(fields["authors"])
        values["authors"] = authors
        values["author_count"] = len(authors) or row["author_count"]
    if "year" in fields:
        values.update(_year(fields["year"], row, today))
    if "arxiv_id" in fields:
        values["arxiv_id"] = _arxiv_id(conn, pid, fields["arxiv_id"])
    if "venue" in fields:
        values["venue"] = _text(fields["venue"], "venue")
    if "url" in fields:
        values["url"] = _url(fields["url"])
    if "primary_class" in fields:
        values["primary_class"] = _primary_class(fields["primary_class"])
    edited = set(row["user_fields"] or []) | set(fields)
    values["user_fields"] = sorted(edited)
    return values


def remember_title(conn: Connection, row: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Keep the old title key as an alias; drop an alias the new title now is."""
    new_key = values.get("title_key")
    if new_key is None or new_key == row["title_key"]:
        return
    conn.execute(TITLE_ALIAS.delete().where(TITLE_ALIAS.c.title_key == new_key))
    existing = conn.execute(
        select(TITLE_ALIAS.c.paper_id).where(TITLE_ALIAS.c.title_key == row["title_key"])
    ).scalar()
    if existing is None:
        conn.execute(TITLE_ALIAS.insert().values(title_key=row["title_key"], paper_id=row["id"]))


def _title(conn: Connection, pid: int, value: Any) -> dict[str, Any]:
    if not isinstance(value, str) or not clean_line(value):
        raise InvalidInputError("A title cannot be empty.")
    title = clean_line(value)
    if len(title) > MAX_TITLE:
        raise InvalidInputError(f"A title is at most {MAX_TITLE} characters.")
    key = title_key(title)
    other = conn.execute(
        select(PAPER.c.id, PAPER.c.removed_at).where(PAPER.c.title_key == key, PAPER.c.id != pid)
    ).first()
    if other is not None:
        where = " (in the bin)" if other.removed_at is not None else ""
        raise InvalidInputError(f"Paper {other.id}{where} already has the title “{title}”.")
    return {"title": title, "title_key": key}


def _authors(value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInputError("Authors must be a list of names.")
    names = []
    for name in value:
        if not isinstance(name, str):
            raise InvalidInputError("Each author must be a name.")
        if cleaned := clean_line(name):
            if len(cleaned) > MAX_TEXT:
                raise InvalidInputError(f"An author's name is at most {MAX_TEXT} characters.")
            names.append(cleaned)
    if len(names) > MAX_AUTHORS:
        raise InvalidInputError(f"At most {MAX_AUTHORS} authors.")
    return names


def parse_authors(text: str) -> list[str]:
    """``"Last, First; Other, Name"`` as a list (the CLI's and the detail pane's form)."""
    return [n for n in (clean_line(part) for part in text.split(";")) if n]


def _year(value: Any, row: Mapping[str, Any], today: date) -> dict[str, Any]:
    if value is None:
        return {"published": None, "published_precision": None}
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("A year must be a whole number such as 2023.")
    if not 1000 <= value <= today.year + 1:
        raise InvalidInputError(f"{value} is not a plausible year (1000 to {today.year + 1}).")
    current = row["published"]
    if isinstance(current, date) and current.year == value and row["published_precision"]:
        return {"published": current, "published_precision": row["published_precision"]}
    return {"published": date(value, 1, 1), "published_precision": Precision.YEAR.value}


def _arxiv_id(conn: Connection, pid: int, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    canonical = normalise_arxiv_id(value) if isinstance(value, str) else None
    if canonical is None:
        raise InvalidInputError(
            f"“{value}” is not an arXiv id (such as 2301.00001 or hep-th/9901001)."
        )
    other = conn.execute(
        select(PAPER.c.id, PAPER.c.removed_at).where(
            PAPER.c.arxiv_id == canonical, PAPER.c.id != pid
        )
    ).first()
    if other is not None:
        where = " (in the bin)" if other.removed_at is not None else ""
        raise InvalidInputError(f"Paper {other.id}{where} already has the arXiv id {canonical}.")
    return canonical


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"The {name} must be text.")
    cleaned = clean_line(value)
    if len(cleaned) > MAX_TEXT:
        raise InvalidInputError(f"The {name} is at most {MAX_TEXT} characters.")
    return cleaned or None


def _url(value: Any) -> str | None:
    text = _text(value, "URL")
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
        raise InvalidInputError(f"“{text}” is not a web address (it must start with https://).")
    return text


def _primary_class(value: Any) -> str | None:
    text = _text(value, "primary class")
    if text is None:
        return None
    if not is_primary_class(text):
        raise InvalidInputError(f"“{text}” is not an arXiv category (such as cs.CL or hep-th).")
    return text
