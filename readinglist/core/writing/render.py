"""Papers to the text of an export, in any format: BibTeX, BibLaTeX or CSL-JSON.

An *entry* is what one paper becomes (its .bib entries, or its CSL item's
text): comparable, so auto-export can tell cheaply whether a change shows in
a file at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from readinglist.core.bibtex.entries import ExportPaper, Options
from readinglist.core.bibtex.writer import Block, entry_blocks, render_blocks
from readinglist.core.writing import csl


@dataclass(frozen=True)
class Entry:
    """One paper in one format: ``bib`` holds its .bib entries as written, each
    under its key (one, and for BibTeX a copy under each alias), ``csl`` its
    CSL-JSON item."""

    key: str
    bib: tuple[Block, ...] = ()
    csl: str | None = None


def entry_of(paper: ExportPaper, options: Options) -> Entry | None:
    """A paper's entry; None for a paper without a key that may be written."""
    if not paper.key:
        return None
    if options.csl:
        item = csl.entry(paper, abstracts=options.abstracts, notes=options.notes)
        return Entry(paper.key, csl=item)
    bib = entry_blocks(paper, options)
    return Entry(paper.key, bib=bib) if bib else None


def render(
    entries: Iterable[Entry],
    options: Options,
    *,
    header: str | None = None,
    preambles: Sequence[str] = (),
) -> str:
    """The file's text for entries made by :func:`entry_of` with the same options.

    CSL-JSON has no comments or preambles, so ``header`` and ``preambles`` go
    only into a .bib.
    """
    if options.csl:
        return csl.render((e.key, e.csl) for e in entries if e.csl is not None)
    flat = [block for e in entries for block in e.bib]
    return render_blocks(flat, header=header, preambles=preambles)
