"""The GUI figures: the real window in a subprocess, offscreen, on 100,000 papers.

Start-up is timed here, from ``Popen`` to the probe's ``first-rows`` line
(so it includes the interpreter, every import, opening the library and the
first paint); the interactions are timed inside the probe; peak memory is the
probe's ``VmHWM`` read from ``/proc/<pid>/status`` after the interactions.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.harness import Context, Figure, Outcome, Target, UnavailableError
from readinglist.core.factory import open_library
from readinglist.core.paths import LibraryPaths

MS = 0.001
#: How long the probe waits for the list to change after an action (gui_probe.TIMEOUT_MS).
TIMEOUT_S = 10
GUI_FIGURES: tuple[Figure, ...] = (
    Figure(
        "gui.start_to_rows_100k",
        "GUI: process start to first painted rows, 100k",
        "s",
        (Target("median", "<", 1.0),),
        "JabRef 3.8.2 here: 91 s",
    ),
    Figure(
        "gui.jump_to_end_100k",
        "GUI: jump to end of list (Ctrl+End), 100k",
        "s",
        (Target("median", "<", 100 * MS),),
    ),
    Figure(
        "gui.jump_to_start_100k",
        "GUI: jump to start of list (Ctrl+Home), 100k",
        "s",
        (Target("median", "<", 100 * MS),),
    ),
    Figure(
        "gui.sort_by_date_100k", "GUI: sort by date, 100k", "s", (Target("median", "<", 100 * MS),)
    ),
    Figure(
        "gui.sort_other_100k",
        "GUI: sort by another column (star, title, digest, upvotes), 100k",
        "s",
        (Target("median", "<", 100 * MS),),
        "as sorting by date",
    ),
    Figure(
        "gui.switch_view_100k",
        "GUI: switch view in the sidebar (Starred, All, Inbox), 100k",
        "s",
        (Target("median", "<", 100 * MS),),
        "as the other list actions",
    ),
    Figure(
        "gui.search_typed_100k",
        "GUI: search typed to list repainted, 100k (debounce incl.)",
        "s",
        (Target("median", "<", 200 * MS),),
    ),
    Figure(
        "gui.import5000_100k",
        "GUI: import a 5,000-paper digest (dropped), 100k",
        "s",
        (Target("median", "<", 10.0),),
    ),
    Figure(
        "gui.import_stall_100k",
        "GUI: longest event-loop stall during that import",
        "s",
        (Target("median", "<", 50 * MS),),
        "'never freezes'",
    ),
    Figure(
        "gui.fetch_stall_100k",
        "GUI: longest stall completing a digest online (loopback), 100k",
        "s",
        (Target("median", "<", 50 * MS),),
    ),
    Figure(
        "gui.rebuild_100k",
        "GUI: index rebuild after a start without one, 100k",
        "s",
    ),
    Figure(
        "gui.rebuild_stall_100k",
        "GUI: longest event-loop stall during that rebuild",
        "s",
        (Target("median", "<", 50 * MS),),
    ),
    Figure(
        "gui.peak_rss_100k", "GUI: peak RSS with 100k papers", "MB", (Target("median", "<", 300),)
    ),
)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise LookupError("no VmHWM")


def run_probe(root: Path, args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """One start of the app; returns its timings and peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.gui_probe", str(root), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    out: dict[str, Any] = {}
    try:
        assert proc.stdout is not None and proc.stdin is not None
        for line in proc.stdout:
            if line.startswith("first-rows"):
                out["start"] = time.perf_counter() - start
            elif line.startswith("result "):
                out.update(json.loads(line[len("result ") :]))
            elif line.startswith("done"):
                out["rss"] = peak_rss_mb(proc.pid)
                proc.stdin.write("quit\n")
                proc.stdin.flush()
            elif line.startswith("unavailable "):
                raise UnavailableError(line[len("unavailable ") :].strip())
        proc.wait(timeout=30)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
    if "rss" not in out:
        stderr = proc.stderr.read() if proc.stderr else ""
        raise RuntimeError(f"the GUI probe exited {proc.returncode} early: {stderr.strip()[-500:]}")
    return out


def gui_job(ctx: Context) -> dict[str, Outcome]:
    if importlib.util.find_spec("readinglist.gui.app") is None:
        raise UnavailableError("the desktop window is not on this branch yet (gui, issue 5)")
    runs = []
    digests = ctx.data.digests(5_000)
    for number in range(ctx.repeats(3)):
        root = ctx.copy_library(100_000, "gui")  # each start on the same 100k papers
        open_library(root, backup=False).close()  # as a user's library is: closed cleanly last time
        os.sync()  # and on disk: the copy's write-back is not the window's start
        config = ctx.work / f"gui-config-{number}"  # a first start: no saved settings
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config)}
        runs.append(run_probe(root, [str(digests[number % len(digests)])], env, timeout=240))
    starts = [r["start"] for r in runs]
    # Starts alone, for a median that one slow process does not decide: on this
    # 2-core machine the same start took 0.76-1.30 s from one process to the next.
    root = ctx.copy_library(100_000, "gui")
    open_library(root, backup=False).close()
    os.sync()
    for number in range(ctx.repeats(4)):
        config = ctx.work / f"gui-start-{number}"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config)}
        starts.append(run_probe(root, ["--start"], env, timeout=120)["start"])
    root = ctx.copy_library(100_000, "gui")
    open_library(root, backup=False).close()
    shutil.rmtree(LibraryPaths(root).index)  # the window rebuilds it after its first paint
    os.sync()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(ctx.work / "r")}
    rebuilt = run_probe(root, ["--rebuild"], env, timeout=600)

    def clean(key: str) -> list[float]:
        return [x for r in runs for x in r.get(key, []) if not math.isnan(x)]

    never = {"reason": f"the list did not change within {TIMEOUT_S:.0f} s of the action"}
    no_import = {"reason": "the window has no import_paths/import_finished, or it took > 120 s"}

    details = {"rows": runs[0].get("rows"), "end_row": runs[0].get("end_row")}
    return {
        "gui.start_to_rows_100k": Outcome(starts, details),
        "gui.jump_to_end_100k": Outcome(clean("jump"), never),
        "gui.jump_to_start_100k": Outcome(clean("home"), never),
        "gui.sort_by_date_100k": Outcome(clean("sort"), never),
        "gui.sort_other_100k": Outcome(clean("sort_other"), never),
        "gui.switch_view_100k": Outcome(
            clean("switch"), {"reason": "no sidebar view switch, or " + never["reason"]}
        ),
        "gui.search_typed_100k": Outcome(
            clean("search"), {**never, "rows": runs[0].get("search_rows")}
        ),
        "gui.import5000_100k": Outcome([r["import"] for r in runs if "import" in r], no_import),
        "gui.import_stall_100k": Outcome([r["stall"] for r in runs if "stall" in r], no_import),
        "gui.fetch_stall_100k": Outcome(
            [r["fetch_stall"] for r in runs if "fetch_stall" in r],
            {"reason": "no online controller, or the fetch never finished"},
        ),
        "gui.rebuild_100k": Outcome([rebuilt["rebuild"]] if "rebuild" in rebuilt else []),
        "gui.rebuild_stall_100k": Outcome(
            [rebuilt["rebuild_stall"]] if "rebuild_stall" in rebuilt else [],
            {"reason": "the window started no rebuild, or it never finished"},
        ),
        "gui.peak_rss_100k": Outcome([r["rss"] for r in runs]),
    }
