"""Real full and read-only file systems for the fault tests (Linux, as root).

A size-limited ``tmpfs`` is a disk that really fills up; a read-only bind
mount is a folder that really refuses writes, even to root, which ignores
file permissions (remounting a tmpfs read-only is refused while SQLite has
files open on it, so the tests use the bind mount). Where mounting is not
allowed, the tests that need it are skipped and the injected-error tests
cover the same code paths.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def run_quietly(*command: str) -> bool:
    try:
        done = subprocess.run(command, capture_output=True, check=False, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """Mount a ``size``-limited tmpfs at ``where`` for the duration, or skip."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not run_quietly(
        "mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)
    ):
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
    try:
        yield where
    finally:
        if not run_quietly("umount", str(where)):
            run_quietly("umount", "-l", str(where))


def fill(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space)."""
    filler = folder / "filler.bin"
    chunk = bytes(64 * 1024)
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler
