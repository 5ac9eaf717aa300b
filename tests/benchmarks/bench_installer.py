"""Installer figures: build time, onedir and .deb size, frozen start to usable window.

    python -m tests.benchmarks installer [--dist DIR] [--runs 3] [--compression xz]
                                         [--db STORE | --events N] [--source] [--importtime]

Without ``--dist`` it runs ``installer/build.py`` into a temporary folder (timed);
with ``--dist`` it measures an existing build. Start-up is timed with ``--selftest`` on:

* the demo store (2,000 events, made by a first untimed ``--demo --screenshot`` run), or
* ``--db STORE``: an existing store, copied once to ``--scratch`` (the measured copy is
  reused while the source is unchanged: the app writes to the store it opens), or
* ``--events N``: a store made once by ``emergenza.store.demo.generate`` (the generator of
  the ``gui`` benchmark) in ``--scratch`` and reused.

The app logs "selftest: view board" once the window is shown AND both boards have loaded
their first page, so ``start_to_window_s`` = that log line's time − the moment the process
was spawned (bootloader, imports, Qt, store open, first queries, first paint).
``start_to_window_cpu_s`` is the frozen process's CPU (user + system, every thread, from
``/proc/PID/stat``) read when that line arrives: on a shared machine the wall time waits
for a core, the CPU time does not. The files are in the page cache after the build or the
first run, so this is a warm-disk cold start.

``start_cpu_steps_median_s`` tells where the CPU went: the app logs the process's CPU at each
step of its start ("start-up CPU:": ``python`` bootloader, interpreter and command line,
``modules`` the app's imports, ``qt``, ``store`` opened, ``window`` built, ``menus`` the
other UIs installed) and ``first page`` is the rest to the window (sign-in, first queries,
first paint). ``start_to_window_ui_thread_cpu_median_s``: the main thread alone (the total
also counts the store thread and the integrity check started beside the window).
``source`` (with ``--source``): the same start from the source tree, run in turn with the frozen one.
``window_phases_s``: wall time between the app's log lines up to the window (medians).
On an overloaded machine the CPU figures grow too (steal, caches): compare runs made under
the same load, or count instructions (``valgrind --tool=callgrind`` on the frozen app).
With ``--importtime`` the onedir is built (or must have been built) with
``build.py --python-option "X importtime"``: the frozen interpreter prints ``-X importtime``
lines, and ``import_top`` lists the costliest top-level imports before the window in one run (cumulative)
plus ``import_total_s``: the sum over the top-level imports.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = Path(tempfile.gettempdir()) / "emergenza-bench-installer"
STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \w+ ([\w.]+): (.*)$")
READY = "selftest: view board"
STARTUP = "start-up CPU:"
IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, help="existing dist/ folder (default: build into a temp folder)")
    parser.add_argument("--runs", type=int, default=3, help="timed start-ups")
    parser.add_argument("--compression", default="xz", choices=("xz", "gzip", "zstd", "none"),
                        help="compression of the .deb when building (release default: xz)")
    store = parser.add_mutually_exclusive_group()
    store.add_argument("--db", type=Path, help="time the start on this store (copied once to --scratch)")
    store.add_argument("--events", type=int, help="time the start on a demo store of N events (made once)")
    parser.add_argument("--scratch", type=Path, default=SCRATCH,
                        help=f"where --db copies and --events stores are kept between runs (default {SCRATCH})")
    parser.add_argument("--source", action="store_true",
                        help="also time the same start from the source tree (python -m emergenza), to compare")
    parser.add_argument("--importtime", action="store_true",
                        help="build with -X importtime (or use such a --dist) and list the costliest imports")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _load_average() -> list[float] | None:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:  # not Linux
        return None


def _cpu_s(pid: int, tid: int | None = None) -> float | None:
    """utime + stime so far, in seconds (Linux): of the whole process (every thread), or of
    one of its threads."""
    stat = f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat"
    try:
        fields = Path(stat).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _store(args: argparse.Namespace) -> Path | None:
    """The store to time the start on (None: the demo store the app makes itself)."""
    if args.db is None and args.events is None:
        return None
    args.scratch.mkdir(parents=True, exist_ok=True)
    if args.events is not None:
        path = args.scratch / f"demo_{args.events}.db"
        if not path.exists():
            from emergenza.store import demo
            demo.generate(path, events=args.events)
        return path
    source = args.db
    if not source.is_file():
        raise SystemExit(f"archivio non trovato: {source}")
    copy = args.scratch / f"{source.stem}.copy.db"
    stamp = args.scratch / f"{source.stem}.copy.src"
    key = f"{source.resolve()} {source.stat().st_size} {source.stat().st_mtime_ns}"
    if not copy.exists() or not stamp.exists() or stamp.read_text() != key:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, copy)
        stamp.write_text(key)
    return copy


def _count_events(db: Path) -> int | None:
    import contextlib
    import sqlite3
    # Closed at once: an open connection would keep the app from removing the WAL at exit.
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        try:
            return conn.execute("SELECT count(*) FROM events").fetchone()[0]
        except sqlite3.DatabaseError:  # an encrypted store
            return None


def _start(app: list[str], db: Path, env: dict[str, str]) -> dict:
    """One ``--selftest`` run: wall and CPU to the usable window, the app's log lines before it."""
    spawned = datetime.now()
    t0 = time.perf_counter()
    proc = subprocess.Popen([*app, "--selftest", "--db", str(db)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stderr is not None
    lines: list[str] = []
    ready_cpu = ready_ui_cpu = ready_wall = None
    for line in proc.stderr:
        if ready_cpu is None and READY in line:
            ready_cpu = _cpu_s(proc.pid)  # first: the app goes on walking the views
            ready_ui_cpu = _cpu_s(proc.pid, proc.pid)  # the main (UI) thread alone
            ready_wall = time.perf_counter() - t0
        lines.append(line.rstrip("\n"))
    proc.wait(timeout=600)
    wall = time.perf_counter() - t0
    out = proc.stdout.read() if proc.stdout else ""
    marks: list[tuple[float, str]] = []  # (seconds since spawn, "logger: message") up to the window
    for line in lines:
        m = STAMP.match(line)
        if not m:
            continue
        at = (datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f") - spawned).total_seconds()
        marks.append((at, f"{m.group(2)}: {m.group(3)}"[:100]))
        if READY in line:
            break
    ready_log = marks[-1][0] if marks and READY in marks[-1][1] else None
    steps: dict[str, float] = {}  # the app's own "start-up CPU:" line, then the rest to the window
    for line in lines:
        if STARTUP in line:
            steps = {name.strip(): float(cpu) for name, cpu in re.findall(r"([\w ]+?) ([\d.]+)(?:,|\s*s$)",
                                                                   line.split(STARTUP, 1)[1])}
            break
    if steps and ready_cpu is not None:
        steps["first page"] = ready_cpu - sum(steps.values())
    return {"ok": proc.returncode == 0, "start_to_window_s": ready_log, "ready_seen_s": ready_wall,
            "cpu_s": ready_cpu, "ui_cpu_s": ready_ui_cpu, "cpu_steps": steps, "wall_s": wall, "marks": marks,
            "stderr": lines, "stdout": out}


def _import_top(lines: list[str], n: int = 15) -> tuple[list[str], float]:
    """Top-level imports before the window (no indent) by cumulative time, and their sum in seconds."""
    top: list[tuple[int, str]] = []
    for line in lines:
        if READY in line:
            break
        m = IMPORTTIME.match(line)
        if m and len(m.group(3)) == 1:  # one space: imported by the app itself, not by another module
            top.append((int(m.group(2)), m.group(4)))
    top.sort(reverse=True)
    return [f"{name} {us / 1000:.0f} ms" for us, name in top[:n]], round(sum(us for us, _ in top) / 1e6, 3)


def _build(args: argparse.Namespace, dist: Path, work: Path, figures: dict) -> None:
    cmd = [sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(dist), "--work", str(work),
           "--deb-compression", args.compression]
    if args.importtime:
        cmd += ["--python-option", "X importtime", "--no-deb"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    figures["build_total_s"] = round(time.perf_counter() - t0, 1)
    for line in proc.stdout.splitlines():
        m = re.match(r"(onedir|deb|nsis)\s.*\(([\d.]+) s\)", line)
        if m:
            figures[f"build_{m.group(1)}_s"] = float(m.group(2))
    figures["deb_compression"] = args.compression


def run(args: argparse.Namespace) -> dict:
    figures: dict = {}
    store = _store(args)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        dist = args.dist
        if dist is None:
            dist = tmp_path / "dist"
            _build(args, dist, tmp_path / "work", figures)
        onedir = dist / "emergenza"
        figures["onedir_mib"] = round(_size(onedir) / 2**20, 1)
        debs = sorted(dist.glob("emergenza_*_amd64.deb"))
        if debs:
            figures["deb_mib"] = round(debs[-1].stat().st_size / 2**20, 1)
        app = onedir / ("emergenza.exe" if os.name == "nt" else "emergenza")
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "EMERGENZA_RESOURCES", "VIRTUAL_ENV")}
        env.update(QT_QPA_PLATFORM="offscreen", EMERGENZA_HOME=str(tmp_path / "home"))

        if store is None:
            subprocess.run([str(app), "--demo", "--screenshot", str(tmp_path / "shot.png")], env=env,
                           check=True, capture_output=True, timeout=600)  # creates the demo store, untimed
            store = tmp_path / "home" / "demo.db"
        figures["db"] = str(store)
        figures["events"] = _count_events(store)
        t = time.perf_counter()
        subprocess.run([str(app), "--version"], env=env, check=True, capture_output=True)
        figures["version_s"] = round(time.perf_counter() - t, 2)
        runs, source_runs = [], []
        for _ in range(max(1, args.runs)):
            runs.append(_start([str(app)], store, env))
            if args.source:  # the same start from the source tree, in turn (same load, same store)
                source_runs.append(_start([sys.executable, "-m", "emergenza"], store, {**env, "PYTHONPATH": str(ROOT)}))
    figures.update(_summary(runs))
    if source_runs:
        figures["source"] = _summary(source_runs)
    if args.importtime:
        figures["import_top"], figures["import_total_s"] = _import_top(runs[-1]["stderr"])
    figures["load_average"] = _load_average()
    return figures


def _summary(runs: list[dict]) -> dict:
    figures: dict = {}
    starts = [r["start_to_window_s"] for r in runs if r["start_to_window_s"] is not None]
    cpus = [r["cpu_s"] for r in runs if r["cpu_s"] is not None]
    figures["start_to_window_s"] = [round(s, 2) for s in starts]
    figures["start_to_window_median_s"] = round(statistics.median(starts), 2) if starts else None
    figures["start_to_window_cpu_s"] = [round(c, 2) for c in cpus]
    figures["start_to_window_cpu_median_s"] = round(statistics.median(cpus), 2) if cpus else None
    ui = [r["ui_cpu_s"] for r in runs if r["ui_cpu_s"] is not None]
    figures["start_to_window_ui_thread_cpu_median_s"] = round(statistics.median(ui), 2) if ui else None
    steps = [r["cpu_steps"] for r in runs if r["cpu_steps"]]
    if steps:
        figures["start_cpu_steps_median_s"] = {name: round(statistics.median(st.get(name, 0.0) for st in steps), 3)
                                               for name in steps[0]}
    figures["selftest_wall_s"] = [round(r["wall_s"], 1) for r in runs]
    figures["selftest_ok"] = all(r["ok"] for r in runs)
    if not figures["selftest_ok"]:
        figures["selftest_problems"] = [line for r in runs for line in r["stderr"]
                                        if line.startswith("emergenza --selftest:")][:10]
    figures["window_phases_s"] = _phases(runs)
    return figures


def _phases(runs: list[dict]) -> list[str]:
    """Median time from one log line to the next, up to the window (runs with the same lines)."""
    shapes = [[msg for _at, msg in r["marks"]] for r in runs if r["marks"]]
    if not shapes:
        return []
    shape = max(shapes, key=shapes.count)
    same = [r["marks"] for r in runs if [msg for _at, msg in r["marks"]] == shape]
    phases = [f"to_first_log {statistics.median(m[0][0] for m in same):.3f}"]
    for i in range(1, len(shape)):
        phases.append(f"{statistics.median(m[i][0] - m[i - 1][0] for m in same):.3f} → {shape[i]}")
    return phases
