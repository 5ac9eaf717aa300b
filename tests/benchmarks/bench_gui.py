"""Desktop window: time to a usable window, board refresh time, longest event-loop stall.

    python -m tests.benchmarks gui --events N [--db PATH] [--seconds S]

* ``open_window_s``: from just before the process is started to the moment the main
  window is shown AND the first page of the events board is loaded (the child process
  prints a timestamp then); median of ``--opens`` runs (``open_window_first_s``: the first).
* ``board_refresh_ms_p95``: refresh of the board (ids + visible rows through the store
  owner) while another process writes new events, 95th percentile.
* ``open_phases_s``: where the opening went (medians): ``python`` from the process start to
  the child's first line, ``imports`` of the app's modules, ``build`` (store opened, window
  built), ``first_page`` until the board's first page is shown.
* ``max_loop_stall_ms``: a 5 ms QTimer measures the longest gap between its ticks
  (minus the 5 ms) during those refreshes; ``stall_ms_p99`` / ``stalls_over_16ms`` give the spread.
* ``max_loop_stall_cpu_ms``: the same gaps counted in the UI thread's own CPU time
  (``time.thread_time`` at each tick): what the UI thread itself did between two ticks,
  without the time it waited for a core on a busy machine; ``stall_cpu_ms_p99`` and
  ``stalls_over_16ms_cpu`` give the spread.
* ``ui_thread_cpu_ms_per_s``: the UI thread's CPU time during that measurement, per second
  (every paint, slot and refresh applied; unlike the stalls, it does not grow with the load).
* ``stall_causes``: what the UI thread was doing during the longest stalls. A sampling
  thread reads the UI thread's Python stack every millisecond (``sys._current_frames``);
  the samples inside each stall are counted by their innermost project frame (a slot, a
  model method, a ``data()`` called by a paint) or, with no project frame on the stack,
  by the outermost one (Qt's own layout/paint/event dispatch). Measured, not guessed.
  ``cpu_stall_causes``: the same for the three gaps with the most CPU of the UI thread.
* ``paint``: one full repaint of a table's viewport (1366×768 window, ``--paints`` times,
  medians): ``units`` the units board (``Ctrl+2``), ``board`` the events board; ``steady``
  as the timers' tick repaints, ``changed`` after every row changed (a refresh). CPU is
  ``time.process_time``; with ``--callgrind``, the instructions per repaint counted by
  ``valgrind --tool=callgrind`` inside ``QWidget::repaint()`` only (regardless of load).

The project's modules are compiled first (``compileall``), as on an installed station,
even where Python may not write bytecode itself. ``--db`` stores are copied to a scratch
file first (the writer adds events) unless ``--in-place``; without ``--db`` a demo store
of ``--events`` events is generated once and reused.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = Path(tempfile.gettempdir()) / "emergenza-bench-gui"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=100_000, help="events in a generated demo store")
    parser.add_argument("--db", help="existing store to measure (copied to a scratch file first)")
    parser.add_argument("--in-place", action="store_true", help="measure --db itself (the writer adds events)")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of the stall measurement")
    parser.add_argument("--opens", type=int, default=3, help="window openings to time")
    parser.add_argument("--refresh-ms", type=int, default=200, help="board refresh period while measuring")
    parser.add_argument("--write-ms", type=int, default=100, help="one new event every this many ms")
    parser.add_argument("--paints", type=int, default=100, help="full repaints of each table measured")
    parser.add_argument("--callgrind", action="store_true",
                        help="also count the instructions per repaint with valgrind (minutes)")


# --------------------------------------------------------------------- parent
def _prepare_db(args: argparse.Namespace) -> Path:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    if args.db:
        source = Path(args.db)
        if not source.exists():
            raise SystemExit(f"archivio non trovato: {source}")
        if args.in_place:
            return source
        copy = SCRATCH / f"{source.stem}.copy.db"
        stamp = SCRATCH / f"{source.stem}.copy.src"
        key = f"{source.resolve()} {source.stat().st_size} {source.stat().st_mtime_ns}"
        if not copy.exists() or not stamp.exists() or stamp.read_text() != key:
            for suffix in ("", "-wal", "-shm"):
                Path(str(copy) + suffix).unlink(missing_ok=True)
            shutil.copyfile(source, copy)
            stamp.write_text(key)
        return copy
    path = SCRATCH / f"demo_{args.events}.db"
    if not path.exists():
        from emergenza.store import demo
        demo.generate(path, events=args.events)
    return path


def _child(db: Path, mode: str, args: argparse.Namespace, home: Path, *, prefix: tuple[str, ...] = (),
           extra: tuple[str, ...] = ()) -> tuple[float, dict]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMERGENZA_HOME": str(home)}
    cmd = [*prefix, sys.executable, "-m", "tests.benchmarks.bench_gui", "--child", mode, "--db", str(db),
           "--seconds", str(args.seconds), "--refresh-ms", str(args.refresh_ms), "--write-ms", str(args.write_ms),
           "--paints", str(args.paints), *extra]
    started = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600 if prefix else 600, env=env,
                          cwd=Path(__file__).resolve().parents[2])
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return started, result


def _count_events(db: Path) -> int:
    import contextlib
    import sqlite3
    # Closed at once: a connection left open here would keep the children from removing
    # the WAL at exit, and the next start would then run the integrity check.
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0


def _compile_project() -> None:
    """Compile the project's modules (their ``__pycache__``, again only those changed since).

    A station runs compiled modules (pip and PyInstaller compile them at install). Where
    Python may not write them (PYTHONDONTWRITEBYTECODE, set in some shells and CI), every
    child compiled the whole package again: measured at about 40 % of the app's imports."""
    import compileall
    root = Path(__file__).resolve().parents[2]
    for package in ("emergenza", "tests/benchmarks", "tests/support"):
        compileall.compile_dir(root / package, quiet=1)


