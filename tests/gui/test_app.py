"""Starting the app: single instance per library, the smoke test, CLI without Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile

from readinglist.core.paths import LibraryPaths
from readinglist.gui.app import (
    WINDOW_SWITCH_INTERVAL,
    acquire_lock,
    already_running_message,
    application,
)
from readinglist.gui.theme import apply_theme
from tests.support.processes import cli


def test_second_instance_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    paths = LibraryPaths(tmp_path / "lib")
    first = acquire_lock(paths)
    assert first is not None
    assert acquire_lock(paths) is None
    message = already_running_message(paths.root, QLockFile(str(paths.lock)))
    assert "already open" in message and str(paths.root) in message
    first.unlock()
    again = acquire_lock(paths)
    assert again is not None
    again.unlock()


def test_second_launch_exits_with_the_message(tmp_path: Path) -> None:
    paths = LibraryPaths(tmp_path / "lib")
    lock = acquire_lock(paths)
    assert lock is not None
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = cli(paths.root, "--smoke-test")
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    lock.unlock()
    assert result.returncode == 1
    assert "already open" in result.stderr


def test_smoke_test_opens_and_paints(tmp_path: Path, sample_paths: list[Path]) -> None:
    root = tmp_path / "lib"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    base = cli(root)
    subprocess.run(
        [*base, "import", str(sample_paths[0])], check=True, env=env, capture_output=True
    )
    result = subprocess.run(
        [*base, "--smoke-test"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "first-rows" in result.stdout
    # the start-up's objects were frozen out of later full collections
    [frozen] = [line.split()[1] for line in result.stdout.splitlines() if "gc-frozen" in line]
    assert int(frozen) > 10_000
    # the window's thread waits less for the interpreter lock while workers run Python
    [interval] = [
        line.split()[1] for line in result.stdout.splitlines() if "switch-interval" in line
    ]
    assert float(interval) == WINDOW_SWITCH_INTERVAL < sys.getswitchinterval()


def test_cli_commands_never_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from readinglist.cli import main; "
        f"main(['--library', {str(tmp_path / 'lib')!r}, 'stats']); "
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0


def test_dark_theme_gives_a_dark_window(qapp: object) -> None:
    app = application()
    apply_theme(app, "dark")
    assert app.palette().window().color().lightness() < 80
    assert app.palette().text().color().lightness() > 180
    apply_theme(app, "light")
    assert app.palette().window().color().lightness() > 180


def test_signal_emit_keeps_reference_counts(qapp: object) -> None:
    """PySide6 6.12.0's ``Signal.emit()`` returned ``True`` without a reference:
    every emit from Python took one from ``True`` until the interpreter
    aborted. The pins avoid that release; this fails if one like it returns."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        fired = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(100):
        probe.fired.emit()
    assert sys.getrefcount(True) - before > -50
