"""Writing from the command line: a document's export, CSL-JSON, cite formats, key formulas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string

from tests.cli.conftest import Cli


def _keyed(cli: Cli, count: int) -> dict[str, int]:
    _, out, _ = cli("list", "--json", "--sort", "title", "--asc", "--limit", str(count))
    ids = [row["id"] for row in json.loads(out)]
    keys = cli("cite", *map(str, ids))[1].split()
    return dict(zip(keys, ids, strict=True))


def test_export_what_an_aux_cites(imported: Path, tmp_path: Path, cli: Cli) -> None:
    keys = list(_keyed(cli, 3))
    aux = tmp_path / "main.aux"
    aux.write_text(f"\\citation{{{keys[0]},{keys[1]}}}\n\\citation{{{keys[2]}x}}\n", "utf-8")
    target = tmp_path / "refs.bib"
    code, out, err = cli("export", "--aux", str(aux), "-o", str(target))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"2 entries (what main.aux cites) written to {target}"
    assert lines[1] == "1 cited key is not in the library:"
    assert lines[2].startswith(f"  {keys[2]}x: perhaps ") and f"({keys[2]})" in lines[2]
    assert {e.key for e in parse_string(target.read_text()).entries} == set(keys[:2])
    record = json.loads(cli("export", "--aux", str(aux), "-o", str(target), "--json")[1])
    assert record["entries"] == 2 and record["document"] == str(aux)
    (missing,) = record["missing"]
    assert missing["key"] == f"{keys[2]}x" and missing["suggestions"][0]["key"] == keys[2]
    # to standard output: the .bib there, the report on standard error
    code, out, err = cli("export", "--tex", str(tmp_path / "none.tex"))
    assert code == 1 and "does not exist" in err


def test_export_csl_json(imported: Path, tmp_path: Path, cli: Cli) -> None:
    keys = _keyed(cli, 2)
    ids = [str(i) for i in keys.values()]
    code, out, _ = cli("export", "--ids", *ids, "--format", "csl-json")
    assert code == 0 and sorted(i["id"] for i in json.loads(out)) == sorted(keys)
    target = tmp_path / "refs.json"
    assert cli("export", "--ids", *ids, "-o", str(target))[0] == 0  # .json: CSL-JSON
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(out)
    assert "csl_json" in json.loads(cli("export", "--ids", ids[0], "--format", "csl-json",
                                        "--json")[1])  # fmt: skip
    code, _, err = cli("export", "--biblatex", "--format", "csl-json")
    assert code == 1 and "say different things" in err


def test_cite_in_every_format(imported: Path, cli: Cli) -> None:
    keys = _keyed(cli, 2)
    (a, ka), (b, kb) = ((str(i), k) for k, i in keys.items())
    expected = {
        "keys": f"{ka}\n{kb}",
        "latex": f"\\cite{{{ka},{kb}}}",
        "biblatex": f"\\autocite{{{ka},{kb}}}",
        "pandoc": f"[@{ka}; @{kb}]",
        "typst": f"@{ka} @{kb}",
    }
    for fmt, text in expected.items():
        assert cli("cite", a, b, "--format", fmt)[1] == text + "\n"
    markdown = cli("cite", a, b, "--format", "markdown")[1].splitlines()
    assert len(markdown) == 2 and all(line.startswith("- ") for line in markdown)
    assert cli("cite", a, b, "--latex")[1] == expected["latex"] + "\n"
    assert json.loads(cli("cite", a, "--format", "pandoc", "--json")[1]) == {
        "format": "pandoc",
        "citation": f"[@{ka}]",
        "ids": [int(a)],
    }
    with pytest.raises(SystemExit) as info:
        cli("cite", a, "--format", "word")
    assert info.value.code == 2


def test_autoexport_linked_to_a_document(imported: Path, tmp_path: Path, cli: Cli) -> None:
    keys = list(_keyed(cli, 2))
    aux, target = tmp_path / "main.aux", tmp_path / "refs.bib"
    aux.write_text(f"\\citation{{{keys[0]},ghost}}\n", encoding="utf-8")
    code, out, err = cli("autoexport", "add", "--aux", str(aux), str(target))
    assert code == 0, err
    assert out.splitlines() == [
        f"{target}: 1 entry, kept in sync with what {aux} cites",
        "  cited but not in the library: ghost",
    ]
    aux.write_text(f"\\citation{{{keys[0]},{keys[1]}}}\n", encoding="utf-8")
    code, out, _ = cli("autoexport", "sync")
    assert out.splitlines() == [f"{target}: rewritten"]
    assert cli("autoexport", "sync")[1].splitlines() == [f"{target}: up to date"]
    assert len(parse_string(target.read_text()).entries) == 2
    (link,) = json.loads(cli("autoexport", "list", "--json")[1])
    assert (link["scope"], link["value"], link["format"], link["missing"]) == (
        "document", str(aux), "bibtex", []
    )  # fmt: skip
    assert cli("autoexport", "list")[1].strip() == f"{target}  (what {aux} cites, bibtex)"


def test_key_formula_and_rekey(imported: Path, cli: Cli) -> None:
    assert cli("key-formula")[1] == "[auth][year][title] | [title2][year]\n"
    code, out, _ = cli("key-formula", "[auth:capitalize]:[year]:[title2]")
    assert (
        code == 0
        and out.splitlines()[0] == "New keys are made by [auth:capitalize]:[year]:[title2]"
    )
    code, _, err = cli("key-formula", "[who]")
    assert code == 1 and "[who] is not a field" in err
    code, out, _ = cli("rekey", "--dry-run")
    assert code == 0 and out.strip() == (
        "0 would be re-keyed by [auth:capitalize]:[year]:[title2]; 0 already fit it; "
        "0 kept (exported, cited, typed or imported keys never change)"
    )
    (first,) = _keyed(cli, 1)
    assert ":" in first  # the new formula
    record = json.loads(cli("rekey", "--json")[1])
    assert record == {"formula": "[auth:capitalize]:[year]:[title2]", "dry_run": False,
                      "rekeyed": [], "kept": 1}  # fmt: skip
    assert cli("key-formula", "--default")[1].startswith("New keys are made by [auth][year]")
