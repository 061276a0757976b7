"""The .bib writer gives, byte for byte, what bibtexparser's writer gave.

Exports were written through bibtexparser (``write_string`` with two spaces
of indent, one empty line between blocks, no unparse middleware) until the
writer wrote entries itself for speed; files under version control must not
change because of that. The reference below is that earlier code, kept here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library as BibLibrary
from bibtexparser.model import Entry, Field, ImplicitComment, Preamble
from bibtexparser.writer import BibtexFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.entries import Options, load
from readinglist.core.bibtex.export import preambles
from readinglist.core.bibtex.scope import resolve
from readinglist.core.bibtex.writer import EntryFields, _quoted, entry_fields, render
from readinglist.core.library import Library
from tests.core.bibtex.texrun import texlive_file

DATA = Path(__file__).parents[2] / "data"


def reference(
    entries: Iterable[EntryFields], *, header: str | None = None, preambles: Sequence[str] = ()
) -> str:
    """The earlier writer: through bibtexparser's library and writer."""
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    library = BibLibrary()
    if header:
        library.add(ImplicitComment("\n".join(f"% {line}" for line in header.splitlines())))
    for preamble in preambles:
        library.add(Preamble(_quoted(preamble)))
    for key, kind, values in sorted(entries, key=lambda e: (e[0].lower(), e[0])):
        library.add(Entry(kind, key, [Field(name, value) for name, value in values]))
    text: str = write_string(library, unparse_stack=[], bibtex_format=fmt)
    return text


def _reference_export(library: Library, scope: ExportScope, options: Options) -> str:
    db = library.db
    with db.read() as conn:
        papers = load(conn, resolve(conn, scope, library.search_ids))
        found = preambles(conn, (p.source_id for p in papers))
    flat = [e for p in papers for e in entry_fields(p, options)]
    return reference(flat, preambles=found)


_OPTIONS = [
    Options(biblatex=b, abstracts=a, notes=n) for b in (False, True) for a in (False, True)
    for n in (False, True)
]  # fmt: skip


def _check_every_option(library: Library, scope: ExportScope) -> None:
    library.bibtex.export(scope)  # keys assigned before the reference reads them
    for options in _OPTIONS:
        made = library.bibtex.export(
            scope, biblatex=options.biblatex, abstracts=options.abstracts, notes=options.notes
        )
        assert made == _reference_export(library, scope, options), options


def test_texlive_examples_and_hostile_file_are_written_as_before(library: Library) -> None:
    library.import_file(texlive_file("xampl.bib"))
    library.import_file(texlive_file("biblatex-examples.bib"))
    library.import_file(DATA / "hostile.bib")
    library.import_file(DATA / "references.bib")
    assert library.count() > 100
    _check_every_option(library, ExportScope("all"))
    ids = library.paper_ids()
    _check_every_option(library, ExportScope("ids", ids=tuple(ids[::3])))


def test_digest_papers_are_written_as_before(loaded: Library) -> None:
    _check_every_option(loaded, ExportScope("all"))


def test_a_header_and_preambles_are_written_as_before() -> None:
    entries = [("b", "misc", (("title", "{B}"),)), ("A", "article", ())]
    header = "Written by readinglist.\nDo not edit."
    kept = ["\\newcommand{\\x}{y}", 'say "hi"']
    assert render(entries, header=header, preambles=kept) == reference(
        entries, header=header, preambles=kept
    )
    assert render([]) == reference([]) == ""
    assert render([], header="only") == reference([], header="only")


def test_two_entries_under_one_key_are_refused_as_before() -> None:
    twice = [("a", "misc", ()), ("a", "misc", ())]
    with pytest.raises(ValueError, match="Duplicate keys"):
        reference(twice)
    with pytest.raises(ValueError, match="Duplicate keys"):
        render(twice)


_NAME = st.from_regex(r"[a-z][a-z0-9_:.+\-]{0,12}", fullmatch=True)
_VALUE = st.text(max_size=40).map(lambda t: "{" + t + "}") | _NAME
_ENTRY = st.tuples(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_:.+/\-]{0,20}", fullmatch=True),
    _NAME,
    st.lists(st.tuples(_NAME, _VALUE), max_size=6).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(
    entries=st.lists(_ENTRY, max_size=8, unique_by=lambda e: e[0]),
    header=st.none() | st.text(max_size=30),
    kept=st.lists(st.text(max_size=20), max_size=3),
)
def test_any_entries_are_written_as_before(
    entries: list[EntryFields], header: str | None, kept: list[str]
) -> None:
    assert render(entries, header=header, preambles=kept) == reference(
        entries, header=header, preambles=kept
    )
