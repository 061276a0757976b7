"""The sync command: join a sync folder, sync with it, say how it went, leave it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.cli import vocabulary
from readinglist.cli.command import EXIT_OK, Command

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.library import Library


def cmd_sync(library: Library, args: argparse.Namespace, out: Output) -> int:
    from readinglist.core.errors import InvalidInputError

    if args.leave:
        if args.folder or args.status:
            raise InvalidInputError("--leave stands alone: give no folder and no --status.")
        folder = library.sync.folder()
        library.sync.leave()
        text = (
            f"This library no longer syncs with {folder} (its files there stay)."
            if folder
            else "This library was not syncing."
        )
        out.emit(lambda: vocabulary.sync_record(library.sync.status()), [text])
        return EXIT_OK
    if args.status:
        if args.folder:
            raise InvalidInputError("--status only tells: give no folder with it.")
        status = library.sync.status()
        out.emit(lambda: vocabulary.sync_record(status), status.lines())
        return EXIT_OK
    report = library.sync.join(Path(args.folder)) if args.folder else library.sync.run()
    lines = [report.summary(), *(f"  {line}" for line in report.warnings())]
    out.emit(lambda: vocabulary.sync_record(library.sync.status()), lines)
    return EXIT_OK


def _setup_sync(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "folder",
        nargs="?",
        metavar="DIR",
        help="the folder to sync through (the first time, or to change it)",
    )
    p.add_argument("--status", action="store_true", help="say how the last sync went; sync nothing")
    p.add_argument("--leave", action="store_true", help="stop syncing (the folder's files stay)")


COMMANDS = (
    Command(
        "sync",
        "sync with other devices through a folder (Syncthing, Dropbox, a USB stick...)",
        "Sync this library with your other devices through a folder that something\n"
        "else keeps identical on each of them (Syncthing, Nextcloud, Dropbox, iCloud\n"
        "Drive, OneDrive, a USB stick). `sync DIR` joins DIR (the first time) and\n"
        "syncs; later `sync` alone uses the same folder. Papers, digests, marks,\n"
        "tags, notes, edits and citation keys are merged; nothing is lost, and notes\n"
        "edited on two devices keep both edits. The database and the search index\n"
        "never go into the folder, nor do PDFs.",
        _setup_sync,
        cmd_sync,
        search_index=False,
    ),
)
