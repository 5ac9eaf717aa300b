"""Map view: scene build, pan/zoom frame times with many markers, incremental marker updates.

    python -m tests.benchmarks map [--events 5000] [--units 100] [--frames 60] [--size 1280x800]

Runs offscreen (software rasterisation). Events and units are spread over the area a
1:25,000-ish window shows around Bergamo, so at both measured zooms every one is on screen.

* ``territory_load_s``, ``scene_build_s`` (``MapView`` constructed: paths projected, names
  made), ``markers_set_s`` (all events and units added);
* ``first_render_s``: every tile of the province view rendered (the window's first look);
* ``pan_*`` / ``zoom_*``: one frame = one step (16 px pan, or a 1.25× zoom) plus a synchronous
  repaint of the viewport, as ``wall`` (perf_counter) and ``cpu`` (this thread's CPU time,
  less disturbed by other processes) p50/p95/max in ms. A zoom frame draws stand-ins for the
  tiles not yet rendered; those are rendered between frames, each event-loop turn spending
  at most ``tile_budget_ms`` (``tile_render_ms_*``: one tile). ``zoom_settle_ms_p50``: all tiles
  of a new zoom level rendered. Repainting the whole viewport is an upper bound: in the
  event loop a pan scrolls the picture and paints only the uncovered strip, which
  ``*_pan_loop_*`` measures (pan step + ``processEvents()``, tile rendering ticks included).
* ``update_100_*``: ``update_events`` with 100 changed events (half moved, half new colour),
  alone and with the repaint that follows; ``update_100_unchanged_ms_p50``: the same records
  again. Goals: update < 10 ms, frame < 16 ms.

The map in the app (``--app-events N``, default 5000; 0 skips it), in a child process on a
store of N active events (20 % without coordinates) and 25 placed units, made once in a
scratch folder:

* ``app_open_map_page_s``: from ``show_view("map")`` to the page ready (territory decoded on
  a worker thread, view built, N markers from the store, home area), and
  ``app_open_longest_stall_ms``: the longest event-loop gap meanwhile and in the 0.3 s
  after (the first paints and tiles; goal: one frame,
  16 ms), ``..._cpu_ms`` the UI thread's CPU time in that longest gap (the figure other
  processes do not inflate; a gap is what ran between two ticks of a 5 ms timer, so
  it may hold more than one event-loop turn: since the first paint was made cheap, the
  longest is usually a tile-rendering turn plus the repaint of its tile); the view is
  built in slices (``app_build_slices``, the
  longest ``app_build_longest_slice_ms`` / ``_cpu_ms``; a slice works up to 8 ms, then
  yields to the loop);
* ``app_refresh_full_ms`` / ``app_refresh_idle_ms``: the feed's owner-thread refresh from
  nothing and with nothing changed (since the store's data stamp: nothing is read);
* ``app_burst_100_*``: 100 events moved through the normal write path (one ``WriteOp`` each,
  as the app does): ``writes_s`` until the last write is committed, ``markers_after_ms``
  from then until all 100 markers stand at their new places, ``end_to_end_s`` in all,
  ``refreshes`` of the feed and ``ui_apply_ms`` spent applying them to the view.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = Path(tempfile.gettempdir()) / "emergenza-bench-map"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--frames", type=int, default=60, help="frames per measured series")
    parser.add_argument("--size", default="1280x800", help="viewport size WxH")
    parser.add_argument("--app-events", type=int, default=5000, help="active events of the in-app part (0: skip)")


def _stats(name: str, values: list[float]) -> dict:
    ordered = sorted(values)
    return {f"{name}_p50": round(statistics.median(ordered), 2),
            f"{name}_p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
            f"{name}_max": round(ordered[-1], 2)}


def _frame(view, step) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    step()
    view.viewport().repaint()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def run(args: argparse.Namespace) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from emergenza.gui.map import EventMarker, MapView, UnitMarker
    from emergenza.resources import load_territory

    width, height = (int(v) for v in args.size.lower().split("x"))
    figures: dict = {"events": args.events, "units": args.units, "viewport": args.size}
    t = time.perf_counter()
    territory = load_territory()
    figures["territory_load_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    view = MapView(territory)
    figures["scene_build_s"] = round(time.perf_counter() - t, 3)
    view.resize(width, height)
    view.show()
    app.processEvents()

    rng = random.Random(12)
    # The city view: about 1:30,000 around Bergamo; every marker goes inside it.
    view.set_home(territory.of_province("BG"))
    view.center_on_lonlat(9.69, 45.69)
    view.zoom_by(view.scale_denominator() / 30_000)
    city_centre = view.mapToScene(view.viewport().rect().center())
    visible = view.mapToScene(view.viewport().rect().adjusted(20, 20, -20, -20)).boundingRect()
    lon0, lat1 = view.projection.inverse(visible.left(), visible.top())
    lon1, lat0 = view.projection.inverse(visible.right(), visible.bottom())
    view.go_home()
    colours = ("#ffb3b3", "#fff3a0", "#c8e6c9", "#f4f4f4")

    def somewhere() -> tuple[float, float]:
        return lon0 + rng.random() * (lon1 - lon0), lat0 + rng.random() * (lat1 - lat0)

    events = [EventMarker(f"e{i}", rng.choice(colours), *somewhere(),
                          exercise=i % 40 == 0, approximate=i % 25 == 0, label=f"BG01-2026-{i:06d}")
              for i in range(args.events)]
    units = [UnitMarker(f"u{i}", f"Alfa {i}", rng.choice(("#3f7fbf", "#2e8b57", "#c0392b")), *somewhere())
             for i in range(args.units)]
    t = time.perf_counter()
    view.set_events(events)
    view.set_units(units)
    figures["markers_set_s"] = round(time.perf_counter() - t, 3)

    t = time.perf_counter()
    view.settle()
    figures["first_render_s"] = round(time.perf_counter() - t, 3)

    def series(label: str, steps) -> None:
        walls, cpus = [], []
        for step in steps:
            wall, cpu = _frame(view, step)
            walls.append(wall)
            cpus.append(cpu)
        figures.update(_stats(f"{label}_wall_ms", walls))
        figures.update(_stats(f"{label}_cpu_ms", cpus))

    frames = args.frames
    for zoom_name in ("province", "city"):
        if zoom_name == "city":
            view.centerOn(city_centre)
            view.zoom_by(view.scale_denominator() / 30_000)
        view.settle()
        figures[f"{zoom_name}_scale_1_to"] = round(view.scale_denominator(), -2)
        on_screen = view.mapToScene(view.viewport().rect()).boundingRect()
        figures[f"{zoom_name}_events_on_screen"] = sum(
            1 for _, item in view.markers.events.values() if on_screen.contains(item.scenePos()))
        directions = [(16, 0), (0, 16), (-16, 0), (0, -16)]
        series(f"{zoom_name}_pan", [lambda d=directions[(i // 10) % 4]: view.pan_by(*d) for i in range(frames)])
        series(f"{zoom_name}_zoom", [lambda f=(1.25 if i % 2 == 0 else 0.8): view.zoom_by(f) for i in range(frames)])
        # As the event loop does it: only the strip the scroll uncovered is painted.
        strips, strip_cpu = [], []
        for i in range(frames):
            wall, cpu = time.perf_counter(), time.thread_time()
            view.pan_by(*directions[(i // 10) % 4])
            app.processEvents()
            strips.append((time.perf_counter() - wall) * 1000)
            strip_cpu.append((time.thread_time() - cpu) * 1000)
        figures.update(_stats(f"{zoom_name}_pan_loop_wall_ms", strips))
        figures.update(_stats(f"{zoom_name}_pan_loop_cpu_ms", strip_cpu))
        view.settle()

    settles = []
    for factor in (1.25, 1.25, 0.8, 0.8, 0.8, 1.25):
        view.zoom_by(factor)
        view.vector_layer.clear()  # as if this level had never been drawn
        view.viewport().repaint()
        t = time.perf_counter()
        view.vector_source.flush()
        settles.append((time.perf_counter() - t) * 1000)
    figures["zoom_settle_ms_p50"] = round(statistics.median(settles), 1)
    figures["tile_budget_ms"] = view.vector_source.budget_s * 1000
    grid = view.vector_source.grid
    level = round(grid.level_for(view.pixels_per_unit))
    keys = grid.covering(level, view.mapToScene(view.viewport().rect()).boundingRect())
    tile_times = []
    for key in keys:
        t = time.perf_counter()
        view.vector_source.render(key)
        tile_times.append((time.perf_counter() - t) * 1000)
    figures.update(_stats("tile_render_ms", tile_times))

    def changes(round_: int) -> list:
        """100 events: half move a little, half change priority colour."""
        out = []
        for n, m in enumerate(rng.sample(events, 100)):
            if n % 2:
                out.append(EventMarker(m.id, m.color, m.lon + 0.0004 * (1 if round_ % 2 else -1), m.lat,
                                       m.municipality, m.exercise, m.approximate, m.label))
            else:
                out.append(EventMarker(m.id, "#ffb3b3" if m.color != "#ffb3b3" else "#c8e6c9", m.lon, m.lat,
                                       m.municipality, m.exercise, m.approximate, m.label))
        return out

    update_wall, update_cpu, frame_wall, frame_cpu, unchanged = [], [], [], [], []
    for round_ in range(40):
        changed = changes(round_)
        if round_ % 2:  # the update alone
            t, c = time.perf_counter(), time.thread_time()
            view.update_events(changed)
            update_wall.append((time.perf_counter() - t) * 1000)
            update_cpu.append((time.thread_time() - c) * 1000)
        else:  # the update and the repaint it causes
            wall, cpu = _frame(view, lambda c=changed: view.update_events(c))
            frame_wall.append(wall)
            frame_cpu.append(cpu)
        t = time.perf_counter()
        view.update_events(changed)  # the same records again: nothing to do
        unchanged.append((time.perf_counter() - t) * 1000)
        index = {m.id: m for m in changed}
        events = [index.get(m.id, m) for m in events]
    figures.update(_stats("update_100_wall_ms", update_wall))
    figures.update(_stats("update_100_cpu_ms", update_cpu))
    figures.update(_stats("update_100_and_repaint_wall_ms", frame_wall))
    figures.update(_stats("update_100_and_repaint_cpu_ms", frame_cpu))
    figures["update_100_unchanged_ms_p50"] = round(statistics.median(unchanged), 3)
    view.close()
    if args.app_events:
        figures.update(_app_figures(args.app_events))
    figures["load_average"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    return figures


# ----------------------------------------------------------------- in the app
def _active_store(n_events: int) -> Path:
    """A store with ``n_events`` active events in the province of Bergamo (made once)."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / f"active_{n_events}.db"
    if path.exists():
        return path
    from emergenza.resources import load_territory
    from emergenza.store import Store

    scratch = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    store = Store.open(scratch, station_code="BG01", corps="Polizia Locale di Bergamo")
    store.db.execute("PRAGMA synchronous = OFF")  # set-up only; the app measures with FULL
    rng = random.Random(5)
    territory = load_territory()
    towns = territory.of_province("BG")
    box = territory.bounds(towns)
    types = sorted(store.catalogs.event_types)
    op = "Banco di prova"
    store.people.add(op, "operator")
    for n in range(n_events):
        data = {"type_code": rng.choice(types), "municipality_istat": rng.choice(towns),
                "address": f"Via Roma {n % 300 + 1}", "description": "Evento del banco di prova", "channel": "phone"}
        if rng.random() < 0.8:
            data.update(lon=box.min_x + rng.random() * box.width, lat=box.min_y + rng.random() * box.height)
        store.events.create(data, operator=op)
    for n in range(25):
        unit = store.units.add({"kind": "car", "call_sign": f"Alfa {n + 1}"}, operator=op)
        store.units.set_position(unit["id"], box.min_y + rng.random() * box.height,
                          box.min_x + rng.random() * box.width, operator=op)
    store.meta.set("setup_done", "1")
    store.close()
    scratch.rename(path)
    return path


