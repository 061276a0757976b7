"""A paper's bibliographic record: the entry a .bib file gave for it.

Stored on the paper (``paper.entry_type``, ``paper.bib_fields``; see
:class:`readinglist.core.models.Paper`): the entry type as the source wrote it
(lower-cased: ``article``, ``inproceedings``, ``online``...) and every field,
names lower-cased, each value the source's own expression (see
:mod:`.values`: LaTeX intact, ``@string`` macros expanded). ``ids``,
``crossref`` and ``xdata`` are not kept: keys become aliases, and inherited
fields are copied in. The export writes a record back field by field, so a
field nobody edited goes out byte for byte.

Two records of one paper (two entries of a file, or two files) combine by
order-independent rules, like every other column (:mod:`..merge_rules`):
every field of either; for a field both have, the longer value, then the
one that sorts first; the more specific entry type (anything before
``@misc``/``@online``), then the one that sorts first. Fields the user edited
keep their value, or their absence.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from readinglist.core.bibtex import values
from readinglist.core.bibtex.latex_text import to_text

#: Entry types that say least about a work: any other type wins over these.
GENERIC_TYPES = frozenset({"misc", "online", "electronic", "www", "unpublished"})
#: Record fields each user-editable column stands for (an edit guards them).
EDITED_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "authors": ("author",),
    "year": ("year", "month", "date"),
    "venue": ("journal", "journaltitle", "booktitle", "howpublished"),
    "url": ("url",),
    "arxiv_id": ("eprint", "archiveprefix", "eprinttype"),
    "primary_class": ("primaryclass", "eprintclass"),
}


@dataclass(frozen=True)
class BibRecord:
    """An entry type and its fields (lower-case names -> stored expressions), in order."""

    entry_type: str
    fields: Mapping[str, str] = field(default_factory=dict)

    def text(self, name: str, silent: Collection[str] = ()) -> str:
        """The Unicode text of a field (``""`` when absent)."""
        expression = self.fields.get(name)
        return value_text(expression, silent) if expression else ""

    def latex(self, name: str) -> str:
        """The LaTeX of a field, months spelled out (``""`` when absent)."""
        expression = self.fields.get(name)
        return values.latex(expression) if expression else ""


#: How an entry type is named to a reader.
_TYPE_NAMES = {
    "article": "Article", "inproceedings": "Conference paper", "conference": "Conference paper",
    "incollection": "Chapter", "inbook": "Chapter", "book": "Book", "mvbook": "Book",
    "collection": "Collection", "proceedings": "Proceedings", "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis", "thesis": "Thesis", "techreport": "Report",
    "report": "Report", "online": "Web page", "manual": "Manual", "booklet": "Booklet",
    "patent": "Patent", "unpublished": "Unpublished", "misc": "Work",
}  # fmt: skip


def describe(record: BibRecord, editors: Iterable[str] = ()) -> str:
    """One line for a reader: ``Article · J. Chem. Phys. 41(7), pp. 73–119 · doi:…``."""
    kind = _TYPE_NAMES.get(record.entry_type, record.entry_type.capitalize())
    venue = next(
        (t for f in ("journal", "journaltitle", "booktitle", "school", "institution",
                     "publisher", "howpublished") if (t := record.text(f))),
        "",
    )  # fmt: skip
    volume, number, pages = record.text("volume"), record.text("number"), record.text("pages")
    if volume:
        venue += f" {volume}" + (f"({number})" if number else "")
    if pages:
        venue += f", pp. {pages}" if venue else f"pp. {pages}"
    parts = [kind, venue.strip()]
    names = list(editors)
    if names:
        parts.append(("Ed. " if len(names) == 1 else "Eds. ") + ", ".join(names[:4]))
    if doi := record.text("doi"):
        parts.append(f"doi:{doi}")
    return " · ".join(p for p in parts if p)


def value_text(expression: str, silent: Collection[str] = ()) -> str:
    """The Unicode text of a stored expression."""
    return to_text(values.latex(expression), silent)


def guarded(user_fields: Iterable[str]) -> frozenset[str]:
    """The record fields the user's edits protect."""
    return frozenset(name for edited in user_fields for name in EDITED_FIELDS.get(edited, ()))


def better_type(a: str, b: str) -> str:
    """The more specific of two entry types (order-independent)."""
    return min((a, b), key=lambda t: (t in GENERIC_TYPES, t))


def better_value(a: str, b: str) -> str:
    """The longer of two values of one field; equal lengths, the one that sorts first."""
    if len(a) != len(b):
        return a if len(a) > len(b) else b
    return min(a, b)


def join(current: BibRecord, other: BibRecord, protect: Collection[str] = ()) -> BibRecord:
    """``current`` combined with ``other``; fields in ``protect`` keep ``current``'s state."""
    merged = dict(current.fields)
    for name, value in other.fields.items():
        if name in protect:
            continue
        mine = merged.get(name)
        merged[name] = value if mine is None else better_value(mine, value)
    return BibRecord(better_type(current.entry_type, other.entry_type), merged)


def join_optional(
    current: BibRecord | None, other: BibRecord | None, protect: Collection[str] = ()
) -> BibRecord | None:
    if current is None:
        return other
    if other is None:
        return current
    return join(current, other, protect)


def from_columns(entry_type: str | None, fields: Mapping[str, str] | None) -> BibRecord | None:
    """The record stored in a paper's ``entry_type``/``bib_fields`` columns, if any."""
    if not entry_type:
        return None
    return BibRecord(entry_type, dict(fields or {}))


def to_columns(record: BibRecord | None) -> tuple[str | None, dict[str, str]]:
    """``(entry_type, bib_fields)`` column values for a record (or for none)."""
    if record is None:
        return None, {}
    return record.entry_type, dict(record.fields)


__all__ = [
    "EDITED_FIELDS",
    "BibRecord",
    "better_type",
    "describe",
    "from_columns",
    "guarded",
    "join",
    "join_optional",
    "to_columns",
    "value_text",
]
