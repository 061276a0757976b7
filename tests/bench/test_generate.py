"""The benchmark's generated papers look like real ones (realism, not timings)."""

from __future__ import annotations

import re
from datetime import timedelta

from bench.generate import (
    FIRST_DAY,
    LAST_DAY,
    TODAY,
    Generator,
    digest_text,
    load_corpus,
)
from readinglist.core.importers import parse_input

WORD = re.compile(r"[^\W\d_]+")


def test_titles_and_abstracts_are_made_of_the_samples_words() -> None:
    corpus = load_corpus()
    papers = Generator(corpus).papers(300)
    for paper in papers:
        # the paper's own invented method name is the one word not from the samples
        head = paper.title.split(":")[0] if ":" in paper.title else ""
        invented = {w.casefold() for w in WORD.findall(head)}
        for text in (paper.title, paper.abstract):
            unknown = {w.casefold() for w in WORD.findall(text)} - corpus.words - invented
            assert len(unknown) <= 2, (text, unknown)
    assert len({p.title for p in papers}) == len(papers)


def test_papers_have_realistic_shapes() -> None:
    papers = Generator(load_corpus()).papers(2_000)
    assert all(0 <= len(p.authors) <= 30 for p in papers)
    assert any(len(p.authors) > 15 for p in papers)
    assert any(not all(a.isascii() for a in p.authors) for p in papers)  # accented names
    assert all(FIRST_DAY <= p.digest_day <= LAST_DAY for p in papers)
    assert timedelta(days=3_600) <= LAST_DAY - FIRST_DAY
    assert 0.02 < sum(bool(p.note) for p in papers) / len(papers) < 0.08
    assert 0.06 < sum(bool(p.tags) for p in papers) / len(papers) < 0.14
    assert 0.4 < sum(bool(p.arxiv_id) for p in papers) / len(papers) < 0.8


def test_generated_digest_reads_as_a_real_digest() -> None:
    gen = Generator(load_corpus())
    day = TODAY - timedelta(days=3)
    papers = gen.papers(40, days=[day])
    batch = parse_input(digest_text(day, papers).encode(), "generated.txt", today=TODAY)
    (digest,) = batch.digests
    assert digest.day == day
    assert [p.title for p in digest.papers] == [p.title for p in papers]
    assert [p.author_count for p in digest.papers] == [len(p.authors) or None for p in papers]


def test_the_generated_bibliography_reads_like_a_real_one() -> None:
    from collections import Counter

    from bench.bibfile import bib_text, latex_heavy_field
    from readinglist.core.importers import bibtex_file

    papers = Generator(load_corpus()).papers(600)
    text = bib_text(papers)
    batch = bibtex_file.parse(text, "bibliography.bib")
    assert not [n for n in batch.notices if n.skipped]  # every entry valid BibTeX
    kinds = Counter(p.record.entry_type for p in batch.papers if p.record)
    assert {"article", "inproceedings", "book", "phdthesis", "techreport", "online"} <= set(kinds)
    assert kinds["article"] > kinds["book"]
    assert '\\"' in text and "{\\'" in text and "@string{" in text and "crossref" in text
    assert sum(bool(p.arxiv_id) for p in batch.papers) > 100
    (heavy,) = bibtex_file.parse(latex_heavy_field(100_000), "heavy.bib").papers
    assert heavy.abstract.startswith("Die Übersetzung von naïve Ansätzen für O(n log n)")
