"""A full rebuild written by two processes, one per half of the papers.

Indexing is Python work under one interpreter lock, so one process uses one
core. Here the papers are split into contiguous halves (in the rebuild's
order: document numbers must follow it) and each half is indexed by a
worker process of its own (:mod:`.worker`), a :class:`~.writer.FastWriter`
that writes its segments into the index folder but takes no lock and
commits nothing. This process keeps the index's write lock, reads both
halves side by side from one SQLite snapshot and hands each worker its
papers a batch at a time; at the end it adopts the workers' segments, in
order, into its own writer, whose commit writes the table of contents: the
new index appears at that one step, as it does without workers. Stopped or
failed, the workers are killed, and their segments, which no table of
contents names, are removed by the next commit (as Whoosh removes any
unused segment).

The workers are plain ``python -m`` subprocesses talking pickles over their
standard input and output: ``multiprocessing``'s ``spawn`` would import the
caller's ``__main__`` again in each worker (an embedding script without a
``__main__`` guard would run twice), and ``fork`` is unsafe beside the
window's threads. A fresh interpreter costs about half a second, so small
libraries, single-core machines and frozen apps (no ``python -m`` there)
are indexed in this process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

import readinglist
from readinglist.core.search.whoosh_ext.serial import STEP, Parts, Step, serial_fill
from readinglist.core.search.whoosh_ext.writer import FastWriter

#: Fewer papers than this are indexed in this process.
PARALLEL_FROM = 5_000
#: Documents per message to a worker.
BATCH = 250
WORKER = "readinglist.core.search.whoosh_ext.worker"


def workers_for(total: int) -> int:
    """How many worker processes a rebuild of ``total`` papers uses (0: none)."""
    if total < PARALLEL_FROM or getattr(sys, "frozen", False):
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 else 0


def parallel_fill(writer: FastWriter, parts: Parts, total: int, step: Step) -> int:
    """Every document indexed by worker processes into segments ``writer`` adopts."""
    count = workers_for(total)
    if count < 2:
        return serial_fill(writer, parts, total, step)
    bounds = [total * k // count for k in range(count + 1)]
    started: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            started.append(_start(writer, count))
        # the last part takes whatever the snapshot holds past the count
        sources = [
            parts(bounds[k], bounds[k + 1] - bounds[k] if k < count - 1 else None)
            for k in range(count)
        ]
        done = _feed(started, sources, step)
        for process in started:
            _send(process, None)
        for process in started:
            writer.adopt(_result(process))
    except BaseException:
        for process in started:
            process.kill()
        raise
    finally:
        for process in started:
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):  # a dead worker's pipe
                        stream.close()
            process.wait()
    return done


def _start(writer: FastWriter, count: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    home = str(Path(readinglist.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (home, env.get("PYTHONPATH")) if p)
    process = subprocess.Popen(
        [sys.executable, "-m", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    # the workers share the rebuild's memory budget
    limitmb = max(1, writer.limitmb // count)
    _send(process, (writer.storage.folder, writer.indexname, writer.schema, limitmb))
    return process


def _send(process: subprocess.Popen[bytes], message: Any) -> None:
    stream: IO[bytes] | None = process.stdin
    assert stream is not None
    try:
        pickle.dump(message, stream, pickle.HIGHEST_PROTOCOL)
        stream.flush()
    except (BrokenPipeError, ConnectionResetError):
        _result(process)  # raises what stopped the worker
        raise


def _feed(
    processes: list[subprocess.Popen[bytes]],
    sources: list[Iterator[dict[str, Any]]],
    step: Step,
) -> int:
    """Hand each worker its part a batch at a time, taking turns (a send waits
    while its worker is still busy with its previous batches)."""
    done = reported = 0
    active = list(range(len(processes)))
    while active:
        for k in list(active):
            batch = list(islice(sources[k], BATCH))
            if not batch:
                active.remove(k)
                continue
            _send(processes[k], batch)
            done += len(batch)
        if done - reported >= STEP:
            reported = done
            step(done)
    return done


def _result(process: subprocess.Popen[bytes]) -> list[Any]:
    """The worker's segments, or the error that stopped it, raised here."""
    stream = process.stdout
    assert stream is not None
    try:
        kind, value = pickle.load(stream)
    except (EOFError, pickle.UnpicklingError) as exc:
        raise OSError("an index worker process ended before it finished its segments") from exc
    if kind == "error":
        raise value
    segments: list[Any] = value
    return segments
