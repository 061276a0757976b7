"""Keeping linked files in sync with the library, or with what a document cites.

A link (the ``autoexport`` table) names a file, a scope and a format
(BibTeX, BibLaTeX or CSL-JSON). The :class:`AutoExporter` listens to the
Library's committed changes and rewrites a linked file when a paper in its
scope changed (or left it), or when the library's structure changed;
:func:`write_atomic` then skips the write when the bytes are the same, so
``latexmk -pvc`` is not woken for a change that does not show in the file.

A ``document`` link follows an .aux, .bcf or .tex file: it holds exactly the
papers the document cites, and is also rewritten when the document changes
(the window watches it; ``readinglist autoexport sync`` and ``check`` catch
up otherwise). Documents are small, so such a link is rendered in full on
every change; the keys it cites that the library lacks are kept with the
link (``missing``) for ``autoexport list`` to show.

A failure to write a linked file must never undo or break the change that
triggered it (that change is committed already): the exporter catches it,
keeps it as the link's last error (in the ``setting`` table, so
``readinglist autoexport list`` in another process sees it too) and moves on.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, delete, select

from readinglist.core import settings
from readinglist.core.bibtex.entries import Options, load_rows
from readinglist.core.bibtex.export import (
    export,
    mark_exported,
    render_export,
    replacement_notes,
    rows_keyed,
)
from readinglist.core.bibtex.scope import ExportScope, SearchIds, resolve
from readinglist.core.bibtex.writer import check_target, write_atomic
from readinglist.core.chunks import chunks
from readinglist.core.db import Database
from readinglist.core.errors import ExportError, InvalidInputError, NotFoundError, ReadingListError
from readinglist.core.tables import AUTOEXPORT
from readinglist.core.targets import refuse_inside_library, resolve_target
from readinglist.core.views import ChangeSet
from readinglist.core.writing.cache import EntryCache, entries_of
from readinglist.core.writing.cited import kind_of, read_citations
from readinglist.core.writing.export import export_document
from readinglist.core.writing.render import Entry

log = logging.getLogger(__name__)

HEADER = (
    "Kept in sync by readinglist (autoexport of {scope}).\n"
    "Edits here are overwritten: change the library, or `readinglist key` for keys."
)
_ERROR_PREFIX = "autoexport.error:"
_MISSING_PREFIX = "autoexport.missing:"
#: What a linked file's name ends in, for each format.
SUFFIXES = {"bibtex": ".bib", "biblatex": ".bib", "csl-json": ".json"}


@dataclass(frozen=True)
class AutoExportLink:
    """A file kept in sync with a scope; ``error`` is the last failure, if any, and
    ``missing`` the keys a linked document cites that the library does not have."""

    path: Path
    scope: ExportScope
    format: str = "bibtex"
    error: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def biblatex(self) -> bool:
        return self.format == "biblatex"

    @property
    def document(self) -> Path | None:
        """The document a ``document`` link follows."""
        return Path(self.scope.value or "") if self.scope.kind == "document" else None


def normalise(path: Path) -> Path:
    """The absolute path a link is stored under (``~`` expanded, symlinks resolved)."""
    return resolve_target(path, ExportError)


def _refuse_inside_library(db: Database, path: Path) -> None:
    refuse_inside_library(db.path.parent, path, ExportError, "an auto-export")


def format_for(path: Path, biblatex: bool = False) -> str:
    """The format a file's name asks for: .json is CSL-JSON, .bib BibTeX (or BibLaTeX)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        if biblatex:
            raise InvalidInputError(f"{path.name}: a .json file is CSL-JSON, not BibLaTeX.")
        return "csl-json"
    if suffix == ".bib":
        return "biblatex" if biblatex else "bibtex"
    raise InvalidInputError(
        f"An auto-export file must end in .bib (BibTeX, BibLaTeX) or .json (CSL-JSON): {path.name}."
    )


def links(db: Database) -> list[AutoExportLink]:
    with db.read() as conn:
        rows = conn.execute(
            select(
                AUTOEXPORT.c.path, AUTOEXPORT.c.scope, AUTOEXPORT.c.value, AUTOEXPORT.c.format
            ).order_by(AUTOEXPORT.c.path)
        ).all()
        errors = settings.with_prefix(conn, _ERROR_PREFIX)
        missing = settings.with_prefix(conn, _MISSING_PREFIX)
    return [
        AutoExportLink(
            Path(p),
            ExportScope.from_row(kind, value),
            fmt,
            errors.get(_ERROR_PREFIX + p),
            tuple(json.loads(missing.get(_MISSING_PREFIX + p, "[]"))),
        )
        for p, kind, value, fmt in rows
    ]


