"""The tables of a library as plain SQLAlchemy Core, for every statement the core runs.

Lists, rows, counts and writes are Core statements on these tables; only
where a whole :class:`~readinglist.core.models.Paper` is built are the
sqlmodel classes of :mod:`readinglist.core.models` loaded. The two are
kept apart because sqlmodel brings SQLAlchemy's ORM and pydantic with it:
those and building the table classes were about half of what a
``readinglist list`` imported (and of its instructions).

The schema itself is created and upgraded by :mod:`readinglist.core.migrations`;
a test checks that these tables, the sqlmodel classes and the migrated
schema agree column for column (types, nullability, keys, defaults,
indexes). The column types are those sqlmodel gives the classes:
``String`` for its ``AutoString`` (the same on SQLite) and
:class:`UTCDateTime`, a copy of sqlmodel's (aware datetimes in, UTC out),
so the same rows read back the same whichever way they are read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    Interval,
    LargeBinary,
    MetaData,
    String,
    Table,
    TypeDecorator,
)
from sqlalchemy.sql.operators import OperatorType
from sqlalchemy.types import TypeEngine


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


#: Fields a user may edit by hand; an edited one is recorded in
#: ``Paper.user_fields`` and never overwritten by a later import.
EDITABLE_FIELDS = ("title", "authors", "year", "arxiv_id", "venue", "url", "primary_class")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored in UTC and read back aware, as sqlmodel's own type does.

    SQLite keeps no offset: a stored time is UTC without one, and is read
    back with ``tzinfo=UTC``. A naive time is refused rather than guessed.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def __repr__(self) -> str:
        return "UTCDateTime()"

    def coerce_compared_value(self, op: OperatorType | None, value: Any) -> TypeEngine[Any]:
        if isinstance(value, timedelta):
            return Interval()
        return self

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError(
                "Datetime values must have timezone information. "
                "Use datetime.now(timezone.utc), or annotate the field with "
                "NaiveDatetime for naive storage."
            )
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()


def _nullable(given: bool | None, kw: dict[str, Any]) -> bool:
    """As sqlmodel has it: a primary key is never null, any other column unless said."""
    return not kw.get("primary_key", False) if given is None else given


def _text(name: str, *, nullable: bool | None = None, **kw: Any) -> Column[Any]:
    return Column(name, String(), nullable=_nullable(nullable, kw), **kw)


def _int(name: str, *, nullable: bool | None = None, **kw: Any) -> Column[Any]:
    return Column(name, Integer(), nullable=_nullable(nullable, kw), **kw)


def _day(name: str, *, nullable: bool = True) -> Column[Any]:
    return Column(name, Date(), nullable=nullable)


def _time(name: str, *, nullable: bool = True) -> Column[Any]:
    return Column(name, UTCDateTime(), nullable=nullable)


def _flag(name: str) -> Column[Any]:
    return Column(name, Boolean(), nullable=False, default=False)


def _json(name: str) -> Column[Any]:
    return Column(name, JSON(), nullable=False)


def _id() -> Column[Any]:
    return Column("id", Integer(), primary_key=True)


def _ref(name: str, target: str, **kw: Any) -> Column[Any]:
    return Column(name, Integer(), ForeignKey(target), nullable=False, **kw)


PAPER = Table(
    "paper",
    metadata,
    _id(),
    _text("title", nullable=False),
    _text("title_key", nullable=False),
    _text("abstract", nullable=False, default=""),
    _json("authors"),
    _int("author_count"),
    _day("published"),
    _text("published_precision"),
    _text("arxiv_id"),
    _text("primary_class"),
    _text("venue"),
    _text("url"),
    _int("upvotes", nullable=False, default=0),
    _day("digest_day"),
    _flag("read"),
    _time("read_at"),
    _flag("starred"),
    _text("note", nullable=False, default=""),
    _text("citation_key"),
    _time("key_used_at"),
    _text("key_base"),
    _json("user_fields"),
    _time("added_at", nullable=False),
    _time("updated_at", nullable=False),
    _time("removed_at"),
    _text("doi"),
    _text("journal_ref"),
    _int("arxiv_version"),
    _text("pdf_file"),
    _text("entry_type"),
    _json("bib_fields"),
    _json("editors"),
    Column("bib_source_id", Integer(), ForeignKey("bib_source.id"), nullable=True),
    _text("organisation"),
    _flag("keep_unread"),
    _day("listed_day"),
    _int("listed_position"),
)
DIGEST = Table(
    "digest",
    metadata,
    _id(),
    _day("day", nullable=False),
    _text("source", nullable=False),
    _text("name", nullable=False),
    _time("imported_at", nullable=False),
)
DIGEST_ENTRY = Table(
    "digest_entry",
    metadata,
    _ref("digest_id", "digest.id", primary_key=True),
    _ref("paper_id", "paper.id", primary_key=True),
    _int("position", nullable=False),
    _int("upvotes"),
)
SOURCE = Table(
    "source",
    metadata,
    _id(),
    _text("page", nullable=False),
    _text("query", nullable=False, default=""),
    _day("seen", nullable=False),
    _text("name", nullable=False),
    _text("url"),
    _time("imported_at", nullable=False),
)
SOURCE_ENTRY = Table(
    "source_entry",
    metadata,
    _ref("source_id", "source.id", primary_key=True),
    _ref("paper_id", "paper.id", primary_key=True),
    _int("position", nullable=False),
    _int("upvotes"),
)
TAG = Table("tag", metadata, _id(), _text("name", nullable=False))
PAPER_TAG = Table(
    "paper_tag",
    metadata,
    _ref("paper_id", "paper.id", primary_key=True),
    _ref("tag_id", "tag.id", primary_key=True),
)
INDEX_QUEUE = Table("index_queue", metadata, _int("paper_id", primary_key=True))
SETTING = Table("setting", metadata, _text("key", primary_key=True), _text("value", nullable=False))
TITLE_ALIAS = Table(
    "title_alias",
    metadata,
    _text("title_key", primary_key=True),
    _ref("paper_id", "paper.id", index=True),
)
BIB_SOURCE = Table(
    "bib_source",
    metadata,
    _id(),
    _text("name", nullable=False),
    _json("preambles"),
    _time("imported_at", nullable=False),
)
CITATION_ALIAS = Table(
    "citation_alias",
    metadata,
    _text("alias", primary_key=True),
    _ref("paper_id", "paper.id", index=True),
)
AUTOEXPORT = Table(
    "autoexport",
    metadata,
    _id(),
    _text("path", nullable=False),
    _text("scope", nullable=False),
    _text("value"),
    _text("format", nullable=False, default="bibtex"),
)
SYNC_PAPER = Table(
    "sync_paper",
    metadata,
    _text("uid", primary_key=True),
    _int("paper_id", nullable=False, index=True),
)
SYNC_DIRTY = Table("sync_dirty", metadata, _int("paper_id", primary_key=True))
SYNC_PURGED = Table("sync_purged", metadata, _text("uid", primary_key=True))
SYNC_FILE = Table(
    "sync_file",
    metadata,
    _text("name", primary_key=True),
    _text("state", nullable=False),
    _int("size", nullable=False),
    _int("mtime_ns", nullable=False),
    _text("digest", nullable=False),
    _text("reason"),
)
SYNC_DOC = Table(
    "sync_doc",
    metadata,
    _id(),
    _text("kind", nullable=False),
    Column("data", LargeBinary(), nullable=False),
)
