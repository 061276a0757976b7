"""A numeric column's values, read in one piece.

Why: Whoosh reads a column one document at a time, through three Python
calls and a ``struct`` unpack each (about 6 µs). The search reads two kinds
of columns whole (each segment's paper ids, :mod:`..pids`, and each field's
lengths, :mod:`.scoring`): at 100,000 papers Whoosh's iteration took 0.5 s
for the five scored fields and 0.15 s for the ids. A fixed-width numeric
column is stored as consecutive big-endian numbers, so one read and one
``array`` decode give the same list in about a millisecond.

Private internals of ``whoosh.columns.NumericColumn.Reader`` (its file,
offset, counts and type code); any other reader, or one whose layout differs
from what was checked here, is iterated the way Whoosh iterates it.
"""

from __future__ import annotations

import struct
import sys
from array import array
from typing import Any

from whoosh.columns import NumericColumn


def column_values(reader: Any) -> list[Any]:
    """Every document's value of ``reader``, as ``list(reader)`` gives them."""
    fast = _numeric(reader)
    return list(reader) if fast is None else fast


def _numeric(reader: Any) -> list[int] | None:
    if type(reader) is not NumericColumn.Reader:
        return None
    try:
        code: str = reader._typecode
        width: int = reader._fixedlen
        stored: int = reader._count
        total: int = reader._doccount
        default: int = reader._default
        data = array(code)
    except (AttributeError, TypeError, ValueError):
        return None
    if data.itemsize != width or struct.calcsize("!" + code) != width or stored > total:
        return None
    data.frombytes(reader._dbfile.get(reader._basepos, stored * width))
    if width > 1 and sys.byteorder == "little":
        data.byteswap()  # stored big-endian ("!")
    values = data.tolist()
    values.extend([default] * (total - stored))  # documents past the last stored value
    return values