def run(args: argparse.Namespace) -> dict:
    db = _prepare_db(args)
    _compile_project()
    events = _count_events(db)
    with tempfile.TemporaryDirectory() as home:
        opens, phases, cpu = [], [], []
        for _ in range(max(1, args.opens)):
            started, result = _child(db, "open", args, Path(home))
            opens.append(result["ready_at"] - started)
            cpu.append(result["ready_cpu"])
            marks = [started, result["child_at"], result["imported_at"], result["built_at"], result["ready_at"]]
            phases.append([b - a for a, b in itertools.pairwise(marks)])
        _, stall = _child(db, "stall", args, Path(home))
        _, paint = _child(db, "paint", args, Path(home))
        if args.callgrind:
            paint["instructions_per_repaint"] = {
                f"{table}_{kind}": _callgrind_paint(db, args, Path(home), table, kind)
                for table in ("units", "board") for kind in ("steady", "changed")}
    return {
        "events": events,
        "active_events": stall["active_events"],
        "open_window_s": round(statistics.median(opens), 3),
        "open_window_first_s": round(opens[0], 3),
        "open_window_cpu_s": round(statistics.median(cpu), 3),
        "open_phases_s": {name: round(statistics.median(p[i] for p in phases), 3)
                          for i, name in enumerate(("python", "imports", "build", "first_page"))},
        "board_refresh_ms_p95": stall["board_refresh_ms_p95"],
        "board_refresh_ms_median": stall["board_refresh_ms_median"],
        "board_refreshes": stall["board_refreshes"],
        "max_loop_stall_ms": stall["max_loop_stall_ms"],
        "stall_ms_p99": stall["stall_ms_p99"],
        "stalls_over_16ms": stall["stalls_over_16ms"],
        "max_loop_stall_cpu_ms": stall["max_loop_stall_cpu_ms"],
        "stall_cpu_ms_p99": stall["stall_cpu_ms_p99"],
        "stalls_over_16ms_cpu": stall["stalls_over_16ms_cpu"],
        "stall_causes": stall["stall_causes"],
        "cpu_stall_causes": stall["cpu_stall_causes"],
        "ui_thread_cpu_ms_per_s": stall["ui_thread_cpu_ms_per_s"],
        "paint": paint["paint"] | ({"instructions_per_repaint": paint["instructions_per_repaint"]}
                                   if "instructions_per_repaint" in paint else {}),
        "events_written_meanwhile": stall["events_written"],
        "seconds": args.seconds,
        "load_average": _load_average(),
        "db": str(db),
    }


