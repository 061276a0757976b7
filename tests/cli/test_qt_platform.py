"""A machine that cannot start Qt's platform plugin is told why, and how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli.qt_platform import install_commands, missing_libraries, needed, qt_dir
from tests.support.processes import cli


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_without_a_usable_platform_plugin_the_user_is_told_why(tmp_path: Path) -> None:
    """Started for real with the xcb plugin and no display: Qt cannot start it
    (on a fresh machine also for want of libraries); the message names what
    this machine lacks and how to install it, and the exit is clean."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        cli(tmp_path / "lib"), env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert "the window cannot start" in err
    assert "Traceback" not in err
    missing = missing_libraries()
    for name in missing:
        assert f"  {name}\n" in err
    for command in install_commands(missing):
        assert command in err
    if not missing:
        assert "No library the xcb plugin needs is missing." in err
    assert "DISPLAY" in err


def test_the_plugins_libraries_are_read_from_its_elf_file() -> None:
    qt = qt_dir()
    assert qt is not None
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("this PySide6 has no xcb plugin")
    names = needed(plugin)
    assert "libQt6XcbQpa.so.6" in names
    assert needed(Path(__file__)) == []  # not an ELF file
    assert install_commands(["libxcb-icccm.so.4"]) == [
        "  Debian, Ubuntu:  sudo apt install libxcb-icccm4",
        "  Fedora:          sudo dnf install xcb-util-wm",
    ]
