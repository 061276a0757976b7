"""Where every run starts: parse, then open what the command needs, and run it.

Exit codes: 0 success, 1 a user error (the message says what to do), 2 a
usage error. No traceback reaches the user for anything they can cause.
Nothing heavy is imported before the arguments are parsed: ``--version``
and ``--help`` answer from argparse alone, and each command imports the
database, search or BibTeX code it uses when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.cli import launch
from readinglist.cli.command import EXIT_OK, EXIT_USER, Command
from readinglist.cli.registry import NAMES, build_parser

if TYPE_CHECKING:
    from readinglist.cli.output import Output


def main(argv: Sequence[str] | None = None) -> int:
    """The ``readinglist`` console command."""
    tokens = list(sys.argv[1:] if argv is None else argv)
    options, files = launch.split_open_files(tokens, NAMES)
    args = build_parser(launch.command_name(options)).parse_args(options)
    if args.install_desktop or args.uninstall_desktop:
        return launch.desktop_integration(args)
    if args.command is None:
        return launch.open_window(launch.library_root(args), files, smoke_test=args.smoke_test)
    return run_command(args.command, args)


def gui_main() -> int:
    """The ``readinglist-gui`` program: the window on the default library.

    The same as ``readinglist`` with no command (``--library`` and files to
    import are accepted too), for launchers that must not open a console. A
    windowed program may have no standard streams at all; messages then go
    nowhere rather than failing.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115
    options, files = launch.split_open_files(sys.argv[1:], NAMES)
    parser = build_parser(launch.command_name(options))
    args = parser.parse_args(options)
    if args.command is not None:
        parser.error("readinglist-gui only opens the window: run commands with readinglist")
    return launch.open_window(launch.library_root(args), files, smoke_test=args.smoke_test)


def run_command(command: Command, args: argparse.Namespace) -> int:
    """Open the library as ``command`` needs it and run it; errors become messages."""
    from readinglist.cli.output import Output
    from readinglist.core.errors import ReadingListError

    out = Output(sys.stdout, as_json=getattr(args, "json", False))
    root = launch.library_root(args)
    try:
        if command.run_without_library is not None:
            return command.run_without_library(root, args, out)
        return _with_library(command, root, args, out)
    except ReadingListError as exc:
        out.error(str(exc))
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `readinglist list | head`: the reader left; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: say so plainly, keep the traceback for debugging
        if os.environ.get("READINGLIST_DEBUG"):
            raise
        out.error(
            f"unexpected error ({type(exc).__name__}: {exc}); set READINGLIST_DEBUG=1 for details"
        )
        return EXIT_USER


def _with_library(command: Command, root: Path, args: argparse.Namespace, out: Output) -> int:
    from readinglist.cli.output import note
    from readinglist.core.factory import open_library

    assert command.run is not None
    untouched = command.changes_nothing is not None and command.changes_nothing(args)
    with open_library(
        root,
        rebuild_index="check" if untouched else "later",
        search_index=command.search_index,
        backup=not untouched,
    ) as library:
        if command.rebuild_first and not untouched and library.index_needs_rebuild():
            from readinglist.cli.search import rebuild_first
            from readinglist.core.errors import SearchError

            try:
                rebuild_first(library, out.as_json)
            except SearchError as exc:
                # The command may not need search (a note, a mark): it runs, its
                # change is queued for the index, and a search says why it cannot.
                library.warnings.append(str(exc))
        code = command.run(library, args, out)
        for warning in library.warnings:
            note(warning)
        return code
