"""Other processes the tests start: the real command line, the crash child, a rival writer.

Each runs with this interpreter (so this checkout's code), in a process of
its own, the way a user or a second program would meet the library.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: The script the crash tests kill at a chosen point (see its docstring).
CRASH_CHILD = Path(__file__).with_name("crash_child.py")

#: Takes the database's write lock, says "locked", and keeps it until a line on stdin.
_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def cli(root: Path | None, *args: str | Path) -> list[str]:
    """The command ``readinglist [--library ROOT] ARGS...``, to run or to kill
    (without a root, the library comes from ``$READINGLIST_HOME`` or the default)."""
    library = ["--library", str(root)] if root is not None else []
    return [sys.executable, "-m", "readinglist", *library, *map(str, args)]


def run_cli(
    root: Path, *args: str | Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the command line on the library in ``root``; its output as text."""
    return subprocess.run(
        cli(root, *args), capture_output=True, text=True, timeout=timeout, check=False
    )


def run_crash_child(*args: str | Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``tests/support/crash_child.py ARGS...``; its output as text."""
    command = [sys.executable, str(CRASH_CHILD), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


@contextmanager
def write_lock_held(database: Path) -> Iterator[None]:
    """Meanwhile another process holds ``database``'s write lock (``BEGIN IMMEDIATE``)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.communicate("\n", timeout=30)


def without_file_privileges() -> list[str]:
    """A prefix that runs a command without the power to ignore file permissions.

    Root writes read-only files regardless of their mode; the read-only tests
    need the permissions to count, so as root the command runs without the
    ``CAP_DAC_OVERRIDE`` and ``CAP_DAC_READ_SEARCH`` capabilities (``setpriv``,
    util-linux). Anyone else is held to them already: no prefix.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        reason = "running as root without setpriv: file permissions cannot be enforced"
        if os.environ.get("CI") == "true":  # as for TeX: skip here, fail on CI
            pytest.fail(reason)
        pytest.skip(reason)
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


def run_cli_held_to_permissions(
    root: Path, *args: str | Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """:func:`run_cli`, with file permissions enforced even for root."""
    return subprocess.run(
        [*without_file_privileges(), *cli(root, *args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
