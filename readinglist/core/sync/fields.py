"""What of a library is synced, and how each part merges: the one table to extend.

Every paper is shared under a ``uid`` (:mod:`.shared`), never its local id.
Its parts, by how two devices' changes combine:

============================  =======================================  ==========================
what                          where in the document                    merge
============================  =======================================  ==========================
metadata an import merges     ``meta[uid]`` (a plain dict)             the import's own rules
(``merge_rules.MERGED``)                                               (:func:`merge_rules.join`)
``digest_day``, ``added_at``  ``meta[uid]``                            :data:`META_EXTRA`
former titles, digest         ``meta[uid]``: :data:`META_SETS`,        union (per entry: first
entries                       ``entries``                              position, most upvotes)
digests (day, name, source)   ``digests[day]``                         the earliest import
starred, read, the bin        ``user["uid\\x1f<name>"]``:              the last change wins
                              :data:`REGISTERS`
fields edited by hand         ``user["uid\\x1fedit\\x1f<field>"]``     the last edit wins
                              (:data:`EDITS`)
tags                          ``user["uid\\x1ftag\\x1f<key>"]``        per tag, the last change
the note                      root ``Text`` ``note:<uid>``             Yrs text, by line diffs
                                                                       (:mod:`.notes`)
citation key                  ``user["uid\\x1fkey\\x1f<device>"]``     the earliest claim
                                                                       (:mod:`.keys`)
permanent deletion            ``user["uid\\x1fpurged"]``               the last change wins
============================  =======================================  ==========================

``meta`` holds what every device that imports the paper derives alike, so a
device writes back its combination whenever it knows more than the document
(a join never goes backwards, so this settles). Registers hold
``[value, time]``: concurrent changes of one register keep one of them (the
same on every device), and a paper known under two uids reads each register
from the latest change. A value a device had before it ever shared the paper
overrides the shared one only if it adds something (:attr:`Register.adds`):
joining a folder never takes away another device's star.

To sync a new column: a column imports merge goes into
``merge_rules.MERGED`` and is synced with it; another derived column gets a
line in :data:`META_EXTRA`; a per-paper choice of the user gets a line in
:data:`REGISTERS`; a table of values per paper that only grows gets a line in
:data:`META_SETS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.types import JSON, Boolean, Date, DateTime, Integer

from readinglist.core import merge_rules
from readinglist.core.models import Paper
from readinglist.core.tables import EDITABLE_FIELDS, PAPER, TITLE_ALIAS

Record = dict[str, Any]


@dataclass(frozen=True)
class Register:
    """Columns of a paper that change together; the last change wins."""

    name: str
    columns: tuple[str, ...]
    #: Whether a value from before this device shared the paper overrides the
    #: shared one: only one that adds something (a star, a read mark) does.
    adds: Callable[[Mapping[str, Any]], bool]


def _never(_value: Mapping[str, Any]) -> bool:
    return False


REGISTERS: tuple[Register, ...] = (
    Register("starred", ("starred",), lambda v: bool(v["starred"])),
    # keep_unread: marked unread by hand, which auto-read respects on every device
    Register("read", ("read", "read_at", "keep_unread"), lambda v: bool(v["read"])),
    Register("removed", ("removed_at",), _never),
)

#: Each editable field's register holds the columns its edit sets (``year`` sets the date).
EDITS: dict[str, tuple[str, ...]] = {
    name: tuple(column for column, guard in merge_rules.GUARD.items() if guard == name)
    for name in EDITABLE_FIELDS
}


def earliest(a: Any, b: Any) -> Any:
    """The earlier of two dates or times; None is unknown."""
    known = [v for v in (a, b) if v is not None]
    return min(known) if known else None


#: Derived columns outside ``merge_rules.MERGED``, each with its join.
META_EXTRA: dict[str, Callable[[Any, Any], Any]] = {
    "digest_day": earliest,
    "added_at": earliest,
}


@dataclass(frozen=True)
class MetaSet:
    """A table of values per paper that only grows (``title_alias``): synced as a union."""

    name: str
    table: Table
    column: str


META_SETS: tuple[MetaSet, ...] = (MetaSet("titles", TITLE_ALIAS, "title_key"),)

#: Every column of ``meta``, in a fixed order.
META_COLUMNS: tuple[str, ...] = (*merge_rules.MERGED, *META_EXTRA)
_PRECISIONS = frozenset({"day", "month", "year"})
#: Digest entries of a paper: ``{day: [position, upvotes]}``.
ENTRIES = "entries"


# values as the document holds them ----------------------------------------------


def to_doc(column: str, value: Any) -> Any:
    """A column value as JSON the document can hold (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    return str(value)


def _bool(value: Any) -> bool:
    return bool(value)


def _int(value: Any) -> int:
    return int(value)


def _list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _object(value: Any) -> dict[str, str]:
    """A JSON object column (a .bib record's ``bib_fields``: name -> value as written)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items()}


def _precision(value: Any) -> str | None:
    return value if value in _PRECISIONS else None


def _day_of(value: Any) -> date:
    return date.fromisoformat(str(value))


def _moment(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _converter(column: str) -> Callable[[Any], Any]:
    """How a document value becomes the column's Python type."""
    if column == "published_precision":
        return _precision
    if Paper.model_fields[column].default_factory is dict:  # a JSON object, not a list
        return _object
    declared = PAPER.c[column].type
    kind = getattr(declared, "impl", declared)  # sqlmodel's UTCDateTime decorates a DateTime
    for sql_type, convert in (
        (DateTime, _moment),
        (Date, _day_of),
        (Boolean, _bool),
        (Integer, _int),
        (JSON, _list),
    ):
        if isinstance(kind, sql_type):
            return convert
    return _text


#: One converter per paper column, chosen once (a device joining reads millions of values).
_CONVERT: dict[str, Callable[[Any], Any]] = {c.name: _converter(c.name) for c in PAPER.c}


def from_doc(column: str, value: Any) -> Any:
    """A value from the document as the column's Python type (numbers come back as
    floats); None for a value of the wrong kind (a foreign writer's)."""
    if value is None:
        return None
    try:
        return _CONVERT[column](value)
    except (TypeError, ValueError):
        return None


def columns_to_doc(row: Mapping[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: to_doc(c, row[c]) for c in columns}


def columns_from_doc(value: Any, columns: tuple[str, ...]) -> dict[str, Any] | None:
    """A register's columns, or None when the value is not a dict of them (a foreign writer)."""
    if not isinstance(value, dict) or not all(c in value for c in columns):
        return None
    return {c: from_doc(c, value[c]) for c in columns}


# meta -----------------------------------------------------------------------------


def empty_meta() -> Record:
    """A record that knows nothing: the identity of :func:`join_meta`."""
    rec: Record = {c: None for c in META_COLUMNS}
    rec.update(abstract="", authors=[], editors=[], bib_fields={}, upvotes=0, title=None)
    rec.update({s.name: [] for s in META_SETS})
    rec[ENTRIES] = {}
    return rec


def meta_to_doc(rec: Record) -> dict[str, Any]:
    out = {c: to_doc(c, rec[c]) for c in META_COLUMNS}
    out.update({s.name: sorted(rec[s.name]) for s in META_SETS})
    out[ENTRIES] = {d: list(v) for d, v in sorted(rec[ENTRIES].items())}
    return out


def meta_from_doc(value: Any) -> Record | None:
    """The record in the document, or None when there is none (or it is not a record)."""
    if not isinstance(value, dict) or not isinstance(value.get("title"), str):
        return None
    rec = empty_meta()
    for column in META_COLUMNS:
        if column in value:
            rec[column] = from_doc(column, value[column])
    if not rec["title"] or not rec["title"].strip():
        return None
    if rec["published"] is None:
        rec["published_precision"] = None
    elif rec["published_precision"] not in _PRECISIONS:
        rec["published_precision"] = "day"
    rec["abstract"] = rec["abstract"] or ""
    rec["authors"] = rec["authors"] or []
    rec["editors"] = rec["editors"] or []
    rec["bib_fields"] = rec["bib_fields"] or {}
    rec["upvotes"] = rec["upvotes"] or 0
    for s in META_SETS:
        found = value.get(s.name)
        rec[s.name] = sorted({str(v) for v in found}) if isinstance(found, list) else []
    entries = value.get(ENTRIES)
    if isinstance(entries, dict):
        rec[ENTRIES] = {str(d): _entry(v) for d, v in entries.items() if _day(str(d))}
    return rec


def _day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _entry(value: Any) -> tuple[int, int | None]:
    position, upvotes = [*value, 0, None][:2] if isinstance(value, list) else (0, None)
    return (
        int(position) if isinstance(position, int | float) else 0,
        int(upvotes) if isinstance(upvotes, int | float) else None,
    )


def join_meta(a: Record, b: Record) -> Record:
    """Two devices' records of one paper combined: commutative, associative, idempotent."""
    if a["title"] is None:
        return dict(b)
    if b["title"] is None:
        return dict(a)
    out = merge_rules.join(a, b)
    for column, join in META_EXTRA.items():
        out[column] = join(a[column], b[column])
    for s in META_SETS:
        out[s.name] = sorted(set(a[s.name]) | set(b[s.name]))
    entries = dict(a[ENTRIES])
    for day, (position, upvotes) in b[ENTRIES].items():
        if day in entries:
            mine, votes = entries[day]
            known = [v for v in (votes, upvotes) if v is not None]
            entries[day] = (min(mine, position), max(known) if known else None)
        else:
            entries[day] = (position, upvotes)
    out[ENTRIES] = entries
    return out


def digest_to_doc(digest: Mapping[str, Any]) -> dict[str, Any]:
    """A digest's description (source, name, when imported) as the document holds it."""
    return {
        "source": str(digest["source"]),
        "name": str(digest["name"]),
        "imported_at": to_doc("added_at", digest["imported_at"]),
    }


#: The source of a digest row made for an entry whose digest's description has
#: not arrived yet (:func:`.rows.ensure_digests`); no importer has this kind.
PLACEHOLDER = "sync"


def digest_wins(candidate: Mapping[str, Any], current: Any) -> bool:
    """Whether ``candidate`` describes a digest instead of ``current``: the first
    import's description wins (then the smaller name), whoever reads it.

    A placeholder describes nothing: it never wins (so it is never shared), and
    any description replaces it, even one dated after it was made (the importing
    device's clock ahead of ours).
    """
    if candidate["source"] == PLACEHOLDER:
        return False
    if not isinstance(current, dict) or current.get("source") == PLACEHOLDER:
        return True
    order = (str(candidate["imported_at"]), str(candidate["name"]))
    return order < (str(current.get("imported_at", "")), str(current.get("name", "")))


def same_meta(a: Record | None, b: Record | None) -> bool:
    if a is None or b is None:
        return a is b
    return meta_to_doc(a) == meta_to_doc(b)
