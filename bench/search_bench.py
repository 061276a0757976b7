"""Search benchmark helper: a synthetic library, reindex speed, query latency.

``python -m bench.search_bench --papers 100000`` builds (once, cached under
``build/``) a library whose titles and abstracts are recombined from the
sample digests' real sentences and words, then times ``Library.reindex`` and
a mix of queries (with highlights, limit 20). Reusable by the benchmark
branch: :func:`make_library`, :func:`time_reindex`, :func:`time_queries`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from readinglist.core.factory import open_library
from readinglist.core.library import Library
from readinglist.core.search import capped
from readinglist.core.search.index import SearchIndex
from readinglist.core.text import title_key
from readinglist.resources import sample_digests

QUERIES = {
    "one word": ["distillation", "diffusion", "reasoning", "benchmark", "robot"],
    "two words": [
        "knowledge distillation",
        "language model",
        "image generation",
        "video diffusion",
    ],
    "phrase": ['"large language models"', '"knowledge distillation"', '"reinforcement learning"'],
    "prefix": ["distil*", "halluc*", "multimod*"],
    "fuzzy": ["knowlege~", "difusion~", "transformr~"],
    "fielded": ["title:distillation", "title:agent", "abstract:retrieval"],
    "filtered": ["diffusion is:unread", "reasoning year:2021..2023", "is:starred agent"],
    "no hits": ["zzzqqq", "xylophonequartz"],
}


def _corpus() -> tuple[list[str], list[str]]:
    titles: list[str] = []
    sentences: list[str] = []
    for item in sample_digests():
        blocks = [b.strip() for b in item.read_text("utf-8").split("\n\n") if b.strip()]
        for i, block in enumerate(blocks[:-1]):
            nxt = blocks[i + 1]
            if len(block) < 200 and len(nxt) > 300:
                titles.append(block)
                sentences += re.split(r"(?<=[.!?])\s+", nxt)
    return titles, sentences


def make_library(root: Path, papers: int, seed: int = 7) -> Path:
    """Write a synthetic library of ``papers`` papers straight into SQLite (fast)."""
    if (root / "library.sqlite3").exists():
        return root
    with open_library(root):
        pass  # creates the schema
    rng = random.Random(seed)
    titles, sentences = _corpus()
    words = sorted({w for t in titles for w in t.split()})
    names = ["Wang", "Li", "Zhang", "Müller", "García", "Smith", "Kumar", "Nguyen", "Dubois", "Øst"]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    start = date(2016, 1, 1)
    rows = []
    for n in range(papers):
        title = " ".join(rng.sample(words, rng.randint(6, 14))) + f" {n}"
        abstract = " ".join(rng.sample(sentences, rng.randint(5, 9)))
        authors = [
            f"{rng.choice('ABCDEFGHJKLMNPRS')}. {rng.choice(names)}"
            for _ in range(rng.randint(0, 30))
        ]
        day = (start + timedelta(days=rng.randint(0, 3650))).isoformat()
        note = " ".join(rng.sample(sentences, 1)) if rng.random() < 0.05 else ""
        rows.append(
            (
                title,
                title_key(title),
                abstract,
                json.dumps(authors),
                len(authors),
                day,
                "day",
                day,
                int(rng.random() < 0.3),
                int(rng.random() < 0.05),
                note,
                now,
                now,
            )
        )
    conn = sqlite3.connect(root / "library.sqlite3")
    with conn:
        conn.executemany(
            "INSERT INTO paper (title, title_key, abstract, authors, author_count, published, "
            "published_precision, digest_day, read, starred, note, added_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    conn.close()
    return root


def time_reindex(library: Library) -> tuple[float, float]:
    """Papers per second for a full rebuild: wall clock and CPU time."""
    t0, c0 = time.perf_counter(), time.process_time()
    count = library.reindex()
    return count / (time.perf_counter() - t0), count / (time.process_time() - c0)


def time_queries(
    library: Library, repeat: int = 5, clock: Callable[[], float] = time.perf_counter
) -> dict[str, tuple[float, float]]:
    """Median and p95 in ms per query kind (first 20 hits, highlighted).

    ``clock=time.process_time`` measures CPU time: steadier than wall time
    when other jobs share the machine."""
    out = {}
    for kind, queries in QUERIES.items():
        samples = []
        for _ in range(repeat):
            for q in queries:
                t0 = clock()
                library.search(q, limit=20)
                samples.append((clock() - t0) * 1000)
        samples.sort()
        out[kind] = (statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--no-reindex", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="time queries in CPU time, not wall")
    parser.add_argument("--budget", type=int, help="override capped.BUDGET (candidates ranked)")
    parser.add_argument("--limitmb", type=int, help="index writer memory (rebuild segment size)")
    args = parser.parse_args()
    if args.budget:
        capped.BUDGET = args.budget
    root = make_library(Path("build") / f"search-{args.papers}", args.papers)
    t0 = time.perf_counter()
    c0 = time.process_time()
    with open_library(root) as library:
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"open (incl. any rebuild): {wall:.2f} s wall, {cpu:.2f} s cpu")
        rates = f"{args.papers / wall:.0f} papers/s wall, {args.papers / cpu:.0f} papers/s cpu"
        print(f"  = {rates} (if it rebuilt)")
        if args.limitmb:
            assert isinstance(library.index, SearchIndex)
            library.index.limitmb = args.limitmb
        if not args.no_reindex:
            wall, cpu = time_reindex(library)
            print(f"reindex: {wall:.0f} papers/s wall, {cpu:.0f} papers/s cpu")
        everything: list[float] = []
        clock = time.process_time if args.cpu else time.perf_counter
        for kind, (median, p95) in time_queries(library, clock=clock).items():
            print(f"{kind:>10}: median {median:6.1f} ms  p95 {p95:6.1f} ms")
            everything += [median]
        print(f"mix median of medians {statistics.median(everything):.1f} ms")


if __name__ == "__main__":
    main()
