"""Sync throughput: push N outbox changes to a real local server, pull and apply them into another store.

    python -m tests.benchmarks sync --changes 20000

Prints ``push_changes_s`` (outbox changes pushed and acknowledged per second;
``push_server_cpu_us_per_change``: the server process's CPU per pushed change),
``pull_apply_rows_s`` (changes pulled over HTTP and applied per second, end to end),
``apply_rows_s`` (the local apply alone, as the engine applies a pulled page; ``apply_cpu_s``:
its CPU time; ``project_after_s`` / ``project_after_cpu_s``: the statistics projection of
the pulled events, which the apply leaves to the store owner's idle time, schema v20) and
``raw_insert_rows_s`` (plain sqlite3
executemany of the same rows into an empty store file: same table definitions, i.e.
the same indexes and FTS triggers, but no merge, audit or bookkeeping; same run).
``raw_insert_bare_rows_s`` is the same into tables with no index or trigger at all.
``raw_insert_multirow_rows_s``: the same rows into the real schema with multi-row
INSERT statements (100 rows each), as the apply writes them: FTS5 writes a new segment
at every statement, so one-row statements (``raw_insert_rows_s``) mostly measure that.
``pull_engine_rows_s``: a third station pulls the same log through the product's own
``SyncEngine.pull_all``, which fetches the next page while it applies the current one;
``pull_engine_{server,store_thread,loop_thread}_cpu_s``: where that pull's CPU went (the
store thread applies and projects, the loop thread receives, decompresses, decodes, checks).
``load_1m``: the machine's load average at the start (the figures are noisy when shared).
Goals (N = 20,000, issue 14): push >= 8,000 changes/s; pull+apply >= 30,000 rows/s.

    python -m tests.benchmarks sync --initial N

A new station's first sync of a region holding N rows (half events, half journal
entries, written straight into the server's ``entities`` as the merged state pushes
leave there): the server's snapshot, applied in bulk, then the stream from its cursor
(the product's own ``SyncEngine.sync_once``). Prints ``initial_s`` and
``initial_rows_s``, whether ``emergenza check`` (the audit chain) is clean after it,
``station_cpu_s`` (this process: the store's thread and the HTTP client) and
``server_cpu_s`` (the server process) during the sync, and the load average at its start
and end; ``loop_lag_max_ms`` / ``loop_lag_p99_ms`` / ``loop_lags_over_16_ms``: how late the
event loop ran a 1 ms timer meanwhile (in the app that loop is the UI thread's);
``loop_step_cpu_max_ms`` / ``loop_steps_cpu_over_16_ms``: the loop thread's CPU time in one
step of the loop (steadier than the lags on a shared machine).
``--page N``: entities per snapshot page; ``--profile FILE``: cProfile of the store's
thread during the sync. Goal: N = 1,000,000 in < 45 s.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path

import httpx

from emergenza.resources import load_catalogs
from emergenza.store import Store, StoreOwner
from emergenza.store.maintenance import IDLE_PROJECT_EVENTS
from emergenza.sync import jsonbody
from emergenza.sync.engine import SyncEngine, SyncReport, enroll
from emergenza.sync.protocol import SNAPSHOT_DEFAULT_LIMIT
from emergenza.sync.quarantine import apply_bulk_safely
from emergenza.sync.snapshot import REBUILD_PHASE
from tests.support.factories import EVENT
from tests.support.servers import ServerProcess


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--changes", type=int, default=20_000, help="changes to push and pull (default 20000)")
    parser.add_argument("--initial", type=int, default=0, metavar="N",
                        help="instead: a new station's first sync of a region of N rows")
    parser.add_argument("--dir", help="working folder (default: a temporary one)")
    parser.add_argument("--page", type=int, default=SNAPSHOT_DEFAULT_LIMIT,
                        help=f"--initial: entities per snapshot page (default {SNAPSHOT_DEFAULT_LIMIT})")
    parser.add_argument("--profile", metavar="FILE",
                        help="--initial: cProfile the station's store thread during the sync into FILE")


def _fill(store: Store, n_changes: int) -> int:
    """Real local writes: each event is 2 outbox changes (the event, its journal entry)."""
    with store.db.atomic():  # one commit: this is set-up, not what is measured
        for i in range(n_changes // 2):
            store.events.create(EVENT | {"description": f"Evento di prova {i}"}, operator="Bench")
    return store.outbox.count()


async def _enroll(owner: StoreOwner, url: str, code: str) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        await enroll(owner, client, url, code)


async def _push(owner: StoreOwner) -> tuple[float, int]:
    async with httpx.AsyncClient(timeout=60) as client:
        engine = await SyncEngine.for_store(owner, client)
        report = SyncReport()
        t0 = time.perf_counter()
        await engine.push_all(report)
        return time.perf_counter() - t0, report.pushed


async def _pull_pages(owner: StoreOwner, url: str) -> tuple[float, list[dict]]:
    token = await owner.call(lambda s: s.meta.get("token"))
    pages = []
    cursor = 0
    async with httpx.AsyncClient(timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
        t0 = time.perf_counter()
        while True:
            r = await client.get(url + "/v1/sync/pull", params={"cursor": cursor, "limit": 1000})
            r.raise_for_status()
            page = jsonbody.loads(r.content)  # as the engine decodes a page
            pages.append(page)
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return time.perf_counter() - t0, pages


async def _pull_engine(owner: StoreOwner) -> tuple[float, int]:
    """The product's own pull: SyncEngine.pull_all (fetches page n+1 while applying page n)."""
    async with httpx.AsyncClient(timeout=60) as client:
        engine = await SyncEngine.for_store(owner, client, from_snapshot=False)  # the stream, not the snapshot
        report = SyncReport()
        t0 = time.perf_counter()
        await engine.pull_all(report)
        return time.perf_counter() - t0, report.applied


