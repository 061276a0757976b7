"""Deterministic output, round trips through bibtexparser, atomic writes."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from readinglist.core.bibtex import ExportScope
from readinglist.core.bibtex.entries import ExportPaper, Options
from readinglist.core.bibtex.latex import EMITTED_COMMANDS, SPECIALS, title_to_latex
from readinglist.core.bibtex.writer import entry_fields, render, write_atomic
from readinglist.core.errors import ExportError, NotFoundError
from readinglist.core.library import Library
from tests.helpers import dump


def test_export_is_sorted_and_byte_identical_twice(loaded: Library) -> None:
    first = loaded.bibtex.export(ExportScope("all"))
    assert loaded.bibtex.export(ExportScope("all")) == first
    keys = [e.key for e in parse_string(first).entries]
    assert keys == sorted(keys, key=str.lower)
    # a subset export lists its papers in the same order as the full one
    ids = loaded.paper_ids()[:20]
    subset = [
        e.key
        for e in parse_string(loaded.bibtex.export(ExportScope("ids", ids=tuple(ids)))).entries
    ]
    assert subset == [k for k in keys if k in set(subset)]


@pytest.mark.parametrize("biblatex", [False, True])
def test_round_trip_finds_every_paper_key_and_title(loaded: Library, biblatex: bool) -> None:
    text = loaded.bibtex.export(ExportScope("all"), biblatex=biblatex, abstracts=True, notes=True)
    parsed = parse_string(text)
    assert not parsed.failed_blocks
    by_key = {e.key: e for e in parsed.entries}
    ids = loaded.paper_ids()
    assert len(by_key) == len(ids) == 230
    for paper in loaded.papers(ids):
        assert paper.citation_key is not None
        found = by_key[paper.citation_key]
        assert _plain(found["title"]) == _plain_title(paper.title)


def _plain(latex: str) -> str:
    """Undo the escaping for comparison: drop protection braces, map the escapes back."""
    text = LatexNodes2Text().latex_to_text(latex).replace("ˆ", "^").replace("˜", "~")
    return " ".join(text.split())


def _plain_title(title: str) -> str:
    return " ".join(title.split()).replace("--", "–")


def test_scopes(loaded: Library) -> None:
    ids = loaded.paper_ids()
    loaded.mark(ids[:3], starred=True)
    loaded.tags.add(ids[2:7], ["Thesis"])

    def count(scope: ExportScope) -> int:
        return len(parse_string(loaded.bibtex.export(scope)).entries)

    assert count(ExportScope("starred")) == 3
    assert count(ExportScope("tag", "thesis")) == 5  # tags match in any case
    assert count(ExportScope("ids", ids=tuple(ids[:4]))) == 4
    assert count(ExportScope("all")) == 230
    loaded.remove(ids[:1])
    assert count(ExportScope("starred")) == 2


def test_bad_scopes_are_clear_errors(loaded: Library) -> None:
    before = dump(loaded)
    with pytest.raises(NotFoundError, match=r"No tag named “nope”"):
        loaded.bibtex.export(ExportScope("tag", "nope"))
    with pytest.raises(NotFoundError, match=r"No paper with id 99999"):
        loaded.bibtex.export(ExportScope("ids", ids=(1, 99999)))
    assert dump(loaded) == before


def test_empty_export(library: Library) -> None:
    assert library.bibtex.export(ExportScope("all")) == ""


def test_export_to_writes_atomically_and_only_on_change(loaded: Library, tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    target = folder / "refs.bib"
    assert loaded.bibtex.export_to(target, ExportScope("all")) == 230
    stamp = target.stat().st_mtime_ns
    os.utime(target, ns=(stamp - 10**9, stamp - 10**9))
    loaded.bibtex.export_to(target, ExportScope("all"))
    assert target.stat().st_mtime_ns == stamp - 10**9  # same bytes: not rewritten
    assert [p.name for p in folder.iterdir()] == ["refs.bib"]  # no temporary left


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "a.bib"
    assert write_atomic(target, "one\n") is True
    target.chmod(0o640)
    assert write_atomic(target, "one\n") is False
    assert write_atomic(target, "two\n") is True
    assert target.read_text() == "two\n"
    assert target.stat().st_mode & 0o777 == 0o640  # permissions kept
    with pytest.raises(ExportError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "a.bib", "x")
    with pytest.raises(ExportError, match="is a folder"):
        write_atomic(tmp_path, "x")


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.bib"
    write_atomic(target, "old\n")

    def broken(self: Path, other: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken)
    with pytest.raises(ExportError, match="No space left on device"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bib"]


_COMMANDS = re.compile(r"\\([A-Za-z]+|.)")
_ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(sorted(SPECIALS) + list("@\"',;=()[] \n\t%üß")),
        st.characters(codec="utf-8"),
    ),
    max_size=50,
)


@settings(max_examples=60, deadline=None)
@given(
    title=_ANY_TEXT.filter(str.strip),
    author=_ANY_TEXT,
    abstract=_ANY_TEXT,
    note=_ANY_TEXT,
    biblatex=st.booleans(),
)
def test_any_paper_renders_to_a_bib_that_parses(
    title: str, author: str, abstract: str, note: str, biblatex: bool
) -> None:
    paper = ExportPaper(
        1, "key2026", title, (author,), None, date(2026, 3, 13), "day", None, None, None,
        None, date(2026, 3, 13), "hf-text", abstract, note,
    )  # fmt: skip
    text = render(entry_fields(paper, Options(biblatex=biblatex, abstracts=True, notes=True)))
    parsed = parse_string(text)
    assert not parsed.failed_blocks
    (entry,) = parsed.entries
    assert entry.key == "key2026"
    assert entry["title"] == title_to_latex(title, ascii_only=not biblatex)
    for field in entry.fields:
        assert set(_COMMANDS.findall(field.value)) <= EMITTED_COMMANDS, field.key
