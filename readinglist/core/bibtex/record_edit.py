"""A user's edit of a paper, carried into its bibliographic record.

A paper that came from a .bib exports from its record, so an edit of its
title, authors, year, venue, link, arXiv id or category must reach the
record too, or the export would go on saying what the user corrected. The
edited field is written as LaTeX from the new text (accents as ``{\\"u}``,
acronyms brace-protected, the way the app writes every entry); the other
fields stay byte for byte. The merge then protects these fields from later
imports (:data:`.record.EDITED_FIELDS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from readinglist.core.bibtex.entries import bib_name, safe_url
from readinglist.core.bibtex.latex import escape, title_to_latex
from readinglist.core.bibtex.record import EDITED_FIELDS

_IN_A_BOOK = frozenset({"inproceedings", "incollection", "inbook", "conference", "inreference"})


def edited_fields(
    row: Mapping[str, Any], edited: Mapping[str, Any], values: Mapping[str, Any]
) -> dict[str, Any]:
    """``{"bib_fields": ...}`` for a paper with a record whose edited columns are
    ``values`` (as :func:`..metadata.edit_values` made them); ``{}`` otherwise."""
    if not row.get("entry_type"):
        return {}
    fields = dict(row.get("bib_fields") or {})
    for name in edited:
        _apply(fields, row["entry_type"], name, values)
    return {"bib_fields": fields}


def _apply(fields: dict[str, str], kind: str, name: str, values: Mapping[str, Any]) -> None:
    if name == "title":
        fields["title"] = "{" + title_to_latex(values["title"], ascii_only=True) + "}"
    elif name == "authors":
        names = [bib_name(a, ascii_only=True) for a in values["authors"]]
        _put(fields, "author", "{" + " and ".join(names) + "}" if names else None)
    elif name == "year":
        _year(fields, values.get("published"))
    elif name == "venue":
        venue = values.get("venue")
        present = [f for f in EDITED_FIELDS["venue"] if f in fields]
        target = present[0] if present else _venue_field(kind)
        for other in present[1:]:
            del fields[other]
        _put(fields, target, "{" + escape(venue, ascii_only=True) + "}" if venue else None)
    elif name == "url":
        url = safe_url(values["url"]) if values.get("url") else None
        _put(fields, "url", "{" + url + "}" if url else None)
    elif name == "arxiv_id":
        _arxiv(fields, values.get("arxiv_id"))
    elif name == "primary_class":
        target = "eprintclass" if "eprintclass" in fields else "primaryclass"
        klass = values.get("primary_class")
        _put(fields, target, "{" + escape(klass, ascii_only=True) + "}" if klass else None)


def _put(fields: dict[str, str], name: str, value: str | None) -> None:
    """Set a field where it stands (or at the end), or remove it for None."""
    if value is None:
        fields.pop(name, None)
    else:
        fields[name] = value


def _venue_field(kind: str) -> str:
    if kind in ("article", "periodical"):
        return "journal"
    return "booktitle" if kind in _IN_A_BOOK else "howpublished"


def _year(fields: dict[str, str], published: date | None) -> None:
    """The edited year: a year-precise date replaces date, year and month."""
    year = "{" + str(published.year) + "}" if published else None
    fields.pop("month", None)
    if "date" in fields:
        fields.pop("year", None)
        _put(fields, "date", year)
    else:
        _put(fields, "year", year)


def _arxiv(fields: dict[str, str], arxiv_id: str | None) -> None:
    archive = "eprinttype" if "eprinttype" in fields else "archiveprefix"
    if arxiv_id is None:
        if fields.get(archive, "{arXiv}").strip("{}").casefold() == "arxiv":
            for name in ("eprint", archive):
                fields.pop(name, None)
        return
    fields["eprint"] = "{" + escape(arxiv_id, ascii_only=True) + "}"
    fields.setdefault(archive, "{arXiv}")


__all__ = ["edited_fields"]
