"""Property: 2–4 devices editing at random, through a sync service that delays,
reorders, duplicates, half-writes and damages files, all end with the same
library, and no note edit, star, tag or read mark is lost.

"Lost" is judged against what the devices did since the last time they were
all in step (a barrier): a register (a star, a read mark, a tag, the bin)
that one or more devices set, all to one value, has that value; set to
different values while apart, it has one of them; left alone, it keeps its
value. Note lines are unique, so a note must hold exactly the lines ever
written minus those ever deleted.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readinglist.core import tallies
from readinglist.core.importers.base import IncomingDigest, IncomingPaper, ParsedBatch
from readinglist.core.library import Library
from readinglist.core.text import title_key
from tests.conftest import TODAY
from tests.core.sync.helpers import document, seen
from tests.support.sync_folder import MODES, Replicas

POOL = (
    IncomingPaper("Sparse Attention Kernels", "About kernels.", arxiv_id="2401.00001"),
    IncomingPaper("Graph Retrieval Agents", "About agents.", author_count=3),
    IncomingPaper("Diffusion Policy Memory", "About memory.", arxiv_id="2402.00002"),
    IncomingPaper("Latent Reward Signals", "About rewards."),
    IncomingPaper("Robust Token Benchmarks", "About tokens, longer abstract here."),
)
TAGS = ("thesis", "todo", "Ünïcode")
REGISTERS = ("starred", "read", "removed")


@dataclass
class Model:
    """What the devices did since the last barrier, and the state at it."""

    at_barrier: dict[tuple[str, str], Any] = field(default_factory=dict)
    writes: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    inserted: dict[str, set[str]] = field(default_factory=dict)
    deleted: dict[str, set[str]] = field(default_factory=dict)
    lines: itertools.count[int] = field(default_factory=itertools.count)

    def wrote(self, device: str, title: str, name: str, value: Any) -> None:
        self.writes.setdefault((title_key(title), name), {})[device] = value


class World:
    def __init__(self, root: Path, count: int) -> None:
        self.names = [f"d{i}" for i in range(count)]
        self.replicas = Replicas(root, self.names)
        self.libraries = {
            n: Library.open(root / n, today=lambda: TODAY, backup=False) for n in self.names
        }
        self.model = Model()
        self.rng = random.Random(0)

    def close(self) -> None:
        for library in self.libraries.values():
            library.close()

    def live(self, name: str, index: int) -> int | None:
        """The local id of POOL[index] on ``name``, if it has it and it is not in the bin."""
        library = self.libraries[name]
        key = title_key(POOL[index].title)
        with library.db.read() as conn:
            row = conn.exec_driver_sql(
                "SELECT id, removed_at FROM paper WHERE title_key = ?", (key,)
            ).fetchone()
        return None if row is None or row[1] is not None else int(row[0])

    def sync(self, name: str) -> None:
        library = self.libraries[name]
        if library.sync.folder() is None:
            library.sync.join(self.replicas.folder(name))
        else:
            library.sync.run()
        self.replicas.note_device(name, library)

    def barrier(self) -> None:
        """Everyone in step: deliver everything, sync everyone until nothing new is written."""
        for _ in range(8):
            before = {n: sorted(self.replicas.own_files(n)) for n in self.names}
            self.replicas.settle()
            for name in self.names:
                self.sync(name)
            after = {n: sorted(self.replicas.own_files(n)) for n in self.names}
            if before == after:
                break
        self.replicas.settle()
        for name in self.names:
            self.sync(name)
        self.check()

    def check(self) -> None:
        for library in self.libraries.values():  # what sync applied kept the sidebar's tallies
            with library.db.read() as conn:
                assert tallies.disagreements(conn) == []
        views = {n: seen(self.libraries[n]) for n in self.names}
        docs = {n: document(self.libraries[n]) for n in self.names}
        first = views[self.names[0]]
        for name in self.names[1:]:
            assert views[name] == first, f"{name} differs from {self.names[0]}"
            assert docs[name] == docs[self.names[0]], f"{name}'s document differs"
        model = self.model
        for (key, name), by_device in model.writes.items():
            if key not in first:
                continue
            final = _value(first[key], name)
            values = set(by_device.values())
            if len(values) == 1:
                assert final in values, (key, name, by_device, final)
            else:
                assert final in values, (key, name, by_device, final)
        for key, state in first.items():
            for name in [*REGISTERS, *(f"tag:{t}" for t in TAGS)]:
                if (key, name) not in model.writes and (key, name) in model.at_barrier:
                    assert _value(state, name) == model.at_barrier[(key, name)], (key, name)
            inserted = model.inserted.get(key, set())
            wanted = inserted - model.deleted.get(key, set())
            have = set(state["note"].splitlines()) if state["note"] else set()
            assert have == wanted, (key, have, wanted)
        keys = [s["key"] for s in first.values() if s["key"]]
        assert len({k.lower() for k in keys}) == len(keys)
        model.writes.clear()
        model.at_barrier = {
            (key, name): _value(state, name)
            for key, state in first.items()
            for name in [*REGISTERS, *(f"tag:{t}" for t in TAGS)]
        }


def _value(state: dict[str, Any], name: str) -> Any:
    if name.startswith("tag:"):
        return name[4:] in state["tags"]
    return state[name]


ACTIONS = (
    ["import", "mark", "mark", "mark", "tag", "tag", "note", "note", "bin", "cite"] * 2
    + ["sync"] * 10
    + ["deliver"] * 8
    + ["scatter"] * 4
    + ["barrier"]
)


def _step(world: World, rng: random.Random) -> None:
    """One random thing a device or the sync service does."""
    names, model = world.names, world.model
    action = rng.choice(ACTIONS)
    name = rng.choice(names)
    library = world.libraries[name]
    # mostly the first two papers: edits that overwrite each other, which yrs can
    # lose when their files arrive out of order
    index = rng.choice([0, 0, 0, 1, 1, *range(len(POOL))])
    title = POOL[index].title
    pid = world.live(name, index)
    if action == "import":
        chosen = rng.sample(range(len(POOL)), rng.randint(1, len(POOL)))
        day = date(2026, 3, rng.randint(1, 5))
        papers = tuple(POOL[i] for i in sorted(chosen))
        library.import_batch(ParsedBatch("d.txt", "hf-text", (IncomingDigest(day, papers),)))
    elif action == "mark" and pid is not None:
        which, value = rng.choice(REGISTERS[:2]), rng.random() < 0.5
        library.mark([pid], **{which: value})
        model.wrote(name, title, which, value)
    elif action == "tag" and pid is not None:
        tag, add = rng.choice(TAGS), rng.random() < 0.6
        library.tags.change([pid], add=[tag] if add else [], remove=[] if add else [tag])
        model.wrote(name, title, f"tag:{tag}", add)
    elif action == "note" and pid is not None:
        _edit_note(world, name, pid, title, rng)
    elif action == "bin":
        removed = rng.random() < 0.5
        target = pid if removed else _in_bin(world, name, index)
        if target is not None:
            (library.remove if removed else library.restore)([target])
            model.wrote(name, title, "removed", removed)
    elif action == "cite" and pid is not None:
        library.bibtex.keys([pid])
    elif action == "sync":
        world.sync(name)
    elif action == "deliver":
        src, dst = rng.choice(names), rng.choice(names)
        missing = world.replicas.missing(src, dst)
        if missing:  # the newest first, often: out of order, one file at a time
            rel = missing[-1] if rng.random() < 0.5 else rng.choice(missing)
            world.replicas.deliver(src, dst, rel, rng.choice([*MODES, "whole"]), rng)
        if rng.random() < 0.5:
            world.replicas.deletions(src, dst)
    elif action == "scatter":  # every missing file, shuffled, one sync after each
        src, dst = rng.choice(names), rng.choice(names)
        missing = world.replicas.missing(src, dst)
        rng.shuffle(missing)
        for rel in missing:
            world.replicas.deliver(src, dst, rel, "whole", rng)
            world.sync(dst)
    elif action == "barrier":
        world.barrier()


def _in_bin(world: World, name: str, index: int) -> int | None:
    library = world.libraries[name]
    with library.db.read() as conn:
        row = conn.exec_driver_sql(
            "SELECT id FROM paper WHERE title_key = ? AND removed_at IS NOT NULL",
            (title_key(POOL[index].title),),
        ).fetchone()
    return None if row is None else int(row[0])


def _edit_note(world: World, name: str, pid: int, title: str, rng: random.Random) -> None:
    library, model = world.libraries[name], world.model
    key = title_key(title)
    lines = library.paper(pid).note.splitlines()
    op = rng.choice(["insert", "insert", "delete", "replace"])
    if op != "insert" and not lines:
        op = "insert"
    at = rng.randint(0, len(lines) - (0 if op == "insert" else 1))
    if op in ("delete", "replace"):
        model.deleted.setdefault(key, set()).add(lines.pop(at))
    if op in ("insert", "replace"):
        new = f"{name} line {next(model.lines)} ✓"
        model.inserted.setdefault(key, set()).add(new)
        lines.insert(at, new)
    library.set_note(pid, "\n".join(lines))


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(count=st.integers(2, 4), steps=st.integers(20, 120), seed=st.integers(0, 2**32))
# lost a digest entry, then a record in the saved document; it failed in some runs
# only (device ids and pycrdt client ids are random, not drawn from the seed)
@example(count=3, steps=100, seed=1374085)
def test_devices_converge_and_lose_nothing(
    tmp_path_factory: pytest.TempPathFactory, count: int, steps: int, seed: int
) -> None:
    """The steps are drawn from a generator Hypothesis seeds: Hypothesis's own draws
    favour the simplest choices, which rarely gave a device three files to deliver
    out of order; a failure is still reproduced (and reported) by its seed."""
    world = World(tmp_path_factory.mktemp("world"), count)
    rng = random.Random(seed)
    world.rng = rng
    try:
        for _ in range(steps):
            _step(world, rng)
        world.replicas.stray(world.names[0], "devices/0123456789abcdef/0000000001.update", b"x")
        world.barrier()
        for name in world.names:
            report = world.libraries[name].sync.status().last
            assert report is not None
            if name == world.names[0]:
                assert any("0123456789abcdef" in p.device for p in report.problems)
    finally:
        world.close()
