"""``pages``, ``list --source``, and what ``import`` and ``show`` say about Hugging Face pages."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli
from tests.snapshots import DATA

PAGES = DATA / "hf_pages"
SEARCH = PAGES / "hf_search_plaintext_intercode-bash.txt"


def test_import_names_the_source_and_prints_each_warning(lib: Path, cli: Cli) -> None:
    code, out, err = cli("import", str(PAGES / "daily_text_current.txt"), str(SEARCH))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].endswith("daily_text_current.txt: Sep 4: 60 papers, 60 new; 1 warning")
    assert lines[1].startswith("  line 200: “Bridging Generative and Discriminative Learning")
    assert lines[2].endswith(
        "hf_search_plaintext_intercode-bash.txt: "
        "Search “Intercode Bash”, Jul 28, 2026: 107 papers, 107 new"
    )


def test_pages_lists_them_and_list_shows_one_in_its_order(lib: Path, cli: Cli) -> None:
    cli("import", str(SEARCH), str(PAGES / "hf_trending_markdown_duplicated.md"))
    code, out, _ = cli("pages")
    assert code == 0
    trending, search = out.splitlines()
    assert "  Trending, " in trending and "50 papers" in trending
    assert "2026-07-28" in search and "Search “Intercode Bash”" in search and "107 papers" in search
    (record,) = [s for s in json.loads(cli("pages", "--json")[1]) if s["page"] == "search"]
    assert record == {
        "source": record["source"],
        "page": "search",
        "query": "Intercode Bash",
        "seen": "2026-07-28",
        "name": SEARCH.name,
        "papers": 107,
        "unread": 107,
    }
    number = str(record["source"])
    rows = json.loads(cli("list", "--source", number, "--sort", "position", "--asc", "--json")[1])
    assert len(rows) == 107
    assert rows[0]["arxiv_id"] == "2410.05434" and rows[-1]["arxiv_id"] == "2510.22907"
    assert all(r["digest_day"] is None for r in rows)


def test_show_names_the_organisation_and_the_pages_it_was_seen_on(lib: Path, cli: Cli) -> None:
    cli("import", str(SEARCH))
    (row,) = [
        r
        for r in json.loads(cli("list", "--json")[1])
        if r["title"] == "Soft Instruction De-escalation Defense"
    ]
    shown = json.loads(cli("show", str(row["id"]), "--json")[1])
    assert shown["organisation"] == "Google"
    assert [(s["page"], s["query"], s["seen"]) for s in shown["sources"]] == [
        ("search", "Intercode Bash", "2026-07-28")
    ]
    out = cli("show", str(row["id"]))[1]
    assert "  Google\n" in out
    assert "seen on: Search “Intercode Bash”, Jul 28, 2026 (source " in out


def test_list_position_takes_a_source_too(lib: Path, cli: Cli) -> None:
    code, _, err = cli("list", "--sort", "position")
    assert code == 1 and "--digest DAY or --source N" in err
