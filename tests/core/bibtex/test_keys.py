"""Citation keys: the rule, uniqueness, stability, and keys set by hand."""

from __future__ import annotations

from datetime import date

import pytest

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.keys import KeySource, base_key, last_name, unique_key
from readinglist.core.errors import InvalidInputError, NotFoundError
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.library import Library
from readinglist.core.models import Precision
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
def test_the_key_rule(src: KeySource, key: str) -> None:
    assert base_key(src) == key


def test_last_names() -> None:
    assert last_name("Geoffrey E. Hinton") == "hinton"
    assert last_name("Hinton, Geoffrey") == "hinton"
    assert last_name("José Núñez-García") == "nunezgarcia"
    assert last_name("Prabhat") == "prabhat"


def test_clashes_get_letters_case_insensitively() -> None:
    taken = {"smith2020deep", "smith2020deepa"}
    assert unique_key("Smith2020Deep", taken) == "Smith2020Deepb"
    assert unique_key("jones2020deep", taken) == "jones2020deep"
    many = {"k"} | {f"k{c}" for c in "abcdefghijklmnopqrstuvwxyz"}
    assert unique_key("k", many) == "kaa"


def _clashing(n: int) -> list[IncomingPaper]:
    return [
        IncomingPaper(
            title=f"Deep Learning Part {i}", authors=("Ann Smith",), published=date(2020, 1, 1)
        )
        for i in range(n)
    ]


def test_keys_are_assigned_once_and_stable(library: Library, add_papers: AddPapers) -> None:
    ids = add_papers(*_clashing(3))
    assert library.bibtex.keys(ids) == ["smith2020deep", "smith2020deepa", "smith2020deepb"]
    first = library.bibtex.export(ExportScope("all"))
    assert library.bibtex.export(ExportScope("all")) == first
    # a new clashing paper gets the next letter; nobody else's key moves
    (new,) = add_papers(
        IncomingPaper("Deep Learning Again", authors=("A. Smith",), published=date(2020, 5, 1))
    )
    assert library.bibtex.keys([*ids, new]) == [
        "smith2020deep",
        "smith2020deepa",
        "smith2020deepb",
        "smith2020deepc",
    ]


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1], [2]])
def test_subset_exports_in_any_order_give_the_same_keys(
    library: Library, add_papers: AddPapers, order: list[int]
) -> None:
    ids = add_papers(*_clashing(3))
    for index in order:
        library.bibtex.export(ExportScope("ids", ids=(ids[index],)))
    expected = ["smith2020deep", "smith2020deepa", "smith2020deepb"]
    assert [library.paper(i).citation_key for i in ids] == expected


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


def test_removed_papers_keep_their_key_reserved(library: Library, add_papers: AddPapers) -> None:
    a, b = add_papers(*_clashing(2))
    library.bibtex.keys([a])
    library.remove([a])
    library.bibtex.keys([b])
    assert library.paper(b).citation_key == "smith2020deepa"


def test_set_a_key_by_hand(library: Library, add_papers: AddPapers) -> None:
    a, b = add_papers(*_clashing(2))
    library.bibtex.set_key(a, "Smith:2020/deep-learning_v1.2+")
    assert library.bibtex.keys([a]) == ["Smith:2020/deep-learning_v1.2+"]
    library.bibtex.set_key(a, "SMITH:2020/deep-learning_v1.2+")  # own key, new case: fine
    assert "@misc{SMITH:2020/deep-learning_v1.2+," in library.bibtex.export(
        ExportScope("ids", ids=(a,))
    )
    assert library.bibtex.keys([b]) == ["smith2020deep"]  # the generated key is free again


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
    library.bibtex.keys([a])
    before = dump(library)
    with pytest.raises(
        InvalidInputError, match=r"already used by paper \d+ \(“Deep Learning Part 0”\)"
    ):
        library.bibtex.set_key(b, "SMITH2020DEEP")
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
    assert library.bibtex.keys([new]) == ["smith2020deepa"]
    text = library.bibtex.export(ExportScope("all"))
    assert "@article{Smith2020deep," in text and "@misc{smith2020deepa," in text


def test_a_new_key_never_takes_an_alias(library: Library, add_papers: AddPapers) -> None:
    library.import_text(
        "@article{Smith2020deep, title = {Deep Learning Part 0}, author = {Smith, Ann}, "
        "year = {2020}}\n@article{smith2020deepa, title = {Deep learning part 0}, "
        "author = {Smith, Ann}, year = {2020}}\n",
        "refs.bib",
    )  # one paper: the second key is its alias
    (new,) = add_papers(*_clashing(2)[1:])
    assert library.bibtex.keys([new]) == ["smith2020deepb"]


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
