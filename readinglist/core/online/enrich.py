"""``library.enrichment``: completing papers from Hugging Face and arXiv.

A run goes through its papers in four steps, each answer merged (by the
order-independent rules of :mod:`readinglist.core.merge_rules`, so fields
the user edited and everything the user typed stay) and committed as soon
as it is matched:

1. the Daily Papers of each digest day (one request a day) for papers with
   no arXiv id or no author names, matched by id or normalised title;
2. Hugging Face's record of a paper that has an arXiv id but no authors and
   was on no such day;
3. arXiv's records of every paper with an arXiv id, fifty ids a request
   (authors, abstract, primary category, DOI, journal reference, version);
4. an arXiv title search for each paper still without an id.

What a step committed stays if a later one fails or is cancelled; with the
answers in the cache, running it again asks the network only for what is
left (resumable after a crash). Papers no answer matched are listed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from readinglist.core.chunks import chunks
from readinglist.core.db import utcnow
from readinglist.core.errors import OnlineError
from readinglist.core.importers.base import IncomingPaper
from readinglist.core.merge import merge_known
from readinglist.core.online.clock import Cancelled
from readinglist.core.online.matching import Target, pair
from readinglist.core.online.scope import EnrichScope, load_targets
from readinglist.core.store import Store
from readinglist.core.tables import PAPER
from readinglist.core.views import ChangeSet

if TYPE_CHECKING:  # httpx is imported only by a run that goes online
    from readinglist.core.online.session import OnlineSources

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Unmatched:
    id: int
    title: str


@dataclass(frozen=True)
class EnrichReport:
    """What a run did; ``error`` or ``cancelled`` say it stopped early."""

    papers: int
    complete: int
    found: int
    enriched: tuple[int, ...]
    unmatched: tuple[Unmatched, ...]
    notices: tuple[str, ...]
    requests: int
    cached: int
    cancelled: bool = False
    error: str | None = None

    @property
    def finished(self) -> bool:
        return not self.cancelled and self.error is None

    def summary(self) -> str:
        """``40 papers: 38 found, 36 completed, 2 not matched (3 requests, 1 from the cache)``."""
        parts = [f"{self.found} found", f"{len(self.enriched)} completed"]
        if self.complete:
            parts.append(f"{self.complete} already complete")
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} not matched")
        text = f"{self.papers} paper{'s' if self.papers != 1 else ''}: {', '.join(parts)}"
        sent = f"{self.requests} request{'s' if self.requests != 1 else ''}"
        text += f" ({sent}, {self.cached} from the cache)" if self.cached else f" ({sent})"
        if self.cancelled:
            text += "; cancelled (what was found is kept; run it again to go on)"
        elif self.error:
            text += "; stopped early (what was found is kept; run it again to go on)"
        return text


class Enrichment:
    """The Library's part for completing papers online (``library.enrichment``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def run(
        self,
        scope: EnrichScope,
        sources: OnlineSources,
        *,
        progress: Progress | None = None,
    ) -> EnrichReport:
        """Complete the papers of ``scope``; network failures end the run, reported.

        Unknown ids or digest days raise before anything is fetched.
        """
        with self._store.db.read() as conn:
            targets = load_targets(conn, scope)
        run = _Run(self._store, sources, targets, progress)
        try:
            run.steps(scope)
        except Cancelled:
            run.cancelled = True
        except OnlineError as exc:
            run.error = str(exc)
        return run.report()


