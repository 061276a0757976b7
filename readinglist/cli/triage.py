"""Commands that sort papers: mark, note, tag, and the bin."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from readinglist.cli.command import EXIT_OK, Command, add_id, add_ids

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.library import Library


def cmd_mark(library: Library, args: argparse.Namespace, out: Output) -> int:
    library.mark(args.ids, read=args.read_state, starred=args.star_state)
    out.emit(
        lambda: [{"id": r.id, "read": r.read, "starred": r.starred} for r in library.rows(args.ids)]
    )
    return EXIT_OK


def _setup_mark(p: argparse.ArgumentParser) -> None:
    add_ids(p, "the papers to mark")
    for flag, dest, const, help_text in (
        ("--read", "read_state", True, "mark them read"),
        ("--unread", "read_state", False, "mark them unread"),
        ("--star", "star_state", True, "star them"),
        ("--unstar", "star_state", False, "take their star away"),
    ):
        p.add_argument(flag, dest=dest, action="store_const", const=const, help=help_text)


def cmd_note(library: Library, args: argparse.Namespace, out: Output) -> int:
    text = args.set if args.set is not None else _stdin_text()
    library.set_note(args.id, text)
    out.emit({"id": args.id, "note": library.paper(args.id).note})
    return EXIT_OK


def _stdin_text() -> str:
    """The note piped in: UTF-8, or UTF-16/32 with a byte-order mark; anything
    else is refused (a guess would store the note garbled)."""
    from readinglist.core.errors import InvalidInputError
    from readinglist.core.importers.encoding import UndecodableError, decode

    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:  # already text (a test, an embedding program)
        return sys.stdin.read()
    data = raw.read()
    try:
        decoded = decode(data)
    except UndecodableError:
        decoded = None
    if decoded is None or not decoded.encoding.startswith("utf-"):
        bad = 0
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start
        raise InvalidInputError(
            f"The note on standard input is not UTF-8 text (byte {bad + 1} is not); "
            "nothing was changed. Save it as UTF-8 and try again."
        )
    return decoded.text


def _setup_note(p: argparse.ArgumentParser) -> None:
    add_id(p)
    p.add_argument("--set", metavar="TEXT", help="the note (without it: read from stdin)")


def cmd_tag(library: Library, args: argparse.Namespace, out: Output) -> int:
    from readinglist.core.errors import InvalidInputError

    if not args.add and not args.remove:
        raise InvalidInputError("Say which tags to --add or --remove.")
    library.tags.change(args.ids, add=args.add, remove=args.remove)

    def records() -> list[dict[str, object]]:
        tags = library.tags.of_papers(args.ids)
        return [{"id": i, "tags": tags.get(i, [])} for i in args.ids]

    out.emit(records)
    return EXIT_OK


def _setup_tag(p: argparse.ArgumentParser) -> None:
    add_ids(p, "the papers to tag")
    p.add_argument("--add", action="append", default=[], metavar="NAME", help="add tag NAME")
    p.add_argument("--remove", action="append", default=[], metavar="NAME", help="remove tag NAME")


def cmd_bin(library: Library, args: argparse.Namespace, out: Output) -> int:
    from readinglist.cli import vocabulary
    from readinglist.core.errors import InvalidInputError

    if args.restore and args.empty:
        raise InvalidInputError("Either --restore papers or --empty the bin, not both.")
    if args.empty:
        count = library.bin.empty()
        out.emit({"papers": count}, [f"Deleted {_papers(count)} for good."])
        return EXIT_OK
    if args.restore:
        library.bin.restore(args.restore)
        out.emit(
            lambda: vocabulary.summaries(library, args.restore),
            [f"Restored {_papers(len(args.restore))}."],
        )
        return EXIT_OK
    ids = library.bin.ids()
    tags = library.tags.of_papers(ids)
    papers = [library.paper(i, include_removed=True) for i in ids]
    out.emit(
        lambda: [vocabulary.summary(p, tags.get(p.id or 0, [])) for p in papers],
        [f"{p.id:>6}  {p.title}" for p in papers],
    )
    return EXIT_OK


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def _setup_bin(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--restore", nargs="+", type=int, default=[], metavar="ID", help="bring papers back"
    )
    p.add_argument(
        "--empty", action="store_true", help="delete every paper in the bin for good (no undo)"
    )


COMMANDS = (
    Command(
        "mark",
        "mark papers read/unread, starred/unstarred",
        "Mark papers read or unread, starred or not (the flags combine).",
        _setup_mark,
        cmd_mark,
    ),
    Command(
        "note",
        "set a paper's note (from stdin, or --set TEXT)",
        "Set a paper's note, replacing the old one: the text of --set, else all of\n"
        "standard input (echo text | readinglist note ID). Notes are searched.",
        _setup_note,
        cmd_note,
    ),
    Command(
        "tag",
        "add or remove tags",
        "Add tags to papers or remove them (each option may be repeated). A tag that\n"
        "does not exist yet is created.",
        _setup_tag,
        cmd_tag,
    ),
    Command(
        "bin",
        "list, restore or empty the removed papers",
        "The papers removed from the library (Delete in the window), most recently\n"
        "removed first; --restore ID... brings them back as they were; --empty deletes\n"
        "them for good (backups made before still hold them until they are pruned).",
        _setup_bin,
        cmd_bin,
    ),
)