@dataclass(frozen=True)
class LinkRender:
    """A linked file's new text, and what writing it means for the library."""

    text: str
    count: int
    new_keys: dict[int, str] = field(default_factory=dict)
    used: frozenset[int] = frozenset()
    entries: dict[int, Entry] | None = None  # a scope link's entries, by paper
    missing: tuple[str, ...] = ()
    sources: tuple[Path, ...] = ()  # a document link's files
    papers: frozenset[int] = frozenset()  # a document link's papers
    #: Papers whose stored key broke the key rule: id -> (old key, new key).
    replaced: dict[int, tuple[str, str]] = field(default_factory=dict)


def _header(link: AutoExportLink) -> str:
    return HEADER.format(scope=link.scope.describe().replace("@", "(at)"))


def render_link(
    db: Database, link: AutoExportLink, search: SearchIds, cache: EntryCache | None = None
) -> LinkRender:
    header = _header(link)
    options = Options.of(link.format)
    if link.document is not None:
        doc = export_document(db, link.document, options, header=header, cache=cache)
        missing = tuple(m.key for m in doc.missing)
        return LinkRender(
            doc.text, doc.count, doc.new_keys, doc.cited, None, missing, doc.files, doc.papers
        )
    rendered = export(db, link.scope, options, search, header=header, cache=cache)
    entries = rendered.entries
    return LinkRender(
        rendered.text, rendered.count, rendered.new_keys, frozenset(entries), entries,
        replaced=rendered.replaced,
    )  # fmt: skip


def stale(db: Database, link: AutoExportLink, search: SearchIds) -> bool:
    """Whether the file differs from what its next write would hold, found
    without writing anything (``check --no-repair``): a paper the file should
    hold but that has no key it may be written under yet makes it stale."""
    options = Options.of(link.format)
    if link.document is not None:
        try:
            everything = read_citations(link.document).everything
        except ReadingListError:
            return True
        with db.read() as conn:
            unkeyed = conn.exec_driver_sql(
                "SELECT 1 FROM paper WHERE removed_at IS NULL AND citation_key IS NULL LIMIT 1"
            ).first()
        if everything and unkeyed:
            return True  # \nocite{*}: the next write gives those papers keys
        text = export_document(db, link.document, options, header=_header(link)).text
    else:
        with db.read() as conn:
            rows = load_rows(
                conn,
                resolve(conn, link.scope, search),
                abstracts=options.abstracts,
                notes=options.notes,
            )
        if not rows_keyed(rows):
            return True
        text, _ = render_export(db, rows, options, header=_header(link))
    try:
        return link.path.read_bytes() != text.encode("utf-8")
    except OSError:
        return True


def add(
    db: Database,
    path: Path,
    scope: ExportScope,
    fmt: str,
    search: SearchIds,
    cache: EntryCache | None = None,
) -> LinkRender:
    """Link ``path`` and write it now; refuses a path already linked or unwritable."""
    path = normalise(path)
    if SUFFIXES.get(fmt) != path.suffix.lower():
        format_for(path, fmt == "biblatex")  # the error that says which suffix fits
        raise InvalidInputError(
            f"{path.name}: a {fmt} auto-export is kept in a {SUFFIXES.get(fmt, '.bib')} file."
        )
    _refuse_inside_library(db, path)
    if scope.kind == "document":
        document = normalise(Path(scope.value or ""))
        kind_of(document)
        scope = ExportScope("document", str(document))
    check_target(path)
    kind, value = scope.to_row()
    with db.read() as conn:
        exists = conn.execute(select(AUTOEXPORT.c.id).where(AUTOEXPORT.c.path == str(path))).first()
    if exists is not None:
        raise InvalidInputError(
            f"{path} is already auto-exported; remove that link first to change it."
        )
    link = AutoExportLink(path, scope, fmt)
    rendered = render_link(db, link, search, cache)
    write_atomic(path, rendered.text)
    with db.write() as conn:
        conn.execute(
            AUTOEXPORT.insert().values(path=str(path), scope=kind, value=value, format=fmt)
        )
        settings.drop(conn, _ERROR_PREFIX + str(path))
        _put_missing(conn, path, rendered.missing)
    mark_exported(db, rendered.used)
    return rendered


