"""Entries to .bib text, and .bib files written safely.

Output is deterministic: ``@preamble``s first (in the order their files
came in), then entries sorted by key, fields in a fixed order, no
timestamps. Exporting an unchanged library twice gives the same bytes, so a
``.bib`` under version control diffs cleanly and an auto-exported file is
only rewritten when something really changed.

Keys: only a key that follows the key rule is ever written
(:func:`.keys.key_problem`; the export replaces a stored key that does not
before it gets here). A paper's aliases go out as BibLaTeX's ``ids``, and for
BibTeX, which has no aliases, as a copy of the entry under each alias: a
document citing any key the paper came in under compiles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from readinglist.core.atomic import atomic_write_bytes
from readinglist.core.bibtex.entries import ExportPaper, Options, fields
from readinglist.core.bibtex.keys import key_problem
from readinglist.core.bibtex.record_entry import record_entry
from readinglist.core.errors import ExportError

#: One entry before writing: its key, its type and its fields as written.
EntryFields = tuple[str, str, tuple[tuple[str, str], ...]]
#: One entry as written: its key (what the file is sorted by) and its text.
Block = tuple[str, str]


def entry_fields(paper: ExportPaper, options: Options) -> tuple[EntryFields, ...]:
    """A paper's entries: one, plus a copy per alias for BibTeX; none without a safe key."""
    key = paper.key
    if not key or key_problem(key) is not None:
        return ()
    if paper.entry_type:
        kind, values = record_entry(
            paper, biblatex=options.biblatex, abstracts=options.abstracts, notes=options.notes
        )
    else:
        kind, values = "misc", fields(paper, options)
    aliases = [
        a for a in paper.aliases if key_problem(a) is None and a.casefold() != key.casefold()
    ]
    if not aliases:
        return ((key, kind, tuple(values)),)
    if options.biblatex:
        return ((key, kind, (("ids", "{" + ", ".join(aliases) + "}"), *values)),)
    return tuple((name, kind, tuple(values)) for name in (key, *aliases))


def entry_text(entry: EntryFields) -> str:
    """One entry exactly as bibtexparser's writer wrote it for earlier versions (two
    spaces of indent, no alignment, no trailing comma): written here because its
    per-field objects were a third of an export. ``test_writer_bytes`` compares."""
    key, kind, values = entry
    if not values:
        return f"@{kind}{{{key},\n}}\n"
    body = ",\n".join(f"  {name} = {value}" for name, value in values)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def entry_blocks(paper: ExportPaper, options: Options) -> tuple[Block, ...]:
    """A paper's entries as written (:func:`entry_fields`, each through :func:`entry_text`)."""
    return tuple((entry[0], entry_text(entry)) for entry in entry_fields(paper, options))


def render(
    entries: Iterable[EntryFields], *, header: str | None = None, preambles: Sequence[str] = ()
) -> str:
    """The .bib text: the header, the ``@preamble``s, then ``entries`` sorted by key."""
    blocks = [(entry[0], entry_text(entry)) for entry in entries]
    return render_blocks(blocks, header=header, preambles=preambles)


def render_blocks(
    blocks: Iterable[Block], *, header: str | None = None, preambles: Sequence[str] = ()
) -> str:
    """The .bib text of entries already written (:func:`entry_blocks`), sorted by key.

    The layout is bibtexparser's: every block ends in a newline, one empty
    line between blocks. Two entries under one key (in the same case) are a
    bug upstream, refused as bibtexparser's library refused them.
    """
    out: list[str] = []
    if header:
        out.append("\n".join(f"% {line}" for line in header.splitlines()) + "\n")
    out.extend(f"@preamble{{{_quoted(preamble)}}}\n" for preamble in preambles)
    ordered = sorted(blocks, key=lambda b: (b[0].lower(), b[0]))
    if len({key for key, _text in ordered}) != len(ordered):
        twice = sorted(k for k, n in Counter(key for key, _text in ordered).items() if n > 1)
        raise ValueError(f"Duplicate keys found: {twice}.")
    out.extend(text for _key, text in ordered)
    return "\n".join(out)


def _quoted(text: str) -> str:
    """A preamble as one quoted string, the form every reader takes (Typst takes no
    other); a ``"`` outside braces is written ``{"}``, as BibTeX spells it."""
    out, depth = [], 0
    for char in text:
        depth += (char == "{") - (char == "}")
        out.append('{"}' if char == '"' and depth == 0 else char)
    return '"' + "".join(out) + '"'


def check_target(path: Path) -> None:
    """Refuse a target that cannot be written, before any work (or key) is done for it."""
    if path.is_dir():
        raise ExportError(f"Cannot write {path}: it is a folder.")
    if not path.parent.is_dir():
        raise ExportError(f"Cannot write {path}: the folder {path.parent} does not exist.")


def write_atomic(path: Path, text: str) -> bool:
    """Replace ``path`` with ``text`` unless it already holds exactly that.

    Writes through :func:`readinglist.core.atomic.atomic_write_bytes` (a
    temporary file in the same folder, fsynced, renamed over the target), so a
    reader (``latexmk``, an editor) sees the old file or the new one, never
    half of one. Returns whether the file was written.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except IsADirectoryError as exc:
        raise ExportError(f"Cannot write {path}: it is a folder.") from exc
    except NotADirectoryError as exc:
        raise ExportError(f"Cannot write {path}: {path.parent} is not a folder.") from exc
    except OSError as exc:
        raise ExportError(f"Cannot read {path} ({exc.strerror}); it was left unchanged.") from exc
    check_target(path)
    atomic_write_bytes(path, data, ExportError)
    return True
