"""clean_line: the fast path says exactly what the obvious regex says."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from readinglist.core.text import clean_line, title_key

_REFERENCE_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_TRICKY = (
    "\u00a0\u2000\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000"
    "\ufeff\u00ad\x1c\x85\t\n "
)


def reference(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _REFERENCE_SPACES.sub(" ", text).strip()


@given(st.text(alphabet=st.characters() | st.sampled_from(_TRICKY)))
def test_clean_line_matches_the_reference(text: str) -> None:
    assert clean_line(text) == reference(text)


def test_every_unicode_space_is_one_space() -> None:
    spaces = "".join(chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace())
    assert clean_line(f"a{spaces}b") == reference(f"a{spaces}b") == "a b"


def test_invisible_characters_are_dropped_and_keys_fold_case() -> None:
    assert clean_line("\ufeffKnow\u200bledge\u00a0 Distil\u00adlation ") == "Knowledge Distillation"
    assert title_key("  Cafe\u0301  AU\u00a0LAIT ") == "café au lait"
