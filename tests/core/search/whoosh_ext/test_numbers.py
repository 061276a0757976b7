"""A numeric column read in one piece equals Whoosh's own iteration of it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.columns import NumericColumn
from whoosh.filedb.filestore import RamStorage

from readinglist.core.search.whoosh_ext.numbers import column_values

WIDTHS = {"B": 255, "H": 2**16 - 1, "I": 2**32 - 1, "i": 2**31 - 1, "q": 2**63 - 1}


def _reader(code: str, values: list[int], docs: int, default: int = 0) -> NumericColumn.Reader:
    """A column written by Whoosh's own writer (which leaves trailing defaults out)."""
    column = NumericColumn(code, default=default)
    storage = RamStorage()
    out = storage.create_file("c")
    writer = column.writer(out)
    for docnum, value in enumerate(values):
        writer.add(docnum, value)
    writer.finish(docs)
    length = out.tell()
    out.close()
    return column.reader(storage.open_file("c"), 0, length, docs)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), code=st.sampled_from(sorted(WIDTHS)))
def test_the_same_values_as_whoosh_iterating(data: st.DataObject, code: str) -> None:
    low = -(2**31) if code == "i" else -(2**63) if code == "q" else 0
    values = data.draw(st.lists(st.integers(low, WIDTHS[code]), max_size=60))
    docs = len(values) + data.draw(st.integers(0, 5))  # documents past the last value
    default = data.draw(st.sampled_from([0, 1]))
    reader = _reader(code, values, docs, default)
    assert column_values(reader) == list(reader)


def test_other_readers_are_iterated_as_whoosh_iterates_them() -> None:
    class Plain:
        def __iter__(self) -> object:
            return iter([3, 1, 2])

    assert column_values(Plain()) == [3, 1, 2]


def test_a_reader_laid_out_otherwise_is_iterated() -> None:
    reader = _reader("I", [5, 6, 7], 3)
    reader._typecode = "Z"  # no array type this module knows
    assert column_values(reader) == [5, 6, 7]
