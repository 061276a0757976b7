"""The command line as a user starts it: one process per run, beside a bare interpreter.

The issue's targets are ratios to a bare start of the same interpreter
(``python -c pass``, from the same environment: its ``site`` work is in
both), so every round runs the bare start and then each command once, in
turn: a busy machine slows them alike, and each ratio sample is a command's
time over the bare start of its own round. Each command runs once before the
rounds (not timed): it builds the search index of its copy, makes the day's
backup and warms the page cache, as on a machine in daily use.

An installed readinglist has its bytecode compiled (pip does it); a checkout
run with ``PYTHONDONTWRITEBYTECODE`` has none, and every run would time the
compiler, so the package is compiled first. One extra run per command under
``-X importtime`` says where its import time goes (``details`` of its row).
"""

from __future__ import annotations

import compileall
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import readinglist
from bench.harness import Context, Figure, Job, Outcome, Target


@dataclass(frozen=True)
class Case:
    """One command timed: its figure's name, its arguments and its target ratio."""

    name: str
    args: tuple[str, ...]
    ratio_target: float | None = None
    #: The library it runs on: 1,000 or 100,000 papers (a private copy), or none.
    size: int | None = None

    @property
    def title(self) -> str:
        words = " ".join(f"'{a}'" if " " in a else a for a in self.args)
        return f"`readinglist {words}`" + (f", {self.size // 1000}k" if self.size else "")


LIST = ("list", "--limit", "20")
CASES = (
    Case("version", ("--version",), ratio_target=3.0),
    Case("help", ("--help",), ratio_target=3.0),
    Case("export_help", ("export", "--help")),
    Case("list_1k", LIST, ratio_target=20.0, size=1_000),
    Case("list_100k", LIST, size=100_000),
    Case("search_1k", ("search", "language model"), size=1_000),
    Case("cite_1k", ("cite", "1", "2", "3"), size=1_000),
)


def command() -> list[str]:
    """How a user starts it: the console script beside this interpreter (else ``-m``)."""
    script = Path(sys.executable).with_name("readinglist")
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "readinglist"]


def run_seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def _libraries(ctx: Context) -> dict[int, Path]:
    """Private copies: a run may write (the daily backup, a search index, cited keys).
    Of 100k only the database, which is all that ``list`` reads."""
    small = ctx.copy_library(1_000, "cli-1k")
    large = ctx.work / "cli-100k"
    shutil.rmtree(large, ignore_errors=True)
    large.mkdir(parents=True)
    shutil.copy2(ctx.data.library(100_000) / "library.sqlite3", large)
    return {1_000: small, 100_000: large}


def import_times(argv: list[str]) -> dict[tuple[str, int], int]:
    """Each module's own import time in µs, keyed by (name, nesting), from ``-X importtime``."""
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], check=True, capture_output=True, text=True
    )
    found: dict[tuple[str, int], int] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.split(":", 1)[1].split("|")
        found[(name.strip(), len(name) - len(name.lstrip()))] = int(own)
    return found


def where_imports_go(argv: list[str], bare: set[str]) -> dict[str, Any]:
    """What a command imports beyond a bare start: how many modules, their own time, the top."""
    own: dict[str, int] = {}
    for (name, _), micros in import_times(argv).items():
        if name not in bare:
            own[name] = own.get(name, 0) + micros
    top = sorted(own.items(), key=lambda item: -item[1])[:8]
    return {
        "modules_beyond_bare": len(own),
        "import_ms": round(sum(own.values()) / 1000, 1),
        "top_import_ms": {name: round(micros / 1000, 1) for name, micros in top},
    }


def cli_job(ctx: Context) -> dict[str, Outcome]:
    compileall.compile_dir(Path(readinglist.__file__).parent, quiet=1)
    libraries = _libraries(ctx)
    base = command()
    argvs = {
        case.name: [
            *base,
            *(("--library", str(libraries[case.size])) if case.size else ()),
            *case.args,
        ]
        for case in CASES
    }
    bare_argv = [sys.executable, "-c", "pass"]
    for argv in [bare_argv, *argvs.values()]:  # warm-up: index, backup, page cache
        subprocess.run(argv, check=True, capture_output=True)
    bare: list[float] = []
    times: dict[str, list[float]] = {case.name: [] for case in CASES}
    ratios: dict[str, list[float]] = {case.name: [] for case in CASES}
    for _ in range(ctx.repeats(5)):
        start = run_seconds(bare_argv)
        bare.append(start)
        for case in CASES:
            seconds = run_seconds(argvs[case.name])
            times[case.name].append(seconds)
            ratios[case.name].append(seconds / start)
    bare_modules = {name for name, _ in import_times(bare_argv)}
    out = {"cli.bare": Outcome(bare)}
    for case in CASES:
        details = where_imports_go(argvs[case.name], bare_modules)
        out[f"cli.{case.name}"] = Outcome(times[case.name], details)
        out[f"cli.{case.name}_x"] = Outcome(ratios[case.name])
    return out


def _figures() -> tuple[Figure, ...]:
    figures = [Figure("cli.bare", "bare interpreter start (`python -c pass`)", "s")]
    for case in CASES:
        targets = (Target("median", "<=", case.ratio_target),) if case.ratio_target else ()
        figures.append(Figure(f"cli.{case.name}", f"CLI {case.title} (process)", "s"))
        figures.append(Figure(f"cli.{case.name}_x", f"CLI {case.title} ÷ bare start", "×", targets))
    return tuple(figures)


CLI_JOB = Job("cli", cli_job, _figures(), timeout=600)
