"""The project's own exception types.

Every error a user can cause or fix derives from :class:`ReadingListError` and
carries a message written for that user. The CLI and the GUI show the message
and never a traceback; anything else escaping is a bug.
"""

from __future__ import annotations

from pathlib import Path


class ReadingListError(Exception):
    """Base class: ``str(error)`` is a complete sentence a user can act on."""


class LibraryError(ReadingListError):
    """The library folder or database cannot be used as asked."""


class LibraryBusyError(LibraryError):
    """Another process holds the library's write lock for too long."""


class LibraryReadOnlyError(LibraryError):
    """The library's database (or a file SQLite keeps beside it) cannot be written."""


class LibraryDamagedError(LibraryError):
    """The database file is corrupt; the message names the latest backup."""

    def __init__(self, message: str, backup: Path | None = None) -> None:
        super().__init__(message)
        self.backup = backup


class NotFoundError(ReadingListError):
    """A paper, digest, tag or file that the user named does not exist."""


class InvalidInputError(ReadingListError):
    """A value the user typed is not acceptable (a key, a date, a field)."""


class ImportFailed(ReadingListError):
    """An input file was rejected as a whole; nothing of it was stored.

    ``source`` names the file (or "clipboard"), ``line`` the 1-based line
    where the problem was found, when there is one.
    """

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.reason = reason
        self.line = line


class SearchError(ReadingListError):
    """The search index cannot answer (and could not be rebuilt)."""


class ExportError(ReadingListError):
    """A BibTeX export could not be written; the target file is unchanged."""


class OnlineError(ReadingListError):
    """An online source (Hugging Face, arXiv) could not answer as asked.

    Whatever was fetched and committed before stays; nothing else changed.
    """


class OfflineError(OnlineError):
    """The source cannot be reached at all (no network, a name that does not
    resolve, a refused connection): said in one line, nothing changed."""


class PdfError(ReadingListError):
    """A PDF could not be stored (not a PDF, too large, unwritable folder)."""


class SyncError(ReadingListError):
    """The sync folder cannot be used (missing, unwritable); the library is unchanged."""