def remove(db: Database, path: Path) -> Path:
    """Unlink ``path`` (the file itself is left as it is)."""
    candidates = {str(path.expanduser().absolute())}
    with contextlib.suppress(ExportError):  # a link looping back: only its own name matches
        candidates.add(str(normalise(path)))
    with db.write() as conn:
        found = (
            conn.execute(select(AUTOEXPORT.c.path).where(AUTOEXPORT.c.path.in_(candidates)))
            .scalars()
            .first()
        )
        if found is None:
            raise NotFoundError(f"{path} is not auto-exported (see `readinglist autoexport list`).")
        conn.execute(delete(AUTOEXPORT).where(AUTOEXPORT.c.path == found))
        settings.drop(conn, _ERROR_PREFIX + found)
        settings.drop(conn, _MISSING_PREFIX + found)
    return Path(found)


def _put_missing(conn: Connection, path: Path, missing: Iterable[str]) -> None:
    keys = sorted(missing, key=str.lower)
    if keys:
        settings.put(conn, _MISSING_PREFIX + str(path), json.dumps(keys))
    else:
        settings.drop(conn, _MISSING_PREFIX + str(path))


def _record(
    db: Database, link: AutoExportLink, error: str | None, missing: tuple[str, ...]
) -> None:
    """Keep a link's last error and missing keys, writing only when they changed."""
    if error == link.error and tuple(sorted(missing, key=str.lower)) == link.missing:
        return
    with db.write() as conn:
        if error is None:
            settings.drop(conn, _ERROR_PREFIX + str(link.path))
        else:
            settings.put(conn, _ERROR_PREFIX + str(link.path), error)
        _put_missing(conn, link.path, missing)


FileStamp = tuple[int, int, int]


def _stamp(path: Path) -> FileStamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True)
class _Snapshot:
    """What this process last wrote (or found already there) for one linked file."""

    stamp: FileStamp | None
    entries: dict[int, Entry]
    #: A document link's files as they were read, and the papers it holds.
    sources: tuple[tuple[Path, FileStamp | None], ...] = ()
    papers: frozenset[int] = frozenset()


def _document_unchanged(
    db: Database, link: AutoExportLink, snapshot: _Snapshot, touched: frozenset[int]
) -> bool:
    """True if a document link's file would come out the same: see :class:`AutoExporter`."""
    if snapshot.stamp is None or _stamp(link.path) != snapshot.stamp:
        return False
    if any(_stamp(path) != stamp for path, stamp in snapshot.sources):
        return False
    if not touched.isdisjoint(snapshot.papers):
        return False
    return not (link.missing and _gained_a_missing_key(db, link.missing, touched))


def _gained_a_missing_key(db: Database, missing: tuple[str, ...], touched: frozenset[int]) -> bool:
    """Whether a changed paper now has (as key or alias) a key the document missed."""
    wanted = {k.lower() for k in missing}
    with db.read() as conn:
        for chunk in chunks(sorted(touched)):
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT citation_key FROM paper WHERE id IN ({marks}) UNION ALL "
                f"SELECT alias FROM citation_alias WHERE paper_id IN ({marks})"
            )
            for (key,) in conn.exec_driver_sql(sql, (*chunk, *chunk)):
                if key and key.lower() in wanted:
                    return True
    return False


