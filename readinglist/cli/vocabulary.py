"""The JSON vocabulary: one name for one thing in every command's ``--json``.

A paper is always an object with ``id``, ``title``, ``authors``, ``year``,
``published``, ``arxiv_id``, ``key`` (its citation key), ``digest_day``,
``upvotes``, ``read``, ``starred`` and ``tags`` (the *summary*: ``list``
rows, ``search`` and ``similar`` hits); ``show`` and ``edit`` add the rest
of the record. A count of papers is ``papers``, of BibTeX entries
``entries``; a file a command wrote or read is ``path``; days are
``YYYY-MM-DD`` text. The README's "Command line" section lists every name;
``tests/cli/test_vocabulary.py`` holds the commands to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from readinglist.core.bibtex import AutoExportLink
    from readinglist.core.library import Library
    from readinglist.core.models import Paper
    from readinglist.core.search.results import SearchHit, SearchResults
    from readinglist.core.views import ImportReport, SourceRef, SourceSummary

Record = dict[str, Any]

#: The fields every paper object has, in this order.
SUMMARY_FIELDS = (
    "id",
    "title",
    "authors",
    "year",
    "published",
    "arxiv_id",
    "key",
    "digest_day",
    "upvotes",
    "read",
    "starred",
    "tags",
)
#: What ``show`` and ``edit`` add to the summary.
DETAIL_FIELDS = (
    "author_count",
    "published_precision",
    "primary_class",
    "venue",
    "url",
    "abstract",
    "note",
    "digests",
    "user_fields",
    "read_at",
    "added_at",
    "updated_at",
    "organisation",
    "sources",
)
#: What a search or similar hit adds to the summary.
HIT_FIELDS = ("score", "title_html", "fragment_html")

#: Every name any ``--json`` output uses, and what it means (the README's table).
NAMES: dict[str, str] = {
    "id": "a paper's id (what every ID argument takes)",
    "title": "the paper's title, plain text",
    "authors": "author names, in order (empty when only their number is known)",
    "year": "the publication year, or null",
    "published": "the publication date YYYY-MM-DD, or null",
    "arxiv_id": "the arXiv id (2301.00001, hep-th/9901001), or null",
    "key": "the citation key, or null until the paper is first exported or cited",
    "digest_day": "the earliest digest that listed the paper",
    "upvotes": "Hugging Face upvotes",
    "read": "true once read (in stats: how many are)",
    "starred": "true when starred (in stats: how many are)",
    "tags": "tag names (in stats: how many tags exist)",
    "author_count": "the number of authors when their names are unknown",
    "published_precision": "how much of published is known: day, month or year",
    "primary_class": "the arXiv category, e.g. cs.CL",
    "venue": "where it was published",
    "url": "its web address",
    "abstract": "the abstract, plain text",
    "note": "your note",
    "digests": "the days of the digests that listed it (in stats: how many digests)",
    "user_fields": "the fields edited by hand (never overwritten by an import)",
    "read_at": "when it was marked read (UTC), or null",
    "added_at": "when it entered the library (UTC)",
    "updated_at": "when it last changed (UTC)",
    "score": "the search relevance (higher is better)",
    "title_html": "the title as HTML, matches in <b>",
    "fragment_html": "the best passage of the abstract as HTML, matches in <b>",
    "query": "the search as typed (a source's: the words searched on Hugging Face, the "
    "week, the month or the collection), or null",
    "total": "how many papers match in all",
    "total_exact": "false when total is an estimate (only when more match than are shown)",
    "message": "what was done with a part of the query that was not understood, or null",
    "hits": "the hits, best first",
    "path": "the file the command read or wrote ('-' for standard input)",
    "kind": "the format an import recognised: hf-text, hf-markdown, hf-dump (a Hugging Face "
    "page as text, as Markdown, as a text browser's dump), hf-json, arxiv-atom, bibtex",
    "days": "the digest days in an imported file",
    "papers": "a number of papers",
    "new": "papers an import added",
    "enriched": "known papers an import completed",
    "unchanged": "known papers an import left as they were",
    "entries_added": "digest and source entries an import added",
    "new_ids": "the ids of the papers an import added",
    "summary": "the one-line report a person reads",
    "day": "a digest's day",
    "name": "a digest's or a source's name (the file it came from)",
    "unread": "a number of unread papers",
    "noted": "a number of papers with notes",
    "entries": "a number of BibTeX entries (in stats: of digest entries)",
    "library": "the library folder",
    "bibtex": "the exported BibTeX text",
    "scope": "which papers an auto-exported file follows: all, starred, tag, query, ids",
    "value": "the scope's tag or query, or null",
    "ids": "paper ids (the ids scope of an auto-export)",
    "biblatex": "true for BibLaTeX (biber), false for BibTeX",
    "error": "what went wrong (a command's failure, or an auto-export's last error), or null",
    "removed": "true: the file is no longer kept in sync",
    "seconds": "how long it took",
    "backups": "the library's backups, newest first",
    "replaced_copy": "where restore kept the library it replaced, or null",
    "checked": "what check looked at",
    "repaired": "what check repaired",
    "problems": "what is still wrong",
    "notes": "what check noticed that needs nothing",
    "ok": "true when no problem is left",
    "organisation": "the organisation a Hugging Face page showed for it, or null",
    "sources": "the Hugging Face pages that are not digests (trending, a search...) that "
    "listed it, or that an import listed papers in",
    "source": "a source's number (what list --source takes)",
    "page": "what page a source is: trending, search, weekly, monthly, collection or page",
    "seen": "the day a source's page was seen",
}


def summary(paper: Paper, tags: Sequence[str]) -> Record:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors),
        "year": paper.published.year if paper.published else None,
        "published": paper.published,
        "arxiv_id": paper.arxiv_id,
        "key": paper.citation_key,
        "digest_day": paper.digest_day,
        "upvotes": paper.upvotes,
        "read": paper.read,
        "starred": paper.starred,
        "tags": list(tags),
    }


def paper_record(
    paper: Paper,
    tags: Sequence[str],
    digests: Sequence[date],
    sources: Sequence[SourceSummary] = (),
) -> Record:
    """Everything about one paper (``show``, ``edit``)."""
    return {
        **summary(paper, tags),
        "author_count": paper.author_count,
        "published_precision": paper.published_precision,
        "primary_class": paper.primary_class,
        "venue": paper.venue,
        "url": paper.url,
        "abstract": paper.abstract,
        "note": paper.note,
        "digests": list(digests),
        "user_fields": list(paper.user_fields),
        "read_at": paper.read_at,
        "added_at": paper.added_at,
        "updated_at": paper.updated_at,
        "organisation": paper.organisation,
        "sources": [source_record(s) for s in sources],
    }


def full_paper(library: Library, paper_id: int) -> Record:
    return paper_record(
        library.paper(paper_id),
        library.tags.of(paper_id),
        library.digests_of(paper_id),
        library.sources.of(paper_id),
    )


def summaries(library: Library, ids: Sequence[int]) -> list[Record]:
    """Summaries of ``ids``, in that order (two queries, whatever their number)."""
    tags = library.tags.of_papers(ids)
    return [summary(p, tags.get(p.id or 0, [])) for p in library.papers(ids)]


def hits(library: Library, found: Sequence[SearchHit]) -> list[Record]:
    """Search or similar hits: the summary, the score and the highlighted HTML."""
    by_id = {r["id"]: r for r in summaries(library, [h.paper_id for h in found])}
    return [
        {
            **by_id[h.paper_id],
            "score": h.score,
            "title_html": h.title_html,
            "fragment_html": h.fragment_html,
        }
        for h in found
        if h.paper_id in by_id  # removed between the search and now
    ]


def search_record(library: Library, query: str, results: SearchResults) -> Record:
    return {
        "query": query,
        "total": results.total,
        "total_exact": results.exact,
        "message": results.message,
        "hits": hits(library, results.hits),
    }


def import_record(report: ImportReport, path: str) -> Record:
    """One imported file (``path`` as given; ``-`` for standard input)."""
    return {
        "path": path,
        "kind": report.kind,
        "days": list(report.days),
        "papers": report.papers,
        "new": report.new,
        "enriched": report.enriched,
        "unchanged": report.unchanged,
        "entries_added": report.entries_added,
        "new_ids": list(report.new_ids),
        "sources": [source_record(s) for s in report.sources],
        "summary": report.summary(),
    }


def source_record(source: SourceRef) -> Record:
    """A source (``pages``, ``show``, ``import``); a listed one adds its file and counts."""
    record: Record = {
        "source": source.id,
        "page": source.page,
        "query": source.query,
        "seen": source.seen,
    }
    name, papers, unread = (getattr(source, n, None) for n in ("name", "papers", "unread"))
    if name is not None:  # a SourceSummary (not imported here: the CLI starts without it)
        record.update(name=name, papers=papers, unread=unread)
    return record


def link_record(link: AutoExportLink) -> Record:
    """An auto-exported file and the scope it follows."""
    return {
        "path": link.path,
        "scope": link.scope.kind,
        "value": link.scope.value,
        "ids": list(link.scope.ids),
        "biblatex": link.biblatex,
        "error": link.error,
    }
