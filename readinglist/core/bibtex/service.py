"""``library.bibtex``: citation keys, exports and auto-exported files.

The logic is in the modules beside this one (keys, formula, rekey, entries,
scope, export, autoexport) and in :mod:`readinglist.core.writing` (documents,
CSL-JSON, citation formats); this part runs it under the Library's write
lock, records keys as used once they leave the library, and announces keys
it assigned on the way, so the paper list and the linked files show them. A
stored key that breaks the key rule is replaced on its way out (an export, a
cite) and the replacement is added to the Library's ``warnings``, which the
window and the command line show. It also owns the :class:`AutoExporter`
the Library subscribes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from readinglist.core.bibtex import autoexport as bib_autoexport
from readinglist.core.bibtex import keys as bib_keys
from readinglist.core.bibtex.autoexport import AutoExporter, AutoExportLink
from readinglist.core.bibtex.entries import Options
from readinglist.core.bibtex.export import (
    Deliver,
    mark_exported,
    replace_unsafe_keys,
    replacement_notes,
)
from readinglist.core.bibtex.export import export as bib_export
from readinglist.core.bibtex.rekey import RekeyReport, rekey
from readinglist.core.bibtex.scope import ExportScope, SearchIds
from readinglist.core.bibtex.writer import check_target, write_atomic
from readinglist.core.chunks import chunks
from readinglist.core.db import utcnow
from readinglist.core.errors import ExportError, NotFoundError, ReadingListError
from readinglist.core.store import Store, require
from readinglist.core.tables import PAPER
from readinglist.core.tag_names import stored_name
from readinglist.core.targets import refuse_inside_library, resolve_target
from readinglist.core.views import ChangeSet
from readinglist.core.writing.cache import EntryCache
from readinglist.core.writing.cite import KEYED, Cited, CiteFormat, citation
from readinglist.core.writing.cited import read_citations
from readinglist.core.writing.export import DocumentExport, export_document


class Bibtex:
    """The Library's BibTeX part (``library.bibtex``).

    ``search`` resolves a query scope (``Library.search_ids``); it is passed
    in so that BibTeX does not depend on the search package.
    """

    def __init__(self, store: Store, search: SearchIds, warnings: list[str] | None = None) -> None:
        self._store = store
        self._search = search
        self._warnings = warnings if warnings is not None else []
        #: Entries of unchanged papers, reused by every export of this library.
        self.entry_cache = EntryCache()
        #: The listener that keeps linked files in sync (subscribed by the Library).
        self.autoexporter = AutoExporter(
            store.db, search, store.changed, self._note, self.entry_cache
        )

    # exports -------------------------------------------------------------------

    def export(
        self,
        scope: ExportScope,
        *,
        biblatex: bool = False,
        abstracts: bool = False,
        notes: bool = False,
        format: str | None = None,
    ) -> str:
        """The export of ``scope`` (BibTeX unless ``format``), sorted by key; assigns keys."""
        delivered: list[str] = []
        self._export(scope, _options(format, biblatex, abstracts, notes), delivered.append)
        return delivered[0]

    def export_to(
        self,
        path: Path,
        scope: ExportScope,
        *,
        biblatex: bool = False,
        abstracts: bool = False,
        notes: bool = False,
        format: str | None = None,
    ) -> int:
        """Write the export to ``path`` atomically (untouched if identical); entries written.

        A symbolic link is followed (the file it points to is replaced, the link
        stays); a target inside the library folder is refused (:mod:`~readinglist.core.targets`).
        """
        path = resolve_target(path, ExportError)
        refuse_inside_library(self._store.db.path.parent, path, ExportError, "an export")
        check_target(path)
        options = _options(format, biblatex, abstracts, notes)
        return self._export(scope, options, lambda text: write_atomic(path, text))

    def export_document(
        self,
        document: Path,
        path: Path | None = None,
        *,
        format: str = "bibtex",
        abstracts: bool = False,
        notes: bool = False,
        suggest: bool = True,
    ) -> DocumentExport:
        """What ``document`` (.aux, .bcf, .tex) cites, written to ``path`` if given.

        The result lists the cited keys the library lacks (with the papers
        they may have meant, when ``suggest``) and what was skipped reading it.
        """
        options = Options.of(format, abstracts=abstracts, notes=notes)
        if path is not None:
            path = path.expanduser()
            check_target(path)
        with self._store.lock:
            done = export_document(
                self._store.db, document, options, suggest=suggest, cache=self.entry_cache
            )
        if done.new_keys:
            self._store.changed(ChangeSet(frozenset(done.new_keys)))
        if path is not None:
            write_atomic(path, done.text)
        mark_exported(self._store.db, done.cited)
        return done

    # keys ------------------------------------------------------------------------

    def keys(self, ids: Sequence[int]) -> list[str]:
        """The citation keys of ``ids``, in that order, assigning any missing; they count
        as cited from now on."""
        wanted = list(dict.fromkeys(ids))
        with self._store.write() as conn:
            require(conn, sorted(set(wanted)))
            old = replace_unsafe_keys(conn, wanted)
            new = bib_keys.assign_keys(conn, wanted)
            bib_keys.mark_used(conn, wanted, utcnow())
            found: dict[int, str] = {}
            for chunk in chunks(wanted):
                stmt = select(PAPER.c.id, PAPER.c.citation_key).where(PAPER.c.id.in_(chunk))
                found.update((pid, key) for pid, key in conn.execute(stmt))
        self._note(replacement_notes({pid: (key, new[pid]) for pid, key in old.items()}))
        if new:
            self._store.changed(ChangeSet(frozenset(new)))
        return [found[i] for i in ids]

    def cite(self, ids: Sequence[int], fmt: CiteFormat = "keys") -> str:
        """A citation of ``ids`` in a writer's syntax (:mod:`readinglist.core.writing.cite`)."""
        keys = self.keys(ids) if fmt in KEYED else [None] * len(ids)
        with self._store.db.read() as conn:
            require(conn, sorted(set(ids)))
            rows: dict[int, tuple[str, str | None, str | None]] = {}
            for chunk in chunks(sorted(set(ids))):
                stmt = select(PAPER.c.id, PAPER.c.title, PAPER.c.url, PAPER.c.arxiv_id).where(
                    PAPER.c.id.in_(chunk)
                )
                rows.update(
                    (pid, (title, url, arxiv)) for pid, title, url, arxiv in conn.execute(stmt)
                )
        papers = []
        for pid, key in zip(ids, keys, strict=True):
            title, url, arxiv = rows[pid]
            link = url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None)
            papers.append(Cited(key, title, link))
        return citation(papers, fmt)

    def set_key(self, paper_id: int, key: str) -> None:
        """Set a key by hand: BibTeX-safe characters, unique in the library (any case)."""
        with self._store.write() as conn:
            require(conn, [paper_id])
            bib_keys.set_key(conn, paper_id, key, utcnow())
        self._store.changed(ChangeSet(frozenset([paper_id])))

    def key_formula(self) -> str:
        """The formula new keys are made by (:mod:`~readinglist.core.bibtex.formula`)."""
        with self._store.db.read() as conn:
            return bib_keys.current_formula(conn).text

    def set_key_formula(self, text: str) -> str:
        """Make new keys by ``text`` from now on; no key already assigned changes."""
        with self._store.write() as conn:
            return bib_keys.set_formula(conn, text).text

    def rekey(self, *, dry_run: bool = False) -> RekeyReport:
        """New keys by the current formula for papers whose key never left the library."""
        with self._store.write() as conn:
            report = rekey(conn, dry_run=dry_run)
        if report.changed and not dry_run:
            self._store.changed(ChangeSet(frozenset(c.paper_id for c in report.changed)))
        return report

    # auto-export -----------------------------------------------------------------

    def autoexports(self) -> list[AutoExportLink]:
        """The linked files, by path, each with its last error (if any)."""
        return bib_autoexport.links(self._store.db)

    def add_autoexport(
        self,
        path: Path,
        scope: ExportScope,
        biblatex: bool = False,
        *,
        format: str | None = None,
    ) -> int:
        """Keep ``path`` in sync with ``scope`` (or a document) from now on; writes it now.

        The format is ``format``, else what the file's name says (.json:
        CSL-JSON; .bib: BibTeX, or BibLaTeX with ``biblatex``). Returns entries written.
        """
        fmt = format or bib_autoexport.format_for(path, biblatex)
        if scope.kind != "document":
            self._check_scope(scope)
        with self._store.lock:
            rendered = bib_autoexport.add(
                self._store.db, path, scope, fmt, self._search, self.entry_cache
            )
        self._note(replacement_notes(rendered.replaced))
        if rendered.new_keys:
            self._store.changed(ChangeSet(frozenset(rendered.new_keys)))
        return rendered.count

    def remove_autoexport(self, path: Path) -> None:
        """Stop keeping ``path`` in sync (the file itself stays as it is)."""
        bib_autoexport.remove(self._store.db, path)

    def sync_autoexports(
        self, *, documents_only: bool = False
    ) -> list[tuple[AutoExportLink, bool]]:
        """Bring linked files up to date now (after a document changed, say); each link
        afterwards, and whether its file was written.

        Not under the Library's write lock: the exporter takes its own, as when
        it runs after a change (holding both, in the other order, could deadlock).
        """
        return self.autoexporter.refresh_all(documents_only)

    def document_files(self) -> dict[Path, tuple[Path, ...]]:
        """For each document link, the files its document is read from (to watch them)."""
        out: dict[Path, tuple[Path, ...]] = {}
        for link in self.autoexports():
            if link.document is None:
                continue
            try:
                out[link.path] = read_citations(link.document).files
            except ReadingListError:  # missing or unreadable: watch for it to come back
                out[link.path] = (link.document,)
        return out

    # helpers ---------------------------------------------------------------------

    def _export(self, scope: ExportScope, options: Options, deliver: Deliver) -> int:
        """Export ``scope`` to ``deliver``; how many entries it held."""
        self._check_scope(scope)
        with self._store.lock:
            rendered = bib_export(
                self._store.db, scope, options, self._search, deliver, cache=self.entry_cache
            )
        self._note(replacement_notes(rendered.replaced))
        if rendered.new_keys:
            self._store.changed(ChangeSet(frozenset(rendered.new_keys)))
        return rendered.count

    def _note(self, messages: list[str]) -> None:
        """Tell the user (through the Library's warnings) what they must know."""
        self._warnings.extend(m for m in messages if m not in self._warnings)

    def _check_scope(self, scope: ExportScope) -> None:
        """Unknown ids and tags are the user's mistake, not an empty export."""
        if scope.kind == "document":
            raise ValueError("export a document with export_document")
        with self._store.db.read() as conn:
            if scope.kind == "ids":
                require(conn, sorted(set(scope.ids)))
            elif scope.kind == "tag" and stored_name(conn, scope.value or "") is None:
                raise NotFoundError(f"No tag named “{(scope.value or '').strip()}”.")


def _options(fmt: str | None, biblatex: bool, abstracts: bool, notes: bool) -> Options:
    if fmt is None:
        return Options(biblatex, abstracts, notes)
    return Options.of(fmt, abstracts=abstracts, notes=notes)
