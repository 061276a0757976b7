"""Importers take untrusted files: limits, no blow-ups, no recursion, no path tricks.

The property tests throw arbitrary bytes and text at :func:`parse_input`
(which dispatches to every importer by content, so importers added later are
covered too) and at :meth:`Library.import_bytes`: the only outcomes are a
successful import or the project's own error, and a rejected input leaves
every table exactly as it was.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.errors import ImportFailed, ReadingListError
from readinglist.core.factory import open_library
from readinglist.core.importers import ParsedBatch, parse_input
from readinglist.core.importers.base import MAX_BYTES, MAX_LINE
from readinglist.core.library import Library
from tests.helpers import dump

TODAY = date(2026, 11, 21)
HEADER = "Daily Papers\n\nOct 31\n\n"
FAST = settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Openers that steer random text towards each format's parser (digest, BibTeX, RIS,
#: JSON, XML, arXiv listings, Markdown…) so the property tests go past format detection.
OPENERS = st.sampled_from(
    [
        "",
        HEADER,
        "new\n\nSubscribe\n\nMar 13\n\n",
        "@article{",
        "@misc{key,\n  title = {",
        "TY  - JOUR\n",
        "{",
        "[",
        "<?xml version='1.0'?>",
        "arXiv:2401.00001\n",
        "# ",
    ]
)
LINES = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            ["", "·", "• 3 authors", "1 author", "Jun 19, 2022", "Mar 20 2", "Oct 31", "{", "}"]
        ),
    ),
    max_size=40,
)


def _parse(data: bytes) -> ParsedBatch | None:
    try:
        return parse_input(data, "hostile.txt", today=TODAY)
    except ImportFailed as exc:
        assert str(exc).startswith("hostile.txt")
        return None


@FAST
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    _parse(data)


@FAST
@given(OPENERS, LINES)
def test_arbitrary_text_parses_or_fails_cleanly(opener: str, lines: list[str]) -> None:
    text = opener + "\n".join(lines)
    batch = _parse(text.encode("utf-8", "surrogatepass"))
    if batch is not None:
        for paper in batch.all_papers():
            assert paper.title.strip() and "\n" not in paper.title


@settings(FAST, max_examples=25)
@given(
    st.one_of(
        st.binary(max_size=2048),
        st.builds(
            lambda o, ls: (o + "\n".join(ls)).encode("utf-8", "surrogatepass"), OPENERS, LINES
        ),
    )
)
def test_a_rejected_input_changes_nothing(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder, _library(Path(folder)) as library:
        before = dump(library)
        try:
            library.import_bytes(data, "hostile.txt")
        except ReadingListError:
            assert dump(library) == before
        else:
            assert library.check().ok


def _library(folder: Path) -> Library:
    library = open_library(folder / "lib", today=lambda: TODAY)
    library.import_text(HEADER + "A Known Paper\n\nIts abstract.\n", "seed.txt")
    library.set_note(1, "keep")
    return library


# pathological shapes: each must finish (no timing asserted) with a clear outcome ---


def _body(papers: int) -> str:
    return "".join(f"Paper {i}\n\nAbstract {i}.\n\n" for i in range(papers))


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "\n" * 1_000_000 + "Title\n\nAbstract.\n",
        HEADER + "x\n\n" * 100_000,
        HEADER + "·\n\n" * 100_000,
        HEADER + "T\nA\n\n" * 60_000,
        HEADER + "\n".join("Oct 31" for _ in range(100_000)),
        HEADER + " \u00a0\t\n" * 300_000,
        HEADER + "\r" * 1_000_000 + "Title\r\rAbstract.\r",
        HEADER + "Same Title\n\nSame abstract.\n\n" * 20_000,
    ],
    ids=[
        "blank-lines",
        "tiny-blocks",
        "separators",
        "two-line-blocks",
        "day-lines",
        "whitespace",
        "bare-cr",
        "duplicates",
    ],
)
def test_pathological_inputs_finish(library: Library, text: str) -> None:
    before = dump(library)
    try:
        library.import_text(text, "pathological.txt")
    except ImportFailed:
        assert dump(library) == before
    else:
        assert library.check().ok


def test_a_title_line_of_100k_characters_is_refused(library: Library) -> None:
    title = "word " * ((MAX_LINE - 1) // 5)
    with pytest.raises(ImportFailed, match="expected a paper title"):
        library.import_text(HEADER + title + "\n\nAbstract.\n")
    too_long = "w" * (MAX_LINE + 1)
    with pytest.raises(ImportFailed, match="line too long"):
        library.import_text(HEADER + "Title\n\n" + too_long + "\n")
    assert library.count() == 0


def test_an_input_over_the_size_limit_is_refused_before_parsing(library: Library) -> None:
    data = (HEADER + _body(10)).encode() + b" " * (MAX_BYTES + 1)
    with pytest.raises(ImportFailed, match="too large"):
        library.import_bytes(data, "huge.txt")
    assert library.count() == 0


NESTED = {
    "one-line": "@article{k, title = " + "{" * 40_000 + "x" + "}" * 40_000 + "}",
    "many-lines": "@article{k, title = " + "{\n" * 100_000 + "x" + "}\n" * 100_000 + "}",
    "latex-commands": "@misc{k, title = {" + "\\textbf{\n" * 20_000 + "x" + "}\n" * 20_000 + "}}",
    "unclosed": "@article{k, title = {" + "word\n" * 200_000,
    "json": "[" * 100_000 + "]" * 100_000,
    "xml": "<?xml version='1.0'?>" + "<a>\n" * 50_000 + "</a>\n" * 50_000,
}


@pytest.mark.parametrize("text", NESTED.values(), ids=NESTED.keys())
def test_deeply_nested_input_does_not_recurse(library: Library, text: str) -> None:
    """A reader that recursed on nesting would hit RecursionError long before this."""
    before = dump(library)
    try:
        library.import_text(text, "nested.bib")
    except ImportFailed:
        assert dump(library) == before
    assert library.check().ok


@pytest.mark.parametrize(
    "source",
    [
        "../../../../tmp/evil.txt",
        "/etc/passwd",
        "C:\\Windows\\system32\\evil.txt",
        "name\nwith\nnewlines\x1b[31m.txt",
        "..",
        "",
    ],
)
def test_source_names_are_never_paths_to_write(
    library: Library, tmp_path: Path, source: str
) -> None:
    before = {p.relative_to(library.paths.root) for p in library.paths.root.rglob("*")}
    report = library.import_text(HEADER + _body(2), source)
    assert report.new == 2
    [digest] = library.digests()
    assert "/" not in digest.name and "\\" not in digest.name and "\n" not in digest.name
    after = {p.relative_to(library.paths.root) for p in library.paths.root.rglob("*")}
    assert {p.parts[0] for p in after - before} <= {"index", "backups"}
    assert not Path("/tmp/evil.txt").exists()
