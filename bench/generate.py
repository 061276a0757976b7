"""Realistic generated libraries and digests, built from the sample digests.

Titles come from a word-level Markov chain over the real titles (order 2,
with order-1 jumps for variety), abstracts from real abstract sentences
reshuffled, each paper with its own invented method name the way real
abstracts introduce one ("we propose KD-CoT"). Authors, dates over ten
years, arXiv ids, notes, tags, read and starred flags follow the shares a
real reading list shows.

Papers form one deterministic stream: a library of ``n`` papers is the first
``n`` of it, and the digests to import are taken after the largest library,
so they are new to every library. Libraries are written straight into the
app's own schema (``Database.open`` runs the migrations) with bulk inserts
in one transaction, and cached under ``build/bench/`` keyed by
:data:`GENERATOR_VERSION`: bump it whenever the output changes.
"""

from __future__ import annotations

import random
import re
import shutil
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.names import FIRST_NAMES, LAST_NAMES, NOTE_OPENERS, PRIMARY_CLASSES, TAGS, VENUES
from readinglist.core.db import Database
from readinglist.core.importers import parse_input
from readinglist.core.migrations import SCHEMA_VERSION
from readinglist.core.paths import LibraryPaths
from readinglist.core.tables import DIGEST, DIGEST_ENTRY, PAPER, PAPER_TAG, TAG
from readinglist.core.text import clean_line, title_key
from readinglist.resources import sample_digests

GENERATOR_VERSION = 2
SEED = 20261121
#: The day the benchmark runs "on" (digest days have no year; this fixes it).
TODAY = date(2026, 11, 21)
#: The libraries span ten years of daily digests, ending before the bench digests.
FIRST_DAY = date(2016, 11, 1)
LAST_DAY = date(2026, 10, 31)
SIZES = (1_000, 10_000, 100_000)
#: Digests to import: (papers, how many files). Each file is a new day in November.
DIGESTS = ((100, 8), (5_000, 3))
#: Share of a generated digest that the library already holds (matched by title).
KNOWN_SHARE = 0.05
#: Markdown pages to import, as a web clipper saves a Hugging Face papers page with
#: its abstracts: (cards, how many files), each seen on a day after the digests'.
PAGES = ((5_000, 3),)

_START, _END = "\x02", "\x03"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_DEFINED_NAME = re.compile(r"\(([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*)\)")
_PERCENT = re.compile(r"\b\d{1,2}\.\d%")
_WORD = re.compile(r"[^\W\d_]+")
_NAME_PARTS = ("CoT", "LM", "Net", "GPT", "RL", "Diff", "Bench", "Former", "VLM", "KG", "Agent")


@dataclass(frozen=True)
class Corpus:
    """What the generator recombines: the real digests' titles and sentences."""

    titles: tuple[str, ...]
    openers: tuple[str, ...]
    sentences: tuple[str, ...]

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of the samples, case-folded (for checking realism)."""
        text = " ".join((*self.titles, *self.openers, *self.sentences))
        return frozenset(w.casefold() for w in _WORD.findall(text))


def load_corpus() -> Corpus:
    """Parse the sample digests with the app's own importer."""
    titles: list[str] = []
    openers: list[str] = []
    sentences: list[str] = []
    for item in sample_digests():
        batch = parse_input(item.read_bytes(), item.name, today=TODAY)
        for paper in batch.all_papers():
            titles.append(clean_line(paper.title))
            parts = [s for s in _SENTENCE.split(clean_line(paper.abstract)) if len(s) > 20]
            if parts:
                openers.append(parts[0])
                sentences.extend(parts[1:])
    return Corpus(tuple(dict.fromkeys(titles)), tuple(openers), tuple(sentences))


@dataclass
class GenPaper:
    """One generated paper, in the shape of a ``paper`` row."""

    title: str
    abstract: str
    authors: list[str]
    published: date | None
    precision: str | None
    arxiv_id: str | None
    primary_class: str | None
    venue: str | None
    upvotes: int
    digest_day: date
    read: bool
    starred: bool
    note: str
    tags: list[str] = field(default_factory=list)
    removed: bool = False

    def row(self, paper_id: int) -> dict[str, Any]:
        added = datetime.combine(self.digest_day, time(7, 30), tzinfo=UTC)
        return {
            "id": paper_id,
            "title": self.title,
            "title_key": title_key(self.title),
            "abstract": self.abstract,
            "authors": self.authors,
            "author_count": len(self.authors) or None,
            "published": self.published,
            "published_precision": self.precision,
            "arxiv_id": self.arxiv_id,
            "primary_class": self.primary_class,
            "venue": self.venue,
            "url": f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else None,
            "upvotes": self.upvotes,
            "digest_day": self.digest_day,
            "read": self.read,
            "read_at": added + timedelta(days=2) if self.read else None,
            "starred": self.starred,
            "note": self.note,
            "citation_key": None,
            "user_fields": [],
            "added_at": added,
            "updated_at": added,
            "removed_at": added + timedelta(days=30) if self.removed else None,
        }


