"""What a document cites: the keys in its ``.aux``, ``.bcf`` or ``.tex`` files.

A document names other files (``\\@input{chap1.aux}``, ``\\include{chap1}``)
and those are followed, but only inside the *project folder*, the folder of
the file the user named: a document is the user's own, but a path in it is
still never a reason to read ``/etc`` or a sibling project. A file outside
it, missing or unreadable is skipped with a notice; only the named file
itself must be readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from readinglist.core.errors import InvalidInputError, NotFoundError
from readinglist.core.importers.base import MAX_BYTES
from readinglist.core.views import Notice

#: Files one document may pull in, all told (a thesis has tens).
MAX_FILES = 1000
#: What the user may name, and what each is.
KINDS = {".aux": "LaTeX .aux file", ".bcf": "biber control file", ".tex": "LaTeX source"}
#: Every key in the library: ``\\nocite{*}`` (BibTeX's ``\\citation{*}``).
EVERYTHING = "*"


@dataclass(frozen=True)
class Citations:
    """The keys a document cites, in first-cited order (each once), and how it was read."""

    document: Path
    keys: tuple[str, ...]
    everything: bool = False
    files: tuple[Path, ...] = ()
    notices: tuple[Notice, ...] = ()


@dataclass
class Reading:
    """A document being read: the keys so far, the files seen, what to tell the user."""

    root: Path
    keys: dict[str, None] = field(default_factory=dict)
    everything: bool = False
    files: list[Path] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def cite(self, keys: Iterable[str]) -> None:
        for key in keys:
            key = key.strip()
            if key == EVERYTHING:
                self.everything = True
            elif key and "#" not in key and "\\" not in key:  # not a macro's parameter
                self.keys.setdefault(key, None)

    def open(self, path: Path, named_as: str) -> str | None:
        """The text of a file the document names, if it is inside the project and readable."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            resolved = path
        if not resolved.is_relative_to(self.root):
            self.note(f"{named_as}: skipped, it is outside the project folder {self.root}")
            return None
        if resolved in self.files:
            return None  # read already (a file included twice, or a loop)
        if len(self.files) >= MAX_FILES:
            self.note(f"{named_as}: skipped, the document already pulled in {MAX_FILES} files")
            return None
        try:
            text = read_text(resolved)
        except (NotFoundError, InvalidInputError) as exc:
            self.note(f"{named_as}: skipped, {exc}")
            return None
        self.files.append(resolved)
        return text

    def note(self, message: str) -> None:
        self.notices.append(Notice(message, skipped=True))

    def result(self, document: Path) -> Citations:
        return Citations(
            document, tuple(self.keys), self.everything, tuple(self.files), tuple(self.notices)
        )


def read_text(path: Path) -> str:
    """A file's text (UTF-8; a stray byte of another encoding cannot spoil ASCII keys)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise NotFoundError(f"{path} does not exist") from exc
    except IsADirectoryError as exc:
        raise InvalidInputError(f"{path} is a folder, not a file") from exc
    except OSError as exc:
        raise InvalidInputError(f"{path} cannot be read ({exc.strerror})") from exc
    if len(data) > MAX_BYTES:
        raise InvalidInputError(f"{path} is larger than {MAX_BYTES // 2**20} MB")
    return data.decode("utf-8", errors="replace")
