"""Keeping linked .bib files in sync with the library.

A link (the ``autoexport`` table) names a file, a scope and a flavour. The
:class:`AutoExporter` listens to the Library's committed changes and
rewrites a linked file when a paper in its scope changed (or left it), or
when the library's structure changed; :func:`write_atomic` then skips the
write when the bytes are the same, so ``latexmk -pvc`` is not woken for a
change that does not show in the file.

A failure to write a linked file must never undo or break the change that
triggered it (that change is committed already): the exporter catches it,
keeps it as the link's last error (in the ``setting`` table, so
``readinglist autoexport list`` in another process sees it too) and moves on.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from readinglist.core import settings
from readinglist.core.bibtex.entries import Options, load
from readinglist.core.bibtex.export import Rendered, export, replacement_notes
from readinglist.core.bibtex.scope import ExportScope, SearchIds, resolve
from readinglist.core.bibtex.writer import (
    EntryFields,
    check_target,
    entry_fields,
    render_papers,
    write_atomic,
)
from readinglist.core.db import Database
from readinglist.core.errors import ExportError, InvalidInputError, NotFoundError
from readinglist.core.models import AUTOEXPORT
from readinglist.core.targets import refuse_inside_library, resolve_target
from readinglist.core.views import ChangeSet

log = logging.getLogger(__name__)

HEADER = (
    "Kept in sync by readinglist (autoexport of {scope}).\n"
    "Edits here are overwritten: change the library, or `readinglist key` for keys."
)
_ERROR_PREFIX = "autoexport.error:"


@dataclass(frozen=True)
class AutoExportLink:
    """A .bib file kept in sync with a scope; ``error`` is the last failure, if any."""

    path: Path
    scope: ExportScope
    biblatex: bool = False
    error: str | None = None


def normalise(path: Path) -> Path:
    """The absolute path a link is stored under (``~`` expanded, symlinks resolved)."""
    return resolve_target(path, ExportError)


def _refuse_inside_library(db: Database, path: Path) -> None:
    refuse_inside_library(db.path.parent, path, ExportError, "an auto-export")


def links(db: Database) -> list[AutoExportLink]:
    with db.read() as conn:
        rows = conn.execute(
            select(
                AUTOEXPORT.c.path, AUTOEXPORT.c.scope, AUTOEXPORT.c.value, AUTOEXPORT.c.biblatex
            ).order_by(AUTOEXPORT.c.path)
        ).all()
        errors = settings.with_prefix(conn, _ERROR_PREFIX)
    return [
        AutoExportLink(
            Path(p),
            ExportScope.from_row(kind, value),
            bool(biblatex),
            errors.get(_ERROR_PREFIX + p),
        )
        for p, kind, value, biblatex in rows
    ]


def _header(link: AutoExportLink) -> str:
    return HEADER.format(scope=link.scope.describe().replace("@", "(at)"))


def render_link(db: Database, link: AutoExportLink, search: SearchIds) -> Rendered:
    return export(db, link.scope, Options(biblatex=link.biblatex), search, header=_header(link))


def stale(db: Database, link: AutoExportLink, search: SearchIds) -> bool:
    """Whether the file differs from what its next write would hold, found
    without writing anything (``check --no-repair``): a paper in scope that
    has no key yet makes it stale, as the file cannot hold that paper."""
    with db.read() as conn:
        papers = load(conn, resolve(conn, link.scope, search))
    if not all(p.key for p in papers):
        return True
    text = render_papers(papers, Options(biblatex=link.biblatex), header=_header(link))
    try:
        return link.path.read_bytes() != text.encode("utf-8")
    except OSError:
        return True


def add(
    db: Database, path: Path, scope: ExportScope, biblatex: bool, search: SearchIds
) -> Rendered:
    """Link ``path`` and write it now; refuses a path already linked or unwritable."""
    path = normalise(path)
    if path.suffix.lower() != ".bib":
        raise InvalidInputError(f"An auto-export file must end in .bib: {path.name}.")
    _refuse_inside_library(db, path)
    check_target(path)
    kind, value = scope.to_row()
    with db.read() as conn:
        exists = conn.execute(select(AUTOEXPORT.c.id).where(AUTOEXPORT.c.path == str(path))).first()
    if exists is not None:
        raise InvalidInputError(
            f"{path} is already auto-exported; remove that link first to change it."
        )
    link = AutoExportLink(path, scope, biblatex)
    rendered = render_link(db, link, search)
    write_atomic(path, rendered.text)
    with db.write() as conn:
        conn.execute(
            AUTOEXPORT.insert().values(path=str(path), scope=kind, value=value, biblatex=biblatex)
        )
        settings.drop(conn, _ERROR_PREFIX + str(path))
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
    return Path(found)


def _record_error(db: Database, path: Path, error: str | None) -> None:
    key = _ERROR_PREFIX + str(path)
    with db.read() as conn:
        current = settings.get(conn, key)
    if current == error:
        return
    with db.write() as conn:
        if error is None:
            settings.drop(conn, key)
        else:
            settings.put(conn, key, error)


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
    entries: dict[int, tuple[EntryFields, ...]]


class AutoExporter:
    """A Library listener that rewrites linked .bib files after relevant changes.

    A full render of a large scope takes a good fraction of a second, too
    much after every star or read mark. So for a change that is not
    structural, the exporter first checks cheaply whether the file could
    change at all: same papers in scope, and the changed papers' entries
    equal to those last written. It trusts that check only while the file
    is exactly the one it wrote (same mtime, size, inode): if another
    process or the user touched it, it renders in full.
    """

    def __init__(
        self,
        db: Database,
        search: SearchIds,
        changed: Callable[[ChangeSet], None],
        note: Callable[[list[str]], None] | None = None,
    ) -> None:
        self._db = db
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
            if snapshot is None or structure or not self._unchanged(link, snapshot, touched):
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
                papers = load(conn, sorted(touched.intersection(ids)))
        except Exception:  # let the full refresh report what is wrong
            return False
        options = Options(biblatex=link.biblatex)
        return all(snapshot.entries.get(p.id, ()) == entry_fields(p, options) for p in papers)

    def refresh(self, link: AutoExportLink) -> bool:
        """Rewrite a linked file if its content changed; record any failure. True if written."""
        self._snapshots.pop(link.path, None)
        try:
            _refuse_inside_library(self._db, link.path)  # a link made before that was refused
            rendered = render_link(self._db, link, self._search)
            written = write_atomic(link.path, rendered.text)
        except (ExportError, InvalidInputError, OSError) as exc:
            self._note(link, str(exc))
            return False
        except Exception as exc:
            log.exception("auto-export of %s failed", link.path)
            self._note(link, f"Unexpected error: {exc}")
            return False
        self._snapshots[link.path] = _Snapshot(_stamp(link.path), rendered.entries)
        self._note(link, None)
        if rendered.replaced and self._tell is not None:
            self._tell(replacement_notes(rendered.replaced))
        if rendered.new_keys:
            self._changed(ChangeSet(frozenset(rendered.new_keys)))
        return written

    def _note(self, link: AutoExportLink, error: str | None) -> None:
        if error is not None:
            log.warning("auto-export of %s: %s", link.path, error)
        if error == link.error:
            return
        try:
            _record_error(self._db, link.path, error)
        except Exception as exc:  # the library itself is busy or failing: keep going
            log.warning("auto-export: cannot record the error for %s: %s", link.path, exc)
