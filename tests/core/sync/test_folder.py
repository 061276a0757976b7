"""What sync services do to a folder, and what a folder may hold: late, partial,
damaged, foreign and conflicted files, compaction, copied libraries."""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Doc, Map, Text

from readinglist.core.library import Library
from readinglist.core.sync import engine, envelope, folder
from tests.core.sync.conftest import Devices
from tests.core.sync.helpers import digests, document, pid_of, seen
from tests.core.sync.test_two_devices import _digest
from tests.helpers import dump
from tests.support.sync_folder import Replicas

FOREIGN = "0123456789abcdef"


def _pair(devices: Devices, tmp_path: Path) -> tuple[Library, Library, Replicas]:
    """A with three papers, B joined, each with its own copy of the folder, in step."""
    replicas = Replicas(tmp_path / "copies", ["a", "b"])
    a, b = devices("a"), devices("b")
    a.import_text(_digest("Mar 13", "Paper One", "Paper Two", "Paper Three"))
    a.sync.join(replicas.folder("a"))
    replicas.note_device("a", a)
    replicas.settle()
    b.sync.join(replicas.folder("b"))
    replicas.note_device("b", b)
    replicas.settle()
    a.sync.run()
    return a, b, replicas


def _new_files(replicas: Replicas, name: str, before: set[str]) -> list[str]:
    return sorted(set(replicas.own_files(name)) - before)


