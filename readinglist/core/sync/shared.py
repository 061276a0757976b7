"""The shared document: how a library is laid out in pycrdt, and who changed what.

Layout (see :mod:`.fields` for what goes where and how it merges):

- ``meta``: a Map from uid to a plain dict of derived metadata;
- ``user``: a flat Map from ``"<uid>\\x1f<field>"`` to ``[value, time]``;
- ``digests``: a Map from a digest's day to its name and source;
- ``note:<uid>``: a root Text per note.

Why flat: two devices that create the same nested Map key (both import one
paper) keep only one of the two Maps, and with it one device's star and tags;
root types and flat keys are merged by name instead.

A paper's ``uid`` is a hash of its identity when it is first shared (its
arXiv id when known, else its title key), so two devices importing the same
digest name the paper alike; it never changes afterwards, and a paper that
devices came to know under two uids reads both.

The document's client id is random for each session (pycrdt's default): two
sessions writing under one client id lose edits and never converge, which a
copied library or a restored backup would otherwise cause.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pycrdt import Doc, Map, MapEvent, Subscription, Text, TransactionEvent, merge_updates
from pycrdt import get_update as diff_update

SEP = "\x1f"
NOTE = "note:"
#: The ``user`` field a session sets on each note edit: ``note\x1f<client id>``.
NOTE_FIELD = f"note{SEP}"
#: An update that changes nothing (what an empty transaction yields).
EMPTY_UPDATE = b"\x00\x00"


def uid_for(arxiv_id: str | None, title_key: str) -> str:
    """The uid a paper is first shared under: 16 hex digits of its identity's hash."""
    identity = f"arxiv:{arxiv_id}" if arxiv_id else f"title:{title_key}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


def _keys(event: MapEvent) -> Iterable[Any]:
    """The keys a Map event changed (pycrdt declares the attribute without a type)."""
    keys: Iterable[Any] = event.keys  # type: ignore[attr-defined]
    return keys


