"""Export from anywhere: the dialog opens on the list shown and remembers;
File ▸ Auto-exports… adds and removes linked files on its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.gui.detail import authors_line
from readinglist.gui.paper_model import COL_UPVOTES
from tests.gui.conftest import WindowFactory


def test_the_dialog_opens_on_the_list_shown_and_remembers_scope_and_file(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, tmp_path: Path
) -> None:
    loaded.mark(loaded.paper_ids()[:3], starred=True)
    window = make_window(loaded)
    window.lists.show_starred()
    dialog = window.import_export.export_dialog()
    assert dialog.scope_buttons["starred"].isChecked()  # not "Selected paper (1)"
    qtbot.waitUntil(lambda: dialog.scope_buttons["starred"].hasFocus())
    texts = [b.text() for b in dialog.scope_buttons.values()]
    assert all("&" in t for t in texts)  # every choice has a mnemonic
    letters = [t[t.index("&") + 1].lower() for t in texts]
    assert len(set(letters)) == len(letters)
    assert dialog.tag_combo.focusPolicy() == Qt.FocusPolicy.ClickFocus
    dialog.reject()

    window.lists.show_inbox()  # a list that is a query: "This list: Inbox"
    dialog = window.import_export.export_dialog()
    assert dialog.scope_buttons["list"].isChecked()
    target = tmp_path / "inbox.bib"
    dialog.scope_buttons["all"].setChecked(True)
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(window.import_export.export_finished, timeout=20000) as done:
        dialog.export_button.click()
    assert done.args == [loaded.count()]

    again = window.import_export.export_dialog()  # the same list: what was chosen there
    assert again.scope_buttons["all"].isChecked()
    assert again.path_edit.text() == str(target)
    again.reject()
    window.lists.show_starred()  # another list: its own scope, the last file
    other = window.import_export.export_dialog()
    assert other.scope_buttons["starred"].isChecked()
    assert other.path_edit.text() == str(target)
    other.reject()


def test_the_list_scope_exports_what_the_list_holds(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, tmp_path: Path
) -> None:
    window = make_window(loaded)
    qtbot.waitUntil(lambda: window.sidebar.select_key("digest:2026-10-31"))  # once counted
    dialog = window.import_export.export_dialog()
    choice_button = dialog.scope_buttons["list"]
    assert choice_button.isChecked() and "Oct 31" in choice_button.text()
    dialog.path_edit.setText(str(tmp_path / "oct.bib"))
    choice = dialog.choice()
    assert choice is not None
    assert (choice.kind, choice.value) == ("query", "digest:2026-10-31")
    with qtbot.waitSignal(window.import_export.export_finished, timeout=20000) as done:
        dialog.export_button.click()
    assert done.args == [38]


def test_auto_exports_are_added_and_removed_on_their_own(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, tmp_path: Path
) -> None:
    loaded.mark(loaded.paper_ids()[:2], starred=True)
    window = make_window(loaded)
    window.actions_by_id["autoexports"].trigger()
    dialog = window.import_export.autoexports_window
    assert dialog is not None and dialog.isVisible()
    assert not dialog.remove_button.isEnabled()
    add = dialog.add()
    target = tmp_path / "thesis" / "refs.bib"
    target.parent.mkdir()
    add.path.setText(str(target))
    add.accept()
    qtbot.waitUntil(lambda: len(loaded.bibtex.autoexports()) == 1)
    assert target.read_text(encoding="utf-8").count("@") == 2
    assert str(target) in dialog.links.item(0).text()
    dialog.links.setCurrentRow(0)
    dialog.remove()
    assert loaded.bibtex.autoexports() == []
    assert target.exists()  # the file itself stays


def test_columns_can_be_hidden_and_authors_read_first_name_first(
    make_window: WindowFactory, loaded: Library
) -> None:
    window = make_window(loaded)
    header = window.view.horizontalHeader()
    window.view._header_menu(header.rect().center())
    menu = window.view.header_menu
    votes = next(a for a in menu.actions() if a.text() == "Upvotes")
    votes.setChecked(False)
    assert window.view.isColumnHidden(COL_UPVOTES)
    menu.close()
    paper_id = loaded.paper_ids()[0]
    loaded.edit(paper_id, authors=["Müller, Jana", "Smith, John"])
    assert authors_line(loaded.paper(paper_id)) == "Jana Müller, John Smith"
