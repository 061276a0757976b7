"""Citation keys: the rule, uniqueness, stability, use, and keys set by hand."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from readinglist.core.bibtex import ExportScope, service
from readinglist.core.bibtex.formula import DEFAULT, KeySource, last_name
from readinglist.core.bibtex.keys import identity, suffixes
from readinglist.core.errors import ExportError, InvalidInputError, NotFoundError
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.tables import CITATION_ALIAS, Precision
from readinglist.core.text import title_key
from readinglist.core.views import ChangeSet
from tests.core.bibtex.conftest import AddPapers
from tests.helpers import dump


def source(title: str, *authors: str, year: int | None = 2015) -> KeySource:
    return KeySource(1, title, authors, year)


@pytest.mark.parametrize(
    ("src", "key"),
    [
        (
            source("Distilling the Knowledge in a Neural Network", "Geoffrey Hinton"),
            "hinton2015distilling",
        ),
        (source("The Müller Effect", "Jörg Müller"), "muller2015muller"),
        (source("On the Use of Tools", "Hinton, Geoffrey"), "hinton2015tools"),
        (source("Knowledge Solver: Teaching LLMs", year=2023), "knowledgesolver2023"),
        (source("GPT-4 Technical Report", year=2023), "gpt4technical2023"),
        (source("A Study", year=None), "study"),
        (source("日本語のタイトル", year=2024), "paper2024"),
    ],
)
def test_the_default_formula(src: KeySource, key: str) -> None:
    assert DEFAULT.base(src) == key


def test_last_names() -> None:
    assert last_name("Geoffrey E. Hinton") == "hinton"
    assert last_name("Hinton, Geoffrey") == "hinton"
    assert last_name("José Núñez-García") == "nunezgarcia"
    assert last_name("Prabhat") == "prabhat"


def _suffix(title: str, arxiv: str | None = None) -> str:
    return next(suffixes(identity(arxiv, title)))


def test_suffixes_come_from_the_identity_alone() -> None:
    first = list(zip(range(4), suffixes("arxiv:1503.02531"), strict=False))
    again = list(zip(range(4), suffixes("arxiv:1503.02531"), strict=False))
    assert first == again
    lengths = [len(s) for _, s in first]
    assert lengths == [3, 4, 5, 6] and all(s.isalpha() and s.islower() for _, s in first)
    assert first[1][1].startswith(first[0][1])  # each widens the one before
    assert _suffix("Deep Learning Part 0") != _suffix("Deep Learning Part 1")
    # the title identity is the normalised title: case and spaces do not matter
    assert identity(None, "Deep  LEARNING") == identity(None, "deep learning")
    assert identity("2301.00001", "anything") == "arxiv:2301.00001"


def _clashing(n: int) -> list[IncomingPaper]:
    return [
        IncomingPaper(
            title=f"Deep Learning Part {i}", authors=("Ann Smith",), published=date(2020, 1, 1)
        )
        for i in range(n)
    ]


def _expected(n: int) -> list[str]:
    return [f"smith2020deep{_suffix(f'Deep Learning Part {i}')}" for i in range(n)]


def test_a_paper_without_a_rival_gets_the_plain_key(
    library: Library, add_papers: AddPapers
) -> None:
    (a,) = add_papers(*_clashing(1))
    assert library.bibtex.keys([a]) == ["smith2020deep"]


def test_rivals_are_told_apart_by_their_identity(library: Library, add_papers: AddPapers) -> None:
    ids = add_papers(*_clashing(3))
    keys = library.bibtex.keys(ids)
    assert keys == _expected(3)
    assert "smith2020deep" not in keys  # nobody takes the plain key from a rival
    first = library.bibtex.export(ExportScope("all"))
    assert library.bibtex.export(ExportScope("all")) == first
    # a new rival gets its own suffix; nobody else's key moves
    (new,) = add_papers(
        IncomingPaper("Deep Learning Again", authors=("A. Smith",), published=date(2020, 5, 1))
    )
    assert library.bibtex.keys([*ids, new]) == [
        *keys,
        f"smith2020deep{_suffix('Deep Learning Again')}",
    ]


def test_a_paper_keyed_alone_keeps_its_plain_key(library: Library, add_papers: AddPapers) -> None:
    (a,) = add_papers(*_clashing(1))
    assert library.bibtex.keys([a]) == ["smith2020deep"]
    (b,) = add_papers(*_clashing(2)[1:])
    assert library.bibtex.keys([a, b]) == ["smith2020deep", _expected(2)[1]]


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1], [2], [2, 0]])
def test_keys_do_not_depend_on_which_paper_is_cited_first(
    library: Library, add_papers: AddPapers, order: list[int]
) -> None:
    ids = add_papers(*_clashing(3))
    for index in order:
        library.bibtex.export(ExportScope("ids", ids=(ids[index],)))
    library.bibtex.keys(ids)
    assert [library.paper(i).citation_key for i in ids] == _expected(3)


def test_an_arxiv_paper_is_told_apart_by_its_arxiv_id(
    library: Library, add_papers: AddPapers
) -> None:
    a, b = add_papers(
        *[
            IncomingPaper(p.title, authors=p.authors, published=p.published, arxiv_id=arxiv)
            for p, arxiv in zip(_clashing(2), ("2001.00001", None), strict=True)
        ]
    )
    assert library.bibtex.keys([a, b]) == [
        "smith2020deep" + _suffix("ignored", "2001.00001"),
        "smith2020deep" + _suffix("Deep Learning Part 1"),
    ]


def test_keys_of_the_sample_library_are_unique(loaded: Library) -> None:
    ids = loaded.paper_ids()
    keys = loaded.bibtex.keys(ids)
    assert len({k.lower() for k in keys}) == len(ids) == 230
    assert all(k.isascii() and k.isalnum() and k == k.lower() for k in keys)


def test_imports_after_export_never_change_keys(library: Library, add_papers: AddPapers) -> None:
    (a,) = add_papers(IncomingPaper("Knowledge Solver", published=date(2023, 5, 1)))
    assert library.bibtex.keys([a]) == ["knowledgesolver2023"]
    # the same paper arrives again with authors and an arXiv id: its key stays
    add_papers(
        IncomingPaper(
            "Knowledge Solver",
            authors=("Chao Feng",),
            arxiv_id="2309.03118",
            published=date(2023, 9, 6),
            precision=Precision.DAY,
        ),
        day=date(2026, 3, 14),
    )
    assert library.bibtex.keys([a]) == ["knowledgesolver2023"]
    assert "@misc{knowledgesolver2023," in library.bibtex.export(ExportScope("all"))


def test_a_paper_gets_a_key_from_what_it_holds_when_first_cited(
    library: Library, add_papers: AddPapers
) -> None:
    (a,) = add_papers(IncomingPaper("Knowledge Solver", published=date(2023, 5, 1)))
    library.edit(a, authors=["Chao Feng"])  # the cached formula result follows the edit
    assert library.bibtex.keys([a]) == ["feng2023knowledge"]


def test_papers_in_the_bin_are_still_rivals(library: Library, add_papers: AddPapers) -> None:
    a, b = add_papers(*_clashing(2))
    library.remove([a])
    assert library.bibtex.keys([b]) == [_expected(2)[1]]


def test_an_alias_is_a_taken_key(library: Library, add_papers: AddPapers) -> None:
    a, b = add_papers(
        *_clashing(1), IncomingPaper("Other", authors=("Bo Li",), published=date(2021, 1, 1))
    )
    with library.db.write() as conn:
        conn.execute(CITATION_ALIAS.insert().values(alias="Smith2020Deep", paper_id=b))
    assert library.bibtex.keys([a]) == [_expected(1)[0]]
    with pytest.raises(InvalidInputError, match="already used by paper"):
        library.bibtex.set_key(a, "SMITH2020DEEP")


def test_set_a_key_by_hand(library: Library, add_papers: AddPapers) -> None:
    a, b = add_papers(*_clashing(2))
    library.bibtex.set_key(a, "Smith:2020/deep-learning_v1.2+")
    assert library.bibtex.keys([a]) == ["Smith:2020/deep-learning_v1.2+"]
    library.bibtex.set_key(a, "SMITH:2020/deep-learning_v1.2+")  # own key, new case: fine
    assert "@misc{SMITH:2020/deep-learning_v1.2+," in library.bibtex.export(
        ExportScope("ids", ids=(a,))
    )
    assert library.bibtex.keys([b]) == [_expected(2)[1]]  # a is still its rival


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("has space", "not allowed here: ' '"),
        ("a,b", "','"),
        ("brace{", "'{'"),
        ("per%cent", "'%'"),
        ("back\\slash", "'\\\\'"),
        ("müller2020", "'ü'"),
        ("-leading", "starting with a letter or digit"),
        ("x" * 65, "at most 64 characters"),
    ],
)
def test_invalid_hand_keys_are_refused_clearly(
    library: Library, add_papers: AddPapers, key: str, message: str
) -> None:
    (a,) = add_papers(*_clashing(1))
    before = dump(library)
    with pytest.raises(InvalidInputError, match="citation key") as info:
        library.bibtex.set_key(a, key)
    assert message in str(info.value)
    assert dump(library) == before


def test_duplicate_hand_keys_are_refused_in_any_case(
    library: Library, add_papers: AddPapers
) -> None:
    a, b = add_papers(*_clashing(2))
    (key,) = library.bibtex.keys([a])
    before = dump(library)
    with pytest.raises(
        InvalidInputError, match=r"already used by paper \d+ \(“Deep Learning Part 0”\)"
    ):
        library.bibtex.set_key(b, key.upper())
    assert dump(library) == before


def test_key_for_an_unknown_paper(library: Library) -> None:
    with pytest.raises(NotFoundError):
        library.bibtex.set_key(999, "fine")
    with pytest.raises(NotFoundError):
        library.bibtex.keys([999])


def test_assigning_keys_notifies_listeners(library: Library, add_papers: AddPapers) -> None:
    (a,) = add_papers(*_clashing(1))
    heard: list[ChangeSet] = []
    library.subscribe(heard.append)
    library.bibtex.keys([a])
    library.bibtex.keys([a])  # nothing new: nothing heard
    assert [c.paper_ids for c in heard] == [frozenset({a})]


def test_keys_from_an_imported_bib_file_are_kept_and_avoided(
    library: Library, add_papers: AddPapers
) -> None:
    library.import_text(
        "@article{Smith2020deep,\n  title = {Deep Learning Part 0},\n"
        "  author = {Smith, Ann},\n  year = {2020}\n}\n",
        "refs.bib",
    )
    (new,) = add_papers(*_clashing(2)[1:])
    assert library.bibtex.keys([new]) == [_expected(2)[1]]
    text = library.bibtex.export(ExportScope("all"))
    assert "@article{Smith2020deep," in text and f"@misc{{{_expected(2)[1]}," in text


def test_a_new_key_never_takes_an_alias(library: Library, add_papers: AddPapers) -> None:
    alias = _expected(2)[1]  # the key "Deep Learning Part 1" would get
    library.import_text(
        "@article{Smith2020deep, title = {Deep Learning Part 0}, author = {Smith, Ann}, "
        f"year = {{2020}}}}\n@article{{{alias}, title = {{Deep learning part 0}}, "
        "author = {Smith, Ann}, year = {2020}}\n",
        "refs.bib",
    )  # one paper: the second key is its alias
    (new,) = add_papers(*_clashing(2)[1:])
    (key,) = library.bibtex.keys([new])
    assert key.lower() != alias.lower() and key.startswith(alias)  # one letter more


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("hinton2015distilling", None),
        ("arXiv:2501.01234v2", None),
        ("hep-th/9901001", None),
        ("a+b_c.d-e", None),
        ("", "is empty"),
        ("Smith 2020", "not allowed here: ' '"),
        ("a\\input", "not allowed here: '\\\\'"),
        ("100%", "'%'"),
        ("x#1", "'#'"),
        ("müller2020", "'ü'"),
        ("{braced}", "'{' '}'"),
        ("-x", "starting with a letter or digit"),
        ("k" * 65, "at most 64 characters"),
    ],
)
def test_the_key_safety_rule(key: str, problem: str | None) -> None:
    from readinglist.core.bibtex.keys import key_problem

    found = key_problem(key)
    assert (found is None) if problem is None else (found is not None and problem in found)


def _used(library: Library, pid: int) -> datetime | None:
    return library.paper(pid).key_used_at


def test_a_key_is_used_once_exported_or_cited(
    library: Library, add_papers: AddPapers, tmp_path: Path
) -> None:
    a, b, c, d = add_papers(*_clashing(4))
    assert _used(library, a) is None
    library.bibtex.keys([a])
    library.bibtex.export(ExportScope("ids", ids=(b,)))
    library.bibtex.export_to(tmp_path / "refs.bib", ExportScope("ids", ids=(c,)))
    library.bibtex.set_key(d, "mine")
    assert all(_used(library, p) is not None for p in (a, b, c, d))
    first = _used(library, a)
    library.bibtex.keys([a])  # the first use is what counts
    assert _used(library, a) == first


def test_a_key_whose_export_failed_was_not_used(
    library: Library, add_papers: AddPapers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (a,) = add_papers(*_clashing(1))

    def full_disk(path: Path, text: str) -> bool:
        raise ExportError(f"Cannot write {path}: the disk is full.")

    monkeypatch.setattr(service, "write_atomic", full_disk)
    before = dump(library)
    with pytest.raises(ExportError, match="disk is full"):
        library.bibtex.export_to(tmp_path / "refs.bib", ExportScope("all"))
    # the keys it assigned on the way roll back with it: the library is as before
    assert dump(library) == before
    assert library.paper(a).citation_key is None
    monkeypatch.undo()
    library.bibtex.export_to(tmp_path / "refs.bib", ExportScope("all"))
    assert library.paper(a).citation_key == "smith2020deep"
    assert _used(library, a) is not None


def test_a_first_export_stamps_new_and_old_keys_as_used_at_once(
    library: Library, add_papers: AddPapers
) -> None:
    """New keys are stamped in the statement that writes them; keys assigned
    earlier but never exported get the same stamp; a used key keeps its own."""
    a, b, c, d = add_papers(*_clashing(4))
    library.bibtex.keys([a])  # cited: used
    used_a = _used(library, a)
    with library.db.write() as conn:  # keyed (as a rekey plan would) but never exported
        from readinglist.core.bibtex.keys import assign_keys

        assign_keys(conn, [b])
    assert library.paper(b).citation_key is not None and _used(library, b) is None
    text = library.bibtex.export(ExportScope("all"))
    papers = [library.paper(p) for p in (a, b, c, d)]
    assert all(p.citation_key and p.citation_key in text for p in papers)
    assert _used(library, a) == used_a
    assert _used(library, b) is not None
    assert _used(library, b) == _used(library, c) == _used(library, d)


def test_an_export_left_to_its_caller_assigns_but_does_not_stamp(
    library: Library, add_papers: AddPapers
) -> None:
    """Without a delivery (an auto-export writes its file later), keys are
    assigned and stored, and count as used only once the caller says so."""
    from readinglist.core.bibtex.entries import Options
    from readinglist.core.bibtex.export import export, mark_exported

    (a,) = add_papers(*_clashing(1))
    rendered = export(library.db, ExportScope("all"), Options(), library.search_ids)
    assert rendered.new_keys == {a: "smith2020deep"}
    assert library.paper(a).citation_key == "smith2020deep" and _used(library, a) is None
    mark_exported(library.db, rendered.entries)
    assert _used(library, a) is not None


def test_title_identity_matches_the_importers() -> None:
    assert identity(None, "  Deep   Learning ") == "title:" + title_key("Deep Learning")


def test_keys_leave_the_search_index_alone(tmp_path: Path) -> None:
    """The index holds no citation key: giving 10,000 papers their first keys
    must not queue them to be indexed again."""
    from readinglist.core.importers.base import IncomingDigest, ParsedBatch

    with Library.open(tmp_path / "lib", backup=False) as library:  # no index: the queue stays
        batch = ParsedBatch(
            source="test",
            kind="hf-json",
            digests=(IncomingDigest(date(2026, 3, 13), tuple(_clashing(3))),),
        )
        library.import_batch(batch)
        ids = library.paper_ids()
        with library.db.write() as conn:
            conn.exec_driver_sql("DELETE FROM index_queue")
        library.bibtex.keys(ids[:2])
        library.bibtex.set_key(ids[2], "mine")
        library.bibtex.export(ExportScope("all"))
        with library.db.read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM index_queue").scalar_one() == 0