class SharedDoc:
    """The CRDT document, with an index of its ``user`` keys by uid and a log of
    what remote updates changed (the SQLite writer reads only that)."""

    def __init__(self, doc: Doc[Any] | None = None) -> None:
        self.doc: Doc[Any] = doc if doc is not None else Doc()
        self.meta = self.doc.get("meta", type=Map)
        self.user = self.doc.get("user", type=Map)
        self.digests = self.doc.get("digests", type=Map)
        self._fields: dict[str, set[str]] = {}
        for key in self.user:
            self._index(key)
        self._local = False
        self._local_updates: list[bytes] = []
        #: uids and digest days that remote updates changed, since :meth:`take_changes`.
        self.changed_uids: set[str] = set()
        self.changed_days: set[str] = set()
        #: uids whose note text shows with no note field (:meth:`find_bare_notes`)
        self._bare_notes: set[str] = set()
        self._doc_subscription = self.doc.observe(self._on_transaction)
        self._map_subscriptions: list[tuple[Map[Any], Subscription]] = []
        self._observe_maps()

    def _observe_maps(self) -> None:
        self._map_subscriptions = [
            (self.meta, self.meta.observe(self._on_meta)),
            (self.user, self.user.observe(self._on_user)),
            (self.digests, self.digests.observe(self._on_digests)),
        ]

    def _unobserve_maps(self) -> None:
        for owner, sub in self._map_subscriptions:
            owner.unobserve(sub)
        self._map_subscriptions = []

    @classmethod
    def load(cls, updates: list[bytes]) -> SharedDoc:
        """A document from its saved updates (a checkpoint, then journal entries)."""
        doc: Doc[Any] = Doc()
        for update in updates:
            doc.apply_update(update)
        return cls(doc)

    def close(self) -> None:
        """Stop observing (the document itself is freed with this object)."""
        self._unobserve_maps()
        self.doc.unobserve(self._doc_subscription)

    # observing -------------------------------------------------------------------

    def _index(self, key: str) -> None:
        uid, _, field = key.partition(SEP)
        if field:
            self._fields.setdefault(uid, set()).add(field)

    def _on_transaction(self, event: TransactionEvent) -> None:
        if self._local and event.update != EMPTY_UPDATE:
            self._local_updates.append(event.update)

    def _on_meta(self, event: MapEvent) -> None:
        self.changed_uids.update(str(k) for k in _keys(event))

    def _on_user(self, event: MapEvent) -> None:
        for key in _keys(event):
            self._index(str(key))
            self.changed_uids.add(str(key).partition(SEP)[0])

    def _on_digests(self, event: MapEvent) -> None:
        self.changed_days.update(str(k) for k in _keys(event))

    @contextmanager
    def local(self) -> Iterator[None]:
        """One local transaction: its update is kept for our next file.

        The Map observers are off meanwhile: they are for remote changes only,
        and pycrdt builds an event for every key a transaction sets (a device
        sharing 100,000 papers for the first time sets a million).
        """
        self._local = True
        self._unobserve_maps()
        try:
            with self.doc.transaction():
                yield
        finally:
            self._local = False
            self._observe_maps()

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Remote updates applied unobserved, then everything counts as changed.

        For a document that starts from nothing (a device joining a folder):
        every key is new anyway, and pycrdt would build an event per key.
        """
        self._unobserve_maps()
        try:
            yield
        finally:
            self._observe_maps()
            self._fields.clear()
            for key in self.user:
                self._index(key)
            self.changed_uids.update(self.meta.keys(), self._fields)
            self.changed_days.update(self.digests.keys())

    def find_bare_notes(self) -> None:
        """Notes whose text shows though no field says it was written: changed.

        yrs applies the deletions of an update still waiting for its
        dependencies: a session's later note edit, waiting for another device's
        text, deletes the note field its earlier edit set. When the earlier file
        arrives, its text shows but its field is deleted at once, with no Map
        event; until the later edit is applied, nothing says the note changed,
        and a note edited here meanwhile (on the note SQLite still has) would
        take that text out everywhere. Only needed while a file is pending.
        """
        for name in list(self.doc.keys()):
            uid = name[len(NOTE) :]
            if not name.startswith(NOTE) or self.noted(uid):
                continue
            if str(self.note(uid)):
                self._bare_notes.add(uid)
                self.changed_uids.add(uid)

    def noted(self, uid: str) -> bool:
        """Whether the uid's note text is part of its note (someone wrote it)."""
        if uid in self._bare_notes:
            return True
        return any(name.startswith(NOTE_FIELD) for name in self.fields(uid))

    def take_local(self) -> list[bytes]:
        """Our changes since the last call, one update per transaction."""
        updates, self._local_updates = self._local_updates, []
        return updates

    def take_changes(self) -> tuple[set[str], set[str]]:
        uids, days = self.changed_uids, self.changed_days
        self.changed_uids, self.changed_days = set(), set()
        return uids, days

    def apply(self, update: bytes) -> None:
        """A remote update (from a verified file); raises what pycrdt raises."""
        self.doc.apply_update(update)

    # reading and writing -------------------------------------------------------------

    def fields(self, uid: str) -> set[str]:
        """The ``user`` fields a uid has (``starred``, ``tag\\x1fnlp``, ...)."""
        return self._fields.get(uid, set())

    def get_meta(self, uid: str) -> Any:
        return self.meta.get(uid)

    def set_meta(self, uid: str, value: dict[str, Any]) -> None:
        self.meta[uid] = value

    def register(self, uid: str, field: str) -> tuple[Any, float] | None:
        """``(value, time)`` of a register, or None (absent, or not written by us)."""
        if field not in self.fields(uid):
            return None
        found = self.user.get(f"{uid}{SEP}{field}")
        if not isinstance(found, list) or len(found) < 2 or not isinstance(found[1], float | int):
            return None
        return found[0], float(found[1])

    def set_register(self, uid: str, field: str, value: Any, time: float) -> None:
        self._fields.setdefault(uid, set()).add(field)
        self.user[f"{uid}{SEP}{field}"] = [value, time]

    def note(self, uid: str) -> Text:
        text: Text = self.doc.get(f"{NOTE}{uid}", type=Text)
        return text

    def note_text(self, uid: str) -> str:
        """A uid's note as the document holds it."""
        return str(self.note(uid))

    def digest(self, day: str) -> Any:
        return self.digests.get(day)

    def set_digest(self, day: str, value: dict[str, Any]) -> None:
        self.digests[day] = value

    def encode(self) -> bytes:
        """The whole document as one update (a snapshot, a checkpoint)."""
        return self.doc.get_update()

    def state(self) -> bytes:
        return self.doc.get_state()

    @staticmethod
    def merge(updates: list[bytes]) -> bytes:
        return updates[0] if len(updates) == 1 else merge_updates(*updates)

    def since(self, state: bytes, pending: Iterable[bytes] = ()) -> bytes:
        """What the document gained since ``state`` (with its whole delete set), to
        journal: the library's saved document is its checkpoint and these, applied
        in order.

        ``pending``: remote updates applied but not yet contained (a file whose
        writer's earlier file is still on the way). yrs shows what of them it can
        past the gap in their writer's clocks, and our own changes may build on
        that, but ``get_update(state)`` leaves it out until the gap closes: without
        it, our change would be journaled before what it depends on, and yrs,
        loading the journal in order, can drop our change for good.
        """
        parts = [self.doc.get_update(state), *(diff_update(u, state) for u in pending)]
        return self.merge(parts)
