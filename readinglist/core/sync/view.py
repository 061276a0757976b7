"""A paper as the shared document has it, read across all the uids it is known by.

Usually a paper has one uid. When two devices first shared one paper under
different identities (one knew its arXiv id, the other only its title), it
has two, and every part is read from both: the records joined, each register
from its latest change, the notes one after the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from readinglist.core.sync import fields
from readinglist.core.sync.fields import Record
from readinglist.core.sync.notes import from_text
from readinglist.core.sync.shared import NOTE_FIELD, SEP, SharedDoc

TAG = f"tag{SEP}"
EDIT = f"edit{SEP}"
#: ``key\x1f<device id>``: a device's claim on the paper's citation key (see :mod:`.keys`)
KEY = f"key{SEP}"
#: ``note\x1f<client id>``: a note's text changed in that session. One key per
#: writer, because two sessions editing one note while apart both keep their
#: lines in the text, but a shared key would keep only one of the two writes,
#: and the device holding the other would not hear of the first.
NOTE = NOTE_FIELD
PURGED = "purged"

Stamped = tuple[Any, float]


@dataclass
class SharedPaper:
    uids: list[str]
    #: meta of each uid that has one, and all of them joined
    metas: dict[str, Record] = field(default_factory=dict)
    meta: Record | None = None
    #: register name (``starred``, ``edit\x1ftitle``...) -> (columns, time)
    registers: dict[str, tuple[dict[str, Any], float]] = field(default_factory=dict)
    #: tag key -> (name, or None once removed; time)
    tags: dict[str, tuple[str | None, float]] = field(default_factory=dict)
    #: the citation key in force: the earliest claim, (key, time)
    key: tuple[str, float] | None = None
    #: every key claim: (uid, field) -> (key, or None once superseded; time)
    claims: dict[tuple[str, str], tuple[str | None, float]] = field(default_factory=dict)
    purged: bool = False
    #: the uids whose note text is part of the note
    noted: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def primary(self) -> str:
        return self.uids[0]

    def tag_names(self) -> dict[str, str]:
        return {k: name for k, (name, _) in self.tags.items() if name}

    def edits(self) -> dict[str, dict[str, Any]]:
        return {
            name[len(EDIT) :]: value
            for name, (value, _) in self.registers.items()
            if name.startswith(EDIT)
        }


def _latest(found: dict[str, Stamped], name: str, value: Any, time: float) -> None:
    if name not in found or (time, repr(value)) > (found[name][1], repr(found[name][0])):
        found[name] = (value, time)


_COLUMNS = {r.name: r.columns for r in fields.REGISTERS} | {
    f"{EDIT}{name}": columns for name, columns in fields.EDITS.items()
}


def read(shared: SharedDoc, uids: Sequence[str]) -> SharedPaper:
    """The paper known by ``uids`` (smallest first), as the document has it."""
    paper = SharedPaper(sorted(uids))
    raw: dict[str, Stamped] = {}
    tags: dict[str, Stamped] = {}
    texts: list[str] = []
    for uid in paper.uids:
        if shared.noted(uid):
            paper.noted.append(uid)
            texts.append(shared.note_text(uid))
        rec = fields.meta_from_doc(shared.get_meta(uid))
        if rec is not None:
            paper.metas[uid] = rec
            paper.meta = rec if paper.meta is None else fields.join_meta(paper.meta, rec)
        for name in sorted(shared.fields(uid)):
            stamped = shared.register(uid, name)
            if stamped is None:
                continue
            value, time = stamped
            if name.startswith(TAG):
                if value is None or isinstance(value, str):
                    _latest(tags, name[len(TAG) :], value, time)
            elif name.startswith(KEY):
                paper.claims[(uid, name)] = (value if isinstance(value, str) else None, time)
            elif not name.startswith(NOTE):
                _latest(raw, name, value, time)
    standing = [(time, value) for value, time in paper.claims.values() if value]
    if standing:
        time, value = min(standing)
        paper.key = (value, time)
    for name, (value, time) in raw.items():
        if name == PURGED:
            paper.purged = bool(value)
        elif name in _COLUMNS:
            columns = fields.columns_from_doc(value, _COLUMNS[name])
            if columns is not None:
                paper.registers[name] = (columns, time)
    paper.tags = {k: (v if isinstance(v, str) else None, t) for k, (v, t) in tags.items()}
    paper.note = from_text("".join(texts))
    return paper
