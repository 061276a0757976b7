"""One worker of a parallel rebuild (:mod:`.parallel`), run as ``python -m``.

Reads pickles from standard input: first ``(folder, indexname, schema,
limitmb)``, then lists of documents, then ``None``; indexes the documents
into new segments of that index (no lock, no commit) and writes one pickle
to standard output: ``("ok", segments)`` or ``("error", exception)``.
Anything else printed goes to standard error, so the answer stays readable.
"""

from __future__ import annotations

import pickle
import sys
from typing import IO, Any

from readinglist.core.search.whoosh_ext import safepickle
from readinglist.core.search.whoosh_ext.mapped import MappedStorage
from readinglist.core.search.whoosh_ext.writer import FastWriter


def run(source: IO[bytes], answer: IO[bytes]) -> None:
    """Index what ``source`` sends; answer on ``answer``."""
    result: tuple[str, Any]
    try:
        safepickle.install()
        folder, indexname, schema, limitmb = pickle.load(source)
        ix = MappedStorage(folder).open_index(indexname, schema=schema)
        writer = FastWriter(ix, _lk=False, limitmb=limitmb)
        while (batch := pickle.load(source)) is not None:
            for doc in batch:
                writer.add_document(**doc)
        result = ("ok", writer.finish_segments())
    except BaseException as exc:  # the parent raises it
        result = ("error", exc)
    try:
        pickle.dump(result, answer, pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle
        value = result[1]
        pickle.dump(("error", OSError(f"{type(value).__name__}: {value}")), answer)
    answer.flush()


def main() -> None:
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr
    run(sys.stdin.buffer, answer)


if __name__ == "__main__":
    main()