def _callgrind_paint(db: Path, args: argparse.Namespace, home: Path, table: str, kind: str) -> int:
    """Instructions per full repaint of ``table``: callgrind collects only inside
    ``QWidget::repaint()`` (the Python paintEvent and every model call it makes included)."""
    out = SCRATCH / f"callgrind.{os.getpid()}.{table}.{kind}.out"
    paints = max(1, args.paints // 10)  # ~50x slower under valgrind
    prefix = ("valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=QWidget::repaint()",
              f"--callgrind-out-file={out}")
    _child(db, "paint", argparse.Namespace(**{**vars(args), "paints": paints}), home, prefix=prefix,
           extra=("--table", table, "--kind", kind))
    totals = next(line for line in out.read_text().splitlines() if line.startswith(("totals:", "summary:")))
    out.unlink()
    return round(int(totals.split()[1]) / paints)


async def _paint_figures(w, paints: int, tables: tuple[str, ...], kinds: tuple[str, ...]) -> dict:
    """Median CPU and wall ms of a full repaint of each table's viewport."""
    figures: dict = {}
    for name in tables:
        w.show_view("units" if name == "units" else "board")
        table = w.units_board.table if name == "units" else w.board.table
        source = w.units_model if name == "units" else w.board.model
        table.viewport().update()  # the first paint (by the event loop) copies every row shown
        await asyncio.sleep(0.3)
        for kind in kinds:
            cpu, wall = [], []
            for _ in range(paints):
                if kind == "changed":  # as a refresh where every row changed
                    source.dataChanged.emit(source.index(0, 0),
                                            source.index(source.rowCount() - 1, source.columnCount() - 1))
                c0, t0 = time.process_time(), time.perf_counter()
                table.viewport().repaint()
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - t0) * 1000)
            figures[f"{name}_{kind}"] = {"cpu_ms": round(statistics.median(cpu), 2),
                                         "wall_ms": round(statistics.median(wall), 2),
                                         "rows_shown": table.rowAt(table.viewport().height() - 1) + 1
                                         or source.rowCount()}
    return figures


def _load_average() -> list[float] | None:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:  # not Linux
        return None


# ---------------------------------------------------------------------- child
class _StackSampler:
    """Samples the UI thread every ``period`` s from a daemon thread: its Python stack, its
    CPU time and its run-queue wait (``/proc/.../schedstat``), and the other threads' stacks.

    With no project frame on the UI thread's stack, the CPU figures tell Qt's own work
    (on CPU: layout, paint) from waiting (for the GIL held by another thread, or for a
    core on a loaded machine: run-queue wait)."""

    def __init__(self, period: float = 0.001):
        import threading
        self._period = period
        self._target = threading.get_ident()
        self._stat = f"/proc/self/task/{threading.get_native_id()}/schedstat"
        self._stop = threading.Event()
        # (time, UI thread label, on-CPU ns, run-queue wait ns, other threads' labels)
        self.samples: list[tuple[float, str, int, int, tuple[str, ...]]] = []
        self.current_event = ""  # set by _EventSpy: the event Qt is delivering (paint, timer...)
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _schedstat(self) -> tuple[int, int]:
        try:
            with open(self._stat) as f:
                on_cpu, waiting, _slices = f.read().split()
            return int(on_cpu), int(waiting)
        except (OSError, ValueError):
            return 0, 0

    def _run(self) -> None:
        import threading
        me = threading.get_ident()
        while not self._stop.wait(self._period):
            frames = sys._current_frames()
            others = tuple(_describe(f) for tid, f in frames.items() if tid not in (me, self._target))
            on_cpu, waiting = self._schedstat()
            label = _describe(frames.get(self._target))
            if label.startswith("no project frame"):
                label = f"Qt: {self.current_event}"
            self.samples.append((time.perf_counter(), label, on_cpu, waiting,
                                 tuple(o for o in others if not o.startswith("no project frame"))))

    def causes(self, start: float, end: float) -> dict:
        from collections import Counter
        inside = [s for s in self.samples if start <= s[0] <= end]
        if not inside:
            return {}
        before = [s for s in self.samples if s[0] < start][-1:] or inside[:1]
        counts = Counter(s[1] for s in inside)
        others = Counter(o for s in inside for o in s[4])
        return {
            "ui_thread": [f"{label} ×{n}" for label, n in counts.most_common(3)],
            "ui_on_cpu_ms": round((inside[-1][2] - before[0][2]) / 1e6, 1),
            "ui_waiting_for_cpu_ms": round((inside[-1][3] - before[0][3]) / 1e6, 1),
            "other_threads": [f"{label} ×{n}" for label, n in others.most_common(2)],
        }


