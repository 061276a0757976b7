"""What a command is: its name, its help, its parser set-up and its handler.

Each command group (``library``, ``triage``, ``search``, ...) declares its
commands as :class:`Command` values beside the functions they name; the
registry collects them. Handlers import what they need when they run: the
group modules themselves import only argparse-level things, so building the
parser (for ``--help``, ``--version`` or any command) loads no database,
search, BibTeX or Qt code. ``tests/cli/test_startup.py`` checks that in a
real process.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from readinglist.cli.output import Output
    from readinglist.core.library import Library

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2

#: Runs a command on the open library; returns the exit code.
Handler = Callable[["Library", argparse.Namespace, "Output"], int]
#: Runs a command given only the library folder (``restore`` of a damaged one).
RootHandler = Callable[[Path, argparse.Namespace, "Output"], int]
#: Adds a command's arguments to its parser.
Setup = Callable[[argparse.ArgumentParser], None]


class Command:
    """One subcommand.

    ``summary`` is its line in ``readinglist --help``; ``description`` is
    what ``readinglist NAME --help`` says it does (it may hold line breaks:
    it is printed as written). Exactly one of ``run`` (given the open
    library) and ``run_without_library`` (given its folder) is set.
    ``search_index=False`` opens the library without its search index, for
    reads that never search (quicker, and they do not wait for a rebuild);
    ``rebuild_first=False`` is for ``reindex``, which rebuilds anyway.
    ``changes_nothing(args)`` true opens the library without catching its index
    up, rebuilding it or making the daily backup (``check --no-repair``).

    A plain class, not a dataclass: ``dataclasses`` imports ``inspect``,
    which alone costs a fifth of a bare interpreter's start.
    """

    __slots__ = (
        "changes_nothing",
        "description",
        "name",
        "rebuild_first",
        "run",
        "run_without_library",
        "search_index",
        "setup",
        "summary",
    )

    def __init__(
        self,
        name: str,
        summary: str,
        description: str,
        setup: Setup | None = None,
        run: Handler | None = None,
        *,
        run_without_library: RootHandler | None = None,
        search_index: bool = True,
        rebuild_first: bool = True,
        changes_nothing: Callable[[argparse.Namespace], bool] | None = None,
    ) -> None:
        if (run is None) == (run_without_library is None):
            raise ValueError(f"command {name}: give exactly one handler")
        self.name = name
        self.summary = summary
        self.description = description
        self.setup = setup
        self.run = run
        self.run_without_library = run_without_library
        self.search_index = search_index
        self.rebuild_first = rebuild_first
        self.changes_nothing = changes_nothing

    def __repr__(self) -> str:
        return f"Command({self.name!r})"

    def add_to(self, subparsers: Any, *, arguments: bool = True) -> argparse.ArgumentParser:
        """Add this command's parser to ``subparsers`` (argparse's, untyped).

        ``arguments=False`` adds only its name and help line: enough for
        ``readinglist --help`` and for argparse to know the name, without
        the cost of setting up every command for a run that uses one.
        """
        parser: argparse.ArgumentParser = subparsers.add_parser(
            self.name,
            help=self.summary,
            description=self.description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if arguments:
            add_json_flag(parser)
            if self.setup is not None:
                self.setup(parser)
        parser.set_defaults(command=self)
        return parser


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print JSON (names as in the README's command line)"
    )


# argument types shared by the groups ------------------------------------------


def day(text: str) -> date:
    """``--date``/``--digest`` values: an ISO day."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from exc


def add_ids(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``ID...`` positional of the commands that act on several papers."""
    parser.add_argument("ids", nargs="+", type=int, metavar="ID", help=help_text)


def add_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, metavar="ID", help="the paper's id (as `list` shows it)")
