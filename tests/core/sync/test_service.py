"""A library that does not sync says so without loading the sync engine: the
window asks at start, and pycrdt with its async runtime is for syncing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from readinglist.core.library import Library

PROBE = """
import json, sys
from pathlib import Path
from readinglist.core.factory import open_library
with open_library(Path(sys.argv[1]), search_index=False) as library:
    answer = [str(library.sync.folder()), library.sync.status().folder]
print(json.dumps([answer, sorted(sys.modules)]))
"""


def test_folder_and_status_load_no_engine(library: Library) -> None:
    root = library.paths.root
    library.close()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)],
        cwd=Path(__file__).parents[3],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answer, modules = json.loads(done.stdout.splitlines()[-1])
    assert answer == ["None", None]
    assert "readinglist.core.sync.service" in modules  # the part was made
    loaded = [m for m in modules if m.split(".")[0] in ("pycrdt", "anyio")]
    assert loaded + [m for m in modules if m.startswith("readinglist.core.sync.engine")] == []


def test_a_join_makes_the_engine_and_syncs(library: Library, tmp_path: Path) -> None:
    report = library.sync.join(tmp_path / "shared")
    assert library.sync.folder() == (tmp_path / "shared").resolve()
    assert library.sync.status().folder == str((tmp_path / "shared").resolve())
    assert report is not None
    library.sync.leave()
    assert library.sync.folder() is None