def _event_spy(sampler: _StackSampler):
    """An application-wide event filter naming each event as Qt delivers it (benchmark only)."""
    from PySide6.QtCore import QObject

    class _EventSpy(QObject):
        def eventFilter(self, watched, event):
            parent = watched.parent() if watched.objectName().startswith("qt_") else None
            owner = f" of {type(parent).__name__}" if parent is not None else ""
            sampler.current_event = f"{event.type().name} to {type(watched).__name__}{owner}"
            return False

    return _EventSpy()


def _describe(frame) -> str:
    """The innermost frame of the project (emergenza/), with its caller; else the outermost."""
    chain = []
    while frame is not None:
        chain.append(frame)
        frame = frame.f_back
    if not chain:
        return "?"

    def name(f) -> str:
        path = f.f_code.co_filename
        short = path.split("emergenza/", 1)[-1] if "emergenza/" in path else path.rsplit("/", 1)[-1]
        return f"{short}:{owner(f)}{f.f_code.co_name}:{f.f_lineno}"

    def owner(f) -> str:
        """The class of ``self`` (a method shared by several tables: which one painted)."""
        if f.f_code.co_argcount and f.f_code.co_varnames[0] == "self":
            try:
                return type(f.f_locals["self"]).__name__ + "."
            except (KeyError, RuntimeError):
                return ""
        return ""

    for n, f in enumerate(chain):
        if "/emergenza/" in f.f_code.co_filename and "/tests/" not in f.f_code.co_filename:
            caller = next((name(c) for c in chain[n + 1:] if "/emergenza/" in c.f_code.co_filename), "")
            return name(f) + (f" <- {caller}" if caller else "")
    return "no project frame: " + " <- ".join(name(f) for f in chain[:3])


def _writer(db: str, every_ms: int) -> None:
    """Another process adding events to the same store (as sync or a second station would)."""
    import random

    from emergenza.store import Store

    store = Store.open(db, check=False)
    written = 0
    stop = False

    def _on_term(*_a):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _on_term)
    rng = random.Random(7)
    types = [code for code in store.catalogs.event_types][:20]
    while not stop:
        store.events.create({"type_code": rng.choice(types), "municipality_istat": "016024",
                            "address": f"Via Roma {rng.randint(1, 200)}", "description": "Evento dal banco di prova",
                            "channel": "phone"}, operator="Banco di prova")
        written += 1
        time.sleep(every_ms / 1000)
    store.close()
    print(written, flush=True)


