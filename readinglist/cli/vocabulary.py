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
    from pathlib import Path

    from readinglist.core.bibtex.autoexport import AutoExportLink
    from readinglist.core.bibtex.rekey import RekeyReport
    from readinglist.core.library import Library
    from readinglist.core.models import Paper
    from readinglist.core.online.enrich import EnrichReport
    from readinglist.core.pdfs import PdfReport
    from readinglist.core.search.results import SearchHit, SearchResults
    from readinglist.core.sync.status import SyncStatus
    from readinglist.core.views import ImportReport, SourceRef, SourceSummary
    from readinglist.core.writing.export import DocumentExport

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
    "doi",
    "journal_ref",
    "arxiv_version",
    "pdf",
    "organisation",
    "sources",
)
#: What a search or similar hit adds to the summary.
HIT_FIELDS = ("score", "title_html", "fragment_html", "matched", "snippet_html")

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
    "matched": "the fields a hit's words or phrases stand in: title, abstract, authors, tags, note",
    "snippet_html": "why it was found: the best passage of the first matched field after the title",
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
    "binned": "a number of papers in the bin (removed, not yet deleted for good)",
    "entries": "a number of BibTeX entries (in stats: of digest entries)",
    "library": "the library folder",
    "bibtex": "the exported BibTeX text",
    "csl_json": "the exported CSL-JSON text",
    "scope": "which papers an auto-exported file follows: all, starred, tag, query, ids, document",
    "value": "the scope's tag, query or document, or null",
    "ids": "paper ids (cited, or the ids scope of an auto-export)",
    "biblatex": "true for BibLaTeX (biber), false for BibTeX",
    "format": "bibtex, biblatex or csl-json (an export); latex, pandoc, typst... (a citation)",
    "document": "the .aux, .bcf or .tex file whose citations were read",
    "missing": "cited keys no paper has (with suggestions, from export)",
    "suggestions": "papers a missing key may mean, closest first",
    "notices": "what a run says about single items: parts of a document it skipped, "
    "answers enrich did not link, ids it refused",
    "written": "true when the file was rewritten (false: it was up to date)",
    "citation": "the citation, in the format asked for",
    "formula": "the key formula new citation keys are made by",
    "dry_run": "true: nothing was changed, this is what would be",
    "rekeyed": "papers whose key rekey replaced (old_key, key)",
    "old_key": "the key a paper had before rekey",
    "kept": "keys rekey left alone: exported, cited, typed or imported",
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
    "doi": "the publisher's DOI, or null",
    "journal_ref": "where arXiv says it was published (free text), or null",
    "arxiv_version": "the latest arXiv version known, or null",
    "pdf": "its PDF in the library's pdfs/ folder, or null",
    "found": "papers enrich found an answer for",
    "complete": "papers enrich skipped: arXiv id, authors and category known already",
    "unmatched": "papers no answer matched (listed, not guessed)",
    "requests": "requests sent over the network",
    "cached": "answers taken from the library's cache instead",
    "cancelled": "true when the run was stopped before its end",
    "downloaded": "ids of the papers whose PDF was downloaded",
    "already": "ids of the papers that had a PDF already",
    "no_source": "ids of the papers with no arXiv id to download from",
    "failed": "papers whose PDF could not be had, with the reason (error)",
    "service": "an online service: hf (Hugging Face) or arxiv",
    "origin": "where a service's address comes from: default, setting, or the environment",
    "interval": "seconds between two requests to a service",
    "pdfs": "how many PDFs the library keeps (a backup copies the database, never these)",
    "organisation": "the organisation a Hugging Face page showed for it, or null",
    "sources": "the Hugging Face pages that are not digests (trending, a search...) that "
    "listed it, or that an import listed papers in",
    "source": "a source's number (what list --source takes)",
    "page": "what page a source is: trending, search, weekly, monthly, collection or page",
    "seen": "the day a source's page was seen",
    "folder": "the sync folder, or null when the library does not sync",
    "device": "a device's id in the sync folder (this library's, or the one a file came from)",
    "label": "a device's name (its computer's name)",
    "devices": "the devices seen in the sync folder",
    "synced_at": "when the library last synced (UTC), or null",
    "sent": "papers whose changes a sync shared",
    "added": "papers a sync brought in new",
    "changed": "papers other devices changed (as a sync brought them in)",
    "notes_changed": "notes other devices changed",
    "deleted": "papers other devices deleted for good",
    "files": "files of other devices a sync applied",
    "pending": "files a sync holds back until the files they follow arrive",
    "unreadable": "files of the sync folder that could not be read (skipped)",
    "waiting": "true when the file may still be arriving (read again next time)",
    "strays": "names in the sync folder that are not sync files (conflicted copies...)",
    "warnings": "what the user should know about (unreadable files, citation keys changed...)",
    "new_device": "true when the library was copied or restored and now syncs as a new device",
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
    pdf: Path | None = None,
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
        "doi": paper.doi,
        "journal_ref": paper.journal_ref,
        "arxiv_version": paper.arxiv_version,
        "pdf": pdf,
        "organisation": paper.organisation,
        "sources": [source_record(s) for s in sources],
    }


