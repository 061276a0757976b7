"""The action registry: one declaration per action, bound and shown consistently."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from readinglist.gui.actions import ACTIONS, MENUS
from readinglist.gui.main_window import MainWindow


def test_ids_and_shortcuts_are_unique() -> None:
    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))
    keys = [QKeySequence(s).toString() for a in ACTIONS for s in a.shortcuts]
    assert len(keys) == len(set(keys)), keys


def test_every_handler_exists_and_every_menu_is_known() -> None:
    for action in ACTIONS:
        assert callable(getattr(MainWindow, action.handler, None)), action.handler
        assert action.menu in MENUS


def test_the_issue_keys_are_all_bound() -> None:
    bound = {s for a in ACTIONS for s in a.shortcuts}
    wanted = {
        "j",
        "k",
        "s",
        "r",
        "n",
        "t",
        "c",
        "Ctrl+E",
        "Ctrl+I",
        "Ctrl+V",
        "Delete",
        "Ctrl+Z",
        "Ctrl+Shift+Z",
        "Ctrl+F",
        "/",
        "Esc",
        "F1",
        "?",
    }
    assert wanted <= bound
