"""Citations in the chosen format, and .bib files that follow their documents, in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from readinglist.core.bibtex import ExportScope
from readinglist.core.library import Library
from readinglist.gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory


def _select_first(window: MainWindow) -> int:
    window.lists.show_all()
    window.view.setFocus()
    QTest.keyClicks(window.view, "j")
    return window.selection.current_id() or 0


def test_the_citation_format_is_chosen_once_and_remembered(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, settings: QSettings
) -> None:
    window = make_window(loaded)
    pid = _select_first(window)
    QTest.keyClicks(window.view, "c")
    key = loaded.paper(pid).citation_key
    assert QGuiApplication.clipboard().text() == f"\\cite{{{key}}}"  # the default
    assert window.detail.cite_button.text() == "\\cite{…}"
    menu_texts = [a.text() for a in window.menuBar().actions()]
    assert "&Paper" in menu_texts
    window.actions_by_id["cite_pandoc"].trigger()  # Paper › Citation Format › [@…]
    assert QGuiApplication.clipboard().text() == f"[@{key}]"
    assert window.actions_by_id["cite_pandoc"].isChecked()
    assert window.actions_by_id["copy_cite"].text() == "&Copy [@…]"
    assert window.detail.cite_button.text() == "[@…]"
    QGuiApplication.clipboard().clear()
    QTest.keyClicks(window.view, "c")  # c now copies the pandoc form
    assert QGuiApplication.clipboard().text() == f"[@{key}]"
    window.detail.cite_button.click()
    assert QGuiApplication.clipboard().text() == f"[@{key}]"
    window.actions_by_id["cite_markdown"].trigger()
    assert QGuiApplication.clipboard().text().startswith("- ")
    window.close()
    again = make_window(loaded)  # the next window remembers the choice
    assert again.actions_by_id["cite_markdown"].isChecked()
    assert settings.value("citations/format") == "markdown"


def test_every_format_is_in_the_menu(make_window: WindowFactory, library: Library) -> None:
    window = make_window(library)
    paper_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Paper")
    assert isinstance(paper_menu, QMenu)
    submenu = next(a.menu() for a in paper_menu.actions() if a.menu() is not None)
    assert isinstance(submenu, QMenu)
    assert submenu.title() == "Citation &Format"
    ids = [a.objectName() for a in submenu.actions()]
    assert ids == [f"action_cite_{f}" for f in
                   ("latex", "biblatex", "pandoc", "typst", "markdown", "keys")]  # fmt: skip
    assert not window.actions_by_id["cite_typst"].isEnabled()  # no paper selected


def test_a_linked_bib_follows_its_aux_while_the_window_is_open(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, tmp_path: Path
) -> None:
    ids = loaded.paper_ids()[:3]
    keys = loaded.bibtex.keys(ids)
    aux, bib = tmp_path / "thesis" / "main.aux", tmp_path / "thesis" / "refs.bib"
    aux.parent.mkdir()
    aux.write_text(f"\\relax\n\\citation{{{keys[0]}}}\n", encoding="utf-8")
    loaded.bibtex.add_autoexport(bib, ExportScope("document", str(aux)))
    window = make_window(loaded)
    assert aux.resolve() in window.documents.watched()
    assert aux.parent.resolve() in window.documents.watched()

    # LaTeX runs and cites one more paper: the .bib follows
    with qtbot.waitSignal(window.documents.refreshed, timeout=20000) as blocker:
        aux.write_text(f"\\relax\n\\citation{{{keys[0]},{keys[1]}}}\n", encoding="utf-8")
    ((link, written),) = blocker.args[0]
    assert written and link.path == bib.resolve()
    assert f"@misc{{{keys[1]}," in bib.read_text(encoding="utf-8")

    # LaTeX runs again with the same citations: the .bib is not touched
    before = bib.stat().st_mtime_ns
    with qtbot.waitSignal(window.documents.refreshed, timeout=20000) as blocker:
        aux.write_text(f"\\relax\n\\citation{{{keys[0]},{keys[1]}}}\n", encoding="utf-8")
    ((_, written),) = blocker.args[0]
    assert not written and bib.stat().st_mtime_ns == before

    # the .aux is replaced (deleted, then written anew): still followed
    aux.unlink()
    with qtbot.waitSignal(window.documents.refreshed, timeout=20000):
        aux.write_text(f"\\citation{{{keys[2]}}}\n", encoding="utf-8")
    qtbot.waitUntil(lambda: f"@misc{{{keys[2]}," in bib.read_text(encoding="utf-8"))
    qtbot.waitUntil(lambda: aux.resolve() in window.documents.watched())


def test_the_export_dialog_writes_and_links_csl_json(
    qtbot: QtBot, make_window: WindowFactory, loaded: Library, tmp_path: Path
) -> None:
    import json

    window = make_window(loaded)
    _select_first(window)
    dialog = window.import_export.export_dialog()
    target = tmp_path / "refs.json"
    dialog.scope_buttons["ids"].setChecked(True)
    dialog.csl.setChecked(True)
    dialog.path_edit.setText(str(target))
    dialog.sync.setChecked(True)
    with qtbot.waitSignal(window.import_export.export_finished, timeout=20000) as blocker:
        dialog.export_button.click()
    assert blocker.args == [1]
    (item,) = json.loads(target.read_text(encoding="utf-8"))
    assert item["type"] in ("article", "manuscript")
    (link,) = loaded.bibtex.autoexports()
    assert link.format == "csl-json"
    links = window.import_export.autoexports_dialog()  # File › Auto-exports… lists it
    assert links.links.item(0).text().endswith("CSL-JSON")
    links.reject()
