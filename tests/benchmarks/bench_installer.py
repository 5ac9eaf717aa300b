"""Installer figures: build time, onedir and .deb size, frozen start to usable window.

    python -m tests.benchmarks installer [--dist DIR] [--runs 3] [--compression xz]

Without ``--dist`` it runs ``installer/build.py`` into a temporary folder (timed);
with ``--dist`` it measures an existing build. Start-up is timed on the demo store
(2,000 events, made by a first untimed ``--demo --screenshot`` run) with ``--selftest``:
the app logs "selftest: view board" once the window is shown AND both boards have
loaded their first page, so ``start_to_window_s`` = that log line's time − the moment the
process was spawned (process start, imports, Qt, store open, first query, first paint).
The files are in the page cache after the build, so this is a warm-disk cold start.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, help="existing dist/ folder (default: build into a temp folder)")
    parser.add_argument("--runs", type=int, default=3, help="timed start-ups")
    parser.add_argument("--compression", default="xz", choices=("xz", "gzip", "zstd", "none"),
                        help="compression of the .deb when building (release default: xz)")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def run(args: argparse.Namespace) -> dict:
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        dist = args.dist
        if dist is None:
            dist = tmp_path / "dist"
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(dist),
                                   "--work", str(tmp_path / "work"), "--deb-compression", args.compression],
                                  cwd=ROOT, capture_output=True, text=True)
            if proc.returncode != 0:
                raise SystemExit(proc.stdout + proc.stderr)
            figures["build_total_s"] = round(time.perf_counter() - t0, 1)
            for line in proc.stdout.splitlines():
                m = re.match(r"(onedir|deb|nsis)\s.*\(([\d.]+) s\)", line)
                if m:
                    figures[f"build_{m.group(1)}_s"] = float(m.group(2))
            figures["deb_compression"] = args.compression
        onedir = dist / "emergenza"
        figures["onedir_mib"] = round(_size(onedir) / 2**20, 1)
        debs = sorted(dist.glob("emergenza_*_amd64.deb"))
        if debs:
            figures["deb_mib"] = round(debs[-1].stat().st_size / 2**20, 1)
        app = onedir / ("emergenza.exe" if os.name == "nt" else "emergenza")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EMERGENZA_RESOURCES")}
        env.update(QT_QPA_PLATFORM="offscreen", EMERGENZA_HOME=str(tmp_path / "home"))

        subprocess.run([str(app), "--demo", "--screenshot", str(tmp_path / "shot.png")], env=env,
                       check=True, capture_output=True, timeout=600)  # creates the demo store, untimed
        t = time.perf_counter()
        subprocess.run([str(app), "--version"], env=env, check=True, capture_output=True)
        figures["version_s"] = round(time.perf_counter() - t, 2)
        starts, walls, ok = [], [], True
        for _ in range(max(1, args.runs)):
            spawned = datetime.now()
            t = time.perf_counter()
            proc = subprocess.run([str(app), "--selftest", "--db", str(tmp_path / "home" / "demo.db")], env=env,
                                  capture_output=True, text=True, timeout=600)
            walls.append(round(time.perf_counter() - t, 2))
            ok = ok and proc.returncode == 0
            m = re.search(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*selftest: view board", proc.stderr, re.M)
            if m:
                shown = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f")
                starts.append(round((shown - spawned).total_seconds(), 2))
        figures["start_to_window_s"] = starts
        figures["start_to_window_median_s"] = statistics.median(starts) if starts else None
        figures["selftest_wall_s"] = walls
        figures["selftest_ok"] = ok
    return figures
