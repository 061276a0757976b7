"""The one registry of every action the window offers.

Menus, the shortcut sheet (F1) and the tests all read :data:`ACTIONS`; the
window builds one ``QAction`` per entry and connects it to the handler named
here (a method of the main window). Modelled on Picard's action registry:
declaring an action is one line, and a shortcut can never be shown in one
place and bound differently in another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence

from readinglist.gui.icons import icon


@dataclass(frozen=True)
class ActionSpec:
    """One command: what it is called, how to reach it, what runs."""

    id: str
    text: str
    handler: str  # method name on the main window
    shortcuts: tuple[str, ...] = ()
    icon: str | None = None  # freedesktop icon name (bundled fallback if the theme lacks it)
    menu: str = "Paper"
    tip: str = ""
    checkable: bool = False
    # Single keys ("s", "j") fire only outside text editors: the editors take
    # them first through Qt's ShortcutOverride, so typing never triggers them.
    needs_paper: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "import",
        "&Import Digests…",
        "import_files",
        ("Ctrl+I",),
        "document-open",
        "File",
        "Import digest files (several at once)",
    ),
    ActionSpec(
        "paste",
        "&Paste Digest",
        "paste_digest",
        ("Ctrl+V",),
        "edit-paste",
        "File",
        "Import digest text from the clipboard",
    ),
    ActionSpec(
        "export",
        "&Export BibTeX…",
        "export_dialog",
        ("Ctrl+E",),
        "document-save-as",
        "File",
        "Export papers to a .bib file, or keep one in sync",
    ),
    ActionSpec(
        "preferences", "Pre&ferences…", "preferences", ("Ctrl+,",), "preferences-system", "File"
    ),
    ActionSpec("quit", "&Quit", "close", ("Ctrl+Q",), "application-exit", "File"),
    # Edit
    ActionSpec("undo", "&Undo", "undo", ("Ctrl+Z",), "edit-undo", "Edit"),
    ActionSpec("redo", "&Redo", "redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "edit-redo", "Edit"),
    ActionSpec(
        "search",
        "&Find…",
        "focus_search",
        ("Ctrl+F", "/"),
        "edit-find",
        "Edit",
        "Search titles, abstracts, notes and tags",
    ),
    ActionSpec("clear_search", "Clear Search", "clear_search", ("Esc",), "edit-clear", "Edit"),
    ActionSpec(
        "remove",
        "&Remove Paper",
        "remove_selected",
        ("Delete",),
        "edit-delete",
        "Edit",
        "Move the selected papers to the bin (undo brings them back)",
        needs_paper=True,
    ),
    # Paper
    ActionSpec("next", "&Next Paper", "select_next", ("j",), "go-down", "Paper"),
    ActionSpec("previous", "&Previous Paper", "select_previous", ("k",), "go-up", "Paper"),
    ActionSpec(
        "star", "&Star / Unstar", "toggle_star", ("s",), "starred", "Paper", needs_paper=True
    ),
    ActionSpec(
        "read",
        "Mark &Read / Unread",
        "toggle_read",
        ("r",),
        "mail-mark-read",
        "Paper",
        needs_paper=True,
    ),
    ActionSpec(
        "note",
        "Edit &Note",
        "focus_note",
        ("n",),
        "accessories-text-editor",
        "Paper",
        needs_paper=True,
    ),
    ActionSpec("tags", "Edit &Tags", "focus_tags", ("t",), "tag", "Paper", needs_paper=True),
    ActionSpec(
        "copy_cite",
        "&Copy \\cite{…}",
        "copy_cite",
        ("c",),
        "edit-copy",
        "Paper",
        "Copy \\cite{key} for the selected papers",
        needs_paper=True,
    ),
    ActionSpec(
        "copy_bibtex",
        "Copy &BibTeX",
        "copy_bibtex",
        ("Ctrl+Shift+C",),
        "edit-copy",
        "Paper",
        "Copy the BibTeX entries of the selected papers",
        needs_paper=True,
    ),
    ActionSpec(
        "edit_details",
        "Edit &Details…",
        "edit_details",
        ("F2",),
        "document-properties",
        "Paper",
        "Correct the title, authors, year or arXiv id",
        needs_paper=True,
    ),
    # View
    ActionSpec("view_inbox", "&Inbox", "show_inbox", ("Ctrl+1",), None, "View"),
    ActionSpec("view_all", "&All Papers", "show_all", ("Ctrl+2",), None, "View"),
    ActionSpec("view_starred", "&Starred", "show_starred", ("Ctrl+3",), None, "View"),
    ActionSpec("view_read", "&Read", "show_read", ("Ctrl+4",), None, "View"),
    ActionSpec("focus_list", "Focus Paper &List", "focus_list", ("Ctrl+L",), None, "View"),
    # Help
    ActionSpec(
        "shortcuts", "&Keyboard Shortcuts", "show_shortcuts", ("F1", "?"), "help-contents", "Help"
    ),
    ActionSpec("about", "&About readinglist", "about", (), "help-about", "Help"),
)

MENUS = ("File", "Edit", "Paper", "View", "Help")


def spec(action_id: str) -> ActionSpec:
    for item in ACTIONS:
        if item.id == action_id:
            return item
    raise KeyError(action_id)


def build_actions(
    owner: QObject, resolve: Callable[[str], Callable[[], object]]
) -> dict[str, QAction]:
    """One ``QAction`` per spec, parented to ``owner``, triggering ``resolve(handler)``."""
    built: dict[str, QAction] = {}
    for item in ACTIONS:
        action = QAction(item.text, owner)
        action.setObjectName(f"action_{item.id}")
        action.setShortcuts([QKeySequence(s) for s in item.shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if item.icon:
            action.setIcon(icon(item.icon))
        if item.tip:
            action.setToolTip(item.tip)
            action.setStatusTip(item.tip)
        action.triggered.connect(_slot(resolve(item.handler)))
        built[item.id] = action
    return built


def _slot(handler: Callable[[], object]) -> Callable[..., None]:
    """Wrap a handler so the slot returns None (PySide mishandles a returned bool)."""

    def triggered(*_args: object) -> None:
        handler()

    return triggered


def describe_keys(item: ActionSpec) -> str:
    """Shortcuts as the user's platform writes them (``Ctrl+E``, ``⌘E``)."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(s if len(s) == 1 else QKeySequence(s).toString(native) for s in item.shortcuts)


def menu_icon(name: str) -> QIcon:
    return icon(name)
