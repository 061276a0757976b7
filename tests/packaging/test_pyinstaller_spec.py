"""The PyInstaller spec: parses, and names files that exist.

Building it takes about a minute, so `make package` does that (not the tests).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pyinstaller" / "readinglist.spec"


def test_spec_is_valid_python() -> None:
    ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def test_spec_builds_from_the_package_entry_point_with_the_icons() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '"readinglist" / "__main__.py"' in text
    assert (ROOT / "readinglist" / "__main__.py").is_file()
    assert (ROOT / "packaging" / "windows" / "readinglist.ico").is_file()
    assert (ROOT / "packaging" / "macos" / "readinglist.icns").is_file()
    # The data files go where readinglist.resources looks for them in an install.
    assert 'datas = [(str(ROOT / "resources"), f"readinglist/{INSTALLED_AS}")]' in text
    assert (ROOT / "resources" / "icons").is_dir()


def test_every_qt_module_the_app_imports_is_bundled() -> None:
    """A Qt module the window imports but the spec excludes would fail only in
    the frozen app (the second launch's local socket needs QtNetwork)."""
    import re

    text = SPEC.read_text(encoding="utf-8")
    used = set()
    for path in (ROOT / "readinglist").rglob("*.py"):
        used |= set(re.findall(r"from PySide6\.(Qt\w+) import", path.read_text(encoding="utf-8")))
    unused = ast.literal_eval(text.split("QT_UNUSED = ", 1)[1].split("]", 1)[0] + "]")
    assert used and not used & set(unused)
    assert all(f'"PySide6.{name}"' in text for name in used)