def _app_figures(n_events: int) -> dict:
    db = _active_store(n_events)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMERGENZA_HOME": home}
        proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_map", "--child", str(db)],
                              capture_output=True, text=True, timeout=900, env=env,
                              cwd=Path(__file__).resolve().parents[2])
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return {"app_active_events": n_events, **json.loads(proc.stdout.strip().splitlines()[-1])}


def _child_main(db: str) -> int:
    import asyncio

    from PySide6.QtCore import QTimer

    from emergenza.app import DesktopApp
    from emergenza.cli import build_parser
    from emergenza.domain.roles import FILE_HOLDER
    from emergenza.gui.headless import sign_in_default_operator
    from emergenza.gui.map.feed import _Snapshot, compute_delta
    from emergenza.gui.operations import Change, WriteOp
    from emergenza.store import Store

    app = DesktopApp(build_parser().parse_args(["--db", db]))
    app.build()
    figures: dict = {}

    async def until(condition, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("timed out")
            await asyncio.sleep(0.001)

    async def scenario() -> None:
        w = app.window
        w.show()
        w.start()
        await sign_in_default_operator(app.ctx)
        # The store acts as the operator signed in (the sign-in dialog's part; without it
        # the burst's writes are refused, as for nobody).
        await app.ctx.owner.call(lambda s: s.act_as(FILE_HOLDER))
        await until(lambda: w.board.model.loaded and w.units_model.loaded)
        await asyncio.sleep(0.5)  # the start-up reads are over
        gaps: list[float] = []
        cpu_gaps: list[float] = []
        last = [time.perf_counter(), time.thread_time()]

        def tick() -> None:
            now, cpu = time.perf_counter(), time.thread_time()
            gaps.append(now - last[0])
            cpu_gaps.append(cpu - last[1])
            last[0], last[1] = now, cpu

        ticker = QTimer()
        ticker.setInterval(5)
        ticker.timeout.connect(tick)
        ticker.start()
        page, feed = w.map.page, w.map.feed
        t = time.perf_counter()
        w.show_view("map")
        await until(lambda: page.ready)
        figures["app_open_map_page_s"] = round(time.perf_counter() - t, 3)
        await asyncio.sleep(0.3)  # the stalls counted include the map's first paints and tiles
        ticker.stop()
        figures["app_open_longest_stall_ms"] = round(max(gaps) * 1000 - 5, 1) if gaps else None
        # The UI thread's own CPU time between two ticks: the same stall without the time
        # other processes took the core (this machine is shared).
        figures["app_open_longest_stall_cpu_ms"] = round(max(cpu_gaps) * 1000, 1) if cpu_gaps else None
        figures["app_markers_on_map"] = len(page.view.markers.events)
        build = page.last_build
        if build is not None:  # the view's build, in slices of the event loop (gui/map/slices.py)
            figures["app_build_slices"] = build.slices
            figures["app_build_longest_slice_ms"] = round(build.longest_ms, 1)
            figures["app_build_longest_slice_cpu_ms"] = round(build.longest_cpu_ms, 1)

        styles = feed._styles()
        t = time.perf_counter()
        state, _ = await app.ctx.owner.call(compute_delta, feed.filter, styles, _Snapshot())
        figures["app_refresh_full_ms"] = round((time.perf_counter() - t) * 1000, 1)
        t = time.perf_counter()
        await app.ctx.owner.call(compute_delta, feed.filter, styles, state)
        figures["app_refresh_idle_ms"] = round((time.perf_counter() - t) * 1000, 1)

        apply_ms: list[float] = []
        feed.delta_ready.disconnect(page._on_delta)

        def timed(delta) -> None:
            t0 = time.perf_counter()
            page._on_delta(delta)
            apply_ms.append((time.perf_counter() - t0) * 1000)

        feed.delta_ready.connect(timed)
        refreshes = [0]
        feed.refreshed.connect(lambda: refreshes.__setitem__(0, refreshes[0] + 1))
        rng = random.Random(time.time_ns())  # new places each run: the scratch store is reused
        chosen = rng.sample(sorted(feed.events), 100)
        targets = {ident: (45.5 + rng.random() * 0.4, 9.4 + rng.random() * 0.6) for ident in chosen}
        written = [0]
        t = time.perf_counter()
        for ident, (lat, lon) in targets.items():
            WriteOp(app.ctx, Change.EVENTS, Store.events.update, ident, {"lat": lat, "lon": lon},
                    operator="Banco di prova").on_done(
                lambda _e: written.__setitem__(0, written[0] + 1)).run("bench.burst")
        await until(lambda: written[0] == len(targets))
        writes_done = time.perf_counter()
        markers = page.view.markers.events
        await until(lambda: all(markers[i][0].lat == lat and markers[i][0].lon == lon
                                for i, (lat, lon) in targets.items()))
        done = time.perf_counter()
        figures.update({
            "app_burst_100_writes_s": round(writes_done - t, 3),
            "app_burst_100_markers_after_ms": round((done - writes_done) * 1000, 1),
            "app_burst_100_end_to_end_s": round(done - t, 3),
            "app_burst_100_refreshes": refreshes[0],
            "app_burst_100_ui_apply_ms": round(sum(apply_ms), 2),
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
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(_child_main(sys.argv[2]))
    raise SystemExit("usage: python -m tests.benchmarks map [...]")
