"""What a .bib import adds to a merge beyond the papers' columns.

- Its source: the file's name and ``@preamble``s in ``bib_source`` (one row
  per distinct file; re-importing the same file reuses it), linked from the
  papers that came from it, so an export of those papers carries the
  macros their fields use. A paper keeps the first file it came from, unless
  that file had no preamble and this one has.
- What the user should hear about two entries that were one paper: both
  keys stay citable (:mod:`readinglist.core.merge_keys`), and the notice says
  which entry the second was merged with.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, select

from readinglist.core.chunks import chunks
from readinglist.core.importers.base import IncomingPaper, ParsedBatch
from readinglist.core.tables import BIB_SOURCE
from readinglist.core.text import source_name
from readinglist.core.views import Notice


def record_source(
    conn: Connection, batch: ParsedBatch, per_paper: Sequence[int], now: datetime
) -> int | None:
    """Link the batch's papers that brought a record to the batch's file; its id."""
    papers = batch.all_papers()
    pids = sorted({pid for p, pid in zip(papers, per_paper, strict=True) if p.record})
    if not pids:
        return None
    name = source_name(batch.source)
    preambles = list(batch.preambles)
    stmt = select(BIB_SOURCE.c.id).where(
        BIB_SOURCE.c.name == name, BIB_SOURCE.c.preambles == preambles
    )
    source_id = conn.execute(stmt).scalar()
    if source_id is None:
        values = {"name": name, "preambles": preambles, "imported_at": now}
        inserted = conn.execute(insert(BIB_SOURCE).values(**values)).inserted_primary_key
        assert inserted is not None
        source_id = inserted[0]
    replaceable = "bib_source_id IS NULL"
    if preambles:
        replaceable += " OR bib_source_id IN (SELECT id FROM bib_source WHERE preambles = '[]')"
    for chunk in chunks(pids):
        marks = ",".join("?" * len(chunk))
        conn.exec_driver_sql(
            f"UPDATE paper SET bib_source_id = ? WHERE id IN ({marks}) AND ({replaceable})",
            (source_id, *chunk),
        )
    return int(source_id)


def same_paper_notices(
    papers: Sequence[IncomingPaper], groups: Sequence[Sequence[int]]
) -> list[Notice]:
    """For each entry that was the same paper as an earlier entry of the file, a notice."""
    out: list[Notice] = []
    for members in groups:
        entries = [papers[m] for m in members if papers[m].record is not None]
        if len(entries) < 2:
            continue
        first = entries[0]
        for other in entries[1:]:
            if (other.citation_key or "").casefold() == (first.citation_key or "").casefold():
                continue
            out.append(
                Notice(
                    f"the same paper as “{first.citation_key}” (line {first.line}): "
                    "one paper, citable by both keys",
                    other.line,
                    other.citation_key,
                )
            )
    return out


__all__ = ["record_source", "same_paper_notices"]
