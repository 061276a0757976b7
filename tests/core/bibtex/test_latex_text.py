"""LaTeX in .bib values to the text a reader sees, in one linear pass."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from readinglist.core.bibtex.latex import escape, title_to_latex
from readinglist.core.bibtex.latex_text import to_text
from readinglist.core.text import clean_line


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("Attention Is All You Need", "Attention Is All You Need"),
        ("{LLM}s and {GPT}-4", "LLMs and GPT-4"),
        ('M{\\"u}ller, J{\\"o}rg', "Müller, Jörg"),
        ("Garc{\\'\\i}a M{\\'a}rquez", "García Márquez"),
        ("\\v{S}koda \\c{c} \\k{a} \\u{g} \\H{o} \\r{a} \\={a} \\.{z}", "Škoda ç ą ğ ő å ā ż"),
        ("\\ss\\ {\\o} \\aa\\ \\AE", "ß ø å Æ"),
        ("An {$O(n \\log n)$} Sorting Algorithm", "An O(n log n) Sorting Algorithm"),
        ("$\\alpha$-decay of $^{14}$C", "α-decay of ^14C"),
        ("``quoted'' text --- and -- dash", "“quoted” text — and – dash"),
        ("Angew.~Chem. Int.~Ed.", "Angew. Chem. Int. Ed."),
        ("\\emph{Foo} \\textbf{bar} \\mbox{G-Animal's}", "Foo bar G-Animal's"),
        ("\\LaTeX\\ and \\TeX{} users", "LaTeX and TeX users"),
        ("100\\% \\& \\$5 \\# \\_ \\{x\\}", "100% & $5 # _ {x}"),
        ("\\href{https://x.org}{the site} \\cite{key}", "the site"),
        ("{\\noopsort{1973b}}1973", "1973"),
        ("\\autocap{e}xcerpt in", "excerpt in"),
        ("line\\\\break", "line break"),
    ],
)
def test_latex_reads_as_a_reader_sees_it(latex: str, text: str) -> None:
    assert to_text(latex) == text


def test_macros_a_preamble_defines_empty_print_nothing() -> None:
    assert to_text("Kn{\\printfirst{v}{1987}}") == "Knv1987"
    assert to_text("Kn{\\printfirst{v}{1987}}", frozenset({"printfirst"})) == "Kn1987"


#: Text without what LaTeX reads as ligatures (``--``, ``''``, backquotes): those
#: are typography, and read back as the dashes and quotes they print.
_LIGATURE = re.compile(r"[-–—]{2}|['\"“”]{2}")
_TEXT = st.text(
    st.sampled_from(list("abcXYZ019 .,;:!?-'\"()[]{}\\&%$#_~^<>|/@ü é ßÆøłΣα→“”…–—")),
    max_size=40,
).filter(lambda t: not _LIGATURE.search(t))


@settings(max_examples=300)
@given(_TEXT)
def test_what_the_app_escapes_reads_back_as_it_was(text: str) -> None:
    """Escaping then reading gives the text back: a record written by an edit
    shows in the window as the user typed it."""
    assert to_text(escape(text, ascii_only=False)) == clean_line(text)
    assert to_text(escape(text, ascii_only=True)) == clean_line(text)


@settings(max_examples=200)
@given(_TEXT)
def test_titles_read_back_without_their_protecting_braces(text: str) -> None:
    title = clean_line(text.replace("{", "").replace("}", ""))
    assume(not _LIGATURE.search(title))  # "-{-" loses its braces and becomes one
    assert to_text(title_to_latex(title, ascii_only=True)) == title


def test_a_megabyte_of_latex_is_read_in_one_pass() -> None:
    unit = "{\\\"U}ber \\emph{na{\\\"\\i}ve} $O(n \\log n)$ \\textbf{x} -- \\cite{k} ``q'' 10\\% "
    text = to_text(unit * 20_000)  # 1.3 MB, in one linear pass (not timed here: make bench)
    assert text.startswith("Über naïve O(n log n) x – “q” 10% Über")
    assert len(text) == 20_000 * len("Über naïve O(n log n) x – “q” 10% ") - 1
