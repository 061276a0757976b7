"""Reading a folder's files in any order, one sync at a time, into the same document."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from readinglist.core.sync import envelope, folder
from readinglist.core.sync.reader import Known, read_files
from readinglist.core.sync.shared import SharedDoc

DEVICE = "00000000000000aa"


def _writer_files(root: Path) -> tuple[SharedDoc, list[Path]]:
    """The pattern that loses data in yrs 0.28 when applied out of order: a key
    set, then overwritten (which depends on the first), then another key."""
    writer = SharedDoc()
    paths = []
    for seq, (key, value) in enumerate((("k", 0), ("k", 1), ("j", 2)), start=1):
        with writer.local():
            writer.set_register("p", key, value, 1.0)
        payload = writer.merge(writer.take_local())
        blob = envelope.pack(envelope.Header(DEVICE, seq, "update", "w", len(payload)), payload)
        paths.append(folder.write(root, DEVICE, seq, "update", blob))
    return writer, paths


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_files_arriving_one_by_one_in_any_order_are_all_applied(
    tmp_path: Path, order: tuple[int, ...]
) -> None:
    source = tmp_path / "source"
    writer, paths = _writer_files(source)
    target = tmp_path / "target"
    reader = SharedDoc()
    known: dict[str, Known] = {}
    for index in order:  # one file arrives, then the reader syncs
        arrived = target / paths[index].relative_to(source)
        arrived.parent.mkdir(parents=True, exist_ok=True)
        arrived.write_bytes(paths[index].read_bytes())
        result = read_files(reader, folder.scan(target).files, known)
        known.update(result.done)
    assert reader.user.to_py() == writer.user.to_py()
    assert set(known) == {f"{DEVICE}/{n:010d}.update" for n in (1, 2, 3)}


def test_a_snapshot_waiting_for_an_earlier_file_is_pending_once(tmp_path: Path) -> None:
    """Snapshots are read one at a time first, then again with the updates: one
    still waiting is reported (and its update journaled) once."""
    writer = SharedDoc()
    updates = []
    for key in ("k", "j"):
        with writer.local():
            writer.set_register("p", key, 1, 1.0)
        updates.append(writer.merge(writer.take_local()))
    payload = updates[1]  # its writer's first change is still on the way
    blob = envelope.pack(envelope.Header(DEVICE, 2, "snapshot", "w", len(payload)), payload)
    folder.write(tmp_path, DEVICE, 2, "snapshot", blob)
    result = read_files(SharedDoc(), folder.scan(tmp_path).files, {})
    assert result.pending == [f"{DEVICE}/0000000002.snapshot"]
    assert result.pending_updates == [payload]
