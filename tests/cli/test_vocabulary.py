"""One JSON vocabulary: every name any ``--json`` output uses is documented, and means one thing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from readinglist.cli.vocabulary import DETAIL_FIELDS, HIT_FIELDS, NAMES, SUMMARY_FIELDS
from tests.cli.conftest import Cli
from tests.snapshots import DATA

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
    imported: Path, tmp_path: Path, sample_paths: list[Path], cli: Cli
) -> None:
    bib = str(tmp_path / "refs.bib")
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
        ["backup", "--to", str(tmp_path / "b.sqlite3")],
        ["check"],
        ["restore", str(tmp_path / "b.sqlite3")],
        ["reindex"],
        ["show", "99999"],  # an error
    ]
    used: dict[str, str] = {}
    for argv in runs:
        code, out, err = cli(*argv, "--json")
        assert code == (1 if argv == ["show", "99999"] else 0), (argv, err)
        for key in _keys(json.loads(out)):
            used.setdefault(key, " ".join(argv))
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
