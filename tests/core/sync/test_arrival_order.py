"""Parts of the document arriving in any order, one sync apart.

A device writes a paper's record (with its digest entries) and the digests'
descriptions in separate keys of the document, and another device may write
the record again alone (when it knows more of the paper). So a library can
receive a record that lists a digest day before the description of that
digest, or after it; whichever came first, SQLite ends with the entry (the
digest as a placeholder until its description arrives).

A device's files can also arrive newest first: what this library writes on
top of a later file, while the earlier one is still on the way, must be in
the document it saves, not only in the one it holds in memory; and a note
that shows in the document must be in SQLite, even while the edit after it
waits for another device's text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readinglist.core.library import Library
from readinglist.core.sync import envelope, state
from readinglist.core.sync import folder as sync_folder
from readinglist.core.sync.shared import SharedDoc
from readinglist.core.sync.view import NOTE
from tests.core.sync.conftest import Devices
from tests.core.sync.helpers import digests, document, pid_of

#: A device writing by hand: one transaction per file.
WRITER = "00000000000000ee"
HEADER = "new\n\nSubscribe\n\nbyAK and the research community\n\n"
DAY = "2026-03-04"
DESCRIPTION = {"source": "hf-text", "name": "d.txt", "imported_at": "2026-03-04T08:00:00+00:00"}


class Writer:
    """Another device: a copy of ``library``'s document whose changes go into the
    folder one transaction per file, in the order the test chooses."""

    def __init__(self, library: Library, root: Path) -> None:
        with library.db.read() as conn:
            updates = state.load_doc(conn)
        assert updates is not None
        self.shared = SharedDoc.load(updates)
        self.root = root
        self.seq = 0

    def close(self) -> None:
        self.shared.close()

    def record(self, title: str) -> tuple[str, dict[str, Any]]:
        """The uid and record of the paper titled ``title``."""
        for uid, record in self.shared.meta.to_py().items():
            if record["title"] == title:
                return uid, record
        raise AssertionError(title)

    def write(self, change: dict[str, Any]) -> Path:
        """``change`` (what to set: "meta", "digest", "star" a uid, or a "note"
        line) as the writer's next file."""
        with self.shared.local():
            for uid, record in change.get("meta", {}).items():
                self.shared.set_meta(uid, record)
            for day, description in change.get("digest", {}).items():
                self.shared.set_digest(day, description)
            if "star" in change:
                self.shared.set_register(change["star"], "starred", {"starred": True}, 1.0)
            if "note" in change:  # (uid, line, the line it goes after), as an edit writes it
                uid, line, after = change["note"]
                text = self.shared.note(uid)
                text.insert(str(text).index(after) + len(after) if after else 0, line)
                field = f"{NOTE}{self.shared.doc.client_id}"
                self.shared.set_register(uid, field, 1, 1.0)
        payload = self.shared.merge(self.shared.take_local())
        self.seq += 1
        header = envelope.Header(WRITER, self.seq, "update", "writer", len(payload))
        blob = envelope.pack(header, payload)
        return sync_folder.write(self.root, WRITER, self.seq, "update", blob)


def _entries(library: Library, title: str) -> list[str]:
    return [d.isoformat() for d in library.digests_of(pid_of(library, title))]


def _record(writer: Writer, title: str, arxiv_id: str | None) -> tuple[str, dict[str, Any]]:
    """A record for ``title`` listed in the digest of :data:`DAY`: the known paper's
    own record with the entry added, or a paper new to the folder."""
    if arxiv_id is None:
        uid, record = writer.record(title)
    else:
        _, known = writer.record("Known Paper")
        uid = f"{arxiv_id.replace('.', ''):0>16}"
        record = {**known, "title": title, "arxiv_id": arxiv_id, "titles": [], "entries": {}}
    record = {**record, "entries": {**record["entries"], DAY: [0, 12]}}
    return uid, record


def _knowing_a_paper(devices: Devices, folder: Path) -> Library:
    """Device b, holding "Known Paper" (from a Mar 2 digest), joined to ``folder``."""
    b = devices("b")
    b.import_text(f"{HEADER}Mar 2\n\nKnown Paper\n\nAn abstract.\n\n")
    b.sync.join(folder)
    return b