def test_damaged_foreign_and_conflicted_files_are_skipped_and_reported(
    devices: Devices, tmp_path: Path
) -> None:
    a, b, replicas = _pair(devices, tmp_path)
    before = set(replicas.own_files("a"))
    a.mark([pid_of(a, "Paper One")], starred=True)
    a.sync.run()
    (rel,) = _new_files(replicas, "a", before)
    data = replicas.own_files("a")[rel]
    device = rel.split("/")[1]
    damaged = bytearray(data)
    damaged[len(damaged) // 2] ^= 0x10
    replicas.stray("b", rel, bytes(damaged))
    replicas.stray("b", f"devices/{FOREIGN}/0000000001.update", b"hello, I am a README\n")
    replicas.stray("b", f"devices/{FOREIGN}/0000000002.update", data)  # someone else's name
    copy = Path(rel).with_name(Path(rel).stem + ".sync-conflict-20260101-120000-ABCDEFG.update")
    replicas.stray("b", str(copy), data)
    replicas.stray("b", "devices/not-a-device/0000000001.update", data)
    replicas.stray("b", f"devices/{device}/.syncthing.0000000009.update.tmp", data[:10])
    replicas.stray("b", ".stfolder/marker", b"")
    before_b = dump(b)
    report = b.sync.run()
    assert dump(b) != before_b or report.added == 0  # nothing of the bad files went in
    assert not seen(b)["paper one"]["starred"]
    reasons = {p.name: p.reason for p in report.problems}
    assert "checksum" in reasons[rel.removeprefix("devices/")]
    assert "not a readinglist sync file" in reasons[f"{FOREIGN}/0000000001.update"]
    assert "another file name" in reasons[f"{FOREIGN}/0000000002.update"]
    assert sorted(report.strays) == sorted([str(copy.relative_to("devices")), "not-a-device"])
    warnings = "\n".join(report.warnings())
    assert f"device {device}" in warnings and "could not be read" in warnings
    assert "conflicted copies" in warnings
    replicas.settle()  # the service delivers the file again, whole
    report = b.sync.run()
    assert seen(b)["paper one"]["starred"]
    assert rel.removeprefix("devices/") not in {p.name for p in report.problems}


def test_a_half_written_file_waits_and_is_applied_once_complete(
    devices: Devices, tmp_path: Path
) -> None:
    a, b, replicas = _pair(devices, tmp_path)
    before = set(replicas.own_files("a"))
    a.tags.add([pid_of(a, "Paper Two")], ["later"])
    a.sync.run()
    (rel,) = _new_files(replicas, "a", before)
    replicas.deliver("a", "b", rel, "prefix", random.Random(1))
    report = b.sync.run()
    assert [p.waiting for p in report.problems] == [True]
    assert "still arriving" in "\n".join(report.warnings())
    replicas.deliver("a", "b", rel, "whole", random.Random(1))
    report = b.sync.run()
    assert report.problems == ()
    assert seen(b)["paper two"]["tags"] == ["later"]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_files_arriving_out_of_order_one_sync_at_a_time_lose_nothing(
    devices: Devices, tmp_path: Path, order: tuple[int, ...]
) -> None:
    """The pattern yrs 0.28 loses out of order: a register set, then set again (which
    depends on the first), then another; each file arrives alone, then b syncs."""
    a, b, replicas = _pair(devices, tmp_path)
    before = set(replicas.own_files("a"))
    one, two = pid_of(a, "Paper One"), pid_of(a, "Paper Two")
    a.mark([one], starred=True)
    a.sync.run()
    a.mark([one], starred=False, read=True)
    a.sync.run()
    a.tags.add([two], ["later"])
    a.sync.run()
    files = _new_files(replicas, "a", before)
    for index in order:
        replicas.deliver("a", "b", files[index], "whole", random.Random(0))
        b.sync.run()
    assert seen(b) == seen(a)
    assert document(b) == document(a)


def test_a_verified_file_pycrdt_refuses_is_skipped_for_good(
    devices: Devices, tmp_path: Path
) -> None:
    a, b, replicas = _pair(devices, tmp_path)
    payload = _refused_update()
    blob = envelope.pack(envelope.Header(FOREIGN, 1, "update", "x", len(payload)), payload)
    replicas.stray("b", f"devices/{FOREIGN}/0000000001.update", blob)
    before = set(replicas.own_files("a"))
    a.mark([pid_of(a, "Paper Three")], read=True)
    a.sync.run()
    replicas.settle()
    report = b.sync.run()
    assert seen(b)["paper three"]["read"]
    assert [p.reason for p in report.problems] == ["pycrdt could not apply it"]
    assert document(b) == document(a)  # the refused file left nothing behind
    assert _new_files(replicas, "a", before)
    again = b.sync.run()  # remembered: not applied again, still reported
    assert [p.reason for p in again.problems] == ["pycrdt could not apply it"]


def _refused_update() -> bytes:
    """An update pycrdt 0.14 fails on half-way (RuntimeError), from a byte dropped in a
    valid one: what a buggy or hostile writer could put in a checked envelope."""
    doc: Doc[Any] = Doc(client_id=7)
    papers, notes = doc.get("papers", type=Map), doc.get("notes", type=Map)
    for i in range(20):
        papers[f"p{i}"] = Map({"title": f"Title {i}", "year": 2000 + i, "tags": Map({"x": True})})
        notes[f"p{i}"] = Text(f"note {i} é 😀")
    del papers["p3"]
    full = doc.get_update()
    for seed in range(200):
        rng = random.Random(seed)
        data = bytearray(full)
        del data[rng.randrange(len(data))]
        try:
            Doc().apply_update(bytes(data))
        except ValueError:
            continue
        except RuntimeError:
            return bytes(data)
    raise AssertionError("no refused update found: pycrdt changed; find another")


def test_compaction_and_a_device_away_for_months(
    devices: Devices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "SNAPSHOT_EVERY", 3)
    a, b, replicas = _pair(devices, tmp_path)
    one = pid_of(a, "Paper One")
    for step in range(8):  # b is away all along
        a.set_note(one, "\n".join(f"line {i}" for i in range(step + 1)))
        a.sync.run()
    kinds = sorted(Path(rel).suffix for rel in replicas.own_files("a"))
    assert kinds.count(".snapshot") == 1 and len(kinds) <= 3  # older files compacted away
    replicas.settle()
    b.sync.run()
    assert seen(b) == seen(a)
    c = devices("c")  # a new device starts from the snapshot
    replicas.names.append("c")
    replicas.folder("c").mkdir()
    replicas.ids["c"] = set()
    replicas.settle()
    report = c.sync.join(replicas.folder("c"))
    assert report.added == 3
    assert seen(c) == seen(a)


def test_a_copied_library_becomes_a_new_device_and_nothing_is_lost(
    devices: Devices, tmp_path: Path, folder: Path
) -> None:
    a = devices("a")
    a.import_text(_digest("Mar 13", "Paper One", "Paper Two"))
    a.sync.join(folder)
    a.close()
    shutil.copytree(tmp_path / "a", tmp_path / "copy")  # the library folder, copied
    a = devices("a")
    copy = devices("copy")
    a.mark([pid_of(a, "Paper One")], starred=True)
    copy.tags.add([pid_of(copy, "Paper Two")], ["from-the-copy"])
    assert not a.sync.run().new_device
    report = copy.sync.run()  # finds a file under its id that it did not write
    assert report.new_device
    assert "copied or restored" in "\n".join(report.warnings())
    a.sync.run()
    assert seen(a) == seen(copy)
    assert seen(a)["paper one"]["starred"]
    assert seen(a)["paper two"]["tags"] == ["from-the-copy"]
    assert a.sync.status().device != copy.sync.status().device


def test_two_copies_writing_one_file_name_both_move_on_and_lose_nothing(
    devices: Devices, tmp_path: Path
) -> None:
    replicas = Replicas(tmp_path / "copies", ["a", "copy"])
    a = devices("a")
    a.import_text(_digest("Mar 13", "Paper One", "Paper Two"))
    a.sync.join(replicas.folder("a"))
    replicas.note_device("a", a)
    a.close()
    shutil.copytree(tmp_path / "a", tmp_path / "copy")
    shutil.copytree(replicas.folder("a"), replicas.folder("copy"), dirs_exist_ok=True)
    a, copy = devices("a"), devices("copy")
    # on its own computer, the copy's folder is the same path with other contents:
    copy.settings.set("sync.folder", str(replicas.folder("copy")))
    replicas.note_device("copy", copy)
    a.mark([pid_of(a, "Paper One")], starred=True)
    copy.tags.add([pid_of(copy, "Paper Two")], ["from-the-copy"])
    before = set(replicas.own_files("a"))
    a.sync.run()
    copy.sync.run()
    (rel,) = _new_files(replicas, "a", before)  # both wrote this name, differently
    rng = random.Random(0)
    replicas.deliver("copy", "a", rel, "conflict", rng)  # a keeps its file, and a copy
    replicas.deliver("a", "copy", rel, "whole", rng)  # the copy's own file is replaced
    assert a.sync.run().new_device
    assert copy.sync.run().new_device
    for name, library in (("a", a), ("copy", copy)):
        replicas.note_device(name, library)
    replicas.settle()
    a.sync.run()
    copy.sync.run()
    assert seen(a) == seen(copy)
    assert seen(a)["paper one"]["starred"]
    assert seen(a)["paper two"]["tags"] == ["from-the-copy"]


def test_only_whitelisted_names_are_read(tmp_path: Path) -> None:
    base = tmp_path / "devices" / "00000000000000aa"
    base.mkdir(parents=True)
    for name in (
        "0000000001.update",
        "0000000002.snapshot",
        "0000000003.update (laptop's conflicted copy 2026-01-01)",
        "0000000004.sync-conflict-20260101-120000-ABCDEFG.update",
        "~syncthing~0000000005.update.tmp",
        ".0000000006.update.part",
        "desktop.ini",
        "1.update",
    ):
        (base / name).write_bytes(b"x")
    listing = folder.scan(tmp_path)
    assert [f.name for f in listing.files] == [
        "00000000000000aa/0000000001.update",
        "00000000000000aa/0000000002.snapshot",
    ]
    assert sorted(listing.strays) == [
        "00000000000000aa/0000000003.update (laptop's conflicted copy 2026-01-01)",
        "00000000000000aa/0000000004.sync-conflict-20260101-120000-ABCDEFG.update",
        "00000000000000aa/1.update",
    ]


def test_digests_are_described_alike_everywhere(devices: Devices, tmp_path: Path) -> None:
    a, b, replicas = _pair(devices, tmp_path)
    b.import_text(_digest("Mar 14", "Paper Four"))
    b.sync.run()
    replicas.settle()
    a.sync.run()
    assert digests(a) == digests(b)
    assert [d for d, _ in digests(a)] == ["2026-03-14", "2026-03-13"]
