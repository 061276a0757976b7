"""Plain text to LaTeX: escaping, case protection, Unicode."""

from __future__ import annotations

import re

import pytest
from bibtexparser.entrypoint import parse_string
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.bibtex.latex import EMITTED_COMMANDS, SPECIALS, escape, title_to_latex

_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def commands(latex: str) -> set[str]:
    return {m.group(1) for m in _COMMAND.finditer(latex)}


def brace_depths_ok(latex: str) -> bool:
    """Balanced the way BibTeX counts: every brace, backslash or not."""
    depth = 0
    for char in latex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("ascii_only", [True, False])
@pytest.mark.parametrize(
    ("char", "latex"),
    [
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("{", r"\textbraceleft{}"),
        ("}", r"\textbraceright{}"),
        ("~", r"\textasciitilde{}"),
        ("^", r"\textasciicircum{}"),
        ("\\", r"\textbackslash{}"),
    ],
)
def test_every_special_character_is_escaped(char: str, latex: str, ascii_only: bool) -> None:
    assert escape(f"a {char} b", ascii_only=ascii_only) == f"a {latex} b"


@pytest.mark.parametrize(
    ("title", "latex"),
    [
        ("Scaling LLMs", "Scaling {LLM}s"),
        ("GPT-4 Technical Report", "{GPT}-4 Technical Report"),
        ("Non-IID Federated Learning", "Non-{IID} Federated Learning"),
        ("BERT: Pre-training", "{BERT}: Pre-training"),
        ("LoRA and MoE for iPhone", "{LoRA} and {MoE} for {iPhone}"),
        ("A Survey of Type I Errors", "A Survey of Type {I} Errors"),
        ("Llama2 Knows", "Llama2 Knows"),
        ("Fast & Slow Learning", r"Fast \& Slow Learning"),
        ("UR$^2$: Unify RAG", r"{UR}\$\textasciicircum{}2\$: Unify {RAG}"),
    ],
)
def test_titles_protect_acronyms_and_mixed_case(title: str, latex: str) -> None:
    assert title_to_latex(title, ascii_only=True) == latex


def test_unicode_is_latex_for_bibtex_and_utf8_for_biblatex() -> None:
    title = "Müller’s naïve Łódź façade – ε-greedy"
    assert title_to_latex(title, ascii_only=True) == (
        r"M{\"u}ller's na{\"\i}ve {\L}{\'o}d{\'z} fa{\c{c}}ade -- {\ensuremath{\varepsilon}}-greedy"
    )
    assert title_to_latex(title, ascii_only=False) == (
        r"Müller’s naïve Łódź façade – {\ensuremath{\varepsilon}}-greedy"
    )


def test_injection_attempts_stay_text() -> None:
    for title in (r"\input{/etc/passwd}", r"\immediate\write18{rm -rf ~}", "}} @comment{", "x } y"):
        latex = title_to_latex(title, ascii_only=True)
        assert commands(latex) <= EMITTED_COMMANDS
        assert "input" not in commands(latex) and "write" not in commands(latex)
        assert brace_depths_ok(latex)


def test_control_characters_and_whitespace_runs_disappear() -> None:
    assert escape("a\x00b\x07 \t\n c\u200b", ascii_only=True) == "ab c"


# properties ------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(sorted(SPECIALS) + list("@\"',;=()[] \n\tüßÆłεΔ→≤–“”…µ")),
        st.characters(codec="utf-8"),
    ),
    max_size=60,
)


@settings(max_examples=100, deadline=None)
@given(title=_TEXT, ascii_only=st.booleans())
def test_no_command_survives_and_the_bib_parses(title: str, ascii_only: bool) -> None:
    latex = title_to_latex(title, ascii_only=ascii_only)
    assert commands(latex) <= EMITTED_COMMANDS
    assert brace_depths_ok(latex)
    # outside the emitted commands and their braces, no special character is left raw
    stripped = _COMMAND.sub("", latex).replace("{", "").replace("}", "")
    assert not set(stripped) & set(SPECIALS)
    bib = f"@misc{{k,\n  title = {{{latex}}}\n}}\n"
    parsed = parse_string(bib)
    assert not parsed.failed_blocks
    assert [e.key for e in parsed.entries] == ["k"]
    assert parsed.entries[0]["title"] == latex


@settings(max_examples=50, deadline=None)
@given(text=_TEXT)
def test_ascii_output_is_ascii_where_a_translation_exists(text: str) -> None:
    latex = escape(text, ascii_only=True)
    known = set("àéüßÆłεΔ→≤–“”…µ")
    assert not (set(latex) & known)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.text(alphabet=st.sampled_from("aZbY09 _-:'IAÜüÉéΣσ"), max_size=40), _TEXT))
def test_the_candidate_regex_marks_the_same_words_as_checking_every_word(text: str) -> None:
    from readinglist.core.bibtex.latex import _CANDIDATE, _WORD, _mark

    assert _CANDIDATE.sub(_mark, text) == _WORD.sub(_mark, text)


def _whole_title(title: str, *, ascii_only: bool) -> str:
    """How titles were written before they were written word by word (and each
    word remembered): marked and translated whole."""
    from readinglist.core.bibtex import latex

    text = " ".join(title.replace("\x01", "").replace("\x02", "").split())
    marked = latex._CANDIDATE.sub(latex._mark, text)
    table = latex._TITLE_TO_ASCII if ascii_only else latex._TITLE_TO_UTF8
    return " ".join(table(marked).split())


_TITLE_PARTS = st.sampled_from(
    ["I", "A", "a", "LLMs", "GPT-4", "LoRA", "x-A", "Ü", "ÉTÉ", "σ", " ", "\u00a0", "\u2003",
     "\x01", "\x02", "\x03", "\t", "\n", "{", "}", "\\", "&", "ﬁ", "Ⅻ", "①", "㏂", "¨", "ẞ",
     "Deep", "models", ":", "-", "_", "ǅ"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    title=st.one_of(st.lists(_TITLE_PARTS, max_size=12).map("".join), _TEXT),
    ascii_only=st.booleans(),
)
def test_titles_written_word_by_word_equal_titles_written_whole(
    title: str, ascii_only: bool
) -> None:
    # Twice: the second time every word comes from what the first remembered.
    for _ in range(2):
        assert title_to_latex(title, ascii_only=ascii_only) == _whole_title(
            title, ascii_only=ascii_only
        )


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.lists(_TITLE_PARTS, max_size=6).map("".join), _TEXT))
def test_remembered_escapes_equal_escapes(text: str) -> None:
    from readinglist.core.bibtex.latex import escape_repeated

    for ascii_only in (True, False):
        for _ in range(2):
            assert escape_repeated(text, ascii_only) == escape(text, ascii_only=ascii_only)


def test_titles_stay_right_when_the_remembered_words_are_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readinglist.core.bibtex import latex

    for memo in latex._TITLE_WORDS.values():
        monkeypatch.setattr(memo, "bound", 2)
    titles = ["I think LLMs", "A Study of I", "LoRA: Ü & σ", "I think LLMs", "x-A B"]
    for title in titles * 2:
        for ascii_only in (True, False):
            assert title_to_latex(title, ascii_only=ascii_only) == _whole_title(
                title, ascii_only=ascii_only
            )
    assert all(len(words) <= 2 for words in latex._TITLE_WORDS.values())
