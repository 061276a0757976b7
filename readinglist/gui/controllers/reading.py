"""Reading the current paper: the detail pane shows it, and it is marked read.

Keeps the detail pane in step with the list's cursor, and turns the pane's
note and tag edits into undoable commands.

Marking read after a delay (preferences) follows the user: the timer starts
only when the user moved to a paper (j/k, arrows, a click:
:attr:`Selection.moved_by_user`), never when the window put the cursor
somewhere (a list opened, an import, a search's first hit, a right-click),
and the pane shows it counting down (:class:`~readinglist.gui.read_marker.ReadMarker`).
The mark itself is not an undo step (Ctrl+Z undoes what the user did) and
leaves a paper the user marked unread alone (``Library.mark_read_automatically``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction

from readinglist.core.errors import NotFoundError, ReadingListError
from readinglist.core.library import Library
from readinglist.core.search.highlight import Highlights
from readinglist.gui.actions import connect_actions
from readinglist.gui.controllers.selection import Selection
from readinglist.gui.detail import DetailPane
from readinglist.gui.notes import Saver
from readinglist.gui.preferences import NEVER, read_delay
from readinglist.gui.undo import NoteCommand, TagsCommand, UndoRunner


def note_saver(library: Library, commands: UndoRunner) -> Saver:
    """What the note editor calls to store a note: an undoable command.

    The pane needs it when it is built, before the controller that uses the
    pane exists, hence a function rather than a method.
    """

    def save(paper_id: int, before: str, after: str) -> bool:
        return commands.run(NoteCommand(library, paper_id, before, after))

    return save


class ReadingController(QObject):
    def __init__(
        self,
        library: Library,
        selection: Selection,
        pane: DetailPane,
        commands: UndoRunner,
        settings: QSettings,
        actions: Mapping[str, QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.selection = selection
        self.pane = pane
        self.commands = commands
        self.settings = settings
        self.read_timer = QTimer(self)
        self.read_timer.setSingleShot(True)
        self.read_timer.timeout.connect(self.mark_current_read)
        #: The paper marked read by the delay while the user is still on it.
        self.auto_read_id: int | None = None
        self.include_removed = False  # the Bin list: its papers are shown, read-only
        pane.tags_edited.connect(self.tags_edited)
        selection.moved_by_user.connect(self.user_arrived)
        connect_actions(actions, "reading", self)

    def shown_id(self) -> int | None:
        """The paper the pane shows (it may no longer be the list's current one)."""
        paper = self.pane.paper
        return None if paper is None else paper.id

    def show_current(self, *, reload_only: bool = False) -> None:
        """Show the list's current paper; ``reload_only`` re-reads it without
        restarting the mark-read timer (the paper changed, the cursor did not)."""
        paper_id = self.selection.current_id()
        if paper_id is None or paper_id != self.shown_id():
            self.stop_reading()
            self.auto_read_id = None
        if paper_id is None:
            self.pane.show_paper(None)
            return
        try:
            paper = self.library.paper(paper_id, include_removed=self.include_removed)
        except NotFoundError:
            self.pane.show_paper(None)
            return
        self.pane.show_paper(
            paper, self.library.digests_of(paper_id), self.library.tags.of(paper_id)
        )
        self.pane.set_editable(paper.removed_at is None)
        marker = self.pane.read_marker
        if paper.keep_unread and not paper.read:
            marker.kept_unread()
        elif self.read_timer.isActive() or (paper.read and self.auto_read_id == paper_id):
            pass  # counting down, or saying it was marked
        else:
            marker.clear()

    def user_arrived(self) -> None:
        """The user moved to the current paper: mark it read if they stay."""
        paper = self.pane.paper
        delay = read_delay(self.settings)
        if paper is None or paper.id != self.selection.current_id() or delay == NEVER:
            return
        if paper.read or paper.keep_unread or paper.removed_at is not None:
            return
        self.read_timer.start(delay)
        self.pane.read_marker.count_down(delay)

    def mark_current_read(self) -> None:
        """The delay ran out with the user still on the paper (not an undo step)."""
        paper_id = self.selection.current_id()
        paper = self.pane.paper
        self.pane.read_marker.clear()
        if paper_id is None or paper is None or paper.id != paper_id or paper.read:
            return
        try:
            marked = self.library.mark_read_automatically(paper_id)
        except ReadingListError as exc:
            self.commands.on_error(exc)
            return
        if marked:
            self.auto_read_id = paper_id
            self.pane.read_marker.marked()

    def stop_reading(self) -> None:
        """No automatic mark-read for the paper shown (it was marked by hand, or we close)."""
        self.read_timer.stop()
        if self.pane.read_marker.counting:
            self.pane.read_marker.clear()

    def save_edits(self) -> None:
        """Store the note and tags being edited now (before an undo or a removal)."""
        self.pane.save_edits()

    def flush_note(self) -> bool:
        """Store the note being typed; ``False`` if it could not be saved."""
        return self.pane.note.flush()

    def set_highlights(self, marks: Highlights, *, show: bool = True) -> None:
        """What the search matched, marked in the pane (phrases as phrases);
        ``show=False``: for the paper the pane shows next."""
        self.pane.set_highlights(marks, show=show)

    def set_tag_names(self, names: Sequence[str]) -> None:
        """Every tag in the library, for the tag editor's completion."""
        self.pane.set_tag_names(names)

    def tags_edited(self, paper_id: int, tags: list[str]) -> None:
        self.commands.run(TagsCommand(self.library, paper_id, tags))

    # actions -------------------------------------------------------------------

    def focus_note(self) -> None:
        if self.pane.paper is not None:
            self.pane.note.focus_editor()

    def focus_tags(self) -> None:
        if self.pane.paper is not None:
            self.pane.tags_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.pane.tags_edit.end(False)
