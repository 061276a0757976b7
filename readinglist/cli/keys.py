"""Commands about how keys are made: key-formula, rekey."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from readinglist.cli import vocabulary
from readinglist.cli.command import EXIT_OK, Command

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.library import Library

#: The default formula (``core/bibtex/formula.DEFAULT_FORMULA``; not imported: too heavy).
DEFAULT = "[auth][year][title] | [title2][year]"


def cmd_key_formula(library: Library, args: argparse.Namespace, out: Output) -> int:
    wanted = DEFAULT if args.default else args.formula
    if wanted is None:
        formula = library.bibtex.key_formula()
        out.emit({"formula": formula}, [formula])
        return EXIT_OK
    formula = library.bibtex.set_key_formula(wanted)
    out.emit(
        {"formula": formula},
        [
            f"New keys are made by {formula}",
            "Keys already given do not change; `readinglist rekey` re-keys papers whose key "
            "was never exported or cited.",
        ],
    )
    return EXIT_OK


def _setup_key_formula(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "formula",
        nargs="?",
        metavar="FORMULA",
        help="e.g. '[auth][year][title]'; without it, print the formula in use",
    )
    p.add_argument("--default", action="store_true", help=f"go back to the default, {DEFAULT}")


def cmd_rekey(library: Library, args: argparse.Namespace, out: Output) -> int:
    report = library.bibtex.rekey(dry_run=args.dry_run)

    def lines() -> list[str]:
        verb = "would get" if report.dry_run else "now cited as"
        text = [f"{c.paper_id} {c.old} -> {c.new}  ({verb}; “{c.title}”)" for c in report.changed]
        done = "would be re-keyed" if report.dry_run else "re-keyed"
        text.append(
            f"{len(report.changed)} {done} by {report.formula}; {report.same} already fit it; "
            f"{report.kept} kept (exported, cited, typed or imported keys never change)"
        )
        return text

    out.emit(vocabulary.rekey_record(report), lines)
    return EXIT_OK


def _setup_rekey(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")


COMMANDS = (
    Command(
        "key-formula",
        "show or set the formula new citation keys are made by",
        "Show the key formula, or set it: fields in brackets, text as written,\n"
        "alternatives after |. Fields: [auth] first author's last name, [authorsN]\n"
        "the first N authors, [year], [title]/[titleN] the first N significant title\n"
        "words, [arxiv]; modifiers :lower :upper :capitalize :de (German\n"
        "transliteration), e.g. '[auth:capitalize][year]:[title2]'. Keys already\n"
        "given never change.",
        _setup_key_formula,
        cmd_key_formula,
        search_index=False,
    ),
    Command(
        "rekey",
        "new keys by the formula, for keys never exported or cited",
        "Give papers whose key never left the library (never exported, cited, typed\n"
        "or imported) the key the current formula makes, and list them. Every other\n"
        "key stays as it is.",
        _setup_rekey,
        cmd_rekey,
        search_index=False,
    ),
)
