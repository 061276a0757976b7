"""One JSON vocabulary: every name any ``--json`` output uses is documented, and means one thing."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from readinglist.cli.vocabulary import DETAIL_FIELDS, HIT_FIELDS, NAMES, SUMMARY_FIELDS
from tests.cli.conftest import Cli
from tests.snapshots import DATA
from tests.support.online import PDF_BYTES
from tests.support.replay import closed_port_url

README = Path(__file__).parents[2] / "README.md"


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_every_json_output_speaks_the_vocabulary(
    imported: Path,
    tmp_path: Path,
    sample_paths: list[Path],
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bib = str(tmp_path / "refs.bib")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(PDF_BYTES)
    monkeypatch.setenv("READINGLIST_HF_URL", closed_port_url())  # enrich: offline, reported
    aux = tmp_path / "main.aux"
    aux.write_text("\\citation{mykey,mykex}\n\\@input{../outside.aux}\n", encoding="utf-8")
    foreign = tmp_path / "Sync" / "devices" / "0123456789abcdef" / "0000000001.update"
    foreign.parent.mkdir(parents=True)
    foreign.write_bytes(b"not a sync file")  # so that sync reports an unreadable file
    runs = [
        ["import", str(sample_paths[0])],
        ["import", str(DATA / "hf_pages" / "hf_search_plaintext_intercode-bash.txt")],
        ["pages"],
        ["list", "--limit", "3"],
        ["show", "1"],
        ["digests"],
        ["stats"],
        ["edit", "1", "--venue", "V"],
        ["mark", "1", "--star"],
        ["note", "1", "--set", "n"],
        ["tag", "1", "--add", "t"],
        ["bin"],
        ["bin", "--empty"],
        ["search", "distillation", "--limit", "2"],
        ["search", "year:abc"],
        ["similar", "1", "--limit", "2"],
        ["export", "--ids", "1"],
        ["export", "--ids", "1", "-o", bib],
        ["cite", "1"],
        ["key", "1", "mykey"],
        ["autoexport", "add", "--tag", "t", str(tmp_path / "t.bib")],
        ["autoexport", "list"],
        ["autoexport", "remove", str(tmp_path / "t.bib")],
        ["export", "--aux", str(aux)],
        ["export", "--aux", str(aux), "-o", bib],
        ["export", "--ids", "1", "--format", "csl-json"],
        ["cite", "1", "2", "--format", "pandoc"],
        ["autoexport", "add", "--aux", str(aux), str(tmp_path / "doc.bib")],
        ["autoexport", "sync"],
        ["key-formula", "[auth][year]"],
        ["rekey", "--dry-run"],
        ["backup", "--to", str(tmp_path / "b.sqlite3")],
        ["check"],
        ["sync", str(tmp_path / "Sync")],
        ["sync", "--status"],
        ["sync", "--leave"],
        ["restore", str(tmp_path / "b.sqlite3")],
        ["reindex"],
        ["attach", "1", str(pdf)],
        ["download", "--starred"],
        ["online"],
        ["enrich", "1"],  # offline: the record, with its error
        ["show", "99999"],  # an error
    ]
    failing = (["show", "99999"], ["enrich", "1"])
    used: dict[str, str] = {}
    for argv in runs:
        code, out, err = cli(*argv, "--json")
        assert code == (1 if argv in failing else 0), (argv, err)
        for key in _keys(json.loads(out)):
            used.setdefault(key, " ".join(argv))
    # a key that never left the library (as after an export that failed): rekey replaces it
    database = imported / "library.sqlite3"
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("UPDATE paper SET key_used_at = NULL WHERE id = 2")
    code, out, err = cli("rekey", "--json")
    assert code == 0 and json.loads(out)["rekeyed"], err
    used.update({k: "rekey" for k in _keys(json.loads(out))})
    assert {k: v for k, v in used.items() if k not in NAMES} == {}
    assert set(NAMES) - set(used) == set()  # no documented name is dead


def test_papers_have_the_same_fields_wherever_they_appear(imported: Path, cli: Cli) -> None:
    (row,) = json.loads(cli("list", "--json", "--limit", "1")[1])
    assert list(row) == list(SUMMARY_FIELDS)
    shown = json.loads(cli("show", str(row["id"]), "--json")[1])
    assert list(shown) == [*SUMMARY_FIELDS, *DETAIL_FIELDS]
    assert {k: shown[k] for k in SUMMARY_FIELDS} == row
    edited = json.loads(cli("edit", str(row["id"]), "--venue", "V", "--json")[1])
    assert list(edited) == list(shown) and edited["venue"] == "V"
    (hit,) = json.loads(cli("similar", str(row["id"]), "--limit", "1", "--json")[1])
    assert list(hit) == [*SUMMARY_FIELDS, *HIT_FIELDS]


def test_the_readme_documents_every_name() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
    assert documented == set(NAMES)
