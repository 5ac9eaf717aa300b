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
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--frames", type=int, default=60, help="frames per measured series")
    parser.add_argument("--size", default="1280x800", help="viewport size WxH")


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
    figures["load_average"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    view.close()
    return figures