def full_paper(library: Library, paper_id: int) -> Record:
    return paper_record(
        library.paper(paper_id),
        library.tags.of(paper_id),
        library.digests_of(paper_id),
        library.pdfs.path(paper_id),
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
            "matched": list(h.fields),
            "snippet_html": h.snippet_html,
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


def enrich_record(report: EnrichReport) -> Record:
    """What ``enrich`` did (``error`` is set when it stopped early)."""
    return {
        "papers": report.papers,
        "found": report.found,
        "enriched": len(report.enriched),
        "complete": report.complete,
        "unmatched": [{"id": u.id, "title": u.title} for u in report.unmatched],
        "notices": list(report.notices),
        "requests": report.requests,
        "cached": report.cached,
        "cancelled": report.cancelled,
        "error": report.error,
        "summary": report.summary(),
    }


def download_record(report: PdfReport, library: Library) -> Record:
    """What ``download`` did (``error`` is set when it stopped early)."""
    return {
        "downloaded": [{"id": i, "pdf": library.pdfs.path(i)} for i in report.downloaded],
        "already": list(report.already),
        "no_source": list(report.no_source),
        "failed": [{"id": i, "error": why} for i, why in report.failed],
        "cancelled": report.cancelled,
        "error": report.error,
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
        "format": link.format,
        "biblatex": link.biblatex,
        "error": link.error,
        "missing": list(link.missing),
    }


def document_record(done: DocumentExport) -> Record:
    """What an export of a document's citations wrote and could not find."""
    return {
        "document": done.document,
        "entries": done.count,
        "missing": [
            {
                "key": m.key,
                "suggestions": [
                    {"id": s.paper_id, "title": s.title, "key": s.key} for s in m.suggestions
                ],
            }
            for m in done.missing
        ],
        "notices": [str(n) for n in done.notices],
    }


def rekey_record(report: RekeyReport) -> Record:
    return {
        "formula": report.formula,
        "dry_run": report.dry_run,
        "rekeyed": [
            {"id": c.paper_id, "title": c.title, "old_key": c.old, "key": c.new}
            for c in report.changed
        ],
        "kept": report.kept,
    }


def sync_record(status: SyncStatus) -> Record:
    """Whether and where the library syncs, and what its last sync did."""
    last = status.last
    record: Record = {
        "folder": status.folder,
        "device": status.device,
        "synced_at": last.when if last else None,
        "summary": last.summary() if last else None,
        "error": status.error,
    }
    if last is None:
        return record
    return record | {
        "sent": last.sent,
        "added": last.added,
        "changed": last.changed,
        "notes_changed": last.notes,
        "deleted": last.purged,
        "files": last.files,
        "pending": last.pending,
        "unreadable": [
            {"path": p.name, "device": p.device, "error": p.reason, "waiting": p.waiting}
            for p in last.problems
        ],
        "strays": list(last.strays),
        "warnings": last.warnings(),
        "devices": [{"device": d, "label": n} for d, n in last.devices.items()],
        "new_device": last.new_device,
    }
