"""A record's entry type and field names for BibTeX or for BibLaTeX (biber).

The record keeps what its source wrote; the export speaks the flavour asked
for. The BibLaTeX side is biber's own default source map (``biber --tool``,
``biber-tool.conf``): ``@conference`` -> ``@inproceedings``,
``@electronic``/``@www`` -> ``@online``, ``@mastersthesis``/``@phdthesis`` ->
``@thesis`` with ``type = {mathesis}``/``{phdthesis}``, ``@techreport`` ->
``@report`` with ``type = {techreport}`` (an existing ``type`` is kept),
``address`` -> ``location``, ``school`` -> ``institution``, ``annote`` ->
``annotation``, ``archiveprefix`` -> ``eprinttype``, ``journal`` ->
``journaltitle``, ``primaryclass`` -> ``eprintclass``, ``key`` -> ``sortkey``,
``pdf`` -> ``file``; and ``year``/``month`` become ``date`` as biber reads
them. The BibTeX side is the same map backwards, plus BibLaTeX's types
given the nearest classic type (``@online`` -> ``@misc``, ``@collection`` ->
``@book``...) and a ``date`` given its ``year``/``month`` (a date with a day
or a range stays beside them: BibTeX ignores it, nothing is lost).

Both directions only rename (and split or join dates), never rewrite a
value, and applying one twice changes nothing more: an export read back
and exported again gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from readinglist.core.bibtex import values

Fields = list[tuple[str, str]]

_TO_BIBLATEX_TYPES = {"conference": "inproceedings", "electronic": "online", "www": "online"}
#: Classic types that become a BibLaTeX type plus a ``type`` field.
_SUBTYPED = {
    "mastersthesis": ("thesis", "mathesis"),
    "phdthesis": ("thesis", "phdthesis"),
    "techreport": ("report", "techreport"),
}
_TO_BIBLATEX_FIELDS = {
    "address": "location", "school": "institution", "annote": "annotation",
    "archiveprefix": "eprinttype", "journal": "journaltitle", "primaryclass": "eprintclass",
    "key": "sortkey", "pdf": "file",
}  # fmt: skip
_TO_BIBTEX_FIELDS = {
    "journaltitle": "journal", "location": "address", "annotation": "annote",
    "eprinttype": "archiveprefix", "eprintclass": "primaryclass", "sortkey": "key",
}  # fmt: skip
#: The types classic styles (plain.bst and friends) know.
BIBTEX_TYPES = frozenset(
    {"article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings",
     "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished"}
)  # fmt: skip
#: BibLaTeX types and the nearest classic one (anything else unknown: ``@misc``).
_TO_BIBTEX_TYPES = {
    "collection": "book", "mvbook": "book", "mvcollection": "book", "bookinbook": "book",
    "reference": "book", "mvreference": "book", "mvproceedings": "proceedings",
    "inreference": "incollection", "suppcollection": "incollection", "suppbook": "inbook",
    "suppperiodical": "article", "review": "article", "report": "techreport",
}  # fmt: skip
#: How field names are written (arXiv's own spelling; everything else lower case).
DISPLAY_NAMES = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
_YEAR = re.compile(r"\{?(\d{4})\}?")
_DATE = re.compile(r"\{?(\d{4})(?:-(\d{2}))?(.*?)\}?")


def for_biblatex(entry_type: str, fields: Mapping[str, str]) -> tuple[str, Fields]:
    """Type and fields as biber's default source map would make them."""
    out = dict(fields)
    kind = _TO_BIBLATEX_TYPES.get(entry_type, entry_type)
    if kind in _SUBTYPED:
        kind, subtype = _SUBTYPED[kind]
        out.setdefault("type", "{" + subtype + "}")
    out = _renamed(out, _TO_BIBLATEX_FIELDS)
    return kind, list(_biblatex_date(out).items())


def for_bibtex(entry_type: str, fields: Mapping[str, str]) -> tuple[str, Fields]:
    """Type and fields for classic BibTeX: the map above backwards."""
    out = dict(fields)
    kind = entry_type
    subtype = values.latex(out.get("type", "")).strip().casefold()
    if kind == "thesis":
        kind = "mastersthesis" if subtype in ("mathesis", "mastersthesis") else "phdthesis"
    elif kind == "report":
        kind = "techreport"
    if kind != entry_type and subtype in ("mathesis", "phdthesis", "techreport"):
        del out["type"]
    if kind in ("phdthesis", "mastersthesis") and "school" not in out and "institution" in out:
        out = _renamed(out, {"institution": "school"})
    if kind in ("online", "electronic", "www"):
        kind = "misc"
    kind = kind if kind in BIBTEX_TYPES else _TO_BIBTEX_TYPES.get(kind, "misc")
    out = _renamed(out, _TO_BIBTEX_FIELDS)
    return kind, list(_bibtex_date(out).items())


def _renamed(fields: dict[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """Fields renamed in place (same position); a name whose target is there already
    is dropped (the target, in the flavour's own name, wins)."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        target = names.get(name)
        if target is None:
            out.setdefault(name, value)
        elif target not in fields:
            out[target] = value
    return out


def _biblatex_date(fields: dict[str, str]) -> dict[str, str]:
    """``year``/``month`` as one ``date`` (where ``year`` stood), when they say a date."""
    if "date" in fields:
        return {k: v for k, v in fields.items() if k not in ("year", "month")}
    year = _YEAR.fullmatch(fields.get("year", ""))
    month = fields.get("month")
    number = values.month_number(month) if month else None
    if year is None or (month and number is None):
        return fields
    when = year[1] + (f"-{number:02d}" if number else "")
    return {
        ("date" if k == "year" else k): ("{" + when + "}" if k == "year" else v)
        for k, v in fields.items()
        if k != "month"
    }


def _bibtex_date(fields: dict[str, str]) -> dict[str, str]:
    """A ``date`` as ``year`` (and ``month``) where it stood; kept too if it says more."""
    date = _DATE.fullmatch(fields.get("date", ""))
    if "year" in fields or date is None:
        return fields
    year, month, rest = date[1], date[2], date[3]
    parts = {"year": "{" + year + "}"}
    if month and 1 <= int(month) <= 12:
        parts["month"] = values.MONTHS[int(month) - 1]
    out: dict[str, str] = {}
    for name, value in fields.items():
        if name == "date":
            out.update(parts)
            if rest or (month and "month" not in parts):
                out[name] = value
        else:
            out[name] = value
    return out


__all__ = ["BIBTEX_TYPES", "DISPLAY_NAMES", "for_biblatex", "for_bibtex"]
