"""``python -m bench`` (``make bench``): build the data once, run every job, print and save.

Each job runs in its own process so that its peak RSS is its own and no job
inherits another's warm caches or garbage. Results go to ``build/bench.json``
with the machine they were taken on, so runs can be compared.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import readinglist
from bench.generate import GENERATOR_VERSION, BenchData, data_folder, ensure_data
from bench.gui import peak_rss_mb
from bench.harness import (
    Context,
    Job,
    Outcome,
    UnavailableError,
    fmt_target,
    markdown,
    summarize,
    table,
)
from bench.measures import JOBS, job, open_lib


def machine() -> dict[str, Any]:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    return {
        "nproc": os.cpu_count(),
        "cpu": first("/proc/cpuinfo", "model name"),
        "ram": ram(first("/proc/meminfo", "MemTotal")),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "loadavg_at_start": os.getloadavg(),
    }


def ram(meminfo: str) -> str:
    """``24684096 kB`` -> ``23.5 GiB``."""
    number = meminfo.split()[0]
    return f"{int(number) / 1024**2:.1f} GiB" if number.isdigit() else meminfo


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def own_peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss
    over ``exec``, so a job would report the peak of the runner that started it."""
    try:
        return peak_rss_mb(os.getpid())
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(ctx: Context, name: str, out: Path) -> int:
    """Inside the job's own process: run it and write what it measured."""
    result: dict[str, Any]
    try:
        outcomes = job(name).run(ctx)
        result = {
            "outcomes": {
                k: {"samples": v.samples, "details": v.details} for k, v in outcomes.items()
            }
        }
    except UnavailableError as exc:
        result = {"unavailable": str(exc)}
    except Exception as exc:
        result = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
    result["peak_rss_mb"] = own_peak_rss_mb()
    out.write_text(json.dumps(result, default=str))
    return 0


def run_job(ctx: Context, spec: Job, build: Path) -> list[dict[str, Any]]:
    out = ctx.work / f"{spec.name}.json"
    out.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "bench",
        "--build",
        str(build),
        "--child",
        spec.name,
        "--out",
        str(out),
    ]
    if ctx.quick:
        cmd.append("--quick")
    os.sync()  # what the previous job wrote goes to disk now, not while this one is timed
    started = time.perf_counter()
    # Its own process group: a job that runs out of time goes with everything it
    # started (the window's probe, index workers), not only its own process.
    job = subprocess.Popen(cmd, start_new_session=True)
    try:
        if job.wait(timeout=spec.timeout) != 0:
            raise subprocess.CalledProcessError(job.returncode, cmd)
        raw: dict[str, Any] = json.loads(out.read_text())
    except subprocess.TimeoutExpired:
        raw = {"error": f"timed out after {spec.timeout:.0f} s"}
    except (subprocess.CalledProcessError, OSError, ValueError) as exc:
        raw = {"error": f"the job's process failed: {exc}"}
    finally:  # timed out, or interrupted (Ctrl+C reaches only this process group)
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
            job.wait()
    rows = []
    for figure in spec.figures:
        row: dict[str, Any] = {
            "name": figure.name,
            "title": figure.title,
            "unit": figure.unit,
            "target": fmt_target(figure),
            "targets": [vars(t) for t in figure.targets],
            "job": spec.name,
            "job_seconds": round(time.perf_counter() - started, 1),
        }
        if spec.name != "gui":
            row["peak_rss_mb"] = raw.get("peak_rss_mb")
        found = raw.get("outcomes", {}).get(figure.name)
        if "unavailable" in raw:
            row.update(status="n/a", reason=raw["unavailable"])
        elif "error" in raw:
            row.update(status="error", reason=raw["error"])
            print(raw.get("traceback", raw["error"]), file=sys.stderr)
        elif not found or not found["samples"]:
            reason = (found or {}).get("details", {}).get("reason", "no samples")
            row.update(status="error", reason=reason)
        else:
            outcome = Outcome(found["samples"], found["details"])
            row.update(summarize(figure, outcome), samples=outcome.samples, details=outcome.details)
        rows.append(row)
    return rows


def profile(ctx: Context, name: str, build: Path) -> int:
    """Run one job in this process under cProfile; print the heaviest calls."""
    profiler = cProfile.Profile()
    profiler.enable()
    job(name).run(ctx)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
    target = build / "bench" / f"profile-{name}.txt"
    target.write_text(text.getvalue())
    print(text.getvalue())
    print(f"written to {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        metavar="JOB",
        help=f"run only these jobs: {', '.join(j.name for j in JOBS)}",
    )
    parser.add_argument("--quick", action="store_true", help="a third of the repeats")
    parser.add_argument(
        "--build", default="build", type=Path, help="the build folder (default: build)"
    )
    parser.add_argument(
        "--profile", metavar="JOB", help="run one job under cProfile and print the profile"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print build/bench.json as a Markdown table"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    build: Path = args.build
    if args.markdown:
        print(markdown(json.loads((build / "bench.json").read_text())))
        return 0
    ctx = Context(
        BenchData(build / "bench" / data_folder()),
        build / "bench" / "work",
        args.quick,
    )
    if args.child:
        return run_child(ctx, args.child, args.out)
    began = time.perf_counter()
    # An installed app runs from the bytecode pip compiled at install; a checkout
    # run with PYTHONDONTWRITEBYTECODE would compile every module at every start.
    compileall.compile_dir(Path(readinglist.__file__).parent, quiet=1)
    ensure_data(build / "bench")
    ctx.work.mkdir(parents=True, exist_ok=True)
    for size in (10_000, 100_000):  # the index is derived: build it once, into the cache
        prepared = time.perf_counter()
        open_lib(ctx.data.library(size)).close()
        print(
            f"opened the {size:,}-paper library in {time.perf_counter() - prepared:.1f} s",
            flush=True,
        )
    if args.profile:
        return profile(ctx, args.profile, build)
    selected = [j for j in JOBS if not args.only or j.name in args.only]
    info = machine()
    rows: list[dict[str, Any]] = []
    for spec in selected:
        print(f"running {spec.name} …", flush=True)
        rows.extend(run_job(ctx, spec, build))
    duration = time.perf_counter() - began
    info["loadavg_at_end"] = os.getloadavg()
    print()
    print(table(rows))
    print(
        f"\n{len(rows)} figures in {duration:.0f} s on {info['nproc']} × {info['cpu']}, "
        f"Python {info['python']}"
    )
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "generator_version": GENERATOR_VERSION,
        "quick": args.quick,
        "duration_s": round(duration, 1),
        "machine": info,
        "results": rows,
    }
    (build / "bench.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    print(f"written to {build / 'bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
