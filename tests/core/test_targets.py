"""Exports and backups never land inside the library folder (core/targets.py).

The real command line, in its own process, pointed at the library's own
files: the database, its WAL and SHM, a backup, the index; through a
symbolic link and through a real bind mount of the library folder. Each is
refused in one line with exit code 1, and every file of the library is
byte for byte what it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.bibtex import ExportScope
from readinglist.core.errors import ExportError, LibraryError
from readinglist.core.factory import open_library
from readinglist.core.library import Library
from tests.conftest import TODAY
from tests.helpers import closed_library
from tests.support.mounts import run_quietly
from tests.support.processes import run_cli

Cli = Callable[..., tuple[int, str]]


def _fingerprint(root: Path) -> dict[str, str]:
    """Every file under the library folder and a hash of its bytes (the WAL and
    SHM, which SQLite itself rewrites and removes, only if they exist)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            data = p.read_bytes()
            if p.name.endswith(("-wal", "-shm")):
                assert b"@misc" not in data and not data.startswith(b"SQLite format")
            else:
                out[str(p.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return out


@pytest.fixture
def backed_up(tmp_path: Path, sample_paths: list[Path]) -> Path:
    """A closed library with a backup in backups/ and its WAL and SHM on disk."""
    root = closed_library(tmp_path / "lib", sample_paths[0])
    assert run_cli(root, "backup").returncode == 0
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """The command line run in this process (quicker than a process per target):
    ``cli(root, *args)`` gives the exit code and standard error."""

    def run(root: Path, *args: str | Path) -> tuple[int, str]:
        code = main(["--library", str(root), *map(str, args)])
        return code, capsys.readouterr().err

    return run


def _own_files(root: Path) -> list[Path]:
    backup = next((root / "backups").iterdir())
    return [
        root / "library.sqlite3",
        root / "library.sqlite3-wal",
        root / "library.sqlite3-shm",
        backup,
        root / "index" / "readinglist.json",
        root / "app.lock",
        root / "refs.bib",  # a new file: still inside the library
    ]


def test_export_onto_the_librarys_own_files_is_refused(backed_up: Path, cli: Cli) -> None:
    before = _fingerprint(backed_up)
    done = run_cli(backed_up, "export", "-o", backed_up / "library.sqlite3")  # a real process
    assert done.returncode == 1 and "inside the library folder" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    for target in _own_files(backed_up):
        code, err = cli(backed_up, "export", "-o", target)
        assert code == 1 and "inside the library folder" in err, target
    assert _fingerprint(backed_up) == before
    assert cli(backed_up, "check", "--no-repair")[0] == 0


def test_backup_onto_the_librarys_own_files_is_refused(backed_up: Path, cli: Cli) -> None:
    before = _fingerprint(backed_up)
    done = run_cli(backed_up, "backup", "--to", _own_files(backed_up)[3])  # a real process
    assert done.returncode == 1 and "never overwritten" in done.stderr
    for target in [*_own_files(backed_up)[:-2], backed_up]:
        code, err = cli(backed_up, "backup", "--to", target)
        assert code == 1 and "inside the library folder" in err, target
    assert _fingerprint(backed_up) == before


def test_a_backup_into_the_backups_folder_is_where_the_app_writes(
    backed_up: Path, cli: Cli
) -> None:
    folder = backed_up / "backups"
    before = len(list(folder.iterdir()))
    assert cli(backed_up, "backup", "--to", folder)[0] == 0
    assert cli(backed_up, "backup", "--to", folder / "mine.sqlite3")[0] == 0
    assert len(list(folder.iterdir())) == before + 2 and (folder / "mine.sqlite3").is_file()


def test_a_link_into_the_library_is_the_library(backed_up: Path, tmp_path: Path, cli: Cli) -> None:
    before = _fingerprint(backed_up)
    link = tmp_path / "refs.bib"
    link.symlink_to(backed_up / "library.sqlite3")
    folder_link = tmp_path / "shortcut"
    folder_link.symlink_to(backed_up, target_is_directory=True)
    for args in (
        ("export", "-o", link),
        ("export", "-o", folder_link / "library.sqlite3"),
        ("backup", "--to", link),
        ("autoexport", "add", folder_link / "refs.bib"),
    ):
        code, err = cli(backed_up, *args)
        assert code == 1 and "inside the library folder" in err, args
    assert link.is_symlink() and _fingerprint(backed_up) == before


@pytest.fixture
def bound(tmp_path: Path, backed_up: Path) -> Iterator[Path]:
    """The library folder seen a second time, through a real bind mount."""
    view = tmp_path / "view"
    view.mkdir()
    if not run_quietly("mount", "--bind", str(backed_up), str(view)):
        pytest.skip("cannot bind-mount here")
    try:
        yield view
    finally:
        if not run_quietly("umount", str(view)):
            run_quietly("umount", "-l", str(view))


def test_a_bind_mount_of_the_library_is_the_library(backed_up: Path, bound: Path) -> None:
    before = _fingerprint(backed_up)
    for args in (
        ("export", "-o", bound / "library.sqlite3"),
        ("backup", "--to", bound / "library.sqlite3-wal"),
    ):
        done = run_cli(backed_up, *args)
        assert done.returncode == 1 and "inside the library folder" in done.stderr, args
    assert _fingerprint(backed_up) == before


def test_the_library_api_refuses_too(tmp_path: Path, sample_paths: list[Path]) -> None:
    root = closed_library(tmp_path / "lib", sample_paths[0])
    with open_library(root, today=lambda: TODAY) as library:
        before = _fingerprint(root)
        with pytest.raises(ExportError, match="inside the library folder"):
            library.bibtex.export_to(root / "library.sqlite3", ExportScope("all"))
        with pytest.raises(ExportError, match="inside the library folder"):
            library.bibtex.add_autoexport(root / "index" / "x.bib", ExportScope("all"))
        with pytest.raises(LibraryError, match="inside the library folder"):
            library.backups.make(root / "index")
        assert _fingerprint(root) == before


def test_an_auto_export_linked_inside_the_library_earlier_is_not_written(
    loaded: Library,
) -> None:
    """A link made before the rule (stored in the database) fails, and says why."""
    inside = loaded.paths.root / "old.bib"
    with loaded.db.write() as conn:
        conn.exec_driver_sql(
            "INSERT INTO autoexport (path, scope, value, format) VALUES (?, 'all', NULL, 'bibtex')",
            (str(inside),),
        )
    loaded.mark([1], starred=True)
    assert not inside.exists()
    [link] = loaded.bibtex.autoexports()
    assert link.error is not None and "inside the library folder" in link.error
    report = loaded.check()
    assert not report.ok and any("old.bib" in p for p in report.problems)
    assert not inside.exists()


# a symbolic link as the target: written through ------------------------------------


def test_an_export_onto_a_link_writes_the_file_it_points_to(
    loaded: Library, tmp_path: Path
) -> None:
    real = tmp_path / "project" / "refs.bib"
    real.parent.mkdir()
    real.write_text("% old\n")
    link = tmp_path / "refs.bib"
    link.symlink_to(real)
    count = loaded.bibtex.export_to(link, ExportScope("ids", ids=(1, 2)))
    assert count == 2 and link.is_symlink() and link.resolve() == real
    assert real.read_text().count("@misc{") == 2
    assert sorted(p.name for p in real.parent.iterdir()) == ["refs.bib"]  # no leftovers


def test_an_export_onto_a_link_loop_is_a_clear_error(loaded: Library, tmp_path: Path) -> None:
    loop = tmp_path / "loop.bib"
    loop.symlink_to(loop)
    with pytest.raises(ExportError, match="leads back to itself"):
        loaded.bibtex.export_to(loop, ExportScope("all"))
    done = run_cli(loaded.paths.root, "export", "-o", loop)
    assert done.returncode == 1 and "leads back to itself" in done.stderr
    assert loop.is_symlink()
