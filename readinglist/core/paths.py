"""Where a library lives on disk.

A library is one folder: ``library.sqlite3`` (the truth), ``index/`` (the
derived search index), ``backups/``, ``pdfs/`` (downloaded and attached PDFs)
and ``cache/`` (responses of the online sources; safe to delete). The
folder is chosen by the caller: ``--library DIR``, else ``$READINGLIST_HOME``,
else the platform's user data folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "READINGLIST_HOME"


def default_root(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if value := env.get(ENV_VAR):
        return Path(value).expanduser()
    from platformdirs import user_data_path  # only for the default: `--library` needs none

    return user_data_path("readinglist", appauthor=False)


@dataclass(frozen=True)
class LibraryPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "library.sqlite3"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def pdfs(self) -> Path:
        return self.root / "pdfs"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def lock(self) -> Path:
        return self.root / "app.lock"
