"""Index files are read as data, never as code: a restricted unpickler.

whoosh-reloaded 2.7.5 stores much of an index with ``pickle``: the segment
list of each table of contents (``_MAIN_N.toc``), the directory of each
compound segment file, the extras of its hash tables, the header and data of
every posting block, and postings inlined in a term's entry. Unpickling runs
whatever code the file names, so a crafted file dropped in ``index/`` (a
synced or shared library folder is enough) ran code on the next search, and
the index was then silently rebuilt.

:class:`RestrictedUnpickler` admits only what the files Whoosh writes for
this app's schema hold: plain values, and Whoosh's ``W3Segment`` and
``W3Codec`` (with the ``defaultdict(int)`` of a segment's field lengths, a
set of deleted documents, and the ``latin-1`` re-encoding of protocol 2's
byte strings).
Anything else raises :class:`UnsafeIndexData`, which the index treats as
damage: it is not read, the index is rebuilt from the database, and the user
is told (``SearchIndex.warnings``). The list was taken by recording every
class that reading real indexes asked for, on both code paths, rebuilds,
updates and deletions included.

The schema pickled in the table of contents is never read at all: the index
is opened with the app's own schema, which makes Whoosh skip it (it would
need Whoosh's analysis and field classes, which do run code).

Private internals, and the one change this app makes outside its own
objects: Whoosh unpickles through the name ``load_pickle`` in
``whoosh.filedb.structfile`` (every ``StructFile.read_pickle``) and ``loads``
in ``whoosh.codec.whoosh3`` (posting blocks, inlined postings).
:func:`install` points both, process-wide, at the restricted versions. It
only ever refuses: a file Whoosh wrote reads exactly as before. It is done
on every release (a release without those names is left as it is, and
re-validating it includes finding its new ones: see the README).
"""

from __future__ import annotations

import codecs
import io
import pickle
from typing import Any, BinaryIO

#: (module, name) of everything an index file may ask for.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        ("whoosh.codec.whoosh3", "W3Segment"),
        ("whoosh.codec.whoosh3", "W3Codec"),
        ("collections", "defaultdict"),
        ("builtins", "int"),  # the defaultdict's factory
        # a segment's deleted documents, as pickle protocol 2 writes a set
        ("builtins", "set"),
        ("builtins", "frozenset"),
    }
)


class UnsafeIndexData(pickle.UnpicklingError):
    """An index file asked for something a Whoosh index never holds."""


def _latin1(text: str, encoding: str = "latin1", errors: str = "strict") -> bytes:
    """``_codecs.encode`` as protocol 2 uses it for bytes, and nothing else.
    (Called for every stored posting value a block holds: the name protocol 2
    writes is compared first, the codec registry asked only for another.)"""
    if encoding == "latin1" and errors == "strict":
        return text.encode("latin-1")
    if codecs.lookup(encoding).name != "iso8859-1" or errors != "strict":
        raise UnsafeIndexData(f"an index file asked to encode text as {encoding!r}")
    return text.encode("latin-1")


class RestrictedUnpickler(pickle.Unpickler):
    """A ``pickle.Unpickler`` that finds only the classes in :data:`ALLOWED`."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("_codecs", "encode"):
            return _latin1
        if (module, name) in ALLOWED:
            return super().find_class(module, name)
        raise UnsafeIndexData(f"an index file asked for {module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        raise UnsafeIndexData("an index file asked for a persistent object")


def loads(data: bytes, *args: Any, **kwargs: Any) -> Any:
    """``pickle.loads`` for index files."""
    return RestrictedUnpickler(io.BytesIO(data)).load()


def load(file: BinaryIO, *args: Any, **kwargs: Any) -> Any:
    """``pickle.load`` for index files."""
    return RestrictedUnpickler(file).load()


def install() -> None:
    """Make Whoosh's index readers unpickle through :func:`load` and :func:`loads`."""
    from whoosh.codec import whoosh3
    from whoosh.filedb import structfile

    if hasattr(structfile, "load_pickle"):
        structfile.load_pickle = load
    if hasattr(whoosh3, "loads"):
        whoosh3.loads = loads


def unsafe(exc: BaseException) -> UnsafeIndexData | None:
    """The :class:`UnsafeIndexData` behind ``exc``, if that is what it is."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, UnsafeIndexData):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
