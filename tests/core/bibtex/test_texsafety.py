"""What a raw field may carry into the user's build: nothing that runs, nothing that breaks.

The property tests feed arbitrary text (hostile fragments mixed in) through
the check and require, of whatever comes out: braces that balance as BibTeX
counts them, no command that reads, writes or runs, no ``^^`` escape, no
unescaped ``%``/``#``/``&``, and a second pass that changes nothing.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.bibtex.texsafety import (
    DANGEROUS,
    balanced,
    neutralise,
    neutralise_expression,
    neutralise_field,
    neutralise_preamble,
)

HOSTILE = [
    "\\input{secret}", "\\include{x}", "\\write18{rm -rf ~}", "\\immediate", "\\openout1",
    "\\read16 to \\x", "\\catcode`\\@=11", "\\csname input\\endcsname", "\\def\\x{y}",
    "^^5cinput", "\\begin{input}", "\\end{input}", "\\@@input x", "\\InputIfFileExists",
    "\\ExplSyntaxOn", "\\makeatletter", "\\UseName{input}", "\\csuse{input}", "}", "{",
    "\\}", "\\{", "%", "#", "&", "\\\\", "\\", "\x0c", "\x7f", "$", "~", "\\emph{", "ü",
]  # fmt: skip
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[%#&]")


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), max_size=8))
    return "".join(parts)


def _clean(text: str, *, specials: bool = True) -> None:
    assert balanced(text), text
    assert not DANGEROUS.search(text), text
    assert "^^" not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
    if specials:
        assert not _UNESCAPED.search(text), text


@settings(max_examples=400)
@given(hostile_text())
def test_anything_comes_out_safe_and_stays_as_it_is(text: str) -> None:
    safe, _ = neutralise(text)
    _clean(safe)
    assert neutralise(safe) == (safe, ())


@settings(max_examples=200)
@given(hostile_text())
def test_verbatim_fields_come_out_safe_too(text: str) -> None:
    safe, _ = neutralise(text, verbatim=True)
    _clean(safe, specials=False)
    assert neutralise(safe, verbatim=True) == (safe, ())


@settings(max_examples=200)
@given(hostile_text(), hostile_text())
def test_stored_expressions_with_months_come_out_safe(a: str, b: str) -> None:
    expression = "{" + a.replace("#", "") + "} # jan # {" + b.replace("#", "") + "}"
    safe, _ = neutralise_expression(expression)
    assert balanced(safe)
    assert not DANGEROUS.search(safe) and "^^" not in safe
    assert neutralise_expression(safe) == (safe, ())


@pytest.mark.parametrize(
    "text",
    ["Attention Is All You Need", "{LLM}s and {GPT}-4", "M{\\\"u}ller \\& Co.",
     "$O(n \\log n)$ in \\emph{time}", "100\\% sure", "\\url{https://x.org/a\\_b}",
     "{\\noopsort{1973b}}1973", "10~Jan", "\\textbackslash{}input"],
)  # fmt: skip
def test_ordinary_latex_goes_out_byte_for_byte(text: str) -> None:
    assert neutralise(text) == (text, ())
    assert neutralise_expression("{" + text + "}") == ("{" + text + "}", ())


def test_a_value_that_would_run_something_is_written_as_text() -> None:
    safe, problems = neutralise("see \\input{secret} and \\def\\x{y}")
    assert safe == (
        "see \\textbackslash{}input\\textbraceleft{}secret\\textbraceright{} and "
        "\\textbackslash{}def\\textbackslash{}x\\textbraceleft{}y\\textbraceright{}"
    )
    assert problems == (
        "commands that must not run in your document: \\def, \\input",
        "written as text",
    )


def test_unbalanced_braces_and_unescaped_specials() -> None:
    assert neutralise("a \\} b")[1] == ("braces that do not balance", "written as text")
    assert neutralise("100% of #1 & more") == (
        "100\\% of \\#1 \\& more",
        ("unescaped # % & escaped",),
    )
    assert neutralise("\\\\%") == ("\\\\\\%", ("unescaped % escaped",))


def test_verbatim_and_sorting_fields_keep_their_specials() -> None:
    url = "{https://example.org/a%20b?x=1&y=2#frag}"
    assert neutralise_field("url", url) == (url, ())
    assert neutralise_field("sorttitle", "{Computers & Typesetting}") == (
        "{Computers & Typesetting}",
        (),
    )
    assert neutralise_field("title", "{Computers & Typesetting}")[0] == (
        "{Computers \\& Typesetting}"
    )
    bad, problems = neutralise_field("url", "{https://x.org/\\input{secret}}")
    assert bad == "{https://x.org/%5Cinputsecret}" and "written as text" in problems


def test_a_preamble_may_define_macros_but_not_run_anything() -> None:
    defining = "\\newcommand{\\noopsort}[1]{} \\def\\cprime{$'$} \\let\\x\\relax #1"
    assert neutralise_preamble(defining) == (defining, ())
    for bad in ("\\input{x}", "\\immediate\\write18{x}", "^^5cinput", "{", "\\csname x"):
        text, problems = neutralise_preamble(bad)
        assert text is None and problems
