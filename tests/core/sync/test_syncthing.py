"""Two libraries converge through two real Syncthing instances on loopback.

Slow (Syncthing starts, connects and moves files for real). Skipped without
``syncthing`` unless ``CI=true``, where ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core.library import Library
from tests.conftest import TODAY
from tests.core.sync.helpers import pid_of, seen
from tests.core.sync.test_two_devices import _digest
from tests.support.syncthing import Node, files_of

pytestmark = pytest.mark.slow


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    if shutil.which("syncthing") is None:
        message = "needs syncthing (apt: syncthing)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the Syncthing test, but it {message}")
        pytest.skip(message)
    a, b = Node("a", tmp_path / "syncthing"), Node("b", tmp_path / "syncthing")
    a.configure(b)
    b.configure(a)
    try:
        a.start()
        b.start()
        a.wait_for("connected to b", lambda: a.connected(b), timeout=60)
        yield a, b
    finally:
        a.stop()
        b.stop()


def _carry(source: Node, target: Node) -> None:
    """Until every sync file of ``source``'s copy is in ``target``'s (and the same)."""
    source.scan()

    def arrived() -> bool:
        return all(
            (target.folder / rel).is_file()
            and (target.folder / rel).read_bytes() == (source.folder / rel).read_bytes()
            for rel in files_of(source.folder)
        )

    target.wait_for(f"files from {source.name}", arrived)


def test_two_libraries_converge_through_syncthing(nodes: tuple[Node, Node], tmp_path: Path) -> None:
    node_a, node_b = nodes
    with (
        Library.open(tmp_path / "a", today=lambda: TODAY, backup=False) as a,
        Library.open(tmp_path / "b", today=lambda: TODAY, backup=False) as b,
    ):
        a.import_text(_digest("Mar 13", "Paper One", "Paper Two", "Paper Three"))
        a.mark([pid_of(a, "Paper One")], starred=True)
        a.tags.add([pid_of(a, "Paper Two")], ["thesis"])
        a.set_note(pid_of(a, "Paper One"), "Intro\nMethod\nResult")
        a.sync.join(node_a.folder)
        _carry(node_a, node_b)
        assert b.sync.join(node_b.folder).added == 3
        assert seen(b) == seen(a)
        # apart: the connection paused, both edit the same note and more
        node_a.pause(node_b)
        a.set_note(pid_of(a, "Paper One"), "Intro (edited on a)\nMethod\nResult")
        b.set_note(pid_of(b, "Paper One"), "Intro\nMethod\nResult (edited on b)")
        b.mark([pid_of(b, "Paper Three")], read=True)
        a.tags.add([pid_of(a, "Paper Three")], ["later"])
        a.sync.run()
        b.sync.run()
        node_a.resume(node_b)
        node_a.wait_for("connected again", lambda: node_a.connected(node_b), timeout=60)
        _carry(node_a, node_b)
        _carry(node_b, node_a)
        a.sync.run()
        b.sync.run()
        _carry(node_a, node_b)
        _carry(node_b, node_a)
        a.sync.run()
        assert seen(a) == seen(b)
        state = seen(a)
        assert state["paper one"]["note"] == "Intro (edited on a)\nMethod\nResult (edited on b)"
        assert state["paper three"]["read"] and state["paper three"]["tags"] == ["later"]
        assert a.sync.status().last is not None and b.sync.status().last is not None
    assert node_a.rest("/rest/system/discovery") == {}  # nothing was announced anywhere
