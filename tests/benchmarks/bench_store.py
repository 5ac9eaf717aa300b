"""Store: commit latency, board and search at N events, bulk insert rates.

``python -m tests.benchmarks store --events N [--db PATH]`` builds (or reuses) a demo store
of N events, then measures Store.events.create (event + journal + outbox + audit, one
fsync'ed commit each), the active-events board, full-text search, and compares the demo
generator's insert rate with plain sqlite3 executemany of similar rows.

Commits go through a StoreOwner, as in the app (``--housekeeping off``: an owner without
housekeeping, so SQLite checkpoints and FTS5 crisis-merges inside commits, as before issue
15; compare on a fresh copy: the app's owner keeps a higher 'crisismerge' in the file),
``--gap-ms`` apart. Printed beside them: the disk's own fdatasync (overwrite, before
and after the commits; and append), the ratio ``commit_p99_ms / fdatasync_p99_ms``, and
``commit_breakdown`` (commit_probe.py): the slowest commits statement by statement, with
the WAL, checkpoint and FTS-merge facts of each, and what the slowest 5 % share.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from .commit_probe import fdatasync_append

SEARCH_WORDS = (
    "tamponamento", "Garibaldi", "sosta", "rumore", "Alfa 3", "furto", "Rossi", "semaforo", "cane",
    "bivacco", "allagato", "Bergamo", "via roma", "incidente feriti", "carabinieri", "passo carrabile",
    "lite vicini", "musica", "inviata", "Mazzini 12", "Papa Giovanni", "rifiuti", "città", "scippo",
    "truffa anziana", "035", "ambulanza", "rissa bar", "Treviglio", "Dalmine", "sul posto",
    # words still being typed (prefix pass)
    "garib", "tampon", "carab", "semaf", "bival",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=100_000, help="events in the store (default 100000)")
    parser.add_argument("--db", type=Path, help="reuse this store if it exists (else build it there)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--raw-rows", type=int, default=200_000)
    parser.add_argument("--gap-ms", type=float, default=20.0, help="pause between commits (an operator types)")
    parser.add_argument("--housekeeping", choices=("on", "off"), default="on",
                        help="off: SQLite's own checkpoints and FTS merges, inside commits")
    parser.add_argument("--slowest", type=int, default=5, help="commits shown in full in the breakdown")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k], 3)


def fsync_reference(folder: Path, n: int = 300) -> dict[str, float]:
    """What one durable commit costs on this disk at least: 4 KiB overwrite + fdatasync."""
    lat = fdatasync_overwrite(folder, n)
    return {"fdatasync_p50_ms": pct(lat, 50), "fdatasync_p99_ms": pct(lat, 99)}


def fdatasync_overwrite(folder: Path, n: int) -> list[float]:
    import os
    probe = folder / ".bench-fsync-probe"
    fd = os.open(probe, os.O_RDWR | os.O_CREAT)
    try:
        os.write(fd, b"\0" * 4096 * 64)
        os.fsync(fd)
        lat = []
        for i in range(n):
            os.pwrite(fd, b"x" * 4096, 4096 * (i % 64))
            t = time.perf_counter()
            os.fdatasync(fd)
            lat.append((time.perf_counter() - t) * 1000)
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)
    return lat


def _event_data(rng: random.Random) -> dict[str, Any]:
    types = ["INC.DANNI", "VIA.SOSTA", "DIS.RUMORE", "LIT.LITE", "PC.ALBERO", "INC.FERITI"]
    return {"type_code": rng.choice(types), "municipality_istat": "016024",
            "address": f"Via Roma {rng.randint(1, 120)}", "caller_phone": f"035 {rng.randint(200000, 999999)}",
            "description": "Prova di carico: segnalazione di test.", "exercise": 1}


def measure_commits(path: Path, args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    """``--commits`` event intakes through a StoreOwner, each timed on the owner's thread
    (the operator's transaction) and end to end (``call_*``: with any wait behind the owner's
    work between calls), with the disk's fdatasync measured just before and just after."""
    from emergenza.store import Store, StoreOwner

    from .commit_probe import CommitProbe, summarize

    reference = fdatasync_overwrite(path.parent, 300)
    owner = StoreOwner.open(path, idle_after_s=None if args.housekeeping == "off" else 15.0)
    probe: CommitProbe | None = None
    try:
        def warm_and_probe(store: Store) -> CommitProbe:
            for _ in range(3):  # warm the page cache as a running station would be
                store.board.rows(store.board.ids())
            p = CommitProbe(store)
            p.install()
            return p

        probe = owner.call_blocking(warm_and_probe)
        lat: list[float] = []
        calls: list[float] = []
        for _ in range(args.commits):
            data = _event_data(rng)
            t = time.perf_counter()
            _, ms = owner.call_blocking(
                lambda store, d=data: probe.measure(lambda: store.events.create(d, operator="Benchmark")))
            calls.append((time.perf_counter() - t) * 1000)
            lat.append(ms)
            time.sleep(args.gap_ms / 1000)
        owner.call_blocking(lambda store: probe.uninstall())
        wal_end = owner.call_blocking(lambda store: store.maintenance.wal_bytes())
    finally:
        owner.close()
    reference += fdatasync_overwrite(path.parent, 300)
    records = probe.records if probe else []
    commit_kib = sorted(r["written_kib"] for r in records)[len(records) // 2] if records else 4
    sized = fdatasync_append(path.parent, 200, int(commit_kib * 1024))
    out: dict[str, Any] = {
        "housekeeping": args.housekeeping,
        "commit_p50_ms": pct(lat, 50), "commit_p99_ms": pct(lat, 99), "commit_max_ms": round(max(lat), 3),
        "call_p50_ms": pct(calls, 50), "call_p99_ms": pct(calls, 99),
        "fdatasync_p50_ms": pct(reference, 50), "fdatasync_p99_ms": pct(reference, 99),
        "wal_kib_at_end": wal_end // 1024,
        # The same bytes as a median commit's WAL frames, appended, then one fdatasync.
        "commit_kib_p50": commit_kib, "fdatasync_commit_sized_p99_ms": pct(sized, 99),
    }
    out["commit_p99_over_fdatasync_p99"] = round(out["commit_p99_ms"] / max(out["fdatasync_p99_ms"], 1e-6), 2)
    out["commit_p99_over_commit_sized_fdatasync_p99"] = round(
        out["commit_p99_ms"] / max(out["fdatasync_commit_sized_p99_ms"], 1e-6), 2)
    out["commit_breakdown"] = summarize(records, args.slowest)
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    from emergenza.store import Store
    from emergenza.store.demo import generate
    from emergenza.store.queries import EventFilter

    out: dict[str, Any] = {"N": args.events}
    tmpdir = None
    path = args.db
    if path is None:
        tmpdir = tempfile.TemporaryDirectory(prefix="bench-store-")
        path = Path(tmpdir.name) / "store.db"
    reused = path.exists() and path.stat().st_size > 0
    if not reused:
        summary = generate(path, events=args.events, seed=args.seed)
        rows = summary.events + summary.journal_entries + summary.assignments
        out["build_s"] = summary.seconds
        out["store_insert_rows_s"] = round(rows / summary.seconds)
        out["store_insert_events_s"] = round(summary.events / summary.seconds)
    out["reused_db"] = reused
    out["db_bytes"] = path.stat().st_size

    t0 = time.perf_counter()
    store = Store.open(path)
    out["open_s"] = round(time.perf_counter() - t0, 2)
    try:
        if reused and store.meta.get("demo_build_s"):
            build_s = float(store.meta.get("demo_build_s"))
            out["build_s"] = build_s
            out["store_insert_rows_s"] = round(int(store.meta.get("demo_rows")) / build_s)
            out["store_insert_events_s"] = round(int(store.meta.get("demo_events")) / build_s)
        out["N"] = store.maintenance.counts().events
        rng = random.Random(args.seed)
    finally:
        store.close()
    # ---- commits, through a store owner as in the app
    out.update(measure_commits(path, args, rng))
    store = Store.open(path)
    try:
        created = [r[0] for r in store.db.execute(
            "SELECT id FROM events WHERE created_by = 'Benchmark' AND status = 'new'")]
        # ---- board (active events; the benchmark's own events are active too, so close them first)
        for eid in created:
            store.events.change_status(eid, "cancelled", operator="Benchmark", note="Prova di carico conclusa.")
        store.outbox.ack([c["change_id"] for c in store.outbox.pending(limit=100_000)])
        lat = []
        for _ in range(args.queries):
            t = time.perf_counter()
            rows = store.board.rows(store.board.ids())
            lat.append((time.perf_counter() - t) * 1000)
        out["board_rows"] = len(rows)
        out["board_p95_ms"] = pct(lat, 95)
        lat = []
        flt = EventFilter(priorities=("red", "yellow"))
        for _ in range(args.queries // 4):
            t = time.perf_counter()
            store.board.rows(store.board.ids(flt))
            lat.append((time.perf_counter() - t) * 1000)
        out["board_filtered_p95_ms"] = pct(lat, 95)
        # ---- search
        lat, worst = [], ("", 0.0)
        for i in range(args.queries):
            word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
            t = time.perf_counter()
            store.search.find(word, limit=200)
            ms = (time.perf_counter() - t) * 1000
            lat.append(ms)
            if ms > worst[1]:
                worst = (word, round(ms, 2))
        out["search_p50_ms"] = pct(lat, 50)
        out["search_p95_ms"] = pct(lat, 95)
        out["search_worst"] = worst
        lat = []
        for _ in range(args.queries // 4):
            t = time.perf_counter()
            store.search.prior_events(phone=f"035 {rng.randint(200000, 999999)}", municipality_istat="016024",
                               address=f"Via Roma {rng.randint(1, 60)}")
            lat.append((time.perf_counter() - t) * 1000)
        out["prior_events_p95_ms"] = pct(lat, 95)
        # ---- plain sqlite3 executemany of event-like rows, same machine, same run
        sample = [tuple(r) for r in store.db.execute("SELECT * FROM events ORDER BY rowid DESC LIMIT 1000")]
        cols = [r[1] for r in store.db.execute("PRAGMA table_info(events)")]
    finally:
        store.close()
    out["fdatasync_append_p99_ms"] = pct(fdatasync_append(path.parent, 200), 99)
    raw_dir = tempfile.TemporaryDirectory(prefix="bench-raw-")
    try:
        raw = sqlite3.connect(Path(raw_dir.name) / "raw.db", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute(f"CREATE TABLE t ({', '.join(c + (' TEXT PRIMARY KEY' if c == 'id' else '') for c in cols)})")
        rows = []
        for i in range(args.raw_rows):
            r = list(sample[i % len(sample)])
            r[0] = f"{i:08d}-{r[0][9:]}"
            r[1] = f"R-{i}"
            rows.append(tuple(r))
        t = time.perf_counter()
        raw.execute("BEGIN")
        raw.executemany(f"INSERT INTO t VALUES ({', '.join('?' for _ in cols)})", rows)
        raw.execute("COMMIT")
        out["raw_insert_rows_s"] = round(len(rows) / (time.perf_counter() - t))
        raw.close()
    finally:
        raw_dir.cleanup()
    if tmpdir is not None:
        tmpdir.cleanup()
    return out
