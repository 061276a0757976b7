"""CSL-JSON: the bibliography format of pandoc, Quarto and Zotero.

Mapped per the CSL 1.0.2 schema (``csl-data.json``: an array of items, each
with ``id`` and ``type``, and no key the schema does not list):

* arXiv papers are ``article`` (CSL's type for preprints, Zotero's mapping
  too) with ``archive: arXiv``, ``number: arXiv:<id>``, the abstract page as
  ``URL`` and arXiv's DOI (``10.48550/arXiv.<id>``). Not ``publisher:
  arXiv`` as well: Chicago would print "arXiv. arXiv."
* Papers with a venue are ``paper-conference`` (the venue reads like a
  conference or workshop) or ``article-journal``, the venue as
  ``container-title``; their arXiv fields stay.
* Anything else (a digest's paper with no arXiv id) is a ``manuscript``.
* Authors are ``family``/``given``, with lowercase particles as
  ``non-dropping-particle`` (``van Beethoven``) and ``Jr.``-like suffixes as
  ``suffix``; a name that holds "and" (a collaboration) is ``literal``; when
  more authors exist than are named, ``{"literal": "others"}`` makes
  citeproc print "et al.".
* ``issued`` has the date parts known (year; year and month; the day), else
  the year of the first digest that listed the paper, as in the .bib export.

Strings are plain text: citeproc reads a few HTML-like tags in them
(``<i>``), so a title holding those would be styled, nothing worse.
Output is deterministic (items sorted by key, keys in a fixed order).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from readinglist.core.bibtex.entries import ExportPaper, safe_url

_CONFERENCE = re.compile(
    r"conference|proceedings|\bproc\b|workshop|symposium|\b(?:NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV"
    r"|ECCV|ACL|EMNLP|NAACL|EACL|COLING|AAAI|IJCAI|KDD|SIGIR|SIGGRAPH|WWW|CHI|ICASSP|INTERSPEECH"
    r"|AISTATS|UAI|COLT|CoRL|ICRA|IROS|RSS|WACV|BMVC|MICCAI|ISMIR)\b",
    re.IGNORECASE,
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_AND = re.compile(r"\band\b", re.IGNORECASE)
Item = dict[str, Any]


def name(author: str) -> dict[str, str]:
    """A CSL name object for an author as the library holds it."""
    author = " ".join(author.split())
    if _AND.search(author):
        return {"literal": author}
    if "," in author:
        last, _, first = author.partition(",")
        out = _family(last.strip())
        if first.strip():
            out["given"] = first.strip()
        return out
    parts = author.split(" ")
    suffix = parts.pop() if len(parts) > 2 and parts[-1].lower() in _SUFFIXES else None
    if len(parts) == 1:
        out = {"family": parts[0]}
    else:
        split = next(
            (i for i in range(1, len(parts) - 1) if parts[i][:1].islower()), len(parts) - 1
        )
        out = {**_family(" ".join(parts[split:])), "given": " ".join(parts[:split])}
    if suffix:
        out["suffix"] = suffix
    return out


def _family(last: str) -> dict[str, str]:
    """``van Beethoven`` -> particle ``van``, family ``Beethoven``."""
    words = last.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].islower():
        lead += 1
    if lead == 0:
        return {"family": last}
    return {"family": " ".join(words[lead:]), "non-dropping-particle": " ".join(words[:lead])}


def _issued(paper: ExportPaper) -> dict[str, list[list[int]]] | None:
    when = paper.published
    if when is None:
        return {"date-parts": [[paper.digest_day.year]]} if paper.digest_day else None
    parts = [when.year]
    if paper.precision in ("month", "day"):
        parts.append(when.month)
    if paper.precision == "day":
        parts.append(when.day)
    return {"date-parts": [parts]}


def _type(paper: ExportPaper) -> str:
    if paper.venue:
        return "paper-conference" if _CONFERENCE.search(paper.venue) else "article-journal"
    return "article" if paper.arxiv_id else "manuscript"


def item(paper: ExportPaper, *, abstracts: bool = False, notes: bool = False) -> Item:
    """One CSL-JSON item for a paper that has its key."""
    assert paper.key is not None
    out: Item = {"id": paper.key, "citation-key": paper.key, "type": _type(paper)}
    names = [name(a) for a in paper.authors if a.strip()]
    if names and paper.author_count and paper.author_count > len(names):
        names.append({"literal": "others"})
    if names:
        out["author"] = names
    out["title"] = paper.title
    if paper.venue:
        out["container-title"] = paper.venue
    if (issued := _issued(paper)) is not None:
        out["issued"] = issued
    if paper.arxiv_id:
        out["archive"] = "arXiv"
        out["number"] = f"arXiv:{paper.arxiv_id}"
        out["DOI"] = f"10.48550/arXiv.{paper.arxiv_id}"
    url = safe_url(paper.url) if paper.url else None
    if url is None and paper.arxiv_id:
        url = f"https://arxiv.org/abs/{paper.arxiv_id}"
    if url:
        out["URL"] = url
    if abstracts and paper.abstract.strip():
        out["abstract"] = paper.abstract
    if notes and paper.note.strip():
        out["annote"] = paper.note
    return out


def entry(paper: ExportPaper, *, abstracts: bool = False, notes: bool = False) -> str:
    """One item as the text written for it (what auto-export compares)."""
    return json.dumps(item(paper, abstracts=abstracts, notes=notes), ensure_ascii=False, indent=2)


def render(entries: Iterable[tuple[str, str]]) -> str:
    """The CSL-JSON file for (key, item text) pairs, sorted by key: one array."""
    ordered = sorted(entries, key=lambda e: (e[0].lower(), e[0]))
    if not ordered:
        return "[]\n"
    body = ",\n".join("  " + text.replace("\n", "\n  ") for _key, text in ordered)
    return "[\n" + body + "\n]\n"
