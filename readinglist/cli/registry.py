"""Every command, by name, and the parser built from them.

Commands are kept here, in our own list, rather than read back from
argparse: :func:`readinglist.cli.launch.split_open_files` needs their names
before parsing, and argparse offers no public way to list subcommands. A
new command goes in its group's ``COMMANDS`` (or a new group module listed
in :data:`GROUPS`).
"""

from __future__ import annotations

import argparse

from readinglist import __version__
from readinglist.cli import bibtex, keys, library, online, pages, safety, search, sync, triage
from readinglist.cli.command import Command

GROUPS = (library, pages, triage, search, bibtex, keys, safety, sync, online)
COMMANDS: tuple[Command, ...] = tuple(c for group in GROUPS for c in group.COMMANDS)
NAMES = frozenset(c.name for c in COMMANDS)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with ``command``'s own arguments (none when it is None).

    Every command is listed (for ``--help`` and for argparse to know the
    names), but only the one being run gets its arguments: setting up all of
    them would cost more than the rest of a ``--version`` start.
    """
    parser = argparse.ArgumentParser(
        prog="readinglist",
        description="A reading-list manager for researchers. With no command, opens the app "
        "(importing the FILEs given, if any). Every command takes --json; "
        "`readinglist COMMAND --help` says what it does.",
        usage="%(prog)s [options] [COMMAND ... | FILE ...]",
    )
    parser.add_argument("--version", action="version", version=f"readinglist {__version__}")
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="the library folder (default: $READINGLIST_HOME, else the user data folder)",
    )
    # Packaging tests: open the window offscreen, paint it, exit 0.
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="add the app's menu entry, icons and metadata to $XDG_DATA_HOME (~/.local/share)",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove what --install-desktop added",
    )
    parser.set_defaults(command=None)
    sub = parser.add_subparsers(
        dest="command_name", metavar="COMMAND", prog="readinglist [--library DIR]"
    )
    for each in COMMANDS:
        each.add_to(sub, arguments=each.name == command)
    return parser
