"""Commands that cite: export (a scope, or what a document cites), cite, key, autoexport."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.cli import vocabulary
from readinglist.cli.command import EXIT_OK, EXIT_USER, Command, add_id, add_ids, add_json_flag

if TYPE_CHECKING:
    from readinglist.cli.output import Output
    from readinglist.core.bibtex import ExportScope
    from readinglist.core.bibtex.autoexport import AutoExportLink
    from readinglist.core.library import Library
    from readinglist.core.writing.cite import CiteFormat
    from readinglist.core.writing.export import DocumentExport

#: ``-o -``: standard output, as for any tool that takes an output file.
STDOUT = "-"
#: What ``--format`` takes (``core/bibtex/entries.FORMATS``, not imported here: too heavy).
EXPORT_FORMATS = ("bibtex", "biblatex", "csl-json")
#: What ``cite --format`` takes (``core/writing/cite.FORMATS``).
CITE_FORMATS = ("keys", "latex", "biblatex", "pandoc", "typst", "markdown")


def _add_scope_options(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every paper (the default)")
    which.add_argument("--starred", action="store_true", help="the starred papers")
    which.add_argument("--tag", metavar="T", help="the papers tagged T")
    which.add_argument("--query", metavar="Q", help="the papers a search for Q finds")
    which.add_argument("--ids", nargs="+", type=int, metavar="ID", help="these papers")
    which.add_argument("--aux", metavar="FILE", help="what a LaTeX document cites (its .aux)")
    which.add_argument("--bcf", metavar="FILE", help="what a biblatex document cites (its .bcf)")
    which.add_argument(
        "--tex",
        metavar="FILE",
        help="what a LaTeX document cites (its .tex and the files it includes)",
    )
    p.add_argument("--biblatex", action="store_true", help="BibLaTeX (biber) instead of BibTeX")


def _document(args: argparse.Namespace) -> Path | None:
    named = args.aux or args.bcf or args.tex
    return Path(named) if named else None


def _scope(args: argparse.Namespace) -> ExportScope:
    from readinglist.core.bibtex import ExportScope

    if (document := _document(args)) is not None:
        return ExportScope("document", str(document))
    if args.ids:
        return ExportScope("ids", ids=tuple(args.ids))
    if args.starred:
        return ExportScope("starred")
    if args.tag is not None:
        return ExportScope("tag", args.tag)
    if args.query is not None:
        return ExportScope("query", args.query)
    return ExportScope("all")


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def _format(args: argparse.Namespace) -> str:
    """``--format``, else what ``-o``'s name says (.json: CSL-JSON), else BibTeX/BibLaTeX."""
    if args.format:
        if args.biblatex and args.format != "biblatex":
            raise ValueError("--biblatex and --format say different things; give one")
        return str(args.format)
    output = args.output or ""
    if output.lower().endswith(".json") and not args.biblatex:
        return "csl-json"
    return "biblatex" if args.biblatex else "bibtex"


def cmd_export(library: Library, args: argparse.Namespace, out: Output) -> int:
    try:
        fmt = _format(args)
    except ValueError as exc:
        out.error(str(exc))
        return EXIT_USER
    options = {"abstracts": args.abstracts, "notes": args.notes, "format": fmt}
    text_name = "csl_json" if fmt == "csl-json" else "bibtex"
    to_file = bool(args.output and args.output != STDOUT)
    if (document := _document(args)) is not None:
        done = library.bibtex.export_document(
            document, Path(args.output) if to_file else None, **options
        )
        record = vocabulary.document_record(done)
        if to_file:
            lines = [f"{_entries(done.count)} ({_cites(document)}) written to {args.output}"]
            out.emit({"path": args.output, **record}, [*lines, *_missing_lines(done)])
        else:
            from readinglist.cli.output import note

            for line in _missing_lines(done):
                note(line)
            out.emit({text_name: done.text, **record}, raw=done.text)
        return EXIT_OK
    scope = _scope(args)
    if to_file:
        count = library.bibtex.export_to(Path(args.output), scope, **options)
        out.emit(
            {"path": args.output, "entries": count},
            [f"{_entries(count)} ({scope.describe()}) written to {args.output}"],
        )
        return EXIT_OK
    text = library.bibtex.export(scope, **options)
    out.emit({text_name: text}, raw=text)
    return EXIT_OK


def _cites(document: Path) -> str:
    return f"what {document.name} cites"


def _missing_lines(done: DocumentExport) -> list[str]:
    """Notices about the document, then each key the library lacks and what it may mean."""
    lines = [f"{n}" for n in done.notices]
    if done.missing:
        count = len(done.missing)
        lines.append(f"{count} cited key{'s are' if count > 1 else ' is'} not in the library:")
    for missing in done.missing:
        guesses = "; ".join(
            f"{s.paper_id} “{s.title}”" + (f" ({s.key})" if s.key else "")
            for s in missing.suggestions
        )
        lines.append(f"  {missing.key}" + (f": perhaps {guesses}" if guesses else ""))
    return lines


def _setup_export(p: argparse.ArgumentParser) -> None:
    _add_scope_options(p)
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="bibtex (the default), biblatex, or csl-json (pandoc, Quarto); "
        "-o FILE.json means csl-json",
    )
    p.add_argument("--abstracts", action="store_true", help="include abstracts")
    p.add_argument("--notes", action="store_true", help="include your notes (annote)")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write FILE (atomically); '-' is standard output"
    )


