"""``readinglist [--library DIR] FILE...``: what a desktop launcher runs (Exec=readinglist %F)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.cli import build_parser, main, split_open_files


@pytest.mark.parametrize(
    ("argv", "options", "files"),
    [
        ([], [], []),
        (["stats"], ["stats"], []),
        (["--library", "lib", "stats", "--json"], ["--library", "lib", "stats", "--json"], []),
        (["/home/u/refs.bib"], [], ["/home/u/refs.bib"]),
        (["--library", "lib", "a.bib", "b.txt"], ["--library", "lib"], ["a.bib", "b.txt"]),
        (["--library=lib", "refs.bib"], ["--library=lib"], ["refs.bib"]),
        (["--", "stats"], [], ["stats"]),
        (["a.bib", "--library", "lib", "b.bib"], ["--library", "lib"], ["a.bib", "b.bib"]),
        (["a.bib", "--version"], ["--version"], ["a.bib"]),
        # a mistyped command stays a command, for argparse to reject
        (["stast"], ["stast"], []),
    ],
)
def test_split_open_files(argv: list[str], options: list[str], files: list[str]) -> None:
    assert split_open_files(build_parser(), argv) == (options, files)


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, bool]]:
    """Stands in for the window (its own tests drive it): records what it was opened on."""
    import readinglist.gui.app

    opened: list[tuple[Path, bool]] = []

    def run(root: Path, *, smoke_test: bool = False) -> int:
        opened.append((root, smoke_test))
        return 0

    monkeypatch.setattr(readinglist.gui.app, "run", run)
    return opened


def test_opening_a_digest_imports_it_then_opens_the_window(
    sample_paths: list[Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    window: list[tuple[Path, bool]],
) -> None:
    lib = tmp_path / "lib"
    code = main(["--library", str(lib), str(sample_paths[0])])

    assert code == 0
    assert f"{sample_paths[0]}: Mar 13: 40 papers, 40 new" in capsys.readouterr().out
    assert window == [(lib, False)]


def test_opening_a_missing_file_is_a_user_error_and_opens_nothing(
    sample_paths: list[Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    window: list[tuple[Path, bool]],
) -> None:
    lib = str(tmp_path / "lib")
    code = main(["--library", lib, str(tmp_path / "gone.bib"), str(sample_paths[0])])

    assert code == 1
    assert "gone.bib" in capsys.readouterr().err
    assert window == []
    assert main(["--library", lib, "stats", "--json"]) == 0
    assert '"papers": 0' in capsys.readouterr().out


def test_mistyped_command_is_still_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stast"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'stast'" in capsys.readouterr().err


def test_opening_a_bib_file_imports_its_papers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], window: list[tuple[Path, bool]]
) -> None:
    """What double-clicking a .bib does (the desktop entry's MimeType=text/x-bibtex)."""
    bib = Path(__file__).parent / "data" / "references.bib"
    code = main(["--library", str(tmp_path / "lib"), str(bib)])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("references.bib: 5 papers, 5 new")
    assert window == [(tmp_path / "lib", False)]