class Generator:
    """The deterministic stream of papers (same seed, same papers)."""

    def __init__(self, corpus: Corpus, seed: int = SEED) -> None:
        self.corpus = corpus
        self.rng = random.Random(seed)
        self._chain2: dict[tuple[str, str], list[str]] = {}
        self._chain1: dict[str, list[str]] = {}
        for title in corpus.titles:
            words = [_START, _START, *title.split(), _END]
            for a, b, c in zip(words, words[1:], words[2:], strict=False):
                self._chain2.setdefault((a, b), []).append(c)
                self._chain1.setdefault(b, []).append(c)
        self._seen: set[str] = {title_key(t) for t in corpus.titles}
        self._arxiv_seq: dict[str, int] = {}
        self._days = [
            FIRST_DAY + timedelta(days=i)
            for i in range((LAST_DAY - FIRST_DAY).days + 1)
            if (FIRST_DAY + timedelta(days=i)).weekday() < 5
        ]

    def papers(self, count: int, *, days: Sequence[date] | None = None) -> list[GenPaper]:
        return [self.paper(days) for _ in range(count)]

    def paper(self, days: Sequence[date] | None = None) -> GenPaper:
        rng = self.rng
        day = rng.choice(days or self._days)
        name = _method_name(rng)
        published, precision = self._published(day)
        arxiv = self.arxiv_id(published) if published and rng.random() < 0.65 else None
        note = ""
        if rng.random() < 0.05:
            note = f"{rng.choice(NOTE_OPENERS)} {rng.choice(self.corpus.sentences)}"
        tags = rng.sample(TAGS, rng.choice((1, 1, 1, 2, 2, 3))) if rng.random() < 0.10 else []
        year = published.year if published else day.year
        return GenPaper(
            title=self._title(name),
            abstract=self._abstract(name),
            authors=self._authors(),
            published=published,
            precision=precision,
            arxiv_id=arxiv,
            primary_class=rng.choice(PRIMARY_CLASSES) if arxiv else None,
            venue=f"{rng.choice(VENUES)} {year}" if rng.random() < 0.12 else None,
            upvotes=min(int(rng.paretovariate(1.3)) - 1, 2_000),
            digest_day=day,
            read=rng.random() < 0.4,
            starred=rng.random() < 0.03,
            note=note,
            tags=tags,
            removed=rng.random() < 0.005,
        )

    def _title(self, name: str) -> str:
        rng = self.rng
        for attempt in range(30):
            words = self._walk()
            if words and words[0].endswith(":"):  # "Name: what it does": the name is new
                words[0] = f"{name}:"
            elif rng.random() < 0.25 or attempt >= 10:
                words = [f"{name}:", *words]
            title = " ".join(words)
            key = title_key(title)
            if 3 <= len(words) <= 26 and key not in self._seen:
                self._seen.add(key)
                return title
        raise RuntimeError("the title chain is exhausted")  # pragma: no cover

    def _walk(self) -> list[str]:
        rng, words = self.rng, list[str]()
        a, b = _START, _START
        while len(words) < 26:
            options = self._chain2[(a, b)]
            if b != _START and rng.random() < 0.25:
                options = self._chain1[b]
            word = rng.choice(options)
            if word == _END:
                break
            words.append(word)
            a, b = b, word
        return words

    def _abstract(self, name: str) -> str:
        rng = self.rng
        picked = [rng.choice(self.corpus.openers)]
        picked += rng.sample(self.corpus.sentences, rng.randint(3, 9))
        text = " ".join(picked)
        match = _DEFINED_NAME.search(text)
        if match:  # the paper's own method, named the way real abstracts do
            text = text.replace(match[1], name)
        return _PERCENT.sub(lambda _: f"{rng.uniform(0.5, 40):.1f}%", text)

    def _authors(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        count = (
            0
            if roll < 0.04
            else rng.randint(1, 3)
            if roll < 0.25
            else rng.randint(4, 8)
            if roll < 0.75
            else rng.randint(9, 15)
            if roll < 0.93
            else rng.randint(16, 30)
        )
        out = []
        for _ in range(count):
            first = rng.choice(FIRST_NAMES)
            if rng.random() < 0.1:
                first += f" {rng.choice(string.ascii_uppercase)}."
            out.append(f"{first} {rng.choice(LAST_NAMES)}")
        return out

    def _published(self, day: date) -> tuple[date | None, str | None]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return None, None
        back = rng.randint(0, 1_100) if rng.random() < 0.08 else rng.randint(0, 20)
        published = max(day - timedelta(days=back), FIRST_DAY - timedelta(days=1_100))
        if roll < 0.05:
            return published.replace(month=1, day=1), "year"
        if roll < 0.08:
            return published.replace(day=1), "month"
        return published, "day"

    def arxiv_id(self, published: date) -> str:
        month = f"{published:%y%m}"
        seq = self._arxiv_seq.get(month, self.rng.randint(1, 900)) + self.rng.randint(1, 40)
        self._arxiv_seq[month] = seq
        return f"{month}.{seq:05d}"


def _method_name(rng: random.Random) -> str:
    letters = "".join(rng.choices(string.ascii_uppercase, k=rng.randint(2, 5)))
    roll = rng.random()
    if roll < 0.3:
        return f"{letters}-{rng.choice(_NAME_PARTS)}"
    if roll < 0.5:
        return f"{letters[0]}{letters[1:].lower()}{rng.choice(_NAME_PARTS)}"
    if roll < 0.6:
        return f"{letters}{rng.randint(2, 9)}"
    return letters


# libraries -------------------------------------------------------------------------


def write_library(root: Path, papers: Sequence[GenPaper]) -> None:
    """Write ``papers`` into a new library at ``root`` with bulk inserts, one transaction."""
    root.mkdir(parents=True, exist_ok=True)
    db = Database.open(LibraryPaths(root).database)
    try:
        days = sorted({p.digest_day for p in papers})
        digest_ids = {d: i for i, d in enumerate(days, start=1)}
        imported = datetime.combine(LAST_DAY, time(8), tzinfo=UTC)
        tag_ids = {t: i for i, t in enumerate(TAGS, start=1)}
        entries: list[dict[str, Any]] = []
        positions: dict[date, int] = {}
        for pid, p in enumerate(papers, start=1):
            position = positions[p.digest_day] = positions.get(p.digest_day, -1) + 1
            entries.append(
                {
                    "digest_id": digest_ids[p.digest_day],
                    "paper_id": pid,
                    "position": position,
                    "upvotes": p.upvotes,
                }
            )
        with db.write() as conn:
            for start in range(0, len(papers), 20_000):
                chunk = papers[start : start + 20_000]
                conn.execute(
                    insert(PAPER), [p.row(start + i) for i, p in enumerate(chunk, start=1)]
                )
            conn.execute(
                insert(DIGEST),
                [
                    {
                        "id": i,
                        "day": d,
                        "source": "hf-text",
                        "name": f"{d:%b-%d}.txt",
                        "imported_at": imported,
                    }
                    for d, i in digest_ids.items()
                ],
            )
            conn.execute(insert(DIGEST_ENTRY), entries)
            conn.execute(insert(TAG), [{"id": i, "name": t} for t, i in tag_ids.items()])
            pairs = [
                {"paper_id": pid, "tag_id": tag_ids[t]}
                for pid, p in enumerate(papers, start=1)
                for t in p.tags
            ]
            conn.execute(insert(PAPER_TAG), pairs)
    finally:
        db.close()


def digest_text(day: date, papers: Sequence[GenPaper]) -> str:
    """A digest exactly as the Hugging Face Daily Papers page copies to text."""
    lines = ["new", "", "Get trending papers in your email inbox!", "", "Subscribe", ""]
    lines += ["byAK and the research community", "", f"{day:%b} {day.day}", ""]
    for index, paper in enumerate(papers):
        lines += [paper.title, "", paper.abstract, ""]
        meta = []
        if paper.authors:
            meta += [f"  • {len(paper.authors)} authors", "·"]
        if paper.published and paper.precision == "day" and paper.published <= day:
            when = f"{paper.published:%b} {paper.published.day}"
            if paper.published.year != day.year:
                meta.append(f"{when}, {paper.published.year}")
            else:
                meta.append(f"{when} {paper.upvotes}" if index % 3 and paper.upvotes else when)
        if meta and meta[-1] == "·":
            meta.pop()
        if meta:
            lines += [*meta, ""]
    return "\n".join(lines)


def page_markdown(day: date, papers: Sequence[GenPaper]) -> str:
    """A papers page with its abstracts as a browser's "copy as Markdown" saves it:
    front matter, thumbnails and avatars as images, ``### [Title](…/papers/ID)``,
    the abstract as link text broken by ``\\`` hard breaks, then the authors,
    the date and a comment count as links (tests/data/hf_pages has each shape)."""
    url = "https://huggingface.co/papers"
    lines = ["---", f"source: {url}?q=knowledge", f"created: {day.isoformat()}", "---", ""]
    lines += ["# Daily Papers", "", f"by [AK]({url[:-7]}akhaliq) and the research community", ""]
    for index, paper in enumerate(papers):
        page = f"{url}/{paper.arxiv_id}"
        title = _md_escape(paper.title)
        sentences = _SENTENCE.split(_md_escape(paper.abstract.replace("[", "(").replace("]", ")")))
        chunks = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
        lines += [f"[![](https://cdn-thumbnails.huggingface.co/{paper.arxiv_id}.png)]({page})", ""]
        lines += [f"[{paper.upvotes}]({url[:-7]}login?next=%2Fpapers%2F{paper.arxiv_id})", ""]
        lines += [f"### [{title}]({page})", "", "[" + " \\\n".join(chunks) + f"]({page})", ""]
        faces = " ".join("![](https://cdn-avatars.huggingface.co/a.png)" for _ in paper.authors[:3])
        when = ""
        if paper.published:
            year = f", {paper.published.year}" if paper.published.year != day.year else ""
            when = f"Published on {paper.published:%b} {paper.published.day}{year}"
        comments = f"[{index % 7}]({page}#community)" if index % 7 else ""
        lines += [f"[- {faces} {len(paper.authors)} authors]({page}) · {when}{comments}", ""]
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")


@dataclass(frozen=True)
class BenchData:
    """Where the cached libraries and digest files are."""

    root: Path

    def library(self, size: int) -> Path:
        return self.root / f"lib-{size}"

    def digests(self, papers: int) -> list[Path]:
        return sorted((self.root / "digests").glob(f"digest-{papers}-*.txt"))

    def pages(self, papers: int) -> list[Path]:
        return sorted((self.root / "digests").glob(f"page-{papers}-*.md"))


def data_folder() -> str:
    """The cache key: a new generator or a new schema means new libraries."""
    return f"gen-v{GENERATOR_VERSION}-schema{SCHEMA_VERSION}"


def ensure_data(build: Path, log: Any = print) -> BenchData:
    """Build (once) the libraries and digest files for this generator version."""
    root = build / data_folder()
    data = BenchData(root)
    if (root / "complete").exists():
        return data
    for stale in build.glob("gen-v*"):  # an older generator's or schema's data
        shutil.rmtree(stale, ignore_errors=True)
    tmp = build / f"{data_folder()}.part"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    log(f"generating libraries of {', '.join(f'{n:,}' for n in SIZES)} papers (cached in {root})")
    gen = Generator(load_corpus())
    papers = gen.papers(max(SIZES))
    for size in SIZES:
        write_library(tmp / f"lib-{size}", papers[:size])
    (tmp / "digests").mkdir()
    day = date(2026, 11, 2)
    known = random.Random(SEED + 1)
    for count, files in DIGESTS:
        for number in range(files):
            fresh = gen.papers(count, days=[day])
            for slot in known.sample(range(count), int(count * KNOWN_SHARE)):
                fresh[slot] = papers[known.randrange(len(papers))]
            text = digest_text(day, fresh)
            (tmp / "digests" / f"digest-{count}-{number}.txt").write_text(text, encoding="utf-8")
            day += timedelta(days=1)
    for count, files in PAGES:
        for number in range(files):
            fresh = gen.papers(count, days=[day])
            for paper in fresh:  # every paper on a Hugging Face page has its arXiv id
                if paper.arxiv_id is None:
                    paper.arxiv_id = gen.arxiv_id(paper.published or day)
                paper.published = paper.published if paper.precision == "day" else None
            text = page_markdown(day, fresh)
            (tmp / "digests" / f"page-{count}-{number}.md").write_text(text, encoding="utf-8")
            day += timedelta(days=1)
    (tmp / "complete").write_text(f"{GENERATOR_VERSION}\n")
    tmp.rename(root)
    return data


def iter_titles(corpus: Corpus, count: int) -> Iterator[str]:
    """Generated titles only (for the realism test)."""
    gen = Generator(corpus)
    for _ in range(count):
        yield gen.paper().title
