"""From cited keys to papers: each key as the library knows it, or the closest papers.

A key is known when a paper has it or answers to it as an alias (a key it
had in an imported .bib, or on another device), in any letter case, as
BibTeX matches them. A document's entry is written under the key exactly as
the document cites it, so biber (which matches case-sensitively) and a
document citing an alias both find it.

For a key the library does not have, the closest papers are suggested: its
words and year (``vaswani2017attention``: vaswani, 2017, attention) are
looked for in titles and author names, an arXiv id in it is looked up, and
the candidates are ranked by how many of those they share and by how close
their key (or the key the formula would give them) is to it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from readinglist.core.bibtex.formula import words
from readinglist.core.chunks import chunks
from readinglist.core.importers.links import normalise_arxiv_id

MAX_SUGGESTIONS = 3
#: Papers sharing the most words with a missing key that are looked at closely.
_CANDIDATES = 200
_TOKEN = re.compile(r"[A-Za-z]{3,}|\d{4}")
_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


@dataclass(frozen=True)
class CitedPaper:
    """A known cited key: the paper, and the key as the document wrote it."""

    paper_id: int
    key: str
    alias: bool = False


@dataclass(frozen=True)
class Suggestion:
    paper_id: int
    title: str
    key: str | None


@dataclass(frozen=True)
class MissingKey:
    """A cited key the library does not know, and the papers it may have meant."""

    key: str
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
class Resolved:
    found: tuple[CitedPaper, ...]
    missing: tuple[MissingKey, ...]


def resolve(conn: Connection, keys: Sequence[str], *, suggest: bool = True) -> Resolved:
    """The papers behind ``keys`` (live ones), and the keys no paper answers to."""
    wanted: dict[str, str] = {}
    for key in keys:
        wanted.setdefault(key.lower(), key)  # BibTeX matches keys in any case: cite once
    owners: dict[str, tuple[int, bool]] = {}
    for chunk in chunks(sorted(wanted)):
        # COLLATE NOCASE, not lower(): the unique key indexes answer it (keys are
        # ASCII); "+removed_at" keeps the planner off the indexes that start with it.
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT citation_key, id FROM paper WHERE +removed_at IS NULL "
            f"AND citation_key COLLATE NOCASE IN ({marks})"
        )
        for k, pid in conn.exec_driver_sql(sql, tuple(chunk)):
            owners[k.lower()] = (pid, False)
        alias_sql = (
            "SELECT a.alias, a.paper_id FROM citation_alias a CROSS JOIN paper p "
            "ON p.id = a.paper_id WHERE +p.removed_at IS NULL "
            f"AND a.alias COLLATE NOCASE IN ({marks})"
        )
        for k, pid in conn.exec_driver_sql(alias_sql, tuple(chunk)):
            owners.setdefault(k.lower(), (pid, True))
    found = tuple(
        CitedPaper(owners[k][0], key, owners[k][1]) for k, key in wanted.items() if k in owners
    )
    absent = [key for k, key in wanted.items() if k not in owners]
    missing = tuple(MissingKey(key, suggestions(conn, key) if suggest else ()) for key in absent)
    return Resolved(found, missing)


def suggestions(conn: Connection, key: str, limit: int = MAX_SUGGESTIONS) -> tuple[Suggestion, ...]:
    """The papers ``key`` most likely meant, best first (none when nothing is close)."""
    arxiv = _ARXIV.search(key)
    if arxiv and (norm := normalise_arxiv_id(arxiv.group())):
        sql = "SELECT id, title, citation_key FROM paper WHERE removed_at IS NULL AND arxiv_id = ?"
        row = conn.exec_driver_sql(sql, (norm,)).first()
        if row is not None:
            return (Suggestion(row[0], row[1], row[2]),)
    tokens = sorted({t.lower() for t in _TOKEN.findall(key)})
    if not tokens:
        return ()
    clauses: list[str] = []
    params: list[str] = []
    for token in tokens:
        if token.isdigit():
            clauses.append("(COALESCE(published, digest_day) LIKE ?)")
            params.append(f"{token}%")
        else:
            clauses.append("(title_key LIKE ? OR authors LIKE ? OR citation_key LIKE ?)")
            params.extend([f"%{token}%"] * 3)
    # SQLite ranks by how many of the key's words a paper has; Python looks closer
    # at the best few hundred only.
    sql = (
        "SELECT id, title, authors, day, citation_key, key_base FROM ("
        f"SELECT *, COALESCE(published, digest_day) AS day, {' + '.join(clauses)} AS hits "
        f"FROM paper WHERE removed_at IS NULL) WHERE hits > 0 ORDER BY hits DESC, id "
        f"LIMIT {_CANDIDATES}"
    )
    ranked = []
    for pid, title, authors, day, own, base in conn.exec_driver_sql(sql, tuple(params)):
        have = set(words(title)) | {w for a in json.loads(authors or "[]") for w in words(a)}
        have |= {day[:4]} if day else set()
        have |= set(words(own or ""))
        shared = sum(1 for t in tokens if t in have or any(t in h for h in have if len(t) > 4))
        likeness = max(
            difflib.SequenceMatcher(None, key.lower(), (k or "").lower()).ratio()
            for k in (own, base, "".join(words(title))[:40])
        )
        ranked.append((-shared, -likeness, pid, Suggestion(pid, title, own)))
    ranked.sort(key=lambda r: r[:3])
    best = [r for r in ranked if -r[0] >= max(1, (len(tokens) + 1) // 2) or -r[1] >= 0.75]
    return tuple(r[3] for r in best[:limit])