def _child_main(argv: list[str]) -> int:
    child_at = time.time()
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--refresh-ms", type=int, default=200)
    parser.add_argument("--write-ms", type=int, default=100)
    parser.add_argument("--paints", type=int, default=100)
    parser.add_argument("--table", choices=("units", "board"))
    parser.add_argument("--kind", choices=("steady", "changed"))
    args = parser.parse_args(argv)
    if args.child == "writer":
        _writer(args.db, args.write_ms)
        return 0

    gc.disable()  # as the command line starts the app (cli.py); the app turns it on once built
    from emergenza.app import DesktopApp
    from emergenza.cli import build_parser
    from emergenza.gui.headless import sign_in_default_operator

    imported_at = time.time()
    app = DesktopApp(build_parser().parse_args(["--db", args.db]))
    app.build()
    figures: dict = {"child_at": child_at, "imported_at": imported_at, "built_at": time.time()}

    async def scenario() -> None:
        w = app.window
        w.show()
        w.start()
        await sign_in_default_operator(app.ctx)
        model = w.board.model
        while not (model.loaded and (model.rowCount() == 0 or model.cached_row(model.event_id(0)))):
            await asyncio.sleep(0.001)
        figures["ready_at"] = time.time()
        figures["ready_cpu"] = time.process_time()  # since the process started, every thread
        if args.child == "open":
            return
        if args.child == "paint":
            w.resize(1366, 768)
            await asyncio.sleep(0.2)
            while not app.window.units_model.loaded:
                await asyncio.sleep(0.01)
            figures["paint"] = await _paint_figures(
                w, args.paints, (args.table,) if args.table else ("units", "board"),
                (args.kind,) if args.kind else ("steady", "changed"))
            return
        from PySide6.QtCore import QTimer

        gaps: list[tuple[float, float, float]] = []  # (gap s, started, ended)
        gap_cpu: list[float] = []  # the UI thread's CPU s within each gap (time.thread_time)
        last = [time.perf_counter(), time.thread_time()]
        sampler = _StackSampler()

        def on_tick() -> None:
            now, cpu = time.perf_counter(), time.thread_time()
            gaps.append((now - last[0], last[0], now))
            gap_cpu.append(cpu - last[1])
            last[:] = [now, cpu]

        ticker = QTimer()
        ticker.setInterval(5)
        ticker.timeout.connect(on_tick)
        durations: list[float] = []
        started: list[float] = []

        def on_refreshed() -> None:
            if started:
                durations.append((time.perf_counter() - started.pop()) * 1000)

        model.refreshed.connect(on_refreshed)
        writer = subprocess.Popen([sys.executable, "-m", "tests.benchmarks.bench_gui", "--child", "writer",
                                   "--db", args.db, "--write-ms", str(args.write_ms)],
                                  stdout=subprocess.PIPE, text=True)
        await asyncio.sleep(0.5)  # writer up
        spy = _event_spy(sampler)
        app.qapp.installEventFilter(spy)
        sampler.start()
        ticker.start()
        last[:] = [time.perf_counter(), time.thread_time()]
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            if not model.busy:
                started[:] = [time.perf_counter()]
                model.refresh()
                w.units_model.refresh()
            await asyncio.sleep(args.refresh_ms / 1000)
        ticker.stop()
        sampler.stop()
        app.qapp.removeEventFilter(spy)
        writer.send_signal(signal.SIGTERM)
        out, _ = writer.communicate(timeout=30)
        durations.sort()
        worst = sorted(gaps, reverse=True)
        stalls = sorted((g - 0.005) * 1000 for g, _s, _e in gaps)
        busy = sorted(c * 1000 for c in gap_cpu)
        ui_cpu = [sample[2] for sample in sampler.samples]
        figures.update({
            # The UI thread's own CPU over the measurement (every paint, slot and refresh
            # applied): unlike the stalls, it does not grow with the machine's load.
            "ui_thread_cpu_ms_per_s": round((ui_cpu[-1] - ui_cpu[0]) / 1e6 / args.seconds, 1) if ui_cpu else None,
            "stall_ms_p99": round(max(0.0, stalls[int(0.99 * (len(stalls) - 1))]), 1) if stalls else None,
            "stalls_over_16ms": sum(1 for s in stalls if s > 16),
            # The same gaps counted in the UI thread's own CPU time: what the UI thread did
            # between two ticks, without the time spent waiting for a core (the machine's load).
            "max_loop_stall_cpu_ms": round(busy[-1], 1) if busy else None,
            "stall_cpu_ms_p99": round(busy[int(0.99 * (len(busy) - 1))], 1) if busy else None,
            "stalls_over_16ms_cpu": sum(1 for c in busy if c > 16),
            "stall_causes": [{"ms": round((g - 0.005) * 1000, 1), **sampler.causes(s, e)}
                             for g, s, e in worst[:5]],
            # The same for the three gaps with the most CPU of the UI thread (on a busy
            # machine the longest gaps in wall time are mostly waits for a core).
            "cpu_stall_causes": [{"ms": round((gaps[n][0] - 0.005) * 1000, 1), "cpu_ms": round(gap_cpu[n] * 1000, 1),
                                  **sampler.causes(gaps[n][1], gaps[n][2])}
                                 for n in sorted(range(len(gaps)), key=lambda n: -gap_cpu[n])[:3]],
        })
        figures.update({
            "board_refresh_ms_p95": round(durations[int(0.95 * (len(durations) - 1))], 1) if durations else None,
            "board_refresh_ms_median": round(statistics.median(durations), 1) if durations else None,
            "board_refreshes": len(durations),
            "max_loop_stall_ms": round(max(0.0, (worst[0][0] - 0.005) * 1000), 1) if gaps else None,
            "events_written": int(out.strip() or 0),
            "active_events": model.rowCount(),
        })

    try:
        with app.loop:
            app.loop.run_until_complete(scenario())
            app.window.close()
            app.loop.run_until_complete(app.shutdown())
    finally:
        app.close()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
