"""A citation of some papers, written the way each writer's tool reads it.

=========  =========================  ==============================
format     gives                      for
=========  =========================  ==============================
keys       ``a`` and ``b``, a line    scripts
latex      ``\\cite{a,b}``             LaTeX with BibTeX (natbib too)
biblatex   ``\\autocite{a,b}``         biblatex with biber
pandoc     ``[@a; @b]``               pandoc, Quarto, R Markdown
typst      ``@a @b``                  Typst
markdown   ``- [Title](URL)``, a line  notes, issues, chat
=========  =========================  ==============================

pandoc takes a key's trailing ``.``/``:`` as punctuation, so such a key is
written ``@{key}``; Typst ends a key at ``/``, ``+`` and a trailing ``.``,
so such a key is written ``#cite(label("key"))``. Markdown needs no key:
each paper is a link to its page (its URL, else its arXiv page), the title
escaped so that brackets in it do not end the link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

CiteFormat = Literal["keys", "latex", "biblatex", "pandoc", "typst", "markdown"]
FORMATS: tuple[str, ...] = get_args(CiteFormat)
#: Formats that name papers by key (all but markdown).
KEYED: frozenset[str] = frozenset(FORMATS) - {"markdown"}
#: What each format looks like, for menus and ``--help``.
LABELS: dict[str, str] = {
    "keys": "keys, one a line",
    "latex": "\\cite{…}",
    "biblatex": "\\autocite{…}",
    "pandoc": "[@…] (pandoc, Quarto)",
    "typst": "@… (Typst)",
    "markdown": "Markdown links",
}

_TYPST_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_:.-]*")
_PANDOC_END = re.compile(r"[A-Za-z0-9_]$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


@dataclass(frozen=True)
class Cited:
    """What a citation needs of one paper."""

    key: str | None
    title: str
    url: str | None


def _typst(key: str) -> str:
    if _TYPST_KEY.fullmatch(key) and not key.endswith("."):
        return "@" + key
    return '#cite(label("' + key.replace("\\", "\\\\").replace('"', '\\"') + '"))'


def _pandoc(key: str) -> str:
    return "@" + key if _PANDOC_END.search(key) else "@{" + key + "}"


def _markdown(paper: Cited) -> str:
    title = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(paper.title.split()))
    if not paper.url:
        return f"- {title}"
    url = paper.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"- [{title}]({url})"


def citation(papers: Sequence[Cited], fmt: CiteFormat) -> str:
    """The citation of ``papers`` in ``fmt`` (one line, or one per paper for keys/markdown)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown citation format {fmt!r}")
    if fmt == "markdown":
        return "\n".join(_markdown(p) for p in papers)
    keys = [p.key for p in papers if p.key]
    if fmt == "keys":
        return "\n".join(keys)
    if fmt == "latex":
        return "\\cite{" + ",".join(keys) + "}"
    if fmt == "biblatex":
        return "\\autocite{" + ",".join(keys) + "}"
    if fmt == "pandoc":
        return "[" + "; ".join(_pandoc(k) for k in keys) + "]"
    return " ".join(_typst(k) for k in keys)
