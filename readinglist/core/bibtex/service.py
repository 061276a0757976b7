"""``library.bibtex``: citation keys, exports and auto-exported files.

The logic is in the modules beside this one (keys, entries, scope, export,
autoexport); this part runs it under the Library's write lock and announces
keys it assigned on the way, so the paper list and the linked .bib files
show them. A stored key that breaks the key rule is replaced on its way out
(an export, a cite) and the replacement is added to the Library's
``warnings``, which the window and the command line show. It also owns the
:class:`AutoExporter` the Library subscribes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from readinglist.core.bibtex import autoexport as bib_autoexport
from readinglist.core.bibtex import keys as bib_keys
from readinglist.core.bibtex.autoexport import AutoExporter, AutoExportLink
from readinglist.core.bibtex.entries import Options
from readinglist.core.bibtex.export import export as bib_export
from readinglist.core.bibtex.export import replace_unsafe_keys, replacement_notes
from readinglist.core.bibtex.scope import ExportScope, SearchIds
from readinglist.core.bibtex.writer import check_target, write_atomic
from readinglist.core.chunks import chunks
from readinglist.core.errors import ExportError, NotFoundError
from readinglist.core.models import PAPER
from readinglist.core.store import Store, require
from readinglist.core.tag_names import stored_name
from readinglist.core.targets import refuse_inside_library, resolve_target
from readinglist.core.views import ChangeSet


class Bibtex:
    """The Library's BibTeX part (``library.bibtex``).

    ``search`` resolves a query scope (``Library.search_ids``); it is passed
    in so that BibTeX does not depend on the search package.
    """

    def __init__(self, store: Store, search: SearchIds, warnings: list[str] | None = None) -> None:
        self._store = store
        self._search = search
        self._warnings = warnings if warnings is not None else []
        #: The listener that keeps linked files in sync (subscribed by the Library).
        self.autoexporter = AutoExporter(store.db, search, store.changed, self._note)

    def export(
        self,
        scope: ExportScope,
        *,
        biblatex: bool = False,
        abstracts: bool = False,
        notes: bool = False,
    ) -> str:
        """The .bib text for ``scope``, sorted by key; assigns keys papers lack."""
        return self._export(scope, Options(biblatex, abstracts, notes))[0]

    def export_to(
        self,
        path: Path,
        scope: ExportScope,
        *,
        biblatex: bool = False,
        abstracts: bool = False,
        notes: bool = False,
    ) -> int:
        """Write the export to ``path`` atomically (untouched if identical); entries written.

        A symbolic link is followed (the file it points to is replaced, the link
        stays); a target inside the library folder is refused (:mod:`~readinglist.core.targets`).
        """
        path = resolve_target(path, ExportError)
        refuse_inside_library(self._store.db.path.parent, path, ExportError, "an export")
        check_target(path)
        text, count = self._export(scope, Options(biblatex, abstracts, notes))
        write_atomic(path, text)
        return count

    def keys(self, ids: Sequence[int]) -> list[str]:
        """The citation keys of ``ids``, in that order, assigning any missing."""
        wanted = list(dict.fromkeys(ids))
        with self._store.write() as conn:
            require(conn, sorted(set(wanted)))
            old = replace_unsafe_keys(conn, wanted)
            new = bib_keys.assign_keys(conn, wanted)
            found: dict[int, str] = {}
            for chunk in chunks(wanted):
                stmt = select(PAPER.c.id, PAPER.c.citation_key).where(PAPER.c.id.in_(chunk))
                found.update((pid, key) for pid, key in conn.execute(stmt))
        self._note(replacement_notes({pid: (key, new[pid]) for pid, key in old.items()}))
        if new:
            self._store.changed(ChangeSet(frozenset(new)))
        return [found[i] for i in ids]

    def set_key(self, paper_id: int, key: str) -> None:
        """Set a key by hand: BibTeX-safe characters, unique in the library (any case)."""
        with self._store.write() as conn:
            require(conn, [paper_id])
            bib_keys.set_key(conn, paper_id, key)
        self._store.changed(ChangeSet(frozenset([paper_id])))

    def autoexports(self) -> list[AutoExportLink]:
        """The linked files, by path, each with its last error (if any)."""
        return bib_autoexport.links(self._store.db)

    def add_autoexport(self, path: Path, scope: ExportScope, biblatex: bool = False) -> int:
        """Keep ``path`` in sync with ``scope`` from now on; writes it now, returns entries."""
        self._check_scope(scope)
        with self._store.lock:
            rendered = bib_autoexport.add(self._store.db, path, scope, biblatex, self._search)
        self._note(replacement_notes(rendered.replaced))
        if rendered.new_keys:
            self._store.changed(ChangeSet(frozenset(rendered.new_keys)))
        return rendered.count

    def remove_autoexport(self, path: Path) -> None:
        """Stop keeping ``path`` in sync (the file itself stays as it is)."""
        bib_autoexport.remove(self._store.db, path)

    def _export(self, scope: ExportScope, options: Options) -> tuple[str, int]:
        self._check_scope(scope)
        with self._store.lock:
            rendered = bib_export(self._store.db, scope, options, self._search)
        self._note(replacement_notes(rendered.replaced))
        if rendered.new_keys:
            self._store.changed(ChangeSet(frozenset(rendered.new_keys)))
        return rendered.text, rendered.count

    def _note(self, messages: list[str]) -> None:
        """Tell the user (through the Library's warnings) what they must know."""
        self._warnings.extend(m for m in messages if m not in self._warnings)

    def _check_scope(self, scope: ExportScope) -> None:
        """Unknown ids and tags are the user's mistake, not an empty export."""
        with self._store.db.read() as conn:
            if scope.kind == "ids":
                require(conn, sorted(set(scope.ids)))
            elif scope.kind == "tag" and stored_name(conn, scope.value or "") is None:
                raise NotFoundError(f"No tag named “{(scope.value or '').strip()}”.")
