"""Reading other devices' files into the document, whatever order they arrive in.

Each file is checked (:mod:`.envelope`) before pycrdt sees it; one that
fails is reported and skipped — read again next time if it may still be
arriving — and never stops the others. A file counts as done only once the
document contains it (:class:`.yformat.Coverage`): files whose dependencies
have not arrived stay pending and are applied again on later passes, which
works around yrs losing an out-of-order update. Snapshots go first, the
largest first: a device that joins (or was away for months) starts from one
file, and files a snapshot already holds are then skipped without applying.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from readinglist.core.sync import envelope, folder
from readinglist.core.sync.envelope import BadFile
from readinglist.core.sync.folder import FolderFile
from readinglist.core.sync.shared import SharedDoc
from readinglist.core.sync.status import FileProblem as Problem
from readinglist.core.sync.yformat import Coverage, state_vector

#: Passes over the pending files in one sync; each pass applies them all again.
MAX_PASSES = 8


@dataclass(frozen=True)
class Known:
    """A file already dealt with: done (applied) or bad (verified, yet pycrdt refused it)."""

    state: str
    size: int
    mtime_ns: int
    digest: str
    reason: str | None = None


@dataclass
class Loaded:
    file: FolderFile
    digest: str
    payload: bytes


@dataclass
class ReadResult:
    #: newly done: name -> record to keep
    done: dict[str, Known] = field(default_factory=dict)
    #: verified files pycrdt refused: name -> record to keep
    bad: dict[str, Known] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: verified, applied, not yet contained: their dependencies are still on the way
    pending: list[str] = field(default_factory=list)
    #: the pending files' updates: yrs may show parts of them already, past a gap in
    #: their writer's clocks, which the document's state vector does not count
    #: (:meth:`.SharedDoc.since` journals them)
    pending_updates: list[bytes] = field(default_factory=list)
    #: device id -> the name its files give
    labels: dict[str, str] = field(default_factory=dict)
    #: pycrdt failed in the middle of a verified file: the document must be rebuilt
    broken: bool = False


def unchanged(file: FolderFile, known: Known | None) -> bool:
    return known is not None and (known.size, known.mtime_ns) == (file.size, file.mtime_ns)


def read_files(
    shared: SharedDoc, files: list[FolderFile], known: Mapping[str, Known]
) -> ReadResult:
    """Apply ``files`` not yet done to ``shared``."""
    result = ReadResult()
    loaded: list[Loaded] = []
    for file in files:
        record = known.get(file.name)
        if unchanged(file, record):
            if record is not None and record.state == "bad":
                result.problems.append(Problem(file.name, file.device, record.reason or "bad"))
            continue
        item = _load(file, record, result)
        if item is not None:
            loaded.append(item)
    loaded.sort(key=lambda i: (i.file.kind != "snapshot", -len(i.payload), i.file.name))
    pending = [i for i in loaded if i.file.kind == "snapshot"]
    updates = [i for i in loaded if i.file.kind != "snapshot"]
    for item in pending:  # one at a time: a snapshot may hold the next ones
        if _settled(shared, [item], result, skip_contained=True) is None:
            return result
    rest = updates + [i for i in pending if i.file.name not in result.done]
    for item in _settled(shared, rest, result, skip_contained=False) or []:
        result.pending.append(item.file.name)
        result.pending_updates.append(item.payload)
    return result


def _load(file: FolderFile, record: Known | None, result: ReadResult) -> Loaded | None:
    blob = folder.read(file.path, envelope.MAX_FILE)
    if blob is None:
        if file.size > envelope.MAX_FILE:
            result.problems.append(Problem(file.name, file.device, "too large"))
        return None  # vanished: its owner compacted it into a snapshot
    try:
        header, payload = envelope.unpack(blob, file.device, file.seq, file.kind)
    except BadFile as exc:
        result.problems.append(Problem(file.name, file.device, exc.reason, exc.incomplete))
        return None
    digest = envelope.digest_of(blob)
    size, mtime = file.size, file.mtime_ns
    if record is not None and record.digest == digest:
        result.done[file.name] = Known(record.state, size, mtime, digest, record.reason)
        if record.state == "bad":
            result.problems.append(Problem(file.name, file.device, record.reason or "bad"))
        return None  # the same file as before, touched (a copy kept its content)
    if header.label:
        result.labels[file.device] = header.label
    return Loaded(file, digest, payload)


def _settled(
    shared: SharedDoc, items: list[Loaded], result: ReadResult, *, skip_contained: bool
) -> list[Loaded] | None:
    """Apply ``items`` until each is contained or no pass gets further: those still
    waiting, or None if broken."""
    waiting = list(items)
    for _ in range(MAX_PASSES):
        if not waiting:
            break
        if skip_contained and state_vector(shared.state()):  # an empty one contains nothing
            coverage = Coverage(shared.doc)
            for item in [i for i in waiting if coverage.contains(i.payload)]:
                _done(item, result)
                waiting.remove(item)
        for item in list(waiting):
            if not _apply(shared, item, result):
                waiting.remove(item)
                if result.broken:
                    return None
        coverage = Coverage(shared.doc)
        progress = [i for i in waiting if coverage.contains(i.payload)]
        for item in progress:
            _done(item, result)
            waiting.remove(item)
        if not progress:
            break
    return waiting


def _done(item: Loaded, result: ReadResult) -> None:
    result.done[item.file.name] = Known(
        "done", item.file.size, item.file.mtime_ns, item.digest, None
    )


def _apply(shared: SharedDoc, item: Loaded, result: ReadResult) -> bool:
    """Apply one verified file; a refusal marks it bad (by its digest) for good."""
    try:
        shared.apply(item.payload)
    except ValueError:
        _bad(item, result, "its content is not a Yrs update")
        return False
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # pycrdt's Rust panics are BaseExceptions; the doc may be half-changed
        _bad(item, result, "pycrdt could not apply it")
        result.broken = True
        return False
    return True


def _bad(item: Loaded, result: ReadResult, reason: str) -> None:
    file = item.file
    result.bad[file.name] = Known("bad", file.size, file.mtime_ns, item.digest, reason)
    result.problems.append(Problem(file.name, file.device, reason))