def cmd_cite(library: Library, args: argparse.Namespace, out: Output) -> int:
    fmt: CiteFormat | None = "latex" if args.latex and not args.format else args.format
    if fmt is None:
        keys = library.bibtex.keys(args.ids)
        out.emit([{"id": i, "key": k} for i, k in zip(args.ids, keys, strict=True)], keys)
        return EXIT_OK
    text = library.bibtex.cite(args.ids, fmt)  # argparse keeps fmt to CITE_FORMATS
    out.emit({"format": fmt, "citation": text, "ids": list(args.ids)}, [text])
    return EXIT_OK


def _setup_cite(p: argparse.ArgumentParser) -> None:
    add_ids(p, "the papers to cite")
    p.add_argument(
        "--format",
        choices=CITE_FORMATS,
        help="latex \\cite{a,b}, biblatex \\autocite{a,b}, pandoc [@a; @b], typst @a @b, "
        "markdown (a link per paper), keys (one a line: the default)",
    )
    p.add_argument("--latex", action="store_true", help=r"the same as --format latex")


def cmd_key(library: Library, args: argparse.Namespace, out: Output) -> int:
    library.bibtex.set_key(args.id, args.key)
    key = library.paper(args.id).citation_key
    out.emit({"id": args.id, "key": key}, [f"Paper {args.id} is now cited as {key}"])
    return EXIT_OK


def _setup_key(p: argparse.ArgumentParser) -> None:
    add_id(p)
    p.add_argument("key", metavar="NEWKEY", help="letters, digits and - _ : . + /")


def cmd_autoexport(library: Library, args: argparse.Namespace, out: Output) -> int:
    if args.action == "add":
        path = Path(args.path)
        count = library.bibtex.add_autoexport(path, _scope(args), biblatex=args.biblatex)
        link = next(
            x for x in library.bibtex.autoexports() if x.path == path.expanduser().resolve()
        )
        out.emit(
            {**vocabulary.link_record(link), "entries": count},
            [
                f"{link.path}: {_entries(count)}, kept in sync with {link.scope.describe()}",
                *_link_notes(link),
            ],
        )
    elif args.action == "remove":
        library.bibtex.remove_autoexport(Path(args.path))
        out.emit(
            {"path": args.path, "removed": True},
            [f"{args.path} is no longer kept in sync (the file was left as it is)"],
        )
    elif args.action == "sync":
        done = library.bibtex.sync_autoexports()
        lines = []
        for link, written in done:
            lines.append(f"{link.path}: {'rewritten' if written else 'up to date'}")
            lines.extend(_link_notes(link))
        out.emit([{**vocabulary.link_record(x), "written": w} for x, w in done], lines)
    else:
        links = library.bibtex.autoexports()
        lines = []
        for x in links:
            lines.append(f"{x.path}  ({x.scope.describe()}, {x.format})")
            lines.extend(_link_notes(x))
        out.emit([vocabulary.link_record(x) for x in links], lines)
    return EXIT_OK


def _link_notes(link: AutoExportLink) -> list[str]:
    lines = [f"  last error: {link.error}"] if link.error else []
    if link.missing:
        lines.append(f"  cited but not in the library: {', '.join(link.missing)}")
    return lines


def _setup_autoexport(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="write PATH now and whenever its papers (or its document) change",
        description="Write PATH now and rewrite it whenever a paper in its scope changes. With\n"
        "--aux, --bcf or --tex it holds what that document cites, and follows the document\n"
        "too. PATH.json is CSL-JSON (pandoc, Quarto).",
    )
    add_json_flag(add)
    _add_scope_options(add)
    add.add_argument("path", metavar="PATH.bib", help="the .bib (or .json) file to keep in sync")
    sync = actions.add_parser(
        "sync",
        help="bring every linked file up to date now",
        description="Rewrite every linked file whose content is out of date (after a document\n"
        "changed while the window was closed, say); files already up to date are left alone.",
    )
    add_json_flag(sync)
    listing = actions.add_parser(
        "list",
        help="list the files kept in sync",
        description="List the files kept in sync, their scope, and their last error if any.",
    )
    add_json_flag(listing)
    remove = actions.add_parser(
        "remove",
        help="stop keeping PATH in sync (the file stays)",
        description="Stop keeping PATH in sync; the file itself is left as it is.",
    )
    add_json_flag(remove)
    remove.add_argument("path", metavar="PATH", help="a file autoexport list shows")


COMMANDS = (
    Command(
        "export",
        "export papers as BibTeX or CSL-JSON (to stdout, or -o FILE)",
        "Export papers as BibTeX, BibLaTeX or CSL-JSON to standard output or a file.\n"
        "Without a scope, every paper; with --aux, --bcf or --tex, exactly what that\n"
        "document cites (the keys the library lacks are listed, with the papers they\n"
        "may mean). Citation keys are given on first export and never change; the\n"
        "output is deterministic (sorted by key).",
        _setup_export,
        cmd_export,
    ),
    Command(
        "cite",
        "print the citation keys of papers, or a citation to paste",
        "Print the citation keys of papers, one a line, or a citation in a writer's\n"
        "syntax with --format: latex, biblatex, pandoc, typst or markdown. A paper\n"
        "without a key is given one now.",
        _setup_cite,
        cmd_cite,
    ),
    Command(
        "key",
        "set a paper's citation key by hand",
        "Set a paper's citation key by hand. It must be unique in the library (in\n"
        "any case) and is kept from then on.",
        _setup_key,
        cmd_key,
    ),
    Command(
        "autoexport",
        "keep .bib files in sync with the library",
        "Keep .bib files (in your LaTeX projects) in sync with the library: each is\n"
        "rewritten, atomically and only when its bytes change, after any change to\n"
        "a paper in its scope.",
        _setup_autoexport,
        cmd_autoexport,
    ),
)
