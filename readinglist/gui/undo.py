"""Undoable commands: every mark, tag, note, edit and removal goes through here.

Each command has already been applied once when it is pushed (so an error is
shown before anything enters the stack); ``redo`` after an ``undo`` applies it
again. Undoing a removal is :meth:`Library.restore`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from readinglist.core.library import Library

NOTE_MERGE_ID = 1001


class LibraryCommand(QUndoCommand):
    """Base: ``apply`` does the change, ``revert`` takes it back."""

    def __init__(self, library: Library, text: str) -> None:
        super().__init__(text)
        self.library = library
        self._first = True

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def undone(self) -> str:
        """What the status bar says once this was undone."""
        return f"Undone: {self.text()}"

    def redo(self) -> None:
        if self._first:  # already applied by UndoRunner.run
            self._first = False
            return
        self.apply()

    def undo(self) -> None:
        self.revert()


class MarkCommand(LibraryCommand):
    """Set read or starred on papers; undo restores each paper's own old value
    (for read, with whether the user had kept it unread).

    ``was`` gives the state before when the library no longer shows it: ``r``
    on a paper the delay marked read a moment ago confirms it read, and undo
    returns it to the unread the user saw."""

    def __init__(
        self,
        library: Library,
        ids: Sequence[int],
        *,
        field: str,
        value: bool,
        was: dict[int, tuple[bool, bool]] | None = None,
    ) -> None:
        word = {
            ("read", True): "Mark Read",
            ("read", False): "Mark Unread",
            ("starred", True): "Star",
            ("starred", False): "Unstar",
        }[(field, value)]
        super().__init__(library, f"{word} ({len(ids)})" if len(ids) > 1 else word)
        self.ids = list(ids)
        self.field = field
        self.value = value
        rows = library.rows(self.ids)
        self.before = {r.id: (bool(getattr(r, field)), r.keep_unread) for r in rows}
        self.before.update(was or {})

    def apply(self) -> None:
        self.library.mark(self.ids, **{self.field: self.value})

    def revert(self) -> None:
        for old in sorted(set(self.before.values())):
            ids = [i for i, v in self.before.items() if v == old]
            value, keep = old
            if self.field == "read":
                self.library.mark(ids, read=value, keep_unread=keep)
            else:
                self.library.mark(ids, starred=value)


class TagsCommand(LibraryCommand):
    """Make one paper's tags exactly a new list."""

    def __init__(self, library: Library, paper_id: int, tags: Sequence[str]) -> None:
        super().__init__(library, "Edit Tags")
        self.paper_id = paper_id
        self.before = library.tags.of(paper_id)
        self.after = list(tags)

    def apply(self) -> None:
        self.library.tags.set(self.paper_id, self.after)

    def revert(self) -> None:
        self.library.tags.set(self.paper_id, self.before)


class NoteCommand(LibraryCommand):
    """A note save; consecutive saves of the same paper's note merge into one step."""

    def __init__(self, library: Library, paper_id: int, before: str, after: str) -> None:
        super().__init__(library, "Edit Note")
        self.paper_id = paper_id
        self.before = before
        self.after = after

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, NoteCommand) or other.paper_id != self.paper_id:
            return False
        self.after = other.after
        return True

    def apply(self) -> None:
        self.library.set_note(self.paper_id, self.after)

    def revert(self) -> None:
        self.library.set_note(self.paper_id, self.before)


class RemoveCommand(LibraryCommand):
    def __init__(self, library: Library, ids: Sequence[int]) -> None:
        n = len(ids)
        super().__init__(library, "Remove Paper" if n == 1 else f"Remove {n} Papers")
        self.ids = list(ids)

    def apply(self) -> None:
        self.library.remove(self.ids)

    def revert(self) -> None:
        self.library.restore(self.ids)

    def undone(self) -> str:
        n = len(self.ids)
        return f"Undone: {self.text()}; {'1 paper is' if n == 1 else f'{n} papers are'} back"


class RestoreCommand(LibraryCommand):
    """Bring papers back from the bin; undo puts them back in it."""

    def __init__(self, library: Library, ids: Sequence[int]) -> None:
        n = len(ids)
        super().__init__(library, "Restore Paper" if n == 1 else f"Restore {n} Papers")
        self.ids = list(ids)

    def apply(self) -> None:
        self.library.bin.restore(self.ids)

    def revert(self) -> None:
        self.library.remove(self.ids)


class EditCommand(LibraryCommand):
    """Correct metadata through ``Library.edit``; undo writes the old values back."""

    def __init__(
        self, library: Library, paper_id: int, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        super().__init__(library, "Edit Details")
        self.paper_id = paper_id
        self.before = {k: before[k] for k in after}  # only what this edit changed
        self.after = after

    def apply(self) -> None:
        self.library.edit(self.paper_id, **self.after)

    def revert(self) -> None:
        self.library.edit(self.paper_id, **self.before)


class UndoRunner:
    """Applies a command, reports its error, and pushes it only if it worked."""

    def __init__(self, stack: QUndoStack, on_error: Callable[[BaseException], None]) -> None:
        self.stack = stack
        self.on_error = on_error

    def run(self, command: LibraryCommand) -> bool:
        try:
            command.apply()
        except Exception as exc:  # ReadingListError normally; anything else still a dialog
            self.on_error(exc)
            return False
        self.stack.push(command)
        return True

    def undo(self) -> LibraryCommand | None:
        """Undo the last command; returns it if that worked (for what to say)."""
        command = self._at(self.stack.index() - 1)
        return command if self._guarded(self.stack.undo) else None

    def redo(self) -> LibraryCommand | None:
        command = self._at(self.stack.index())
        return command if self._guarded(self.stack.redo) else None

    def _at(self, index: int) -> LibraryCommand | None:
        if not 0 <= index < self.stack.count():
            return None
        command = self.stack.command(index)
        return command if isinstance(command, LibraryCommand) else None

    def _guarded(self, step: Callable[[], None]) -> bool:
        try:
            step()
        except Exception as exc:
            self.on_error(exc)
            return False
        return True
