"""Two libraries, one folder: what one device does arrives on the other, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.errors import SyncError
from readinglist.core.library import Library
from tests.core.sync.conftest import Devices
from tests.core.sync.helpers import digests, pid_of, seen

HEADER = "new\n\nSubscribe\n\nbyAK and the research community\n\n"


def _digest(day: str, *titles: str) -> str:
    parts = [HEADER, f"{day}\n\n"]
    for title in titles:
        parts.append(f"{title}\n\nAn abstract about {title.lower()}.\n\n")
    return "".join(parts)


def _both(a: Library, b: Library) -> None:
    """Sync until both have everything (a, b, a: each file goes both ways)."""
    a.sync.run()
    b.sync.run()
    a.sync.run()


def test_a_new_device_receives_everything(
    devices: Devices, folder: Path, sample_paths: list[Path]
) -> None:
    a = devices("a")
    for path in sample_paths[:2]:
        a.import_file(path)
    ids = a.paper_ids()
    a.mark(ids[:3], starred=True)
    a.mark(ids[2:6], read=True)
    a.tags.add(ids[:4], ["thesis", "Diffusion"])
    a.set_note(ids[0], "first line\nsecond line")
    a.edit(ids[1], title="A Title Edited By Hand", year=2021)
    a.bibtex.keys(ids[:5])
    a.remove([ids[7]])
    first = a.sync.join(folder)
    assert first.sent == len(a.paper_ids()) + 1
    b = devices("b")
    report = b.sync.join(folder)
    assert report.added == len(seen(a))
    assert seen(b) == seen(a)
    assert digests(b) == digests(a)
    assert b.sync.status().folder == str(folder)


def test_two_devices_that_imported_the_same_digest_have_one_paper_each(
    devices: Devices, folder: Path
) -> None:
    a, b = devices("a"), devices("b")
    text = _digest("Mar 13", "Shared Paper One", "Shared Paper Two")
    a.import_text(text)
    b.import_text(text + "Only On B\n\nAbstract.\n\n")
    a.mark([pid_of(a, "Shared Paper One")], starred=True)
    b.tags.add([pid_of(b, "Shared Paper One")], ["b-tag"])
    b.set_note(pid_of(b, "Shared Paper Two"), "B's thoughts")
    a.sync.join(folder)
    b.sync.join(folder)
    a.sync.run()
    assert seen(a) == seen(b)
    one = seen(a)["shared paper one"]
    assert (one["starred"], one["tags"]) == (True, ["b-tag"])
    assert seen(a)["shared paper two"]["note"] == "B's thoughts"
    assert len(seen(a)) == 3


def test_notes_edited_on_both_while_apart_keep_both_edits(devices: Devices, folder: Path) -> None:
    a, b = devices("a"), devices("b")
    a.import_text(_digest("Mar 13", "Noted Paper"))
    a.set_note(pid_of(a, "Noted Paper"), "Intro\nMethod: attention 😀 is all\nResult: 28.4")
    a.sync.join(folder)
    b.sync.join(folder)
    pa, pb = pid_of(a, "Noted Paper"), pid_of(b, "Noted Paper")
    a.set_note(pa, "Intro (edited on A)\nMethod: attention 😀 is all\nResult: 28.4")
    b.set_note(pb, "Intro\nMethod: attention 😀 is all\nResult: 28.4, 41.0 en-fr")
    _both(a, b)
    both = "Intro (edited on A)\nMethod: attention 😀 is all\nResult: 28.4, 41.0 en-fr"
    assert a.paper(pa).note == b.paper(pb).note == both
    # The same line, rewritten on both: both versions stay, side by side.
    a.set_note(pa, both.replace("attention 😀 is all", "attention is what you need"))
    b.set_note(pb, both.replace("attention 😀 is all", "self-attention only"))
    _both(a, b)
    note = a.paper(pa).note
    assert note == b.paper(pb).note
    assert "Method: attention is what you need" in note.splitlines()
    assert "Method: self-attention only" in note.splitlines()
    assert "😀" not in note


def test_marks_tags_and_the_bin_follow_the_last_change(devices: Devices, folder: Path) -> None:
    a, b = devices("a"), devices("b")
    a.import_text(_digest("Mar 13", "Paper A", "Paper B", "Paper C"))
    a.mark([pid_of(a, "Paper A")], starred=True, read=True)
    a.tags.add([pid_of(a, "Paper A"), pid_of(a, "Paper B")], ["x", "y"])
    a.sync.join(folder)
    b.sync.join(folder)
    b.mark([pid_of(b, "Paper A")], starred=False, read=False)
    b.tags.remove([pid_of(b, "Paper A")], ["x"])
    b.remove([pid_of(b, "Paper C")])
    a.tags.add([pid_of(a, "Paper B")], ["z"])
    _both(a, b)
    state = seen(a)
    assert state == seen(b)
    assert (state["paper a"]["starred"], state["paper a"]["read"]) == (False, False)
    assert state["paper a"]["tags"] == ["y"]
    assert state["paper b"]["tags"] == ["x", "y", "z"]
    assert state["paper c"]["removed"]
    b.restore([pid_of(b, "Paper C")])
    _both(a, b)
    assert not seen(a)["paper c"]["removed"]
    assert [t.name for t in a.tags.all()] == ["x", "y", "z"]


def test_edits_by_hand_arrive_and_imports_do_not_undo_them(devices: Devices, folder: Path) -> None:
    a, b = devices("a"), devices("b")
    text = _digest("Mar 13", "Original Title")
    a.import_text(text)
    b.import_text(text)
    a.sync.join(folder)
    b.sync.join(folder)
    a.edit(pid_of(a, "Original Title"), title="Better Title", authors=["Ada Lovelace"])
    _both(a, b)
    pid = pid_of(b, "Better Title")
    assert b.paper(pid).authors == ["Ada Lovelace"]
    assert set(b.paper(pid).user_fields) == {"title", "authors"}
    assert b.import_text(text).nothing_new  # the old title still finds the paper
    assert seen(a) == seen(b)


def test_deleting_for_good_reaches_every_device(devices: Devices, folder: Path) -> None:
    a, b = devices("a"), devices("b")
    a.import_text(_digest("Mar 13", "Doomed Paper", "Kept Paper"))
    a.sync.join(folder)
    b.sync.join(folder)
    with a.db.write() as conn:  # what emptying the bin does
        conn.exec_driver_sql("DELETE FROM paper WHERE title = 'Doomed Paper'")
    _both(a, b)
    assert sorted(seen(b)) == ["kept paper"]
    b.import_text(_digest("Mar 14", "Doomed Paper"))  # imported again: it comes back
    _both(a, b)
    assert sorted(seen(a)) == sorted(seen(b)) == ["doomed paper", "kept paper"]


def test_a_key_assigned_on_one_device_is_the_key_on_the_other(
    devices: Devices, folder: Path
) -> None:
    a, b = devices("a"), devices("b")
    a.import_text(_digest("Mar 13", "Keyed Paper"))
    (key,) = a.bibtex.keys([pid_of(a, "Keyed Paper")])
    a.sync.join(folder)
    b.sync.join(folder)
    assert b.bibtex.keys([pid_of(b, "Keyed Paper")]) == [key]
    a.bibtex.set_key(pid_of(a, "Keyed Paper"), "mykey2026")
    _both(a, b)
    assert b.bibtex.keys([pid_of(b, "Keyed Paper")]) == ["mykey2026"]


def test_one_key_given_to_two_papers_while_apart_is_settled_alike_and_said(
    devices: Devices, folder: Path
) -> None:
    a, b = devices("a"), devices("b")
    a.import_text(_digest("Mar 13", "First Paper"))
    b.import_text(_digest("Mar 13", "Second Paper"))
    a.sync.join(folder)
    b.sync.join(folder)
    a.bibtex.set_key(pid_of(a, "First Paper"), "samekey")
    b.bibtex.set_key(pid_of(b, "Second Paper"), "samekey")
    a.sync.run()
    report_b = b.sync.run()
    report_a = a.sync.run()
    keys_a = {k: v["key"] for k, v in seen(a).items()}
    assert keys_a == {k: v["key"] for k, v in seen(b).items()}
    assert sorted(keys_a.values())[0] == "samekey"
    loser = next(k for k in keys_a.values() if k != "samekey")
    assert loser.startswith("samekey-")
    said = [*report_a.keys, *report_b.keys]
    assert any("samekey" in line and "two papers" in line for line in said)


def test_one_paper_keyed_differently_on_two_devices_keeps_the_first_shared(
    devices: Devices, folder: Path
) -> None:
    a, b = devices("a"), devices("b")
    text = _digest("Mar 13", "Twice Keyed")
    a.import_text(text)
    b.import_text(text)
    a.sync.join(folder)
    b.sync.join(folder)
    a.bibtex.set_key(pid_of(a, "Twice Keyed"), "keyfroma")
    b.bibtex.set_key(pid_of(b, "Twice Keyed"), "keyfromb")
    a.sync.run()  # a shares first
    report = b.sync.run()
    a.sync.run()
    assert seen(a)["twice keyed"]["key"] == seen(b)["twice keyed"]["key"] == "keyfroma"
    assert any("keyfromb" in line and "keyfroma" in line for line in report.keys)


def test_a_sync_folder_inside_the_library_is_refused(devices: Devices) -> None:
    a = devices("a")
    with pytest.raises(SyncError, match="library"):
        a.sync.join(a.paths.root / "sync")
    assert a.sync.folder() is None


def test_a_missing_folder_is_an_error_that_status_remembers(devices: Devices, folder: Path) -> None:
    a = devices("a")
    a.import_text(_digest("Mar 13", "Some Paper"))
    a.sync.join(folder)
    folder.rename(folder.with_name("gone"))
    with pytest.raises(SyncError, match="not there"):
        a.sync.run()
    assert "not there" in (a.sync.status().error or "")
    folder.with_name("gone").rename(folder)
    a.sync.run()
    assert a.sync.status().error is None


def test_leaving_forgets_the_folder_and_joining_again_loses_nothing(
    devices: Devices, folder: Path, tmp_path: Path
) -> None:
    a = devices("a")
    a.import_text(_digest("Mar 13", "Some Paper"))
    a.sync.join(folder)
    a.sync.leave()
    assert a.sync.folder() is None
    with pytest.raises(SyncError, match="does not sync"):
        a.sync.run()
    other = tmp_path / "Other"
    a.sync.join(other)
    b = devices("b")
    b.sync.join(other)
    assert seen(b) == seen(a)


def test_without_a_folder_nothing_is_synced(devices: Devices) -> None:
    a = devices("a")
    status = a.sync.status()
    assert (status.folder, status.last, status.error) == (None, None, None)


def test_a_paper_first_shared_under_two_identities_is_one_paper_everywhere(
    devices: Devices, folder: Path
) -> None:
    """One device knew the paper by its title only, the other by its arXiv id too:
    it is one paper on both, with both devices' star, tags and note lines."""
    from readinglist.core.importers.base import IncomingPaper, ParsedBatch

    a, b = devices("a"), devices("b")
    a.import_text(_digest("Mar 13", "Twice Known Paper"))
    paper = IncomingPaper("Twice Known Paper", "Longer abstract.", arxiv_id="2401.01234")
    b.import_batch(ParsedBatch("refs.bib", "bibtex", papers=(paper,)))
    a.mark([pid_of(a, "Twice Known Paper")], starred=True)
    a.set_note(pid_of(a, "Twice Known Paper"), "from a")
    b.tags.add([pid_of(b, "Twice Known Paper")], ["b-tag"])
    b.set_note(pid_of(b, "Twice Known Paper"), "from b")
    a.sync.join(folder)
    b.sync.join(folder)
    a.sync.run()
    state = seen(a)
    assert state == seen(b)
    (only,) = state.values()
    assert (only["starred"], only["tags"], only["arxiv_id"]) == (True, ["b-tag"], "2401.01234")
    assert sorted(only["note"].splitlines()) == ["from a", "from b"]
    # an edit of the joined note reaches the other device whole
    a.set_note(pid_of(a, "Twice Known Paper"), "from a\nand more")
    _both(a, b)
    assert seen(b)["twice known paper"]["note"] == "from a\nand more"