def _apply_all(store: Store, pages: list[dict]) -> tuple[float, float, int]:
    """The pages as the engine applies them (new entities in bulk, the rest the general
    way): wall seconds, CPU seconds of this (the store's) thread, rows."""
    t0, c0 = time.perf_counter(), time.thread_time()
    n = 0
    for page in pages:
        apply_bulk_safely(store, page["changes"], cursor=page["next_cursor"])
        n += len(page["changes"])
    return time.perf_counter() - t0, time.thread_time() - c0, n


def _project_all(store: Store) -> tuple[float, float]:
    """What the store owner does after a pull, between calls and in idle slices (schema v20):
    the pulled events projected into the statistics projection. Wall and CPU seconds."""
    t0, c0 = time.perf_counter(), time.thread_time()
    while store.maintenance.project_statistics(IDLE_PROJECT_EVENTS):
        pass
    return time.perf_counter() - t0, time.thread_time() - c0


def _raw_insert(store: Store, path: Path) -> dict[str, float]:
    """The same rows with plain sqlite3 executemany, same pragmas, one transaction:
    ``schema`` into the store's own table definitions (indexes, FTS triggers), ``bare``
    into tables with the same columns and no index or trigger at all; ``multirow`` into
    the real schema, 100 rows per INSERT statement."""
    rows = {t: [tuple(r) for r in store.db.execute(f"SELECT * FROM [{t}]")] for t in ("events", "journal")}
    out = {}
    for kind in ("schema", "bare", "multirow"):
        target = path.with_name(f"{path.stem}_{kind}.db")
        if kind != "bare":
            Store.open(target, store.catalogs).close()  # the real, empty schema
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if kind == "bare":
            for t, data in rows.items():
                conn.execute(f"CREATE TABLE [{t}] ({', '.join(f'c{i}' for i in range(len(data[0])))})")
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        n = 0
        for t, data in rows.items():
            marks = ", ".join("?" for _ in data[0])
            if kind == "multirow":
                for i in range(0, len(data), 100):
                    chunk = data[i:i + 100]
                    conn.execute(f"INSERT INTO [{t}] VALUES " + ", ".join([f"({marks})"] * len(chunk)),
                                 [v for r in chunk for v in r])
            else:
                conn.executemany(f"INSERT INTO [{t}] VALUES ({marks})", data)
            n += len(data)
        conn.execute("COMMIT")
        out[kind] = n / (time.perf_counter() - t0)
        conn.close()
    return out