@dataclass
class _Run:
    store: Store
    sources: OnlineSources
    targets: list[Target]
    progress: Progress | None
    cancelled: bool = False
    error: str | None = None
    found: set[int] = field(default_factory=set)
    enriched: set[int] = field(default_factory=set)
    searched: set[int] = field(default_factory=set)
    found_on_hf: set[int] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)
    done: int = 0
    #: The targets this run works on: all of them when refreshing, else the incomplete.
    todo: list[Target] = field(init=False)

    def __post_init__(self) -> None:
        self.todo = [t for t in self.targets if self.sources.refresh or not t.complete]

    # the steps ---------------------------------------------------------------

    def steps(self, scope: EnrichScope) -> None:
        self._tick()
        self._daily_papers(scope)
        self._hf_papers()
        self._arxiv_records()
        self._arxiv_titles()

    def _daily_papers(self, scope: EnrichScope) -> None:
        days = sorted(set(scope.digests) or {d for t in self._lacking() for d in t.days})
        for day in days:
            wanted = [t for t in self._lacking() if day in t.days]
            if not wanted:
                continue
            self._check()
            answers = self.sources.hf.daily_papers(day)
            self._commit(pair(wanted, answers))
            self.found_on_hf.update(t.id for t in wanted if t.id in self.found)
            self._tick()

    def _hf_papers(self) -> None:
        for target in [t for t in self._lacking() if t.arxiv_id and t.id not in self.found_on_hf]:
            assert target.arxiv_id is not None
            self._check()
            answer = self.sources.hf.paper(target.arxiv_id)
            if answer is not None:
                self._commit([(target, answer)])
            self._tick()

    def _arxiv_records(self) -> None:
        with_ids = [t for t in self.todo if t.arxiv_id]
        size = self.sources.arxiv.batch
        for batch in (with_ids[i : i + size] for i in range(0, len(with_ids), size)):
            self._check()
            records = self.sources.arxiv.by_ids([t.arxiv_id for t in batch if t.arxiv_id])
            self._commit([(t, records[t.arxiv_id]) for t in batch if t.arxiv_id in records])
            self._tick()
        refused = self.sources.arxiv.refused_ids
        self.notices.extend(f"arXiv refused the id {text}" for text in refused)

    def _arxiv_titles(self) -> None:
        for target in [t for t in self.todo if not t.arxiv_id]:
            self._check()
            self._commit(pair([target], self.sources.arxiv.search_title(target.title)))
            self.searched.add(target.id)
            self._tick()

    # helpers -------------------------------------------------------------------

    def _lacking(self) -> list[Target]:
        """Papers Hugging Face can help: no arXiv id or no author names yet."""
        return [t for t in self.todo if not t.arxiv_id or not t.has_authors]

    def _check(self) -> None:
        self.sources.cancel.check()

    def _planned(self) -> int:
        """Requests still ahead, as far as can be told now (some are answered by the cache)."""
        batch = self.sources.arxiv.batch
        with_ids = sum(1 for t in self.todo if t.arxiv_id)
        without = sum(1 for t in self.todo if not t.arxiv_id and t.id not in self.searched)
        return math.ceil(with_ids / batch) + without

    def _tick(self) -> None:
        if self.progress is not None:
            self.done += 1
            self.progress(self.done - 1, self.done - 1 + max(self._planned(), 1))

    def _commit(self, pairs: Sequence[tuple[Target, IncomingPaper]]) -> None:
        """Merge matched answers in one transaction; tell listeners what changed."""
        if not pairs:
            return
        with self.store.write() as conn:
            kept = self._without_conflicts(conn, pairs)
            changed = merge_known(conn, [(t.id, answer) for t, answer in kept], utcnow())
            stored: dict[int, tuple[str | None, list[str]]] = {}
            for chunk in chunks([t.id for t, _ in kept]):
                stmt = select(PAPER.c.id, PAPER.c.arxiv_id, PAPER.c.authors)
                for pid, arxiv_id, authors in conn.execute(stmt.where(PAPER.c.id.in_(chunk))):
                    stored[pid] = (arxiv_id, authors)
        for target, _ in kept:
            self.found.add(target.id)
            if target.id in stored:  # what the merge kept (a field the user edited stays theirs)
                target.arxiv_id, authors = stored[target.id]
                target.has_authors = bool(authors)
        self.enriched |= changed
        if changed:
            self.store.changed(ChangeSet(frozenset(changed)))

    def _without_conflicts(
        self, conn: Connection, pairs: Sequence[tuple[Target, IncomingPaper]]
    ) -> list[tuple[Target, IncomingPaper]]:
        """Answers whose arXiv id another paper has are not linked: that is said, not guessed."""
        wanted = sorted({a.arxiv_id for t, a in pairs if a.arxiv_id and not t.arxiv_id})
        owners: dict[str, tuple[int, bool]] = {}
        for chunk in chunks(wanted):
            stmt = select(PAPER.c.arxiv_id, PAPER.c.id, PAPER.c.removed_at).where(
                PAPER.c.arxiv_id.in_(chunk)
            )
            for arxiv_id, pid, removed in conn.execute(stmt):
                owners[arxiv_id] = (pid, removed is not None)
        kept = []
        for target, answer in pairs:
            owner = owners.get(answer.arxiv_id or "") if not target.arxiv_id else None
            if owner is not None and owner[0] != target.id:
                where = " (in the bin)" if owner[1] else ""
                self.notices.append(
                    f"paper {target.id} “{target.title}” looks like arXiv {answer.arxiv_id}, "
                    f"which paper {owner[0]}{where} already has: they were not linked"
                )
                continue
            kept.append((target, answer))
        return kept

    def report(self) -> EnrichReport:
        unmatched = tuple(
            Unmatched(t.id, t.title)
            for t in self.todo
            if not t.arxiv_id and t.id in self.searched and t.id not in self.found
        )
        http, cache = self.sources.http, self.sources.cache
        return EnrichReport(
            papers=len(self.targets),
            complete=len(self.targets) - len(self.todo),
            found=len(self.found),
            enriched=tuple(sorted(self.enriched)),
            unmatched=unmatched,
            notices=(*self.notices, *cache.warnings),
            requests=http.requests,
            cached=cache.hits,
            cancelled=self.cancelled,
            error=self.error,
        )
