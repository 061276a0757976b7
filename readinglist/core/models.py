"""The tables of a library, as sqlmodel classes: a whole paper as one typed object.

The schema itself is created and upgraded by :mod:`readinglist.core.migrations`
(versioned SQL). Statements run on the plain Core tables of
:mod:`readinglist.core.tables`, which load neither SQLAlchemy's ORM nor
pydantic; these classes are loaded only where a :class:`Paper` is built
(``Library.paper``). A test checks that the classes, the Core tables and the
migrated schema agree column for column.

Bibliographic records (migration 4): a paper imported from a .bib keeps
its entry in ``entry_type`` (``None`` for papers that never came from one:
they export as ``@misc``) and ``bib_fields`` (a JSON object, field name in
lower case -> the value as the source wrote it, see
:mod:`readinglist.core.bibtex.record`), its ``editors`` beside ``authors``,
and ``bib_source_id``, the :class:`BibSource` (file) it came from. Every key
it was imported under beyond ``citation_key`` is a :class:`CitationAlias`.

Dates: ``published`` is a calendar date with a ``published_precision`` of
``day``, ``month`` or ``year`` (BibTeX only shows what is known). Times are
aware UTC (sqlmodel's convention).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class Paper(SQLModel, table=True):
    __tablename__ = "paper"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    title_key: str
    abstract: str = ""
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    author_count: int | None = None
    published: date | None = None
    published_precision: str | None = None
    arxiv_id: str | None = None
    primary_class: str | None = None
    venue: str | None = None
    url: str | None = None
    upvotes: int = 0
    digest_day: date | None = None
    read: bool = False
    read_at: datetime | None = None
    starred: bool = False
    note: str = ""
    citation_key: str | None = None
    #: When the key first left the library (exported, cited, typed by hand, imported
    #: from a .bib); None: never, so ``rekey`` may still replace it.
    key_used_at: datetime | None = None
    #: The key formula's result for this paper, a cache (``core/bibtex/keys.py``).
    key_base: str | None = None
    user_fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    added_at: datetime
    updated_at: datetime
    removed_at: datetime | None = None
    # Completed online (core/online/) or from richer files: the publisher's DOI,
    # arXiv's free-text journal reference, the latest arXiv version seen, and
    # the paper's PDF in the library's pdfs/ folder (a file name, never a path).
    doi: str | None = None
    journal_ref: str | None = None
    arxiv_version: int | None = None
    pdf_file: str | None = None
    #: The .bib entry type (``article``, ``inproceedings``...); None: not from a .bib.
    entry_type: str | None = None
    #: Field name (lower case) -> value as its source wrote it (LaTeX intact).
    bib_fields: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    editors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    bib_source_id: int | None = Field(default=None, foreign_key="bib_source.id")
    organisation: str | None = None
    #: Marked unread by hand: never marked read automatically until marked read.
    keep_unread: bool = False
    #: The newest digest that listed the paper, and its place in it (0 first).
    listed_day: date | None = None
    listed_position: int | None = None


class Digest(SQLModel, table=True):
    __tablename__ = "digest"

    id: int | None = Field(default=None, primary_key=True)
    day: date
    source: str
    name: str
    imported_at: datetime


class DigestEntry(SQLModel, table=True):
    __tablename__ = "digest_entry"

    digest_id: int = Field(foreign_key="digest.id", primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", primary_key=True)
    position: int
    upvotes: int | None = None


class Source(SQLModel, table=True):
    """A Hugging Face page that is not one day's digest: trending, a search, a week...

    ``page`` is its kind, ``query`` what it showed ('' when nothing: trending),
    ``seen`` the day it was captured. One source per page, query and day.
    """

    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    page: str
    query: str = ""
    seen: date
    name: str
    url: str | None = None
    imported_at: datetime


class SourceEntry(SQLModel, table=True):
    __tablename__ = "source_entry"

    source_id: int = Field(foreign_key="source.id", primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", primary_key=True)
    position: int
    upvotes: int | None = None


class Tag(SQLModel, table=True):
    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str


class PaperTag(SQLModel, table=True):
    __tablename__ = "paper_tag"

    paper_id: int = Field(foreign_key="paper.id", primary_key=True)
    tag_id: int = Field(foreign_key="tag.id", primary_key=True)


class IndexQueue(SQLModel, table=True):
    """Papers whose search-index entry is behind the database.

    Written in the same transaction as the change, emptied once the index has
    committed: an interrupted index update is finished on the next open.
    """

    __tablename__ = "index_queue"

    paper_id: int = Field(primary_key=True)


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class TitleAlias(SQLModel, table=True):
    """A former title key of a paper (renamed by an edit or a merge).

    Imports match incoming titles against these too, so renaming a paper
    does not make the next import of the old title a second paper.
    """

    __tablename__ = "title_alias"

    title_key: str = Field(primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", index=True)


class BibSource(SQLModel, table=True):
    """A .bib file papers came from: its name and its ``@preamble`` texts.

    The preambles (LaTeX macro definitions the entries use, such as
    ``\\noopsort``) are written at the top of any export holding one of the
    file's papers. Re-importing the same file (same name and preambles)
    reuses its row.
    """

    __tablename__ = "bib_source"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    preambles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    imported_at: datetime


class CitationAlias(SQLModel, table=True):
    """Another citation key a paper answers to (every key that came in stays citable).

    An alias comes from an import: the key of a second entry that was the
    same paper, a key the paper's entry listed in ``ids``, or the key of a
    file that met a paper already keyed. Keys and aliases are unique together,
    ignoring case: no alias equals another alias or any paper's
    ``citation_key``, and every alias follows the key rule
    (:func:`readinglist.core.bibtex.keys.key_problem`). Exports write aliases
    as BibLaTeX ``ids`` and, for BibTeX, as copies of the entry under each
    alias; a document citing one finds the paper.
    """

    __tablename__ = "citation_alias"

    alias: str = Field(primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", index=True)


class AutoExport(SQLModel, table=True):
    """A .bib (or CSL-JSON) file kept in sync with a scope of the library or a document.

    ``format`` is ``bibtex``, ``biblatex`` or ``csl-json``; a ``document``
    scope's ``value`` is the path of the .aux, .bcf or .tex it follows.
    """

    __tablename__ = "autoexport"

    id: int | None = Field(default=None, primary_key=True)
    path: str
    scope: str
    value: str | None = None
    format: str = "bibtex"


class SyncPaper(SQLModel, table=True):
    """The uid a paper is shared under in the sync folder (two, if devices
    first shared it under different identities)."""

    __tablename__ = "sync_paper"

    uid: str = Field(primary_key=True)
    paper_id: int = Field(index=True)


class SyncDirty(SQLModel, table=True):
    """Papers changed since the last sync (kept by triggers)."""

    __tablename__ = "sync_dirty"

    paper_id: int = Field(primary_key=True)


class SyncPurged(SQLModel, table=True):
    """uids of papers deleted for good since the last sync (kept by a trigger)."""

    __tablename__ = "sync_purged"

    uid: str = Field(primary_key=True)


class SyncFile(SQLModel, table=True):
    """A file of the sync folder: applied, written by this library, or refused."""

    __tablename__ = "sync_file"

    name: str = Field(primary_key=True)
    state: str
    size: int
    mtime_ns: int
    digest: str
    reason: str | None = None


class SyncDoc(SQLModel, table=True):
    """The shared document: a checkpoint and the journal of updates since."""

    __tablename__ = "sync_doc"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    data: bytes
