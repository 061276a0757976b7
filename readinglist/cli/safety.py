"""Commands that keep the library safe: backup, restore, check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.cli.command import EXIT_OK, EXIT_USER, Command

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.library import Library


def cmd_backup(library: Library, args: argparse.Namespace, out: Output) -> int:
    made = library.backups.make(Path(args.to) if args.to else None)
    pdfs, size = library.pdfs.usage()
    lines = [f"Backed up to {made}"]
    if pdfs:
        lines.append(
            f"  The PDFs are not in the backup: copy {library.pdfs.folder} "
            f"({pdfs} file(s), {size / 1_048_576:.1f} MB) to keep them."
        )
    out.emit(lambda: {"path": made, "backups": library.backups.all(), "pdfs": pdfs}, lines)
    return EXIT_OK


def _setup_backup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", metavar="PATH", help="write the backup here instead (a file or folder)")


def cmd_restore(root: Path, args: argparse.Namespace, out: Output) -> int:
    """Runs without opening the library: it may be the damaged one being replaced."""
    from readinglist.core.restore import inspect_backup, restore_library

    info = inspect_backup(Path(args.file))
    kept = restore_library(root, Path(args.file))
    lines = [f"Restored {info.path} ({info.papers} papers) into {root}."]
    if kept:
        lines.append(f"The library it replaced is kept in {kept}")
    lines.append("The search index will be rebuilt on the next start.")
    out.emit(
        {"path": info.path, "papers": info.papers, "library": root, "replaced_copy": kept}, lines
    )
    return EXIT_OK


def _setup_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a backup file (from backups/, or --to)")


def cmd_check(library: Library, args: argparse.Namespace, out: Output) -> int:
    from dataclasses import asdict

    report = library.check(repair=not args.no_repair)
    lines = [f"checked  {item}" for item in report.checked]
    lines += [f"repaired {item}" for item in report.repaired]
    lines += [f"PROBLEM  {item}" for item in report.problems]
    lines += [f"note     {item}" for item in report.notes]
    lines.append(report.summary())
    out.emit({**asdict(report), "ok": report.ok, "summary": report.summary()}, lines)
    return EXIT_OK if report.ok else EXIT_USER


def _setup_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-repair", action="store_true", help="only report, change nothing")


COMMANDS = (
    Command(
        "backup",
        "back up the library now (into its backups folder)",
        "Back up the library now, with SQLite's online backup, into its backups\n"
        "folder (or --to a file or folder of your choice). The backup holds the\n"
        "database only: the PDFs in pdfs/ are not in it (it says so when there are).",
        _setup_backup,
        cmd_backup,
    ),
    Command(
        "restore",
        "replace the library with a backup (a copy of what it replaces is kept)",
        "Replace the library with a backup. FILE must be an intact readinglist\n"
        "database (anything else is refused and nothing changes); the library it\n"
        "replaces is kept in its backups folder. Works on a damaged library too.",
        _setup_restore,
        run_without_library=cmd_restore,
    ),
    Command(
        "check",
        "check the library thoroughly and repair what is safe",
        "Check the library thoroughly (SQLite's integrity and foreign-key checks,\n"
        "leftover rows, the search index, auto-exported files) and repair what is\n"
        "provably derived or dangling. Exit code 1 means a problem remains. With\n"
        "--no-repair nothing is changed (not even the search index caught up).",
        _setup_check,
        cmd_check,
        changes_nothing=lambda args: bool(args.no_repair),
    ),
)
