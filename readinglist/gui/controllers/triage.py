"""Triage: star, mark read, remove, correct details, and undo or redo any of it.

Every write is an undoable command run through the window's
:class:`~readinglist.gui.undo.UndoRunner`, which shows its error instead of
pushing a command that failed; undo and redo say in the status bar what
they took back. The bin's own actions (restore, empty) live here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from readinglist.core.errors import ReadingListError
from readinglist.core.library import Library
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.reading import ReadingController
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.controllers.status import StatusSink
from readinglist.gui.edit_dialog import EditDialog
from readinglist.gui.undo import (
    EditCommand,
    MarkCommand,
    RemoveCommand,
    RestoreCommand,
    UndoRunner,
)


class TriageController(QObject):
    def __init__(
        self,
        library: Library,
        commands: UndoRunner,
        selection: Selection,
        reading: ReadingController,
        status: StatusSink,
        actions: Mapping[str, QAction],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.commands = commands
        self.selection = selection
        self.reading = reading
        self.status = status
        self._window = window  # the dialogs' parent
        self.edit_window: EditDialog | None = None  # the dialog last opened (for tests)
        self.empty_box: QMessageBox | None = None
        self.empty_button: QAbstractButton | None = None
        connect_actions(actions, "triage", self)

    def toggle_star(self) -> None:
        self._toggle("starred")

    def toggle_read(self) -> None:
        self.reading.stop_reading()
        ids = self.selection.selected_ids()
        auto = self.reading.auto_read_id
        if ids and ids == [auto]:
            # The delay marked it read a moment ago, while the user was deciding
            # to: r confirms it (undo returns it to the unread they saw).
            self.reading.auto_read_id = None
            self.commands.run(
                MarkCommand(
                    self.library, ids, field="read", value=True, was={ids[0]: (False, False)}
                )
            )
            self.status.say("Marked read (r again marks it unread)", 4000)
            return
        self._toggle("read")

    def _toggle(self, field: str) -> None:
        ids = self.selection.selected_ids()
        if not ids:
            return
        rows = self.library.rows(ids)
        value = not all(getattr(r, field) for r in rows)
        self.commands.run(MarkCommand(self.library, ids, field=field, value=value))

    def remove_selected(self) -> None:
        ids = self.selection.selected_ids()
        if not ids:
            return
        self.reading.save_edits()  # a note typed a moment ago is stored before the paper goes
        row = self.selection.current_row()
        if self.commands.run(RemoveCommand(self.library, ids)):
            self.selection.select_row(min(row, self.selection.row_count() - 1))
            self.status.say(
                f"Removed {_papers(len(ids))} (Ctrl+Z brings {_them(len(ids))} back)", 5000
            )

    def undo(self) -> None:
        self.reading.save_edits()
        if not self.commands.stack.canUndo():
            self.status.say("Nothing to undo", 3000)
            return
        command = self.commands.undo()
        if command is not None:
            self.status.say(command.undone(), 8000)
            if isinstance(command, RemoveCommand):
                self.selection.select_paper(command.ids[0])

    def redo(self) -> None:
        if not self.commands.stack.canRedo():
            self.status.say("Nothing to redo", 3000)
            return
        command = self.commands.redo()
        if command is not None:
            self.status.say(f"Redone: {command.text()}", 8000)

    # the bin -----------------------------------------------------------------------

    def restore_selected(self) -> None:
        """Bring the selected papers back from the bin (an undoable step)."""
        ids = self.selection.selected_ids()
        if not ids:
            return
        row = self.selection.current_row()
        if self.commands.run(RestoreCommand(self.library, ids)):
            self.selection.select_row(min(row, self.selection.row_count() - 1))
            self.status.say(f"Restored {_papers(len(ids))} from the bin", 5000)

    def empty_bin(self) -> None:
        count = self.library.stats().binned
        if not count:
            self.status.say("The bin is empty", 4000)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Empty the bin",
            f"Delete the {_papers(count)} in the bin for good?\n\n"
            "This cannot be undone (and the undo history is cleared). Backups made "
            "before now still hold them until they are pruned.",
            QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setObjectName("emptyBinBox")
        self.empty_button = box.addButton(
            "&Delete for Good", QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self._empty_bin() if b is self.empty_button else None)
        box.open()
        self.empty_box = box

    def _empty_bin(self) -> None:
        try:
            deleted = self.library.bin.empty()
        except ReadingListError as exc:
            self.status.failed(exc)
            return
        self.commands.stack.clear()  # its removals cannot be undone any more
        self.status.say(f"Deleted {_papers(deleted)} for good", 8000)

    def edit_details(self) -> None:
        paper_id = self.selection.current_id()
        if paper_id is None:
            return
        paper = self.library.paper(paper_id)
        dialog = EditDialog(paper, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._edited(paper_id, dialog.before(), dialog.changes()))
        dialog.open()
        self.edit_window = dialog

    def _edited(self, paper_id: int, before: dict[str, Any], changes: dict[str, Any]) -> None:
        if changes:
            self.commands.run(EditCommand(self.library, paper_id, before, changes))


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def _them(n: int) -> str:
    return "it" if n == 1 else "them"