@pytest.mark.parametrize("new_paper", [False, True], ids=["known paper", "new paper"])
@pytest.mark.parametrize(
    "order",
    [("meta", "digest"), ("digest", "meta"), ("both",)],
    ids=["entry first", "description first", "together"],
)
def test_a_digest_entry_arrives_whichever_comes_first(
    devices: Devices, folder: Path, order: tuple[str, ...], new_paper: bool
) -> None:
    b = _knowing_a_paper(devices, folder)
    writer = Writer(b, folder)
    title = "New Paper" if new_paper else "Known Paper"
    uid, record = _record(writer, title, "2403.00003" if new_paper else None)
    files = {
        "meta": {"meta": {uid: record}},
        "digest": {"digest": {DAY: DESCRIPTION}},
        "both": {"meta": {uid: record}, "digest": {DAY: DESCRIPTION}},
    }
    try:
        for part in order:  # each file arrives, then the library syncs
            writer.write(files[part])
            b.sync.run()
    finally:
        writer.close()
    assert DAY in _entries(b, title)
    assert (DAY, "d.txt") in digests(b)  # the placeholder took the description
    b.sync.run()  # and nothing is left to do
    assert DAY in _entries(b, title)


def test_a_change_made_on_a_file_that_came_before_its_writers_earlier_one_is_saved(
    devices: Devices, folder: Path, tmp_path: Path
) -> None:
    b = _knowing_a_paper(devices, folder)
    writer = Writer(b, tmp_path / "writer")
    uid, record = writer.record("Known Paper")
    try:  # a digest; the paper's record, knowing only that digest; a star
        written = [
            writer.write({"digest": {DAY: DESCRIPTION}}),
            writer.write({"meta": {uid: {**record, "entries": {DAY: [0, 12]}}}}),
            writer.write({"star": uid}),
        ]
    finally:
        writer.close()
    for path in reversed(written):  # newest first, a sync after each
        arrived = folder / path.relative_to(tmp_path / "writer")
        arrived.parent.mkdir(parents=True, exist_ok=True)
        arrived.write_bytes(path.read_bytes())
        b.sync.run()
    # b knew more of the record (its own digest) and wrote it back on top of the
    # writer's, while the writer's first file was still on the way
    saved = document(b)["meta"].get(uid, {})
    assert sorted(saved.get("entries", {})) == ["2026-03-02", DAY]
    assert _entries(b, "Known Paper") == ["2026-03-02", DAY]


@pytest.mark.parametrize("imported_at", ["2026-03-04T08:00:00+00:00", "2099-01-01T00:00:00+00:00"])
def test_a_placeholder_digest_is_never_shared_and_takes_the_description(
    devices: Devices, folder: Path, imported_at: str
) -> None:
    """Also when the description says it was imported later than the placeholder was
    made (the importing device's clock ahead of this one's)."""
    b = _knowing_a_paper(devices, folder)
    writer = Writer(b, folder)
    uid, record = _record(writer, "Known Paper", None)
    try:
        writer.write({"meta": {uid: record}})
        b.sync.run()
        b.mark([pid_of(b, "Known Paper")], starred=True)  # published with its entries
        b.sync.run()
        assert DAY not in document(b)["digests"]
        writer.write({"digest": {DAY: {**DESCRIPTION, "imported_at": imported_at}}})
    finally:
        writer.close()
    b.sync.run()
    assert (DAY, "d.txt") in digests(b)
    assert document(b)["digests"][DAY]["name"] == "d.txt"


def test_a_note_that_shows_while_its_next_edit_waits_reaches_sqlite(
    devices: Devices, folder: Path, tmp_path: Path
) -> None:
    b = _knowing_a_paper(devices, folder)
    writer, other = Writer(b, tmp_path / "writer"), Writer(b, tmp_path / "other")
    uid, _ = writer.record("Known Paper")
    try:
        written = [writer.write({"note": (uid, "w line 1\n", "")})]
        other.write({"note": (uid, "c line\n", "")})  # never reaches b
        writer.shared.apply(other.shared.encode())
        written.append(writer.write({"note": (uid, "w line 2\n", "c line\n")}))
    finally:
        writer.close()
        other.close()
    for path in reversed(written):  # the second edit first: it waits for "c line"
        arrived = folder / path.relative_to(tmp_path / "writer")
        arrived.parent.mkdir(parents=True, exist_ok=True)
        arrived.write_bytes(path.read_bytes())
        b.sync.run()
    pid = pid_of(b, "Known Paper")
    assert b.paper(pid).note.splitlines() == ["w line 1"]
    b.set_note(pid, "w line 1\nb line")  # an edit here keeps what it was shown
    b.sync.run()
    note = next(iter(document(b)["notes"].values()))
    assert note.splitlines() == ["w line 1", "b line"]
