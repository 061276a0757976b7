"""The one registry of every action the window offers.

Menus, the shortcut sheet (F1) and the tests all read :data:`ACTIONS`; the
window builds one ``QAction`` per entry, and each controller connects the
entries it owns to its handlers (:func:`connect_actions`). Modelled on
Picard's action registry: declaring an action is one line, and a shortcut can
never be shown in one place and bound differently in another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from readinglist.gui.icons import icon


@dataclass(frozen=True)
class ActionSpec:
    """One command: what it is called, how to reach it, what runs."""

    id: str
    text: str
    # "owner.method": the controller that runs it, by its attribute name on the
    # main window ("window" is the window itself), and the method it calls.
    handler: str
    shortcuts: tuple[str, ...] = ()
    icon: str | None = None  # freedesktop icon name (bundled fallback if the theme lacks it)
    menu: str = "Paper"
    tip: str = ""
    checkable: bool = False
    # Listed in this submenu of ``menu`` (created where its first action stands).
    submenu: str | None = None
    # Single keys ("s", "j") fire only outside text editors: the editors take
    # them first through Qt's ShortcutOverride, so typing never triggers them.
    needs_paper: bool = False
    # Where an action that needs a paper applies: "live" (every list but the
    # bin: papers in the bin are shown, not changed), "bin" (only there), "any".
    lists: str = "live"


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "import",
        "&Import Digests…",
        "import_export.import_files",
        ("Ctrl+I",),
        "document-open",
        "File",
        "Import digest files (several at once)",
    ),
    ActionSpec(
        "paste",
        "&Paste Digest",
        "import_export.paste_digest",
        ("Ctrl+V",),
        "edit-paste",
        "File",
        "Import digest text from the clipboard",
    ),
    ActionSpec(
        "export",
        "&Export BibTeX…",
        "import_export.export_dialog",
        ("Ctrl+E",),
        "document-save-as",
        "File",
        "Export papers to a .bib file, or keep one in sync",
    ),
    ActionSpec(
        "autoexports",
        "&Auto-exports…",
        "import_export.autoexports_dialog",
        (),
        None,
        "File",
        "The .bib files kept in sync with the library: add or remove them",
    ),
    ActionSpec(
        "preferences",
        "Pre&ferences…",
        "app_dialogs.preferences",
        ("Ctrl+,",),
        "preferences-system",
        "File",
    ),
    ActionSpec(
        "sync_now",
        "S&ync Now",
        "sync.sync_now",
        ("F5",),
        None,
        "File",
        "Sync with your other devices through the sync folder (it also syncs by itself)",
    ),
    ActionSpec("quit", "&Quit", "window.close", ("Ctrl+Q",), "application-exit", "File"),
    # Edit
    ActionSpec("undo", "&Undo", "triage.undo", ("Ctrl+Z",), "edit-undo", "Edit"),
    ActionSpec("redo", "&Redo", "triage.redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "edit-redo", "Edit"),
    ActionSpec(
        "search",
        "&Find…",
        "search.focus_search",
        ("Ctrl+F", "/"),
        "edit-find",
        "Edit",
        "Search titles, abstracts, notes and tags",
    ),
    ActionSpec(
        "clear_search", "Clear Search", "search.clear_search", ("Esc",), "edit-clear", "Edit"
    ),
    ActionSpec(
        "search_scope",
        "Search This &List Only",
        "search.toggle_scope",
        ("Ctrl+Shift+F",),
        None,
        "Edit",
        "Search the list shown instead of the whole library",
        checkable=True,
    ),
    ActionSpec(
        "remove",
        "&Remove Paper",
        "triage.remove_selected",
        ("Delete",),
        "edit-delete",
        "Edit",
        "Move the selected papers to the bin (undo brings them back)",
        needs_paper=True,
    ),
    ActionSpec(
        "restore",
        "Restore from &Bin",
        "triage.restore_selected",
        ("Ctrl+Shift+R",),
        "edit-undo",
        "Edit",
        "Bring the selected papers back from the bin",
        needs_paper=True,
        lists="bin",
    ),
    ActionSpec(
        "empty_bin",
        "&Empty Bin…",
        "triage.empty_bin",
        (),
        None,
        "Edit",
        "Delete the papers in the bin for good",
    ),
    # Paper
    ActionSpec("next", "&Next Paper", "selection.select_next", ("j",), "go-down", "Paper"),
    ActionSpec(
        "previous", "&Previous Paper", "selection.select_previous", ("k",), "go-up", "Paper"
    ),
    ActionSpec(
        "star", "&Star / Unstar", "triage.toggle_star", ("s",), "starred", "Paper", needs_paper=True
    ),
    ActionSpec(
        "read",
        "Mark &Read / Unread",
        "triage.toggle_read",
        ("r",),
        "mail-mark-read",
        "Paper",
        needs_paper=True,
    ),
    ActionSpec(
        "note",
        "Edit &Note",
        "reading.focus_note",
        ("n",),
        "accessories-text-editor",
        "Paper",
        needs_paper=True,
    ),
    ActionSpec(
        "tags", "Edit &Tags", "reading.focus_tags", ("t",), "tag", "Paper", needs_paper=True
    ),
    ActionSpec(
        "copy_cite",
        "&Copy Citation",
        "citations.copy_cite",
        ("c",),
        "edit-copy",
        "Paper",
        "Copy the selected papers' citation in the chosen format",
        needs_paper=True,
    ),
    *(
        ActionSpec(
            f"cite_{fmt}",
            text,
            f"citations.cite_{fmt}",
            (),
            None,
            "Paper",
            f"Copy citations as {text.replace('&', '')} from now on",
            checkable=True,
            submenu="Citation &Format",
            needs_paper=True,
        )
        for fmt, text in (
            ("latex", "\\&cite{…} (LaTeX)"),
            ("biblatex", "\\&autocite{…} (biblatex)"),
            ("pandoc", "[@…] (&pandoc, Quarto)"),
            ("typst", "@… (&Typst)"),
            ("markdown", "&Markdown Links"),
            ("keys", "&Keys Only"),
        )
    ),
    ActionSpec(
        "copy_bibtex",
        "Copy &BibTeX",
        "citations.copy_bibtex",
        ("Ctrl+Shift+C",),
        "edit-copy",
        "Paper",
        "Copy the BibTeX entries of the selected papers",
        needs_paper=True,
    ),
    ActionSpec(
        "edit_details",
        "Edit &Details…",
        "triage.edit_details",
        ("F2",),
        "document-properties",
        "Paper",
        "Correct the title, authors, year or arXiv id",
        needs_paper=True,
    ),
    # Paper: the way out, PDFs, completing online (gui/controllers/online.py)
    ActionSpec(
        "open_page",
        "&Open Paper Page",
        "online.open_page",
        ("o",),
        "internet-web-browser",
        "Paper",
        "Open the paper's arXiv page (else its own page, or a Hugging Face search)",
        needs_paper=True,
    ),
    ActionSpec(
        "open_pdf",
        "Open P&DF",
        "online.open_pdf",
        ("Shift+O",),
        "application-pdf",
        "Paper",
        "Open the PDF kept in the library (else arXiv's)",
        needs_paper=True,
    ),
    ActionSpec(
        "download_pdf",
        "Do&wnload PDF",
        "online.download_pdfs",
        (),
        "document-save",
        "Paper",
        "Download the selected papers' PDFs from arXiv into the library",
        needs_paper=True,
    ),
    ActionSpec(
        "attach_pdf",
        "&Attach PDF…",
        "online.attach_pdf",
        (),
        "mail-attachment",
        "Paper",
        "Keep a PDF you have with this paper (or drop it on the paper)",
        needs_paper=True,
    ),
    ActionSpec(
        "enrich",
        "Complete On&line",
        "online.enrich_selected",
        ("Ctrl+Shift+E",),
        "view-refresh",
        "Paper",
        "Fetch authors, arXiv ids and categories of the selected papers from "
        "Hugging Face and arXiv",
        needs_paper=True,
    ),
    ActionSpec(
        "enrich_digest",
        "Complete This Di&gest Online",
        "online.enrich_digest",
        (),
        None,
        "Paper",
        "Fetch authors, arXiv ids and categories for the whole digest shown",
    ),
    # View
    ActionSpec("view_inbox", "&Inbox", "lists.show_inbox", ("Ctrl+1",), None, "View"),
    ActionSpec("view_all", "&All Papers", "lists.show_all", ("Ctrl+2",), None, "View"),
    ActionSpec("view_starred", "&Starred", "lists.show_starred", ("Ctrl+3",), None, "View"),
    ActionSpec("view_read", "&Read", "lists.show_read", ("Ctrl+4",), None, "View"),
    ActionSpec("view_bin", "&Bin", "lists.show_bin", ("Ctrl+5",), None, "View"),
    ActionSpec(
        "quick_switch",
        "&Go to List…",
        "navigation.open_switcher",
        ("Ctrl+K", "Ctrl+P"),
        None,
        "View",
        "Jump to any list, digest, source or tag by typing its name",
    ),
    ActionSpec(
        "snippets",
        "Search &Snippets",
        "search.toggle_snippets",
        (),
        None,
        "View",
        "Show the best passage under each search hit",
        checkable=True,
    ),
    ActionSpec(
        "focus_list", "Focus Paper &List", "selection.focus_list", ("Ctrl+L",), None, "View"
    ),
    # Help
    ActionSpec(
        "shortcuts",
        "&Keyboard Shortcuts",
        "app_dialogs.show_shortcuts",
        ("F1", "?"),
        "help-contents",
        "Help",
    ),
    ActionSpec("about", "&About readinglist", "app_dialogs.about", (), "help-about", "Help"),
)

MENUS = ("File", "Edit", "Paper", "View", "Help")


def build_actions(parent: QObject) -> dict[str, QAction]:
    """One ``QAction`` per spec, parented to ``parent``; the owners connect them."""
    built: dict[str, QAction] = {}
    for item in ACTIONS:
        action = QAction(item.text, parent)
        action.setObjectName(f"action_{item.id}")
        action.setShortcuts([QKeySequence(s) for s in item.shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(item.checkable)
        if item.icon:
            action.setIcon(icon(item.icon))
        if item.tip:
            action.setToolTip(item.tip)
            action.setStatusTip(item.tip)
        built[item.id] = action
    return built


def owned_by(owner: str) -> list[ActionSpec]:
    """The specs whose handler lives on ``owner`` (see :attr:`ActionSpec.handler`)."""
    return [item for item in ACTIONS if item.handler.partition(".")[0] == owner]


def connect_actions(actions: Mapping[str, QAction], owner: str, controller: object) -> None:
    """Connect each action ``owner`` owns to its method on ``controller``.

    A handler the registry names but the controller lacks is an error here,
    when the window is built, not when a user first presses the key.
    """
    for item in owned_by(owner):
        name = item.handler.partition(".")[2]
        handler = getattr(controller, name, None)
        if not callable(handler):
            raise TypeError(f"{type(controller).__name__} has no handler {name!r} ({item.id})")
        actions[item.id].triggered.connect(_slot(handler))


def _slot(handler: Callable[[], object]) -> Callable[..., None]:
    """Wrap a handler so the slot returns None (PySide mishandles a returned bool)."""

    def triggered(*_args: object) -> None:
        handler()

    return triggered


def describe_keys(item: ActionSpec) -> str:
    """Shortcuts as the user's platform writes them (``Ctrl+E``, ``⌘E``)."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(s if len(s) == 1 else QKeySequence(s).toString(native) for s in item.shortcuts)
