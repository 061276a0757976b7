"""Real full and read-only file systems for the fault tests (Linux, as root).

A size-limited ``tmpfs`` is a disk that really fills up; remounting it
read-only (or a read-only bind mount) is a folder that really refuses
writes, even to root, which ignores file permissions. Where mounting is not
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


def _run(*command: str) -> bool:
    try:
        done = subprocess.run(command, capture_output=True, check=False, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """Mount a ``size``-limited tmpfs at ``where`` for the duration, or skip."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not _run(
        "mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)
    ):
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
    try:
        yield where
    finally:
        if not _run("umount", str(where)):
            _run("umount", "-l", str(where))


def remount(where: Path, *, readonly: bool) -> None:
    mode = "ro" if readonly else "rw"
    assert _run("mount", "-o", f"remount,{mode}", str(where)), f"cannot remount {where} {mode}"


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
