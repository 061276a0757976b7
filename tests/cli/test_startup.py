"""The command line starts fast: nothing heavy is imported to parse the arguments.

``--version`` and every ``--help`` must load no database, no sqlmodel or
SQLAlchemy, no Whoosh, no BibTeX code and no Qt; ``list`` and the other
reads that never search must not load Whoosh. Checked in a fresh
interpreter (this one has imported everything already), by looking at
``sys.modules``. How fast it is is measured by ``make bench``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from readinglist.cli.registry import NAMES

#: Top-level packages that parsing arguments must never import.
HEAVY = (
    "sqlite3",
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "whoosh",
    "bibtexparser",
    "pylatexenc",
    "platformdirs",
    "PySide6",
    "shiboken6",
)
#: The only parts of readinglist.core that the parser may use (argument choices).
#: Value types and the error classes they name: no database, no index, no third-party code.
LIGHT_CORE = ("readinglist.core", "readinglist.core.views", "readinglist.core.errors")

PROBE = """
import contextlib, io, json, sys
before = set(sys.modules)  # the first run counts importing readinglist.cli itself
from readinglist.cli import main

loaded = {}
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(argv)
    loaded[" ".join(argv)] = sorted(set(sys.modules) - before)
    before = set(sys.modules)
print(json.dumps(loaded))
"""


def _loaded(*argvs: list[str]) -> dict[str, list[str]]:
    """The modules each run of ``main(argv)`` imported, in one fresh interpreter, in turn."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argvs)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answer: dict[str, list[str]] = json.loads(result.stdout.splitlines()[-1])
    return answer


def _heavy(modules: list[str]) -> list[str]:
    return [
        m
        for m in modules
        if m.split(".")[0] in HEAVY
        or (
            m.startswith("readinglist.")
            and m not in LIGHT_CORE
            and not m.startswith("readinglist.cli")
        )
    ]


def test_version_and_help_import_nothing_heavy() -> None:
    argvs = [["--version"], ["--help"]]
    argvs += [[name, "--help"] for name in sorted(NAMES)]
    argvs += [["autoexport", action, "--help"] for action in ("add", "list", "remove")]
    loaded = _loaded(*argvs)
    assert len(loaded) == len(argvs)
    # every run after the first only adds what it needs on top of the earlier ones
    assert {argv: _heavy(mods) for argv, mods in loaded.items() if _heavy(mods)} == {}


def test_a_usage_error_imports_nothing_heavy() -> None:
    loaded = _loaded(["list", "--sort", "nonsense"], ["nope"])
    assert [m for mods in loaded.values() for m in _heavy(mods)] == []


#: What a read that never searches (``list``, ``show``, ``stats``, ``digests``) must not
#: load: each is for the commands that use it, and importing them all cost more than
#: the rest of a ``list``. Packages, with everything under them.
NOT_FOR_READS = (
    "whoosh",
    "bibtexparser",
    "pylatexenc",
    "httpx",
    "pycrdt",
    "platformdirs",
    "readinglist.core.bibtex",
    "readinglist.core.writing",
    "readinglist.core.online",
    "readinglist.core.sync",
    "readinglist.core.search",
    "readinglist.core.check",
    "readinglist.core.merge",
    "readinglist.core.metadata",
    "readinglist.core.importers.arxiv_atom",
    "readinglist.core.importers.bibtex_file",
    "readinglist.core.importers.hf_json",
    "readinglist.core.importers.hf_pages",
)


def test_reads_that_never_search_load_only_what_they_use(tmp_path: Path) -> None:
    lib = ["--library", str(tmp_path / "lib")]
    loaded = _loaded([*lib, "list"], [*lib, "stats"], [*lib, "digests"], [*lib, "show", "1"])
    modules = [m for mods in loaded.values() for m in mods]
    assert "sqlalchemy" in modules  # the probe saw the library opened
    assert "readinglist.core.library" in modules
    unwanted = [m for m in modules if m.startswith(tuple(f"{p}." for p in NOT_FOR_READS))]
    assert unwanted + [m for m in modules if m in NOT_FOR_READS] == []


#: What lists and counts must not load either: the sqlmodel classes and what they bring
#: (SQLAlchemy's ORM, pydantic) are for building whole papers (``show``, and ``--json``
#: records, which hold a paper's authors, keys and such); the importers' shared code is
#: for importing.
NOT_FOR_LISTS = (
    "sqlmodel",
    "pydantic",
    "pydantic_core",
    "sqlalchemy.orm",
    "readinglist.core.models",
    "readinglist.core.importers",
)


def test_lists_and_counts_load_no_orm_no_models_no_importers(tmp_path: Path) -> None:
    lib = ["--library", str(tmp_path / "lib")]
    loaded = _loaded(
        [*lib, "list"],
        [*lib, "list", "--sort", "title", "--starred", "--tag", "x", "--limit", "5"],
        [*lib, "stats"],
        [*lib, "digests", "--json"],
    )
    modules = [m for mods in loaded.values() for m in mods]
    assert "sqlalchemy" in modules  # the probe saw the library opened
    unwanted = [m for m in modules if m.startswith(tuple(f"{p}." for p in NOT_FOR_LISTS))]
    assert unwanted + [m for m in modules if m in NOT_FOR_LISTS] == []
