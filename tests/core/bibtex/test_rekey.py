"""Re-keying after a formula change touches only keys that never left the library."""

from __future__ import annotations

from datetime import date

from readinglist.core.bibtex import ExportScope
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.views import ChangeSet
from tests.core.bibtex.conftest import AddPapers
from tests.helpers import dump


def _papers(*titles: str) -> list[IncomingPaper]:
    return [IncomingPaper(t, authors=("Ann Smith",), published=date(2020, 1, 1)) for t in titles]


def _assign_without_use(library: Library, ids: list[int]) -> None:
    """Keys assigned for a file not written yet (an auto-export assigns them,
    then writes its file): not used until the file is written."""
    from readinglist.core.bibtex.entries import Options
    from readinglist.core.bibtex.export import export

    export(library.db, ExportScope("ids", ids=tuple(ids)), Options(), library.search_ids)


def test_rekey_replaces_only_unused_keys_and_says_which(
    library: Library, add_papers: AddPapers
) -> None:
    cited, exported, typed, idle = add_papers(
        *_papers("Deep Nets", "Wide Nets", "Tall Nets", "Short Nets")
    )
    library.bibtex.keys([cited])
    library.bibtex.export(ExportScope("ids", ids=(exported,)))
    library.bibtex.set_key(typed, "mine")
    _assign_without_use(library, [idle])
    assert library.paper(idle).citation_key == "smith2020short"
    library.bibtex.set_key_formula("[auth:capitalize][year]:[title2]")
    heard: list[ChangeSet] = []
    library.subscribe(heard.append)

    preview = library.bibtex.rekey(dry_run=True)
    assert [(c.paper_id, c.old, c.new) for c in preview.changed] == [
        (idle, "smith2020short", "Smith2020:shortnets")
    ]
    assert (preview.kept, preview.same, preview.dry_run) == (3, 0, True)
    assert library.paper(idle).citation_key == "smith2020short" and not heard

    report = library.bibtex.rekey()
    assert [(c.old, c.new, c.title) for c in report.changed] == [
        ("smith2020short", "Smith2020:shortnets", "Short Nets")
    ]
    assert [library.paper(i).citation_key for i in (cited, exported, typed, idle)] == [
        "smith2020deep",
        "smith2020wide",
        "mine",
        "Smith2020:shortnets",
    ]
    assert heard == [ChangeSet(frozenset({idle}))]
    assert library.paper(idle).key_used_at is None  # re-keyed, still not used
    before = dump(library)
    again = library.bibtex.rekey()
    assert (again.changed, again.same, again.kept) == ((), 1, 3)
    assert dump(library) == before


def test_rekey_settles_released_keys_together(library: Library, add_papers: AddPapers) -> None:
    ids = add_papers(*_papers("Deep Alpha", "Deep Beta"))
    library.bibtex.set_key_formula("[auth][year][title2]")  # smith2020deepalpha, …
    _assign_without_use(library, ids)
    assert [library.paper(i).citation_key for i in ids] == [
        "smith2020deepalpha",
        "smith2020deepbeta",
    ]
    library.bibtex.set_key_formula("[auth][year][title]")  # now they are rivals
    report = library.bibtex.rekey()
    new = [library.paper(i).citation_key for i in ids]
    assert len(report.changed) == 2 and all(k and k.startswith("smith2020deep") for k in new)
    assert len({k.lower() for k in new if k}) == 2 and "smith2020deep" not in new
