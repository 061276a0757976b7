"""Field values stored as their own canonical BibTeX expression."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.core.bibtex import values
from readinglist.core.bibtex.values import Piece


def _strings(**defs: str) -> dict[str, tuple[Piece, ...]]:
    out: dict[str, tuple[Piece, ...]] = {}
    for name, raw in defs.items():
        out[name] = values.parse(raw, out)[0]
    return out


@pytest.mark.parametrize(
    ("raw", "stored", "latex"),
    [
        ("{The {Gnats}}", "{The {Gnats}}", "The {Gnats}"),
        ('"73+"', "{73+}", "73+"),
        ("1986", "1986", "1986"),
        ("jul", "jul", "July"),
        ('"10~" # jan', "{10~} # jan", "10~January"),
        ('apr # "-" # may', "apr # {-} # may", "April-May"),
        ('"Proc. Fifteenth Annual ACM" # STOC', "{Proc. Fifteenth Annual ACM Symposium}", None),
        ("acm # { Press}", "{ACM Press}", "ACM Press"),
        ('"a" # 1 # "b"', "{a1b}", "a1b"),
    ],
)
def test_values_are_stored_canonically(raw: str, stored: str, latex: str | None) -> None:
    strings = _strings(stoc='" Symposium"', acm="{ACM}")
    pieces, undefined = values.parse(raw, strings)
    assert values.render(pieces) == stored and undefined == ()
    assert values.pieces(stored) == pieces  # reading the stored value gives it back
    if latex is not None:
        assert values.latex(stored) == latex


def test_an_undefined_macro_is_its_name_and_said() -> None:
    pieces, undefined = values.parse("nips # { 2020}", {})
    assert values.render(pieces) == "{nips 2020}" and undefined == ("nips",)


def test_a_file_may_redefine_a_month() -> None:
    pieces, _ = values.parse("jan", _strings(jan='"Janvier"'))
    assert values.render(pieces) == "{Janvier}"


@pytest.mark.parametrize(
    ("stored", "month"),
    [("jul", 7), ("{7}", 7), ("{July}", 7), ("{jul}", 7), ("{13}", None), ("{10~} # jan", None)],
)
def test_month_numbers(stored: str, month: int | None) -> None:
    assert values.month_number(stored) == month


_piece = st.one_of(
    st.builds(Piece, st.just("text"), st.text(st.sampled_from("ab {}\\~"), max_size=6).filter(
        lambda t: t.count("{") == t.count("}") and "}{" not in t and not t.startswith("}")
    )),
    st.builds(Piece, st.just("month"), st.sampled_from(values.MONTHS)),
)  # fmt: skip


@given(st.lists(_piece, min_size=1, max_size=5))
def test_a_stored_value_reads_back_as_itself(pieces: list[Piece]) -> None:
    stored = values.render(values.parse(values.render(tuple(pieces)), {})[0])
    assert values.render(values.pieces(stored)) == stored
