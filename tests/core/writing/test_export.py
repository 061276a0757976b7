"""Exporting exactly what a document cites; keys it lacks, with suggestions; linked files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import InvalidInputError, NotFoundError
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.tables import CITATION_ALIAS, Precision
from tests.core.writing.conftest import AddPapers
from tests.helpers import dump

PAPERS = (
    IncomingPaper(
        "Distilling the Knowledge in a Neural Network",
        authors=("Geoffrey Hinton", "Oriol Vinyals"),
        published=date(2015, 3, 9),
        precision=Precision.DAY,
        arxiv_id="1503.02531",
    ),
    IncomingPaper(
        "Attention Is All You Need",
        authors=("Ashish Vaswani",),
        published=date(2017, 6, 12),
        arxiv_id="1706.03762",
    ),
    IncomingPaper("Knowledge Solver", published=date(2023, 5, 1)),
)


@pytest.fixture
def cited_library(library: Library, add_papers: AddPapers) -> tuple[Library, list[int]]:
    ids = add_papers(*PAPERS)
    library.bibtex.keys(ids[:2])  # hinton2015distilling, vaswani2017attention
    return library, ids


def test_exactly_what_the_document_cites(
    cited_library: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, ids = cited_library
    with library.db.write() as conn:  # a key the paper had in an imported .bib
        conn.execute(CITATION_ALIAS.insert().values(alias="Vaswani:2017", paper_id=ids[1]))
    aux = tmp_path / "main.aux"
    aux.write_text(
        "\\citation{Hinton2015Distilling}\n\\citation{Vaswani:2017,vaswani2017atention}\n"
        "\\citation{1706.03762v5,nobody2099}\n",
        encoding="utf-8",
    )
    done = library.bibtex.export_document(aux, tmp_path / "refs.bib")
    text = (tmp_path / "refs.bib").read_text(encoding="utf-8")
    # each entry under the key as the document spells it: case, alias
    assert "@misc{Hinton2015Distilling," in text and "@misc{Vaswani:2017," in text
    assert text.count("@misc{") == done.count == 2
    assert "Knowledge Solver" not in text
    missing = {m.key: m.suggestions for m in done.missing}
    assert list(missing) == ["vaswani2017atention", "1706.03762v5", "nobody2099"]
    assert missing["vaswani2017atention"][0].key == "vaswani2017attention"  # a typo
    assert [s.paper_id for s in missing["1706.03762v5"]] == [ids[1]]  # an arXiv id as key
    assert missing["nobody2099"] == ()
    assert library.paper(ids[0]).key_used_at is not None


def test_suggestions_find_papers_without_a_key(
    cited_library: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, ids = cited_library
    tex = tmp_path / "paper.tex"
    tex.write_text("\\cite{solver2023knowledge}", encoding="utf-8")
    done = library.bibtex.export_document(tex)
    assert [s.title for s in done.missing[0].suggestions] == ["Knowledge Solver"]
    assert done.text.count("@misc{") == 0 and library.paper(ids[2]).citation_key is None


def test_nocite_everything_exports_the_library(
    cited_library: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, ids = cited_library
    aux = tmp_path / "main.aux"
    aux.write_text("\\citation{*}\n\\citation{HINTON2015DISTILLING}\n", encoding="utf-8")
    done = library.bibtex.export_document(aux, format="csl-json")
    items = json.loads(done.text)
    assert sorted(i["id"] for i in items) == sorted(
        ["HINTON2015DISTILLING", "vaswani2017attention", "knowledgesolver2023"]
    )
    assert done.new_keys == {ids[2]: "knowledgesolver2023"}


def test_a_document_that_cannot_be_read_changes_nothing(
    cited_library: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, _ = cited_library
    before = dump(library)
    with pytest.raises(NotFoundError, match="run it once"):
        library.bibtex.export_document(tmp_path / "main.aux", tmp_path / "refs.bib")
    with pytest.raises(InvalidInputError, match="a document is read from"):
        library.bibtex.export_document(tmp_path / "main.pdf")
    assert dump(library) == before and not (tmp_path / "refs.bib").exists()


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_ino


def test_a_linked_file_follows_its_document(
    cited_library: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, ids = cited_library
    aux, bib = tmp_path / "main.aux", tmp_path / "refs.bib"
    aux.write_text("\\citation{hinton2015distilling,ghost}\n", encoding="utf-8")
    assert library.bibtex.add_autoexport(bib, ExportScope("document", str(aux))) == 1
    (link,) = library.bibtex.autoexports()
    assert link.document == aux.resolve() and link.missing == ("ghost",)
    assert link.scope.describe() == f"what {aux.resolve()} cites"
    assert "@misc{hinton2015distilling," in bib.read_text(encoding="utf-8")
    # LaTeX rewrites the .aux with the same citations: the .bib is left alone
    before = _stamp(bib)
    aux.write_text("\\relax\n\\citation{hinton2015distilling,ghost}\n", encoding="utf-8")
    ((_, written),) = library.bibtex.sync_autoexports()
    assert not written and _stamp(bib) == before
    # a new citation: rewritten, and the missing key found once the paper has it
    aux.write_text("\\citation{hinton2015distilling,ghost,vaswani2017attention}", "utf-8")
    ((_, written),) = library.bibtex.sync_autoexports(documents_only=True)
    assert written and "@misc{vaswani2017attention," in bib.read_text(encoding="utf-8")
    library.bibtex.set_key(ids[2], "ghost")  # a library change rewrites it too
    text = bib.read_text(encoding="utf-8")
    assert "@misc{ghost," in text and library.bibtex.autoexports()[0].missing == ()
    assert library.bibtex.document_files() == {bib.resolve(): (aux.resolve(),)}
    # the document disappears (latexmk -C): the error is kept, the file stays
    aux.unlink()
    library.mark([ids[0]], starred=True)
    (link,) = library.bibtex.autoexports()
    assert link.error is not None and "run it once" in link.error
    assert bib.read_text(encoding="utf-8") == text


def test_check_catches_up_with_a_document_changed_while_nothing_watched(
    cited_library: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, _ = cited_library
    aux, bib = tmp_path / "main.aux", tmp_path / "refs.bib"
    aux.write_text("\\citation{hinton2015distilling}\n", encoding="utf-8")
    library.bibtex.add_autoexport(bib, ExportScope("document", str(aux)))
    aux.write_text("\\citation{hinton2015distilling,vaswani2017attention}\n", "utf-8")
    report = library.check()
    assert report.ok and f"rewrote the auto-exported file {bib.resolve()}" in " ".join(
        report.repaired
    )
    assert "@misc{vaswani2017attention," in bib.read_text(encoding="utf-8")
    before = _stamp(bib)
    again = library.check()
    assert not any("rewrote" in item for item in again.repaired) and _stamp(bib) == before


def test_a_csl_json_link(cited_library: tuple[Library, list[int]], tmp_path: Path) -> None:
    library, ids = cited_library
    target = tmp_path / "refs.json"
    assert library.bibtex.add_autoexport(target, ExportScope("ids", ids=(ids[0],))) == 1
    (link,) = library.bibtex.autoexports()
    assert link.format == "csl-json"
    library.edit(ids[0], title="Distilling Knowledge")
    assert json.loads(target.read_text(encoding="utf-8"))[0]["title"] == "Distilling Knowledge"


@pytest.mark.parametrize(
    ("name", "biblatex", "message"),
    [("refs.txt", False, "must end in .bib"), ("refs.json", True, "not BibLaTeX")],
)
def test_link_names_must_fit_the_format(
    library: Library, tmp_path: Path, name: str, biblatex: bool, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        library.bibtex.add_autoexport(tmp_path / name, ExportScope("all"), biblatex=biblatex)


def test_a_document_link_needs_a_document(library: Library, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="a document is read from"):
        library.bibtex.add_autoexport(
            tmp_path / "refs.bib", ExportScope("document", str(tmp_path / "main.md"))
        )
    with pytest.raises(NotFoundError, match="run it once"):
        library.bibtex.add_autoexport(
            tmp_path / "refs.bib", ExportScope("document", str(tmp_path / "main.aux"))
        )
    assert library.bibtex.autoexports() == [] and not (tmp_path / "refs.bib").exists()


def test_a_document_link_is_rendered_again_only_when_it_could_change(
    cited_library: tuple[Library, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.core.bibtex import autoexport
    from readinglist.core.writing.export import export_document

    library, ids = cited_library
    aux, bib = tmp_path / "main.aux", tmp_path / "refs.bib"
    aux.write_text("\\citation{hinton2015distilling,ghost}\n", encoding="utf-8")
    library.bibtex.add_autoexport(bib, ExportScope("document", str(aux)))
    library.mark([ids[0]], read=True)  # the first change renders (nothing seen yet)
    renders: list[Path] = []
    real = export_document

    def counting(*args: object, **kwargs: object) -> object:
        renders.append(Path(str(args[1])))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(autoexport, "export_document", counting)
    library.mark([ids[1]], starred=True)  # a paper the document does not cite
    assert renders == []
    library.edit(ids[0], title="Distilling Knowledge")  # one it cites
    assert len(renders) == 1 and "Distilling Knowledge" in bib.read_text(encoding="utf-8")
    aux.write_text("\\citation{hinton2015distilling,ghost,vaswani2017attention}\n", "utf-8")
    library.mark([ids[2]], starred=True)  # the document changed meanwhile: noticed
    assert len(renders) == 2 and "vaswani2017attention" in bib.read_text(encoding="utf-8")
    library.mark([ids[2]], starred=False)  # "ghost" is still missing, but this is no help
    assert len(renders) == 2
    library.bibtex.set_key(ids[2], "ghost")  # a paper gains the key the document missed
    assert len(renders) == 3 and "@misc{ghost," in bib.read_text(encoding="utf-8")
