"""The commands, by name, and their help."""

from __future__ import annotations

import pytest

from readinglist.cli.command import Command
from readinglist.cli.registry import COMMANDS, NAMES, build_parser


def test_names_are_unique_and_each_is_a_subcommand() -> None:
    assert len(NAMES) == len(COMMANDS) == 28
    for name in NAMES:
        assert build_parser(name).parse_args(_minimal(name)).command.name == name


def _minimal(name: str) -> list[str]:
    """The shortest valid use of a command."""
    extra = {
        "import": ["f.txt"],
        "show": ["1"],
        "edit": ["1"],
        "mark": ["1"],
        "note": ["1"],
        "tag": ["1"],
        "search": ["q"],
        "similar": ["1"],
        "cite": ["1"],
        "key": ["1", "k"],
        "autoexport": ["list"],
        "restore": ["b.sqlite3"],
        "attach": ["1", "f.pdf"],
    }
    return [name, *extra.get(name, [])]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_each_help_says_what_the_command_does(
    command: Command, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser(command.name).parse_args([command.name, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert command.description.splitlines()[0] in out
    assert len(command.description) > len(command.summary)


def test_search_help_summarises_the_query_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser("search").parse_args(["search", "--help"])
    out = capsys.readouterr().out
    for piece in ('"knowledge distillation"', "OR", "-survey", "distil*", "knowlege~", "title:",
                  "is:starred", "year:2021..2023", "digest:2025-03-13", "total_exact"):  # fmt: skip
        assert piece in out, piece


def test_the_top_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = capsys.readouterr().out
    assert all(f"    {c.name} " in out for c in COMMANDS)
