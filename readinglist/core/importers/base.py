"""What every importer produces, and the checks every input passes first.

Importers are pure functions from bytes to a :class:`ParsedBatch`; they never
touch the library. The :class:`~readinglist.core.library.Library` merges a
batch in one transaction, so a rejected file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from readinglist.core.errors import ImportFailed
from readinglist.core.importers import encoding
from readinglist.core.importers.encoding import Decoded
from readinglist.core.tables import Precision
from readinglist.core.views import Notice

if TYPE_CHECKING:  # at run time the bibtex package (its exports) would import this one
    from readinglist.core.bibtex.record import BibRecord

#: Larger inputs are refused outright: a 5,000-paper digest is about 10 MB.
MAX_BYTES = 64 * 1024 * 1024
#: Longer lines are refused: the longest real abstract line is ~2,000 characters.
MAX_LINE = 100_000


@dataclass(frozen=True)
class IncomingPaper:
    """A paper as one source describes it; unknown fields are ``None``/empty.

    Text arrives cleaned (:func:`readinglist.core.text.clean_line`): one line,
    NFC, no stray or invisible spaces.

    A BibTeX entry also brings its ``record`` (type and raw fields, for
    export), its ``editors``, the other keys it answers to (``aliases``, from
    ``ids``) and its ``line`` in the file (for notices about its keys).
    """

    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    published: date | None = None
    precision: Precision | None = None
    arxiv_id: str | None = None
    primary_class: str | None = None
    venue: str | None = None
    url: str | None = None
    upvotes: int | None = None
    citation_key: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    arxiv_version: int | None = None
    editors: tuple[str, ...] = ()
    record: BibRecord | None = None
    aliases: tuple[str, ...] = ()
    line: int | None = None
    #: The organisation a Hugging Face page shows instead of the authors.
    organisation: str | None = None


@dataclass(frozen=True)
class IncomingDigest:
    """One day's list; a paper's position is its index in ``papers``."""

    day: date
    papers: tuple[IncomingPaper, ...]


@dataclass(frozen=True)
class IncomingSource:
    """A Hugging Face page that is not one day's digest (trending, a search, a week...).

    ``page`` is its kind (:data:`readinglist.core.importers.hf_pages.page.SOURCE_PAGES`),
    ``query`` what it shows (the words searched, the week, the collection),
    ``seen`` the day it was captured; a paper's position is its index in ``papers``.
    """

    page: str
    query: str | None
    seen: date
    papers: tuple[IncomingPaper, ...]
    url: str | None = None


@dataclass(frozen=True)
class ParsedBatch:
    """Everything one input file holds.

    ``notices`` are what the user should hear about without the import being
    refused: an entry skipped (with its line and reason), a paper with no
    abstract, a capture cut off mid-paper. ``encoding`` is the label of the
    encoding the file was read in (:data:`.encoding.LABELS`). ``preambles``
    are a .bib file's ``@preamble`` texts (LaTeX), exported again with its papers.
    """

    source: str
    kind: str
    digests: tuple[IncomingDigest, ...] = ()
    papers: tuple[IncomingPaper, ...] = field(default=())
    notices: tuple[Notice, ...] = ()
    encoding: str = "UTF-8"
    preambles: tuple[str, ...] = ()
    sources: tuple[IncomingSource, ...] = ()

    def all_papers(self) -> list[IncomingPaper]:
        """Every paper: the digests' first, then the sources', then the loose ones."""
        out = [p for d in self.digests for p in d.papers]
        out.extend(p for s in self.sources for p in s.papers)
        out.extend(self.papers)
        return out


def decode_text(data: bytes, source: str, *, line_limit: bool = True) -> Decoded:
    """Bytes to text, refusing what no importer should read.

    Reads UTF-8 (with or without a BOM), UTF-16/32 with a BOM and clean
    Windows-1252 (:mod:`.encoding`), normalises line endings, and names the
    line of the first problem so the user can find it. ``line_limit=False``
    leaves the line-length check to the caller (JSON and XML are often one
    long line).
    """
    if len(data) > MAX_BYTES:
        raise ImportFailed(source, f"too large ({len(data) // 1_048_576} MB; the limit is 64 MB)")
    try:
        decoded = encoding.decode(data)
    except encoding.UndecodableError as exc:
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            raise ImportFailed(source, "this is a binary file, not text", line) from exc
        line = data.count(b"\n", 0, exc.offset) + 1
        raise ImportFailed(
            source,
            "not UTF-8 text, nor UTF-16 or Windows-1252 (save it as UTF-8 and try again)",
            line,
        ) from exc
    text = decoded.text
    if not text.strip():
        raise ImportFailed(source, "the file is empty")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed(source, "this is a binary file, not text", line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if line_limit:
        check_lines(text, source)
    return replace(decoded, text=text)


def check_lines(text: str, source: str) -> None:
    """Refuse a line longer than :data:`MAX_LINE` (line-based formats only)."""
    for number, line_text in enumerate(text.split("\n"), start=1):
        if len(line_text) > MAX_LINE:
            raise ImportFailed(source, f"line too long ({len(line_text):,} characters)", number)


def iso_date(value: str) -> date:
    """The calendar date of an ISO 8601 timestamp as APIs write it (``Z`` for UTC).

    Raises ``ValueError``; the caller names the file and field in its error.
    """
    return datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def optional_date(value: str, source: str, field: str) -> date | None:
    """The date of an optional timestamp field: ``None`` when empty, else :func:`iso_date`.

    ``field`` begins the error for a value that is not a date: which record and
    field it is (``entry 3 has a <published>``), in the words of its format.
    """
    if not value:
        return None
    try:
        return iso_date(value)
    except ValueError as exc:
        raise ImportFailed(source, f"{field} that is not a date: “{value[:40]}”") from exc
