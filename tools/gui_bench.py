"""Measure the window on a large library: start to first rows, jump to end, sort, RSS.

    python tools/gui_bench.py [--papers 100000] [--library build/bench-gui-100k]

Builds the library once (realistic titles and abstracts recombined from the
sample digests' own sentences, written with bulk SQL) and caches it. Timings
are printed; nothing asserts them (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from readinglist.core.db import Database
from readinglist.resources import sample_digests


def corpus() -> tuple[list[str], list[str]]:
    """Titles and abstract sentences from the real sample digests."""
    titles: list[str] = []
    sentences: list[str] = []
    for item in sample_digests():
        lines = [ln.strip() for ln in item.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for before, line in itertools.pairwise(lines):
            if len(line) > 300 and 20 < len(before) < 250:
                titles.append(before)
                sentences += [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s) > 30]
    return titles, sentences


def build(root: Path, n: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    db = Database.open(root / "library.sqlite3")
    rng = random.Random(7)
    titles, sentences = corpus()
    words = " ".join(titles).split()
    now = datetime.now(UTC).replace(microsecond=0)
    start = date(2016, 1, 1)
    days = [start + timedelta(days=i) for i in range(0, 3650, 3)]
    raw = db.engine.raw_connection()
    cur = raw.cursor()
    cur.execute("BEGIN IMMEDIATE")
    cur.executemany(
        "INSERT INTO digest (id, day, source, name, imported_at) VALUES (?, ?, ?, ?, ?)",
        [
            (i + 1, d.isoformat(), "bench", f"{d:%b} {d.day}", now.isoformat(" "))
            for i, d in enumerate(days)
        ],
    )
    rows = []
    entries = []
    for i in range(1, n + 1):
        base = rng.choice(titles).split(":")[0]
        title = f"{base}: {' '.join(rng.sample(words, rng.randint(3, 9)))} ({i})"
        abstract = " ".join(rng.sample(sentences, rng.randint(4, 9)))
        digest = rng.randrange(len(days))
        published = days[digest] - timedelta(days=rng.randint(0, 400))
        authors = json.dumps([f"Author {rng.randint(1, 5000)}" for _ in range(rng.randint(0, 12))])
        rows.append(
            (
                i,
                title,
                title.casefold(),
                abstract,
                authors,
                published.isoformat(),
                "day",
                rng.choice([0, 0, 0, rng.randint(1, 300)]),
                days[digest].isoformat(),
                rng.random() < 0.4,
                rng.random() < 0.05,
                "a note" if rng.random() < 0.03 else "",
                now.isoformat(" "),
                now.isoformat(" "),
            )
        )
        entries.append((digest + 1, i, i % 100))
    cur.executemany(
        "INSERT INTO paper (id, title, title_key, abstract, authors, published,"
        " published_precision, upvotes, digest_day, read, starred, note, added_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    cur.executemany(
        "INSERT INTO digest_entry (digest_id, paper_id, position) VALUES (?, ?, ?)", entries
    )
    cur.execute("COMMIT")
    raw.close()
    db.close()


def process_start_to_first_rows(root: Path, runs: int) -> tuple[list[float], list[float]]:
    times, rss = [], []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "readinglist", "--library", str(root), "--smoke-test"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("first-rows"):
                times.append(time.perf_counter() - t0)
            if line.startswith("peak-rss-mb"):
                rss.append(float(line.split()[1]))
        proc.wait()
    return times, rss


def in_process(root: Path) -> dict[str, float]:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from readinglist.core.factory import open_library
    from readinglist.gui.app import application
    from readinglist.gui.main_window import MainWindow

    application()
    settings = QSettings(str(root / "bench-settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("list/view", "view:all")
    library = open_library(root)
    window = MainWindow(library, settings)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    view = window.view
    out: dict[str, list[float]] = {"jump_to_end": [], "jump_to_start": []}
    for _ in range(5):
        t0 = time.perf_counter()
        view.scrollToBottom()
        view.viewport().repaint()
        out["jump_to_end"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        view.scrollToTop()
        view.viewport().repaint()
        out["jump_to_start"].append(time.perf_counter() - t0)
    for column, name in enumerate(("star", "title", "published", "digest", "upvotes")):
        key = f"sort_{name}"
        out[key] = []
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder) * 2:
            t0 = time.perf_counter()
            view.sortByColumn(column, order)
            view.viewport().repaint()
            out[key].append(time.perf_counter() - t0)
    for flt in ("view:inbox", "view:starred", "view:all"):
        key = f"switch_{flt.split(':')[1]}"
        t0 = time.perf_counter()
        window.sidebar.select_key(flt)
        view.viewport().repaint()
        out[key] = [time.perf_counter() - t0]
    t0 = time.perf_counter()
    window.model.row_data(window.model.rowCount() // 2)
    window.view.setFocus()
    window.close()
    library.close()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--library", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = args.library or Path("build") / f"bench-gui-{args.papers // 1000}k"
    if not (root / "library.sqlite3").exists():
        t0 = time.perf_counter()
        build(root, args.papers)
        print(f"built {args.papers:,} papers in {time.perf_counter() - t0:.1f} s -> {root}")
    first, rss = process_start_to_first_rows(root, args.runs)
    print(
        f"process start -> first painted rows: median {statistics.median(first) * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in first)}) target < 1500 ms"
    )
    print(f"peak RSS: max {max(rss):.0f} MB (target < 400 MB)")
    for key, value in in_process(root).items():
        print(f"{key:>18}: {value * 1000:7.1f} ms (median; target < 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