class AutoExporter:
    """A Library listener that rewrites linked files after relevant changes.

    A full render of a large scope takes a good fraction of a second, too
    much after every star or read mark. So for a change that is not
    structural, the exporter first checks cheaply whether the file could
    change at all: same papers in scope, and the changed papers' entries
    equal to those last written. It trusts that check only while the file
    is exactly the one it wrote (same mtime, size, inode): if another
    process or the user touched it, it renders in full. A document link is
    left alone when its document's files are as they were read, none of the
    changed papers is in it, and none of them gained a key the document cites
    but the library lacked (a document link reads its document and looks up
    every cited key: too much work to repeat for every star).
    """

    def __init__(
        self,
        db: Database,
        search: SearchIds,
        changed: Callable[[ChangeSet], None],
        note: Callable[[list[str]], None] | None = None,
        cache: EntryCache | None = None,
    ) -> None:
        self._db = db
        self._cache = cache
        self._search = search
        self._changed = changed
        self._tell = note
        self._lock = threading.RLock()
        self._pending: list[ChangeSet] = []
        self._busy = False
        self._snapshots: dict[Path, _Snapshot] = {}

    def __call__(self, changes: ChangeSet) -> None:
        """Listener entry point: never raises into the writer that triggered it."""
        with self._lock:
            self._pending.append(changes)
            if self._busy:  # a key assignment while rendering: handled by the loop below
                return
            self._busy = True
            try:
                while self._pending:
                    batch, self._pending = self._pending, []
                    self._sync(batch)
            except Exception:  # defensive: a listener must not break the caller
                log.exception("auto-export failed")
            finally:
                self._busy = False

    def _sync(self, batch: list[ChangeSet]) -> None:
        structure = any(c.structure for c in batch)
        touched = frozenset().union(*(c.paper_ids for c in batch))
        try:
            current = links(self._db)
        except Exception as exc:
            log.warning("auto-export: cannot read the links: %s", exc)
            return
        for link in current:
            snapshot = self._snapshots.get(link.path)
            if snapshot is None or structure:
                self.refresh(link)
            elif link.document is not None:
                if not _document_unchanged(self._db, link, snapshot, touched):
                    self.refresh(link)
            elif not self._unchanged(link, snapshot, touched):
                self.refresh(link)

    def _unchanged(
        self, link: AutoExportLink, snapshot: _Snapshot, touched: frozenset[int]
    ) -> bool:
        """True if the file is ours and the changed papers leave its content as it is."""
        if snapshot.stamp is None or _stamp(link.path) != snapshot.stamp:
            return False
        try:
            with self._db.read() as conn:
                ids = resolve(conn, link.scope, self._search)
                if len(ids) != len(snapshot.entries) or not all(i in snapshot.entries for i in ids):
                    return False
                options = Options.of(link.format)
                wanted = sorted(touched.intersection(ids))
                rows = load_rows(conn, wanted, abstracts=options.abstracts, notes=options.notes)
        except Exception:  # let the full refresh report what is wrong
            return False
        made = entries_of(rows, options, self._cache)
        return all(snapshot.entries.get(r[0]) == e for r, e in zip(rows, made, strict=True))

    def refresh(self, link: AutoExportLink) -> bool:
        """Rewrite a linked file if its content changed; record any failure. True if written."""
        with self._lock:
            return self._refresh(link)

    def _refresh(self, link: AutoExportLink) -> bool:
        self._snapshots.pop(link.path, None)
        try:
            _refuse_inside_library(self._db, link.path)  # a link made before that was refused
            rendered = render_link(self._db, link, self._search, self._cache)
            written = write_atomic(link.path, rendered.text)
        except (ReadingListError, OSError) as exc:
            self._note(link, str(exc), link.missing)
            return False
        except Exception as exc:
            log.exception("auto-export of %s failed", link.path)
            self._note(link, f"Unexpected error: {exc}", link.missing)
            return False
        if rendered.entries is not None:
            self._snapshots[link.path] = _Snapshot(_stamp(link.path), rendered.entries)
        else:
            sources = tuple((f, _stamp(f)) for f in rendered.sources)
            self._snapshots[link.path] = _Snapshot(_stamp(link.path), {}, sources, rendered.papers)
        self._note(link, None, rendered.missing)
        if rendered.replaced and self._tell is not None:
            self._tell(replacement_notes(rendered.replaced))
        try:
            mark_exported(self._db, rendered.used)
        except ReadingListError as exc:  # the library is busy: marked next time
            log.warning("auto-export: cannot record the keys of %s as used: %s", link.path, exc)
        if rendered.new_keys:
            self._changed(ChangeSet(frozenset(rendered.new_keys)))
        return written

    def refresh_all(self, documents_only: bool = False) -> list[tuple[AutoExportLink, bool]]:
        """Bring every linked file (or every document link) up to date now.

        Returns each link as it stands afterwards, and whether its file was written.
        """
        done: list[tuple[AutoExportLink, bool]] = []
        for link in links(self._db):
            if documents_only and link.document is None:
                continue
            written = self.refresh(link)
            after = next((x for x in links(self._db) if x.path == link.path), link)
            done.append((after, written))
        return done

    def _note(self, link: AutoExportLink, error: str | None, missing: tuple[str, ...]) -> None:
        if error is not None:
            log.warning("auto-export of %s: %s", link.path, error)
        try:
            _record(self._db, link, error, missing)
        except Exception as exc:  # the library itself is busy or failing: keep going
            log.warning("auto-export: cannot record the state of %s: %s", link.path, exc)