def _stored_bases(library: Library) -> dict[int, str | None]:
    """Each paper's stored key base, checked against the one its columns give now."""
    from readinglist.core.bibtex.keys import _source, current_formula, driver

    sql = (
        "SELECT id, title, authors, COALESCE(published, digest_day), arxiv_id, key_base FROM paper"
    )
    with library.db.read() as conn:
        formula = current_formula(conn)
        rows = driver(conn).execute(sql).fetchall()
    for row in rows:
        assert row[5] in (None, formula.base(_source(*row[:5])))
    return {row[0]: row[5] for row in rows}


def test_papers_arriving_or_changed_by_sync_have_their_key_bases_stored(
    devices: Devices, folder: Path, sample_paths: list[Path]
) -> None:
    """As after an import: a first export on the new device only picks suffixes."""
    a = devices("a")
    a.import_file(sample_paths[0])
    a.sync.join(folder)
    b = devices("b")
    b.sync.join(folder)
    assert b.paper_ids() and None not in _stored_bases(b).values()
    pid = a.paper_ids()[0]
    a.edit(pid, title="A Title Edited By Hand", authors=["Zoë Quinn"], year=2011)
    assert None not in _stored_bases(a).values()  # an edit stores its new base too
    _both(a, b)
    there = pid_of(b, "A Title Edited By Hand")
    assert _stored_bases(b)[there] == _stored_bases(a)[pid]
    assert None not in _stored_bases(b).values()