def _templates(catalogs, work: Path) -> tuple[dict, dict, str]:
    """The fields of one real event and of its first journal entry, as a station pushes them."""
    store = Store.open(work / "template.db", catalogs, station_code="BNT", corps="PL Bench")
    try:
        store.events.create(EVENT | {"description": "Evento di prova"}, operator="Bench")
        rows = {r["entity"]: r for r in store.outbox.pending(10)}
    finally:
        store.close()
    return rows["events"]["fields"], rows["journal"]["fields"], rows["events"]["hlc"]


def _seed_server(db: Path, catalogs, work: Path, n_rows: int) -> None:
    """N merged entities straight into the server's ``entities`` (what pushes would leave)."""
    from emergenza.domain.ids import uuid7

    event, journal, hlc = _templates(catalogs, work)
    conn = sqlite3.connect(db)
    corps_id = conn.execute("SELECT id FROM corps WHERE name = 'PL Bench'").fetchone()[0]
    dumps = json.JSONEncoder(sort_keys=True).encode

    def entity(kind: str, entity_id: str, event_id: str, fields: dict, sharing: str | None) -> tuple:
        return (kind, entity_id, event_id, corps_id, sharing, dumps(fields), dumps(dict.fromkeys(fields, hlc)), 0)

    rows = []
    for i in range(n_rows // 2):
        eid = uuid7()
        rows.append(entity("events", eid, eid, event | {"number": f"BNT-2026-{i + 1:07d}"}, "shared"))
        rows.append(entity("journal", uuid7(), eid, journal | {"event_id": eid}, None))
    with conn:
        conn.executemany("INSERT INTO entities (entity, entity_id, event_id, corps_id, sharing, state, versions, "
                         "updated_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children still alive (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += _cpu_of(int(child))
    except (OSError, IndexError, ValueError):
        pass
    return total


async def _first_sync(owner: StoreOwner, page: int) -> tuple[float, float, SyncReport, float]:
    """Wall and CPU seconds of the whole first sync, its report, and the wall seconds of its
    last phase (the search and statistics upkeep rebuilt from every row)."""
    rebuild: list[float] = []

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase == REBUILD_PHASE:
            rebuild.append(time.perf_counter())

    async with httpx.AsyncClient(timeout=120) as client:
        engine = await SyncEngine.for_store(owner, client, snapshot_limit=page)
        # As the app does once its window is up (app.py): what exists by now is kept out of
        # the collector's full passes, which would otherwise walk this process's set-up.
        gc.collect()
        gc.freeze()
        lags: list[float] = []
        ticker = asyncio.ensure_future(_loop_lag(lags))
        c0, t0 = time.process_time(), time.perf_counter()
        steps = _StepCpu()
        try:
            with steps:
                report = await engine.sync_once(progress)
        finally:
            ticker.cancel()
        wall = time.perf_counter() - t0
        LOOP_LAG.update(max=max(lags, default=0.0), p99=sorted(lags)[int(len(lags) * 0.99)] if lags else 0.0,
                        over_16=sum(1 for lag in lags if lag > 16), step_cpu_max=steps.longest,
                        step_cpu_over_16=steps.over_16)
        return wall, time.process_time() - c0, report, (rebuild[-1] - rebuild[0]) if len(rebuild) == 2 else 0.0


# The event loop's longest waits during a first sync: in the app, that loop is the UI thread.
LOOP_LAG: dict[str, float] = {}


class _StepCpu:
    """The loop thread's CPU time in each step of the loop (one callback: one task's run up
    to its next await): the work the UI thread would do at once. Wall-clock lags also count
    waiting for a core or for the GIL, which on a loaded machine is most of them."""

    def __init__(self) -> None:
        self.longest, self.over_16 = 0.0, 0
        self._run = asyncio.events.Handle._run

    def __enter__(self) -> None:
        run = self._run

        def timed(handle: asyncio.events.Handle) -> None:
            c = time.thread_time()
            run(handle)
            ms = (time.thread_time() - c) * 1000
            self.longest = max(self.longest, ms)
            self.over_16 += ms > 16

        asyncio.events.Handle._run = timed  # type: ignore[method-assign]

    def __exit__(self, *exc: object) -> None:
        asyncio.events.Handle._run = self._run  # type: ignore[method-assign]


async def _loop_lag(lags: list[float]) -> None:
    """How late the loop runs a 1 ms timer, in ms, for as long as it is not cancelled."""
    while True:
        t = time.perf_counter()
        await asyncio.sleep(0.001)
        lags.append((time.perf_counter() - t) * 1000 - 1.0)


def run_initial(args: argparse.Namespace) -> dict:
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench_initial_"))
    work.mkdir(parents=True, exist_ok=True)
    catalogs = load_catalogs()
    load = os.getloadavg()[0]
    server = ServerProcess(f"sqlite:///{work / 'server.db'}", work / "server.log")
    server.start(log_level="warning")
    station = StoreOwner(lambda: Store.open(work / "new.db", catalogs, station_code="BNN", corps="PL Bench"))
    try:
        code = server.enrollment_code("PL Bench", "Nuova")
        t0 = time.perf_counter()
        _seed_server(work / "server.db", catalogs, work, args.initial)
        seed_s = time.perf_counter() - t0
        asyncio.run(_enroll(station, server.url, code))
        profiler = cProfile.Profile() if args.profile else None
        if profiler:  # cProfile follows one thread: enable it on the store's own
            station.call_blocking(lambda _s: profiler.enable())
        server_cpu0, load = _cpu_of(server.proc.pid), os.getloadavg()[0]
        store_cpu0, loop_cpu0 = station.call_blocking(lambda _s: time.thread_time()), time.thread_time()
        sync_s, station_cpu_s, report, rebuild_s = asyncio.run(_first_sync(station, args.page))
        server_cpu_s = _cpu_of(server.proc.pid) - server_cpu0
        # The store's own thread (apply, SQLite) and this one (HTTP, JSON decoding, checks).
        store_cpu_s = station.call_blocking(lambda _s: time.thread_time()) - store_cpu0
        loop_cpu_s = time.thread_time() - loop_cpu0
        if profiler:
            station.call_blocking(lambda _s: profiler.disable())
            profiler.dump_stats(args.profile)
        rows = station.call_blocking(lambda s: s.db.execute(
            "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM journal)").fetchone()[0])
        audit_ok = station.call_blocking(Store.maintenance.verify_audit) == []
    finally:
        station.close()
        server.close()
    return {
        "initial_rows": rows,
        "seed_s": round(seed_s, 3),
        "initial_s": round(sync_s, 3),
        "initial_rows_s": round(rows / sync_s),
        "rebuild_s": round(rebuild_s, 3),  # part of initial_s: search and statistics rebuilt at the end
        "station_cpu_s": round(station_cpu_s, 3),  # this process: the store thread and the HTTP client
        "station_store_thread_cpu_s": round(store_cpu_s, 3),
        "station_http_thread_cpu_s": round(loop_cpu_s, 3),
        "server_cpu_s": round(server_cpu_s, 3),
        "load_1m_end": round(os.getloadavg()[0], 2),
        # The loop (the app's UI thread) during the sync: its longest wait, p99, waits over a frame.
        "loop_lag_max_ms": round(LOOP_LAG["max"], 1),
        "loop_lag_p99_ms": round(LOOP_LAG["p99"], 1),
        "loop_lags_over_16_ms": LOOP_LAG["over_16"],
        "loop_step_cpu_max_ms": round(LOOP_LAG["step_cpu_max"], 1),  # the loop thread's CPU in one step
        "loop_steps_cpu_over_16_ms": LOOP_LAG["step_cpu_over_16"],
        "applied": report.applied,
        "complete": report.complete,
        "load_1m": round(load, 2),
        "page": args.page,
        "audit_clean_after_first_sync": audit_ok,
        "workdir": str(work),
    }


def run(args: argparse.Namespace) -> dict:
    if getattr(args, "initial", 0):
        return run_initial(args)
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench_sync_"))
    work.mkdir(parents=True, exist_ok=True)
    catalogs = load_catalogs()
    load = os.getloadavg()[0]
    server = ServerProcess(f"sqlite:///{work / 'server.db'}", work / "server.log")
    server.start(log_level="warning")
    a = StoreOwner(lambda: Store.open(work / "a.db", catalogs, station_code="BNA", corps="PL Bench"))
    b = StoreOwner(lambda: Store.open(work / "b.db", catalogs, station_code="BNB", corps="PL Bench"))
    c = StoreOwner(lambda: Store.open(work / "c.db", catalogs, station_code="BNC", corps="PL Bench"))
    try:
        n = a.call_blocking(_fill, args.changes)
        asyncio.run(_enroll(a, server.url, server.enrollment_code("PL Bench", "A")))
        asyncio.run(_enroll(b, server.url, server.enrollment_code("PL Bench", "B")))
        asyncio.run(_enroll(c, server.url, server.enrollment_code("PL Bench", "C")))
        server_cpu0, store_cpu0 = _cpu_of(server.proc.pid), a.call_blocking(lambda _s: time.thread_time())
        loop_cpu0 = time.thread_time()
        push_s, pushed = asyncio.run(_push(a))
        # Where a push's time goes: the server, the station's store thread, its HTTP thread.
        push_cpu = {"server": _cpu_of(server.proc.pid) - server_cpu0,
                    "store_thread": a.call_blocking(lambda _s: time.thread_time()) - store_cpu0,
                    "http_thread": time.thread_time() - loop_cpu0}
        http_s, pages = asyncio.run(_pull_pages(b, server.url))
        apply_s, apply_cpu_s, applied = b.call_blocking(_apply_all, pages)
        project_s, project_cpu_s = b.call_blocking(_project_all)
        # Where the engine's pull goes: the server, the station's store thread (apply and
        # projection) and its loop thread (HTTP, decompression, decoding, checks).
        server_cpu0, store_cpu0 = _cpu_of(server.proc.pid), c.call_blocking(lambda _s: time.thread_time())
        loop_cpu0 = time.thread_time()
        engine_s, engine_applied = asyncio.run(_pull_engine(c))
        engine_cpu = {"server": _cpu_of(server.proc.pid) - server_cpu0,
                      "store_thread": c.call_blocking(lambda _s: time.thread_time()) - store_cpu0,
                      "loop_thread": time.thread_time() - loop_cpu0}
        raw = b.call_blocking(_raw_insert, work / "raw.db")
        audit_ok = b.call_blocking(Store.maintenance.verify_audit) == []
    finally:
        a.close()
        b.close()
        c.close()
        server.close()
    return {
        "changes": n,
        "pushed": pushed,
        "push_s": round(push_s, 3),
        "push_changes_s": round(pushed / push_s),
        **{f"push_{name}_cpu_s": round(cpu, 3) for name, cpu in push_cpu.items()},
        # The server's CPU per pushed change (all of it: HTTP, door, merge, JSON, SQL).
        "push_server_cpu_us_per_change": round(push_cpu["server"] / max(pushed, 1) * 1e6, 1),
        "pulled": applied,
        "pull_http_s": round(http_s, 3),
        "apply_s": round(apply_s, 3),
        "apply_rows_s": round(applied / apply_s),
        "apply_cpu_s": round(apply_cpu_s, 3),  # the store thread's CPU: steadier than wall time on a shared machine
        "apply_cpu_rows_s": round(applied / apply_cpu_s),
        "pull_apply_rows_s": round(applied / (http_s + apply_s)),
        # The statistics projection of the pulled events, left by the apply to the owner (v20).
        "project_after_s": round(project_s, 3),
        "project_after_cpu_s": round(project_cpu_s, 3),
        "pull_engine_rows_s": round(engine_applied / engine_s),  # HTTP overlapped with apply
        **{f"pull_engine_{name}_cpu_s": round(cpu, 3) for name, cpu in engine_cpu.items()},
        "raw_insert_rows_s": round(raw["schema"]),
        "raw_insert_bare_rows_s": round(raw["bare"]),
        "raw_insert_multirow_rows_s": round(raw["multirow"]),
        "apply_vs_raw": round((applied / apply_s) / raw["schema"], 3),
        "apply_vs_raw_bare": round((applied / apply_s) / raw["bare"], 3),
        "apply_vs_raw_multirow": round((applied / apply_s) / raw["multirow"], 3),
        "load_1m": round(load, 2),
        "audit_clean_after_apply": audit_ok,
        "workdir": str(work),
    }


if __name__ == "__main__":
    print(json.dumps(run(argparse.Namespace(changes=2000, initial=0, dir=None, page=SNAPSHOT_DEFAULT_LIMIT,
                                            profile=None))))
