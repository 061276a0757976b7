"""BibTeX and BibLaTeX files, read with bibtexparser 2.x.

Every entry becomes a paper. The arXiv id comes from ``eprint`` (when the
archive is arXiv or not given), an ``arxiv`` field, an arXiv ``url``, or an
``arXiv:NNNN`` in ``journal``/``note``. LaTeX in fields is turned into plain
text (``{\\"u}`` -> ``ü``, braces dropped) because the library stores what a
reader sees; the exporter escapes again. The entry's citation key travels
with the paper: the merge keeps it for a paper that has none, when no other
paper uses it.

Names: ``Last, First`` becomes ``First Last`` when that loses nothing (a
single-word last name, with or without ``von`` particles), so the same
author reads the same from every source; multi-word last names
(``García Márquez, Gabriel``) keep the comma form that says where they split.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from bibtexparser import model
from bibtexparser.entrypoint import parse_string
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexWalker, get_default_latex_context_db

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from readinglist.core.importers.links import (
    find_link_ids,
    find_prefixed_ids,
    is_primary_class,
    normalise_arxiv_id,
)
from readinglist.core.models import Precision
from readinglist.core.text import clean_line

KIND = "bibtex"
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_NOT_PAPERS = frozenset({"comment", "string", "preamble"})
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_ARXIV_VENUE = re.compile(r"^(arxiv\b|corr$|arxiv\.org)", re.IGNORECASE)
_BIBLATEX_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_DATACITE = re.compile(r"10\.48550/arxiv\.(\S+)", re.IGNORECASE)
_VON = re.compile(r"^[a-z]")
_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
#: Built once: pylatexenc would rebuild it for every value (most of its cost).
_LATEX_CONTEXT = get_default_latex_context_db()
#: Accent commands and the combining marks they stand for (the common case, done
#: without the full LaTeX parser, which costs about a millisecond per value).
_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_ACCENT = re.compile(
    r"\{?\\(?:([\"'`^~=.])|([uvHckr])(?=[\s{]))\s*\{?\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}?\}?"
)
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
            "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł"}  # fmt: skip
_LETTER = re.compile(r"\{?\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L)(?![A-Za-z])\s*(?:\{\})?\}?")
#: Fields holding identifiers or links, never LaTeX (``~`` and ``_`` are literal there).
_VERBATIM = frozenset({"url", "doi", "eprint", "arxiv", "arxivid", "file", "isbn", "issn"})
#: Characters that need the LaTeX parser; anything else is plain text already.
_LATEX_SPECIAL = re.compile(r"[\\$~%&^_]")


def looks_like(text: str) -> bool:
    """True when some line opens an ``@type{`` block."""
    return bool(_ENTRY_START.search(text))


def parse(text: str, source: str) -> ParsedBatch:
    with _quiet_parser():
        library = parse_string(text)
    for failed in library.failed_blocks:
        raise ImportFailed(source, _failure(failed), (failed.start_line or 0) + 1)
    strings = {s.key.casefold(): s.value for s in library.strings}
    papers: list[IncomingPaper] = []
    for entry in library.entries:
        if entry.entry_type.casefold() in _NOT_PAPERS:
            continue
        papers.append(_paper(entry, strings, source))
    if not papers:
        raise ImportFailed(source, "a BibTeX file with no entries: no papers found")
    return ParsedBatch(source=source, kind=KIND, papers=tuple(papers))


@contextmanager
def _quiet_parser() -> Iterator[None]:
    """bibtexparser logs each bad block; our error names it instead."""
    logger = logging.getLogger("bibtexparser")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


def _failure(block: model.Block) -> str:
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return f"the citation key “{block.key}” is used by two entries"
    if isinstance(block, model.ParsingFailedBlock):
        detail = clean_line(str(block.error)).rstrip(".")
        detail = detail.split(" due to syntactical error in bibtex: ")[-1]
        return f"not valid BibTeX ({detail})" if detail else "not valid BibTeX"
    return "a BibTeX block that cannot be read"


def _paper(entry: model.Entry, strings: dict[str, str], source: str) -> IncomingPaper:
    line = (entry.start_line or 0) + 1
    bare = {
        k for k, v in (entry.get_parser_metadata("removed_enclosing") or {}).items()
        if v == "no-enclosing"
    }  # fmt: skip
    raw = {
        f.key.casefold(): _resolve(str(f.value), strings) if f.key in bare else str(f.value)
        for f in entry.fields
    }
    fields = {
        k: verbatim(v) if k in _VERBATIM else plain(v)
        for k, v in raw.items()
        if k not in ("author", "editor")
    }
    title = fields.get("title", "")
    if not title:
        raise ImportFailed(source, f"the entry “{entry.key}” has no title", line)
    authors = tuple(_name(n) for n in _split_and(raw.get("author", "")) if _keep(n))
    published, precision = _published(fields, source, line)
    url = fields.get("url", "")
    arxiv_id = _arxiv_id(fields)
    venue = fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or ""
    primary = fields.get("primaryclass") or fields.get("eprintclass") or ""
    return IncomingPaper(
        title=title,
        abstract=fields.get("abstract", ""),
        authors=authors,
        author_count=len(authors) or None,
        published=published,
        precision=precision,
        arxiv_id=arxiv_id,
        primary_class=primary if is_primary_class(primary) else None,
        venue=None if not venue or _ARXIV_VENUE.match(venue) else venue,
        url=url
        if url.startswith(("http://", "https://")) and not normalise_arxiv_id(url)
        else None,
        citation_key=entry.key.strip() or None,
    )


def plain(value: str) -> str:
    """LaTeX to the text a reader sees: accents resolved, braces and commands dropped."""
    if "\\" in value:
        value = _LETTER.sub(lambda m: _LETTERS[m[1]], _ACCENT.sub(_accented, value))
    if not _LATEX_SPECIAL.search(value):
        text = value.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–")
        return clean_line(unicodedata.normalize("NFC", text))
    try:
        walker = LatexWalker(value, latex_context=_LATEX_CONTEXT, tolerant_parsing=True)
        text = _LATEX.nodelist_to_text(walker.get_latex_nodes()[0])
    except Exception:  # pylatexenc is lenient; this is a last resort for odd input
        text = value.replace("{", "").replace("}", "")
    return clean_line(text.replace("~", " "))


def verbatim(value: str) -> str:
    """Identifiers and links (``url``, ``doi``, ``eprint``): braces dropped, nothing else."""
    return clean_line(value.replace("{", "").replace("}", ""))


def _accented(match: re.Match[str]) -> str:
    base = match[3]
    if base.startswith("\\"):
        base = base[1]  # dotless i/j take the accent as plain i/j
    return unicodedata.normalize("NFC", base + _COMBINING[match[1] or match[2]])


def _resolve(value: str, strings: dict[str, str]) -> str:
    """Expand ``@string`` macros, month names and ``#`` concatenation left raw by the parser."""
    if "#" not in value and value.strip().casefold() not in strings:
        return value
    parts = []
    for token in _split_concat(value):
        token = token.strip()
        if len(token) >= 2 and token[0] + token[-1] in ('""', "{}"):
            parts.append(token[1:-1])
        else:
            parts.append(strings.get(token.casefold(), token))
    return "".join(parts)


def _split_concat(value: str) -> list[str]:
    out, depth, quoted, current = [], 0, False, ""
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        if char == "#" and depth == 0 and not quoted:
            out.append(current)
            current = ""
        else:
            current += char
    out.append(current)
    return out


def _split_and(text: str) -> list[str]:
    """Split a name list on ``and`` outside braces (``{Barnes and Noble}`` is one name)."""
    out, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        depth += (char == "{") - (char == "}")
        if depth == 0 and char.isspace() and (match := _AND.match(text, index)):
            out.append(text[start:index])
            index = start = match.end()
            continue
        index += 1
    out.append(text[start:])
    return out


def _keep(name: str) -> bool:
    return bool(name.strip()) and name.strip().casefold() not in ("others", "{others}")


def _name(raw: str) -> str:
    """One BibTeX name as stored (see the module docstring)."""
    parts = [plain(p) for p in _split_top(raw, ",")]
    if len(parts) == 1:
        return parts[0]
    last, first = parts[0], parts[-1]
    jr = parts[1] if len(parts) == 3 else ""
    words = last.split()
    core = [w for w in words if not _VON.match(w)]
    if len(core) > 1:
        return ", ".join(p for p in (last, jr, first) if p)
    return " ".join(p for p in (first, last, jr) if p)


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside braces."""
    out, depth, current = [], 0, ""
    for char in text:
        depth += (char == "{") - (char == "}")
        if char == sep and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    out.append(current)
    return [p.strip() for p in out if p.strip()]


def _published(
    fields: dict[str, str], source: str, line: int
) -> tuple[date | None, Precision | None]:
    if match := _BIBLATEX_DATE.match(fields.get("date", "")):
        year, month, day = int(match["y"]), match["m"], match["d"]
    elif re.fullmatch(r"\d{4}", fields.get("year", "")):
        year, month, day = int(fields["year"]), fields.get("month"), None
    else:
        return None, None
    number = _month(month)
    try:
        if number and day:
            return date(year, number, int(day)), Precision.DAY
        if number:
            return date(year, number, 1), Precision.MONTH
        return date(year, 1, 1), Precision.YEAR
    except ValueError as exc:
        raise ImportFailed(source, f"not a real date: {year}-{month}-{day}", line) from exc


def _month(value: str | None) -> int | None:
    if not value:
        return None
    text = value.strip().casefold()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return _MONTHS.get(text[:3])


def _arxiv_id(fields: dict[str, str]) -> str | None:
    archive = fields.get("archiveprefix") or fields.get("eprinttype") or ""
    eprint = fields.get("eprint", "")
    if eprint and archive.casefold() in ("", "arxiv"):
        found = normalise_arxiv_id(eprint)
        if found:
            return found
    for name in ("arxiv", "arxivid"):
        if found := normalise_arxiv_id(fields.get(name, "")):
            return found
    if ids := find_link_ids(fields.get("url", "")):
        return ids[0]
    if (match := _DATACITE.search(fields.get("doi", ""))) and (
        found := normalise_arxiv_id(match[1])
    ):
        return found
    for name in ("journal", "note", "howpublished"):
        if ids := find_prefixed_ids(fields.get(name, "")):
            return ids[0]
    return None
