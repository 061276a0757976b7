"""PySide6's scan of every imported module's source is skipped, and Qt's
names work as before in modules imported after."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import readinglist.gui  # noqa: F401  (its import skips the scan)


@pytest.fixture
def fresh_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A module of Qt calls, never imported before, on the import path."""
    name = f"qt_user_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(
        "from PySide6.QtCore import QObject\n"
        "thing = QObject()\n"
        "thing.setObjectName('named')\n"
        "NAME = thing.objectName()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_a_module_imported_after_the_window_is_not_read_for_features(
    fresh_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[object] = []
    real = inspect.getsource

    def recording(thing: ModuleType) -> str:
        read.append(thing)
        return real(thing)

    monkeypatch.setattr(inspect, "getsource", recording)
    module = __import__(fresh_module)  # the statement's path: PySide6 hooks __import__
    assert read == []
    assert module.NAME == "named"  # Qt's own camelCase names, as without the hook


def test_a_module_that_selects_a_feature_leaves_the_others_their_qt_names(tmp_path: Path) -> None:
    """In a process of its own (a feature selected here would outlive the test):
    a module with ``snake_case`` calls Qt, then one without calls it by Qt's names."""
    (tmp_path / "snaky.py").write_text(
        "from __feature__ import snake_case\n"
        "from PySide6.QtCore import QObject\n"
        "thing = QObject()\n"
        "thing.set_object_name('snake')\n"
        "NAME = thing.object_name()\n"
    )
    (tmp_path / "plain.py").write_text(
        "from PySide6.QtCore import QObject\n"
        "def named(text):\n"
        "    thing = QObject()\n"
        "    thing.setObjectName(text)\n"
        "    return thing.objectName()\n"
    )
    check = (
        "import readinglist.gui\n"
        "import plain, snaky\n"
        "assert snaky.NAME == 'snake'\n"
        "assert plain.named('camel') == 'camel'\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    subprocess.run([sys.executable, "-c", check], check=True, timeout=60, env=env)
