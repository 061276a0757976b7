"""A .bib in the window: its notices are shown, its entry is read as a reader wants it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.gui.detail import DetailPane
from tests.gui.conftest import WindowFactory
from tests.gui.test_main_window import drop_files
from tests.snapshots import DATA


def test_dropping_a_bib_shows_what_was_skipped_and_why(
    qtbot: QtBot, library: Library, make_window: WindowFactory
) -> None:
    window = make_window(library)
    with qtbot.waitSignal(window.status.notice_shown, timeout=20000) as shown:
        drop_files(qtbot, window, [DATA / "bibliography.bib"])
    title, message = shown.args
    assert title == "Imported, with notes"
    lines = message.splitlines()
    assert lines[0] == "bibliography.bib: 13 papers, 13 new; 4 skipped; 3 warnings"
    assert any(ln.startswith("• line 139: broken2020: skipped, not valid BibTeX") for ln in lines)
    assert any("“unsafe key” is not safe in LaTeX" in ln for ln in lines)
    assert window.status.errors == []
    box = window.findChild(QMessageBox, "noticeBox")
    assert isinstance(box, QMessageBox) and "broken2020" in box.text()


def test_a_digest_without_notices_opens_no_box(
    qtbot: QtBot, library: Library, make_window: WindowFactory, sample_paths: list[Path]
) -> None:
    window = make_window(library)
    drop_files(qtbot, window, sample_paths[:1])
    assert window.status.notices == []


def test_the_detail_pane_reads_the_entry_in_unicode(qtbot: QtBot, library: Library) -> None:
    library.import_file(DATA / "bibliography.bib")
    (pid,) = [i for i in library.paper_ids() if library.paper(i).citation_key == "Kingma2015Adam"]
    pane = DetailPane(lambda _id, _before, _after: True)
    qtbot.addWidget(pane)
    pane.show_paper(library.paper(pid))
    text = pane.info.toPlainText()
    assert "Adam: A Method for Stochastic Optimization" in text
    assert (
        "Conference paper · Proceedings of the International Conference on Machine Learning "
        "(Workshop track) · Eds. Yoshua Bengio, Yann LeCun"
    ) in text


def test_copying_a_cite_with_a_key_that_breaks_the_rule_says_it_was_replaced(
    qtbot: QtBot, library: Library, make_window: WindowFactory
) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from sqlalchemy import update

    from readinglist.core.tables import PAPER

    library.import_file(DATA / "references.bib")
    with library.db.write() as conn:  # as an older readinglist stored an imported key
        conn.execute(update(PAPER).values(citation_key=None))
        conn.execute(update(PAPER).where(PAPER.c.title.like("A Second%")).values(
            citation_key="van der Berg 2019"
        ))  # fmt: skip
    window = make_window(library)
    window.lists.show_all()
    window.view.setFocus()
    pid = next(i for i in library.paper_ids() if library.paper(i).title.startswith("A Second"))
    for _ in range(10):
        if window.selection.current_id() == pid:
            break
        QTest.keyClicks(window.view, "j")
    assert window.selection.current_id() == pid
    with qtbot.waitSignal(window.status.notice_shown, timeout=5000) as shown:
        QTest.keyClicks(window.view, "c")
    assert QGuiApplication.clipboard().text() == "\\cite{berg2019second}"
    assert "“van der Berg 2019”" in shown.args[1] and "berg2019second" in shown.args[1]
