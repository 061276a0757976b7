"""What the sync tests compare: a library as the user sees it, device-independent."""

from __future__ import annotations

from typing import Any

from pycrdt import Text

from readinglist.core.library import Library
from readinglist.core.sync import state
from readinglist.core.sync.shared import SharedDoc
from readinglist.core.views import PaperFilter, View


def seen(library: Library) -> dict[str, dict[str, Any]]:
    """Every paper (the bin too) by title key, with what sync carries; no local ids."""
    out: dict[str, dict[str, Any]] = {}
    with library.db.read() as conn:
        rows = conn.exec_driver_sql("SELECT id FROM paper ORDER BY id").fetchall()
    ids = [r[0] for r in rows]
    tags = library.tags.of_papers(ids)
    removed = set(library.paper_ids(PaperFilter(view=View.ALL))) ^ set(ids)
    for pid in ids:
        paper = _paper(library, pid)
        out[paper["title_key"]] = {
            **{k: paper[k] for k in ("title", "abstract", "authors", "arxiv_id", "published")},
            "starred": paper["starred"],
            "read": paper["read"],
            "removed": pid in removed,
            "tags": sorted(tags[pid]),
            "note": paper["note"],
            "key": paper["citation_key"],
            "user_fields": paper["user_fields"],
            "digests": [d.isoformat() for d in library.digests_of(pid)],
        }
    return out


def _paper(library: Library, pid: int) -> dict[str, Any]:
    from sqlalchemy import select

    from readinglist.core.tables import PAPER

    with library.db.read() as conn:
        return dict(conn.execute(select(PAPER).where(PAPER.c.id == pid)).mappings().one())


def pid_of(library: Library, title: str) -> int:
    """The local id of the paper titled ``title`` (ids differ between devices)."""
    with library.db.read() as conn:
        found = conn.exec_driver_sql("SELECT id FROM paper WHERE title = ?", (title,)).fetchone()
    assert found is not None, title
    return int(found[0])


def digests(library: Library) -> list[tuple[str, str]]:
    return [(d.day.isoformat(), d.name) for d in library.digests()]


def document(library: Library) -> dict[str, Any]:
    """The library's shared document, as saved in it, as plain data (every device's
    must end equal)."""
    with library.db.read() as conn:
        updates = state.load_doc(conn)
    assert updates is not None
    shared = SharedDoc.load(updates)
    roots = list(shared.doc.keys())
    notes = {k: str(shared.doc.get(k, type=Text)) for k in roots if k.startswith("note:")}
    return {
        "meta": shared.meta.to_py(),
        "user": shared.user.to_py(),
        "digests": shared.digests.to_py(),
        "notes": {k: v for k, v in notes.items() if v},
    }
