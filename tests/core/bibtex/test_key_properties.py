"""Property tests of the key rule, on real libraries with many papers that clash.

Papers are drawn from a tiny vocabulary (two first authors, two years, three
first title words), so most share their formula result with others. Each
example imports them into real libraries in different orders, cites them in
different orders and subsets, and checks what ``core/bibtex/keys.py``
promises: keys are unique, never change once given, do not depend on order,
and two libraries that keyed papers apart only ever give one key to two
papers in the cases the rule names.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.bibtex.formula import DEFAULT, KeySource
from readinglist.core.bibtex.keys import identity, suffixes
from readinglist.core.importers.base import IncomingDigest, IncomingPaper, ParsedBatch
from readinglist.core.library import Library

WORDS = ("Deep", "Graph", "Attention")
AUTHORS = (("Ann Smith",), ("Bo Li", "Ann Smith"), ())


@dataclass(frozen=True)
class Spec:
    """One paper of the universe: ``number`` makes its title (and identity) its own."""

    number: int
    word: int
    author: int
    year: int
    arxiv: bool

    def paper(self) -> IncomingPaper:
        return IncomingPaper(
            f"{WORDS[self.word]} Study {self.number}",
            authors=AUTHORS[self.author],
            published=date(self.year, 1, 1),
            arxiv_id=f"2001.{10000 + self.number}" if self.arxiv else None,
        )

    @property
    def identity(self) -> str:
        paper = self.paper()
        return identity(paper.arxiv_id, paper.title)

    @property
    def base(self) -> str:
        paper = self.paper()
        year = paper.published.year if paper.published else None
        return DEFAULT.base(KeySource(0, paper.title, paper.authors, year, paper.arxiv_id))


specs = st.builds(
    Spec,
    st.integers(0, 40),
    st.integers(0, len(WORDS) - 1),
    st.integers(0, len(AUTHORS) - 1),
    st.sampled_from((2020, 2021)),
    st.booleans(),
)
universes = st.lists(specs, min_size=1, max_size=14, unique_by=lambda s: s.number)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def fresh_library() -> Iterator[Library]:
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "lib", backup=False)
        try:
            yield library
        finally:
            library.close()


def add(library: Library, papers: list[Spec]) -> dict[str, int]:
    """Import ``papers`` (one batch each, in order); their ids by identity."""
    for spec in papers:
        digest = IncomingDigest(date(2026, 3, 13), (spec.paper(),))
        library.import_batch(ParsedBatch("test", "hf-json", (digest,)))
    ids: dict[str, int] = {}
    for pid in library.paper_ids():
        paper = library.paper(pid)
        ids[identity(paper.arxiv_id, paper.title)] = pid
    return ids


def cite_all(library: Library, ids: dict[str, int], order: list[str], chunk: int) -> dict[str, str]:
    """Cite the papers in ``order``, ``chunk`` at a time; every key by identity."""
    for start in range(0, len(order), chunk):
        library.bibtex.keys([ids[i] for i in order[start : start + chunk]])
    return {i: library.bibtex.keys([pid])[0] for i, pid in ids.items()}


def _unique(keys: dict[str, str]) -> None:
    assert len({k.lower() for k in keys.values()}) == len(keys), keys


@SETTINGS
@given(universes, st.randoms(use_true_random=False), st.integers(1, 4), st.integers(1, 4))
def test_keys_are_unique_and_do_not_depend_on_order(
    universe: list[Spec], rng: object, chunk_a: int, chunk_b: int
) -> None:
    import random

    assert isinstance(rng, random.Random)
    shuffled = universe[:]
    rng.shuffle(shuffled)
    with fresh_library() as one, fresh_library() as two:
        ids_one = add(one, universe)
        ids_two = add(two, shuffled)  # other arrival order, other local ids
        order_one = sorted(ids_one)
        order_two = sorted(ids_two)
        rng.shuffle(order_two)
        keys_one = cite_all(one, ids_one, order_one, chunk_a)
        keys_two = cite_all(two, ids_two, order_two, chunk_b)
    _unique(keys_one)
    assert keys_one == keys_two
    for spec in universe:  # the plain key only for a paper without a rival
        rivals = [s for s in universe if s.base.lower() == spec.base.lower()]
        plain = keys_one[spec.identity] == spec.base
        assert plain == (len(rivals) == 1)


@SETTINGS
@given(st.lists(st.tuples(universes, st.integers(0, 3)), min_size=1, max_size=4))
def test_a_given_key_never_changes(steps: list[tuple[list[Spec], int]]) -> None:
    formulas = ("[auth][year][title] | [title2][year]", "[auth][year]", "[title]", "[auth]")
    given_keys: dict[int, str] = {}  # by paper id: a paper may gain an arXiv id later
    with fresh_library() as library:
        for papers, formula in steps:
            ids = add(library, papers)
            library.bibtex.set_key_formula(formulas[formula])
            for ident in sorted(ids)[::2]:  # some of them, each step
                library.bibtex.keys([ids[ident]])
            current = {pid: library.paper(pid).citation_key for pid in ids.values()}
            for pid, key in given_keys.items():
                assert current[pid] == key, "an assigned key changed"
            given_keys.update({p: k for p, k in current.items() if k is not None})
            assert len({k.lower() for k in given_keys.values()}) == len(given_keys)
            report = library.bibtex.rekey()  # cited keys are used: rekey leaves them
            assert not report.changed


@SETTINGS
@given(universes, st.data())
def test_two_devices_apart_clash_only_as_the_rule_says(
    universe: list[Spec], data: st.DataObject
) -> None:
    on_one = data.draw(st.lists(st.sampled_from(universe), unique=True), "device one")
    on_two = data.draw(st.lists(st.sampled_from(universe), unique=True), "device two")
    with fresh_library() as one, fresh_library() as two:
        keys_one = cite_all(one, ids := add(one, on_one), sorted(ids), 2)
        keys_two = cite_all(two, ids := add(two, on_two), sorted(ids), 3)
    by_identity = {s.identity: s for s in universe}
    held = {1: {s.identity for s in on_one}, 2: {s.identity for s in on_two}}
    claims: dict[str, set[tuple[int, str]]] = {}
    for device, keys in ((1, keys_one), (2, keys_two)):
        for ident, key in keys.items():
            claims.setdefault(key.lower(), set()).add((device, ident))
    for key, claimants in claims.items():
        papers = {ident for _, ident in claimants}
        if len(papers) < 2:
            continue
        (d1, p1), (d2, p2) = sorted(claimants)[:2]
        assert d1 != d2, "one library gave one key to two papers"
        a, b = by_identity[p1], by_identity[p2]
        assert a.base.lower() == b.base.lower()
        plain = key == a.base.lower()
        if plain:  # (a): each took the plain key while the other was not there
            assert p2 not in held[d1] and p1 not in held[d2]
        else:  # (b): both suffixed, and their identities' hashes begin alike
            assert next(suffixes(p1)) == next(suffixes(p2))
    # devices holding the same rivals give a paper the same key
    for ident in set(keys_one) & set(keys_two):
        spec = by_identity[ident]
        rivals_one = {s.identity for s in on_one if s.base.lower() == spec.base.lower()}
        rivals_two = {s.identity for s in on_two if s.base.lower() == spec.base.lower()}
        if rivals_one == rivals_two:
            assert keys_one[ident] == keys_two[ident]
