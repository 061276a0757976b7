"""enrich, download, attach and online, run as a user would, against a server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.factory import open_library
from readinglist.core.views import PaperFilter, SortKey
from tests.cli.conftest import Cli
from tests.helpers import dump_file
from tests.support.online import PDF_BYTES, Remote, arxiv_api, hf_day
from tests.support.replay import Canned, ReplayServer, closed_port_url, replay_server

DAY = date(2026, 3, 13)


@pytest.fixture
def server(lib: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Iterator[ReplayServer]:
    """Both sources on a replay server, through the environment; arXiv asked without pause
    (a mirror may be: the three seconds themselves are tested with a fake clock)."""
    with replay_server() as running:
        monkeypatch.setenv("READINGLIST_HF_URL", running.url)
        monkeypatch.setenv("READINGLIST_ARXIV_URL", running.url)
        assert cli("online", "--arxiv-interval", "0")[0] == 0
        yield running


def digest_titles(lib: Path) -> list[tuple[int, str]]:
    with open_library(lib, search_index=False) as library:
        ids = library.paper_ids(PaperFilter(digest_day=DAY), SortKey.POSITION, descending=False)
        return [(p.id or 0, p.title) for p in library.papers(ids)]


def serve_digest(server: ReplayServer, papers: list[tuple[int, str]]) -> list[Remote]:
    """Hugging Face lists all but the last paper; arXiv knows them; nobody knows the last."""
    remote = [
        Remote(f"2603.{20000 + i}", title, authors=(f"Ann Author{i}", "Bo Writer"))
        for i, (_, title) in enumerate(papers[:-1])
    ]
    server.serve("/api/daily_papers", Canned.json(hf_day(remote, DAY)), date=DAY.isoformat())
    server.serve("/api/query", arxiv_api(remote))
    server.serve("/api/query", Canned.file("arxiv/query_empty.xml"), start="0")
    return remote


def test_enrich_a_digest(one_digest: Path, server: ReplayServer, cli: Cli) -> None:
    papers = digest_titles(one_digest)
    serve_digest(server, papers)
    code, out, err = cli("enrich", "--digest", "2026-03-13")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "40 papers: 39 found, 39 completed, 1 not matched (3 requests)"
    last_id, last_title = papers[-1]
    assert lines[1:] == ["  not matched (listed, not guessed):", f"  {last_id:>6}  {last_title}"]
    first = papers[0][0]
    shown = json.loads(cli("show", str(first), "--json")[1])
    assert shown["arxiv_id"] == "2603.20000"
    assert shown["authors"] == ["Ann Author0", "Bo Writer"]
    assert shown["primary_class"] == "cs.CL"
    entry = cli("export", "--ids", str(first))[1]
    assert "author = {Author0, Ann and Writer, Bo}" in entry
    assert "eprint = {2603.20000}" in entry and "archivePrefix = {arXiv}" in entry
    assert "primaryClass = {cs.CL}" in entry


def test_enrich_json(one_digest: Path, server: ReplayServer, cli: Cli) -> None:
    papers = digest_titles(one_digest)
    serve_digest(server, papers)
    code, out, _ = cli("enrich", "--digest", "2026-03-13", "--json")
    record = json.loads(out)
    assert code == 0
    assert {k: record[k] for k in ("papers", "found", "enriched", "requests", "error")} == {
        "papers": 40,
        "found": 39,
        "enriched": 39,
        "requests": 3,
        "error": None,
    }
    assert record["unmatched"] == [{"id": papers[-1][0], "title": papers[-1][1]}]
    again = json.loads(cli("enrich", "--digest", "2026-03-13", "--json")[1])
    assert (again["requests"], again["cached"], again["complete"]) == (0, 2, 39)


def test_offline_is_one_line_and_changes_nothing(
    one_digest: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.setenv("READINGLIST_HF_URL", closed_port_url())
    before = dump_file(one_digest / "library.sqlite3")
    code, out, err = cli("enrich", "--digest", "2026-03-13")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("readinglist: Cannot reach Hugging Face at 127.0.0.1 (")
    assert err.endswith("you seem to be offline, or it is down.\n")
    assert dump_file(one_digest / "library.sqlite3") == before


def test_a_malformed_answer_is_one_line(one_digest: Path, server: ReplayServer, cli: Cli) -> None:
    server.serve("/api/daily_papers", Canned.file("hf/malformed_truncated.json"))
    code, out, err = cli("enrich", "--digest", "2026-03-13")
    assert (code, out) == (1, "")
    assert err == (
        "readinglist: Hugging Face's answer for the Daily Papers of 2026-03-13 is not valid "
        "JSON; nothing of it was used.\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["enrich"], "Say which papers to complete"),
        (["enrich", "1", "--all"], "Give paper ids, or one of --all, --digest, --missing"),
        (["enrich", "99999"], "No paper with id 99999."),
        (["enrich", "--digest", "2020-01-01"], "No digest on 2020-01-01."),
        (["download"], "Say whose PDFs to download"),
        (["attach", "1", "nowhere.pdf"], "There is no file nowhere.pdf."),
        (["online", "--hf-url", "ftp://x"], "“ftp://x” is not a usable address for Hugging Face"),
    ],
)
def test_mistakes_are_named_before_anything_is_asked(
    one_digest: Path, server: ReplayServer, cli: Cli, argv: list[str], message: str
) -> None:
    code, _, err = cli(*argv)
    assert code == 1 and message in err
    assert server.requests == []


def test_attach_and_download(
    one_digest: Path, server: ReplayServer, cli: Cli, tmp_path: Path
) -> None:
    papers = digest_titles(one_digest)
    serve_digest(server, papers)
    assert cli("enrich", str(papers[0][0]), str(papers[1][0]))[0] == 0
    server.serve("/pdf/2603.20000", Canned(200, PDF_BYTES))
    server.serve("/pdf/2603.20001", Canned(404, b"Not found"))
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(PDF_BYTES)
    third = papers[2][0]
    code, out, _ = cli("attach", str(third), str(mine))
    assert code == 0 and out.startswith(f"{third}: the PDF is kept as {one_digest / 'pdfs'}/")
    code, out, _ = cli("download", str(papers[0][0]), str(papers[1][0]), str(third))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "PDFs: 1 downloaded, 1 already there, 1 failed"
    assert lines[1].startswith(f"  {papers[0][0]:>6}  {one_digest / 'pdfs'}/{papers[0][0]}-")
    assert lines[2] == f"  {papers[1][0]:>6}  not downloaded: arXiv has no PDF of 2603.20001"
    shown = cli("show", str(papers[0][0]))[1]
    assert f"  PDF: {one_digest / 'pdfs'}/" in shown


def test_download_starred_needs_arxiv_ids(one_digest: Path, server: ReplayServer, cli: Cli) -> None:
    cli("mark", "1", "--star")
    code, out, _ = cli("download", "--starred")
    assert code == 0
    assert out.splitlines() == [
        "PDFs: 0 downloaded, 1 without an arXiv id",
        "  no arXiv id, so nowhere to download from (attach a PDF instead): 1",
    ]


def test_online_addresses(lib: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READINGLIST_HF_URL", raising=False)
    monkeypatch.delenv("READINGLIST_ARXIV_URL", raising=False)
    assert cli("online")[1].splitlines() == [
        "Hugging Face  https://huggingface.co  (default; one request every 0.5 s)",
        "arXiv         https://export.arxiv.org  (default; one request every 3 s)",
    ]
    _, out, _ = cli("online", "--arxiv-url", "https://mirror.example/", "--arxiv-interval", "1")
    assert (
        out.splitlines()[1]
        == "arXiv         https://mirror.example  (setting; one request every 1 s)"
    )
    cli("online", "--arxiv-url", "https://export.arxiv.org")
    assert "(setting; one request every 3 s)" in cli("online")[1]  # arxiv.org: never faster
    monkeypatch.setenv("READINGLIST_HF_URL", "http://127.0.0.1:9")
    record = json.loads(cli("online", "--json")[1])
    assert record[0] == {
        "service": "hf",
        "url": "http://127.0.0.1:9",
        "origin": "READINGLIST_HF_URL",
        "interval": 0.5,
    }
    assert "($READINGLIST_HF_URL;" in cli("online")[1]
    cli("online", "--arxiv-url", "")
    assert "https://export.arxiv.org  (default;" in cli("online")[1]
