"""No command: open files and the window, or install the desktop files.

``readinglist [--library DIR] [FILE...]`` is what the desktop entry runs
(``Exec=readinglist %F``) and ``readinglist-gui`` is the same without a
console: the files are imported, then the window opens. Qt is imported only
once the window is really wanted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection
from pathlib import Path

from readinglist.cli.command import EXIT_OK, EXIT_USER


def split_open_files(argv: list[str], commands: Collection[str]) -> tuple[list[str], list[str]]:
    """Separate files to open from the options: ``readinglist [--library DIR] FILE...``.

    Desktop launchers run the ``Exec=readinglist %F`` line of the desktop
    entry with the files the user opened (a ``.bib``), so when the first
    argument that is not an option is not one of ``commands`` either, and
    names a file (it exists, or looks like a path), the non-option arguments
    are files to import; options may still come before or after them (``--``
    ends options). A mistyped command name is left to argparse, which says it
    is not a command.
    """
    options: list[str] = []
    files: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            files += argv[i + 1 :]
            break
        if token.startswith("-") and token != "-":
            takes_value = _is_library_option(token) and i + 1 < len(argv)
            options += argv[i : i + 2] if takes_value else [token]
            i += 2 if takes_value else 1
            continue
        if not files and (token in commands or not _looks_like_file(token)):
            return argv, []
        files.append(token)
        i += 1
    return options, files


def command_name(options: list[str]) -> str | None:
    """The command in ``options`` (what :func:`split_open_files` kept), if any:
    the first argument that is neither an option nor ``--library``'s value."""
    i = 0
    while i < len(options):
        token = options[i]
        if not token.startswith("-") or token == "-":
            return token
        i += 2 if _is_library_option(token) else 1
    return None


def _is_library_option(token: str) -> bool:
    """``--library`` and what argparse accepts for it (``--lib``), but not ``--library=DIR``."""
    return len(token) > 2 and "--library".startswith(token)


def _looks_like_file(token: str) -> bool:
    return Path(token).exists() or "/" in token or os.sep in token or "." in token


def library_root(args: argparse.Namespace) -> Path:
    """``--library DIR``, else ``$READINGLIST_HOME``, else the user data folder."""
    if args.library:
        return Path(args.library)
    from readinglist.core.paths import default_root

    return default_root()


def desktop_integration(args: argparse.Namespace) -> int:
    """``--install-desktop`` / ``--uninstall-desktop``: no library is opened."""
    from readinglist import desktop
    from readinglist.core.errors import ReadingListError

    home = desktop.data_home()
    try:
        if args.install_desktop:
            report = desktop.install_desktop(home, desktop.launcher_command())
            print(
                f"Installed {len(report.files)} files into {home} "
                f"(the menu entry runs: {' '.join(report.command)})"
            )
        else:
            report = desktop.uninstall_desktop(home)
            print(f"Removed {len(report.files)} files from {home}")
    except ReadingListError as exc:
        print(f"readinglist: {exc}", file=sys.stderr)
        return EXIT_USER
    return EXIT_OK


def open_window(root: Path, files: list[str], *, smoke_test: bool = False) -> int:
    """Hand ``files`` to the window already open on ``root``; else import them
    (each reported on stdout), then open the window.

    Qt is started first (a window is wanted either way); if its platform
    plugin cannot start, the user is told which system libraries are missing
    (:mod:`readinglist.cli.qt_platform`).
    """
    try:
        from readinglist.cli.qt_platform import watch_platform_start
        from readinglist.gui.app import application
        from readinglist.gui.instance import hand_over
    except ImportError as exc:
        print(
            f"readinglist: the desktop app cannot start ({exc}); the subcommands still work.",
            file=sys.stderr,
        )
        return EXIT_USER
    done_watching = watch_platform_start()
    application()
    done_watching()
    if not smoke_test and hand_over(root, files):
        if files:
            print(f"readinglist: sent {len(files)} file(s) to the window already open on {root}.")
        else:
            print(f"readinglist: brought the window already open on {root} to the front.")
        return EXIT_OK
    if files:
        from readinglist.cli.library import import_files, print_imports
        from readinglist.cli.output import Output
        from readinglist.core.errors import ReadingListError
        from readinglist.core.factory import open_library

        try:
            with open_library(root) as library:
                # A file that cannot be imported opens nothing (and nothing after it).
                done = import_files(library, files, None, stop_at_error=True)
                if print_imports(done, Output(sys.stdout, as_json=False)) != EXIT_OK:
                    return EXIT_USER
        except ReadingListError as exc:
            print(f"readinglist: {exc}", file=sys.stderr)
            return EXIT_USER
    from readinglist.gui.app import run

    return run(root, smoke_test=smoke_test)
