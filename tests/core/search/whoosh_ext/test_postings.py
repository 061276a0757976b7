"""The fast writer's segments are Whoosh's own, byte for byte: the same
documents through ``FastWriter`` and through Whoosh's ``SegmentWriter`` give
the same files, whether added in one go, merged from older segments (with
deletions), or rolled over into several segments (then the same postings)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import OPTIMIZE, SegmentWriter

from bench.generate import Generator, load_corpus
from readinglist.core.search.schema import PaperText, build_schema
from readinglist.core.search.whoosh_ext import postings
from readinglist.core.search.whoosh_ext.writer import FastWriter

#: Enough papers that common words fill several 128-posting blocks.
PAPERS = 400


@pytest.fixture(scope="module")
def texts() -> list[PaperText]:
    papers = Generator(load_corpus()).papers(PAPERS)
    return [
        PaperText(n + 1, p.title, p.abstract or "", p.note or "", list(p.authors), list(p.tags))
        for n, p in enumerate(papers)
    ]


Writer = Callable[..., Any]


def _index(storage: RamStorage) -> Any:
    return storage.create_index(build_schema())


def _files(storage: RamStorage) -> dict[str, bytes]:
    """Every segment file's bytes by what it is (the segment's random id left out)."""
    out = {}
    for name in storage.list():
        if name.endswith(".toc") or "LOCK" in name:
            continue
        out[name.split(".", 1)[1]] = storage.open_file(name).read()
    return out


def _postings(storage: RamStorage) -> Iterator[tuple[Any, ...]]:
    """Every posting of the index in (field, term, global docnum) order, with its
    weight, value and the term's statistics, read through Whoosh's reader."""
    reader = _index_of(storage).reader()
    for fieldname, tbytes in reader.all_terms():
        info = reader.term_info(fieldname, tbytes)
        stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
        matcher = reader.postings(fieldname, tbytes)
        while matcher.is_active():
            yield fieldname, tbytes, stats, matcher.id(), matcher.weight(), matcher.value()
            matcher.next()


def _index_of(storage: RamStorage) -> Any:
    return storage.open_index(schema=build_schema())


def _write(writer: Writer, storage: RamStorage, batch: list[PaperText], **kwargs: Any) -> None:
    w = writer(_index_of(storage), compound=False, **kwargs)
    for text in batch:
        w.add_document(**text.document())
    w.commit()


def test_one_segment_is_byte_identical(texts: list[PaperText]) -> None:
    stock, fast = RamStorage(), RamStorage()
    _index(stock), _index(fast)
    _write(SegmentWriter, stock, texts)
    _write(FastWriter, fast, texts)
    expected = _files(stock)
    assert {"pst", "trm", "_text_len.col", "pid.col"} <= set(expected)
    assert _files(fast) == expected


def test_merged_segments_with_deletions_are_byte_identical(texts: list[PaperText]) -> None:
    """Whoosh's merge (``add_reader``) feeds the pool posting by posting, with
    renumbered documents: the fast pool writes what Whoosh's pool writes."""
    written = []
    for writer in (SegmentWriter, FastWriter):
        storage = RamStorage()
        _index(storage)
        for start in range(0, 120, 40):
            _write(writer, storage, texts[start : start + 40])
        w = writer(_index_of(storage), compound=False)
        for docnum in (0, 5, 41, 100):
            w.delete_document(docnum)
        for text in texts[120:160]:
            w.add_document(**text.document())
        w.commit(mergetype=OPTIMIZE)
        written.append(_files(storage))
    assert written[1] == written[0]


def test_rolled_segments_hold_the_same_postings(texts: list[PaperText]) -> None:
    stock, fast = RamStorage(), RamStorage()
    _index(stock), _index(fast)
    _write(SegmentWriter, stock, texts)
    _write(FastWriter, fast, texts, limitmb=1)
    segments = _index_of(fast).reader().leaf_readers()
    assert len(segments) > 1
    whole = list(_postings(stock))
    assert [p[:2] + p[3:] for p in _postings(fast)] == [p[:2] + p[3:] for p in whole]
    assert len(whole) > 10 * PAPERS


def test_a_failed_document_leaves_no_posting(texts: list[PaperText]) -> None:
    stock, fast = RamStorage(), RamStorage()
    _index(stock), _index(fast)
    _write(SegmentWriter, stock, texts[:30])
    w = FastWriter(_index_of(fast), compound=False)
    for number, text in enumerate(texts[:30]):
        w.add_document(**text.document())
        if number == 10:
            bad = texts[40].document()
            bad["title"] = object()  # its other fields were already filed under their terms
            with pytest.raises(TypeError):
                w.add_document(**bad)
    w.commit()
    # (the per-document columns are Whoosh's: its ``cancel_doc`` keeps what the
    # failed document wrote there, with either writer)
    postings_only = {"pst", "trm"}
    expected = {k: v for k, v in _files(stock).items() if k in postings_only}
    assert {k: v for k, v in _files(fast).items() if k in postings_only} == expected


def test_terms_are_sorted_in_slices_merged_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postings, "SORT_SLICE", 7)
    terms = [f"term{n * 7919 % 100}".encode() for n in range(100)]
    found = postings.sorted_terms(terms)
    assert not isinstance(found, list)
    assert list(found) == sorted(terms)
