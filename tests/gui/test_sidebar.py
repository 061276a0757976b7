"""The sidebar: views, digests, sources and tags with live counts."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.core.views import PaperFilter, View
from readinglist.gui.sidebar import (
    FILTER_ROLE,
    Counts,
    Sidebar,
    _day_name,
    filter_from_key,
    filter_key,
    load_counts,
)
from tests.snapshots import DATA

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def counts(sidebar: Sidebar) -> dict[str, str]:
    model = sidebar.sidebar_model
    out: dict[str, str] = {}
    for g in range(model.rowCount()):
        group = model.item(g, 0)
        for r in range(group.rowCount()):
            out[group.child(r, 0).text()] = group.child(r, 1).text()
    return out


def test_counts_follow_the_library(qtbot: QtBot, loaded: Library) -> None:
    sidebar = Sidebar(loaded)
    qtbot.addWidget(sidebar)
    sidebar.refresh()
    tester = QAbstractItemModelTester(sidebar.sidebar_model, FATAL)
    shown = counts(sidebar)
    assert shown["Inbox"] == "230"
    assert shown["All Papers"] == "230"
    assert shown["Starred"] == ""
    assert any(name.startswith("Sat Oct 31") for name in shown)

    first = loaded.paper_ids(PaperFilter(view=View.ALL))[:3]
    loaded.mark(first, starred=True, read=True)
    loaded.tags.add(first[:2], ["survey"])
    sidebar.refresh()
    shown = counts(sidebar)
    assert shown["Inbox"] == "227"
    assert shown["Starred"] == "3"
    assert shown["Read"] == "3"
    assert shown["survey"] == "2"
    loaded.tags.remove(first[:2], ["survey"])
    sidebar.refresh()
    assert "survey" not in counts(sidebar)
    del tester


def test_choosing_a_digest_emits_its_filter(qtbot: QtBot, loaded: Library) -> None:
    sidebar = Sidebar(loaded)
    qtbot.addWidget(sidebar)
    sidebar.refresh()
    day = loaded.digests()[0].day
    with qtbot.waitSignal(sidebar.filter_chosen) as blocker:
        assert sidebar.select_key(f"digest:{day.isoformat()}")
    assert blocker.args == [PaperFilter(digest_day=day)]
    assert sidebar.current_key() == f"digest:{day.isoformat()}"
    assert not sidebar.select_key(f"digest:{date(1999, 1, 1).isoformat()}")
    assert sidebar.currentIndex().data(FILTER_ROLE) == PaperFilter(digest_day=day)


def test_sources_have_their_own_section_hidden_while_empty(qtbot: QtBot, library: Library) -> None:
    sidebar = Sidebar(library)
    qtbot.addWidget(sidebar)
    sidebar.refresh()
    tester = QAbstractItemModelTester(sidebar.sidebar_model, FATAL)
    model = sidebar.sidebar_model
    groups = [model.item(g, 0).text() for g in range(model.rowCount())]
    assert groups == ["Library", "Digests", "Sources", "Tags"]
    row = groups.index("Sources")
    assert sidebar.isRowHidden(row, QModelIndex())

    pages = DATA / "hf_pages"
    library.import_file(pages / "hf_trending_markdown_duplicated.md")
    library.import_file(pages / "hf_search_plaintext_intercode-bash.txt")
    sidebar.refresh()
    assert not sidebar.isRowHidden(row, QModelIndex())
    shown = counts(sidebar)
    assert shown["Search “Intercode Bash”, Jul 28, 2026"] == "107"
    assert shown["Trending, Nov 21, 2026"] == "50"
    (search,) = [s for s in library.sources.all() if s.page == "search"]
    with qtbot.waitSignal(sidebar.filter_chosen) as blocker:
        assert sidebar.select_key(f"source:{search.id}")
    assert blocker.args == [PaperFilter(source=search.id)]
    assert filter_from_key(f"source:{search.id}") == PaperFilter(source=search.id)
    assert filter_key(PaperFilter(source=search.id)) == f"source:{search.id}"
    del tester


def shown_rows(sidebar: Sidebar) -> list[tuple[str, str, str, object]]:
    """Every leaf as the user sees it: name, count, tooltip, filter."""
    model = sidebar.sidebar_model
    rows = []
    for g in range(model.rowCount()):
        group = model.item(g, 0)
        for r in range(group.rowCount()):
            label = group.child(r, 0)
            rows.append(
                (label.text(), group.child(r, 1).text(), label.toolTip(), label.data(FILTER_ROLE))
            )
    return rows


def test_a_refresh_shows_what_a_new_sidebar_shows(
    qtbot: QtBot, library: Library, sample_paths: list[Path]
) -> None:
    """Refreshes touch only the rows that differ; what they leave must equal a
    sidebar built from scratch, whatever came, went or changed count."""
    sidebar = Sidebar(library)
    qtbot.addWidget(sidebar)
    tester = QAbstractItemModelTester(sidebar.sidebar_model, FATAL)

    def same_as_new() -> None:
        sidebar.refresh()
        fresh = Sidebar(library)
        qtbot.addWidget(fresh)
        fresh.refresh()
        assert shown_rows(sidebar) == shown_rows(fresh)
        assert all(sidebar.isExpanded(sidebar.sidebar_model.index(g, 0)) for g in range(4))

    for path in sample_paths[:3]:
        library.import_file(path)
        same_as_new()
    ids = library.paper_ids(PaperFilter(view=View.ALL))
    library.mark(ids[:5], read=True)
    library.tags.add(ids[:2], ["survey", "agents"])
    same_as_new()
    library.import_file(sample_paths[4])  # a digest older than the ones shown: inserted between
    library.tags.remove(ids[:2], ["survey"])
    library.mark(ids[:5], read=False)
    same_as_new()
    library.import_file(sample_paths[3])
    same_as_new()
    del tester


def test_a_first_fill_with_items_made_on_a_worker_shows_the_same(
    qtbot: QtBot, loaded: Library
) -> None:
    """The window's first counts come with their items, made on the worker
    that read them: the sidebar shows exactly what one filled here shows."""
    made: list[Counts] = []
    worker = threading.Thread(target=lambda: made.append(load_counts(loaded, first=True)))
    worker.start()
    worker.join()
    (first,) = made
    assert len(first.leaves) == sum(len(group) for group in first.rows) > 0
    sidebar = Sidebar(loaded)
    qtbot.addWidget(sidebar)
    tester = QAbstractItemModelTester(sidebar.sidebar_model, FATAL)
    filled_before = sidebar.sidebar_model.filled
    sidebar.apply(first)
    assert not filled_before and sidebar.sidebar_model.filled
    assert not first.leaves  # each item placed once
    here = Sidebar(loaded)
    qtbot.addWidget(here)
    here.refresh()
    assert shown_rows(sidebar) == shown_rows(here)
    del tester


def test_rows_that_stay_but_change_order_are_shown_in_the_new_order(
    qtbot: QtBot, loaded: Library
) -> None:
    """Digests and tags keep their order between refreshes; should they ever
    not, the group shows the new order (rebuilt), never a row twice."""
    sidebar = Sidebar(loaded)
    qtbot.addWidget(sidebar)
    tester = QAbstractItemModelTester(sidebar.sidebar_model, FATAL)
    data = load_counts(loaded)
    sidebar.apply(data)
    digests, sources, tags = data.rows
    flipped = [*reversed(digests[1:]), digests[0]]
    sidebar.apply(replace(data, rows=(flipped, sources, tags)))
    group = sidebar.sidebar_model.item(1, 0)
    shown = [group.child(r, 0).text() for r in range(group.rowCount())]
    assert shown == [r.name for r in flipped]
    del tester


def test_day_names_are_the_locales_as_strftime_gives_them() -> None:
    """The names are made from 84 remembered (weekday, month) pairs, not a
    ``strftime`` per digest: they must read exactly the same."""
    first = date(2019, 12, 30)
    for offset in range(800):
        day = first + timedelta(days=offset)
        assert _day_name(day) == f"{day:%a %b} {day.day}, {day.year}"
