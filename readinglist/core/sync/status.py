"""What a sync did and what is wrong: shown by ``sync``, ``sync --status`` and the window.

The last report is kept in the library (a setting), so ``sync --status`` in
a terminal tells what the window's last sync did, and the other way round.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class FileProblem:
    """A file of the folder that could not be used."""

    name: str
    device: str
    reason: str
    #: it may still be arriving: read again next time
    waiting: bool = False


@dataclass(frozen=True)
class SyncReport:
    when: datetime
    folder: str
    device: str
    #: papers whose changes this device shared
    sent: int = 0
    #: papers new here, papers changed here, notes changed here, papers deleted for good
    added: int = 0
    changed: int = 0
    notes: int = 0
    purged: int = 0
    #: files of other devices applied in this sync
    files: int = 0
    #: files whose dependencies are still on their way
    pending: int = 0
    problems: tuple[FileProblem, ...] = ()
    #: names under ``devices/`` that are not sync files (conflicted copies...)
    strays: tuple[str, ...] = ()
    #: citation keys sync had to change here (see ``core/sync/keys.py``), as sentences
    keys: tuple[str, ...] = ()
    #: device id -> its name, for every device seen in the folder
    devices: dict[str, str] = field(default_factory=dict)
    #: this library was copied or restored: it now syncs as a new device
    new_device: bool = False

    def received(self) -> str:
        """``3 new papers, 2 changed, 1 note`` (or ``nothing new``)."""
        parts = []
        if self.added:
            parts.append(f"{self.added} new paper{'s' if self.added != 1 else ''}")
        if self.changed:
            parts.append(f"{self.changed} changed")
        if self.notes:
            parts.append(f"{self.notes} note{'s' if self.notes != 1 else ''}")
        if self.purged:
            parts.append(f"{self.purged} deleted")
        return ", ".join(parts) or "nothing new"

    def summary(self) -> str:
        text = f"Synced with {self.folder}: {self.received()}"
        if self.sent:
            text += f"; shared {self.sent} changed paper{'s' if self.sent != 1 else ''}"
        return text + "."

    def warnings(self) -> list[str]:
        """One line per thing the user should know about."""
        lines = []
        by_device: dict[str, list[FileProblem]] = {}
        for problem in self.problems:
            by_device.setdefault(problem.device, []).append(problem)
        for device, problems in sorted(by_device.items()):
            name = self.devices.get(device, "")
            who = f"device {device}" + (f" ({name})" if name else "")
            waiting = [p for p in problems if p.waiting]
            broken = [p for p in problems if not p.waiting]
            if broken:
                shown = "; ".join(f"{p.name.split('/')[-1]}: {p.reason}" for p in broken[:3])
                more = f" and {len(broken) - 3} more" if len(broken) > 3 else ""
                lines.append(f"Files of {who} could not be read, skipped: {shown}{more}.")
            if waiting:
                lines.append(f"{len(waiting)} file(s) of {who} are still arriving.")
        if self.strays:
            shown = ", ".join(self.strays[:3]) + (" …" if len(self.strays) > 3 else "")
            lines.append(
                f"{len(self.strays)} file(s) in the folder are not sync files and were "
                f"left alone (conflicted copies?): {shown}"
            )
        if self.pending:
            lines.append(f"{self.pending} file(s) wait for others still on their way.")
        lines.extend(self.keys)
        if self.new_device:
            lines.append(
                "This library was copied or restored (or lost its sync state): "
                "it now syncs as a new device, and nothing was lost."
            )
        return lines

    def to_json(self) -> str:
        data = asdict(self)
        data["when"] = self.when.isoformat()
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SyncReport | None:
        try:
            data: dict[str, Any] = json.loads(text)
            data["when"] = datetime.fromisoformat(data["when"])
            data["problems"] = tuple(FileProblem(**p) for p in data.get("problems", []))
            for name in ("strays", "keys"):
                data[name] = tuple(data.get(name, []))
            return cls(**data)
        except (ValueError, TypeError, KeyError):
            return None


@dataclass(frozen=True)
class SyncStatus:
    """Whether the library syncs, with which folder, and how the last sync went."""

    folder: str | None
    device: str | None
    last: SyncReport | None
    #: the last sync failed (the folder was missing...): its message
    error: str | None = None

    def lines(self) -> list[str]:
        """What ``sync --status`` prints and the window's sync settings show."""
        if self.folder is None:
            return ["This library does not sync. Join a folder with: readinglist sync DIR"]
        last = self.last
        name = last.devices.get(self.device or "", "") if last else ""
        this = f"{self.device}" + (f", “{name}”" if name else "")
        lines = [f"Sync folder: {self.folder} (this device: {this})"]
        if last is None:
            lines.append("Not synced yet.")
        else:
            lines.append(f"Last synced: {last.when:%Y-%m-%d %H:%M} UTC: {last.received()}.")
            others = [
                f"{d} (“{n}”)" if n else d for d, n in last.devices.items() if d != self.device
            ]
            lines.append(f"Other devices: {', '.join(others) if others else 'none yet'}")
            lines += [f"  {line}" for line in last.warnings()]
        if self.error:
            lines.append(f"The last sync failed: {self.error}")
        return lines
