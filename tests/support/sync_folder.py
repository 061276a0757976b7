"""A simulated sync service: each device's own copy of the folder, and files moving
between the copies late, out of order, twice, half-written or damaged.

Each device's library syncs with its own copy (as with Syncthing or
Dropbox: every computer has its folder). The service copies a device's files
from its copy to the others when the test says so, in the ways real services
do: the whole file, a prefix under the final name (a service writing in
place), a hidden temporary name, a "conflicted copy", a damaged copy (fixed
by the next delivery). Deletions (a device compacting its own files) reach
the other copies when the test says so too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from readinglist.core.library import Library

MODES = ("whole", "twice", "prefix", "temporary", "conflict", "damaged")


@dataclass
class Replicas:
    root: Path
    names: list[str]
    #: device ids each copy's library has written under (a new one after a rotation)
    ids: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.names:
            self.folder(name).mkdir(parents=True, exist_ok=True)
            self.ids.setdefault(name, set())

    def folder(self, name: str) -> Path:
        return self.root / f"{name}-Sync"

    def note_device(self, name: str, library: Library) -> None:
        device = library.sync.status().device
        if device:
            self.ids[name].add(device)

    def own_files(self, name: str) -> dict[str, bytes]:
        """The files ``name``'s library wrote that still exist, by relative path."""
        out: dict[str, bytes] = {}
        base = self.folder(name) / "devices"
        for device in sorted(self.ids[name]):
            for path in sorted((base / device).glob("[0-9]*")):
                if path.is_file() and _ours(path):
                    out[f"devices/{device}/{path.name}"] = path.read_bytes()
        return out

    def missing(self, src: str, dst: str) -> list[str]:
        """Files of ``src`` that ``dst``'s copy lacks (or holds damaged or partial)."""
        target = self.folder(dst)
        return [
            rel
            for rel, data in self.own_files(src).items()
            if not (target / rel).is_file() or (target / rel).read_bytes() != data
        ]

    def deliver(self, src: str, dst: str, rel: str, mode: str, rng: random.Random) -> None:
        data = self.own_files(src).get(rel)
        if data is None or src == dst:
            return
        target = self.folder(dst) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode in ("whole", "twice"):
            target.write_bytes(data)
            if mode == "twice":
                target.write_bytes(data)
        elif mode == "prefix":
            target.write_bytes(data[: rng.randrange(len(data))])
        elif mode == "temporary":
            tmp = target.with_name(f".syncthing.{target.name}.tmp")
            tmp.write_bytes(data[: rng.randrange(len(data))])
        elif mode == "conflict":
            stem, dot, ext = target.name.partition(".")
            copy = target.with_name(f"{stem}.sync-conflict-20260101-120000-ABCDEFG{dot}{ext}")
            copy.write_bytes(data)
        elif mode == "damaged":
            damaged = bytearray(data)
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
            target.write_bytes(bytes(damaged))

    def deletions(self, src: str, dst: str) -> None:
        """Files ``src`` deleted (compacted) disappear from ``dst``'s copy too."""
        present = set(self.own_files(src))
        base = self.folder(dst)
        for device in self.ids[src]:
            for path in (base / "devices" / device).glob("[0-9]*"):
                rel = f"devices/{device}/{path.name}"
                if _ours(path) and rel not in present:
                    path.unlink()

    def settle(self) -> None:
        """Everything delivered whole everywhere, deletions too (the service caught up)."""
        rng = random.Random(0)
        for src in self.names:
            for dst in self.names:
                if src != dst:
                    for rel in self.missing(src, dst):
                        self.deliver(src, dst, rel, "whole", rng)
                    self.deletions(src, dst)

    def stray(self, name: str, rel: str, data: bytes) -> None:
        """A file nobody's library wrote, in ``name``'s copy (a foreign or broken file)."""
        target = self.folder(name) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _ours(path: Path) -> bool:
    """A device's own file (not a temporary, not a conflicted copy)."""
    return (
        not path.name.startswith(".")
        and path.suffix in (".update", ".snapshot")
        and "conflict" not in path.name
    )
