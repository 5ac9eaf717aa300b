"""Store: commit latency, board and search at N events, bulk insert rates.

``python -m tests.benchmarks store --events N [--db PATH]`` builds (or reuses) a demo store
of N events, then measures Store.events.create (event + journal + outbox + audit, one
fsync'ed commit each), the active-events board, full-text search, and compares the demo
generator's insert rate with plain sqlite3 executemany of similar rows.

Commits go through a StoreOwner, as in the app (``--housekeeping off``: an owner without
housekeeping, so SQLite checkpoints and FTS5 crisis-merges inside commits, as before issue
15; compare on a fresh copy: the app's owner keeps a higher 'crisismerge' in the file),
``--gap-ms`` apart (``--wal-keep off``: commits extend the WAL file, as before the owner kept
it at its high-water size). Printed beside them: the disk's own fdatasync measured in the
gaps between the commits (FsyncReference: 4 KiB, and a commit's bytes written over existing
blocks as the WAL writes them, and appended), the ratios of ``commit_p99_ms`` to the first
two, CPU and wall time of the commit phase with the load average, each commit's time on a core
(``commit_cpu_p50_ms``/``_p99_ms``: what a loaded machine changes least), and ``commit_breakdown``
(commit_probe.py): the slowest commits statement by statement, with the WAL, checkpoint
and FTS-merge facts of each, and what the slowest 5 % share.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from .commit_probe import schedstat

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
    parser.add_argument("--wal-keep", choices=("on", "off"), default="on",
                        help="off: the WAL file cut back to one commit at each restart (journal_size_limit 0), "
                             "so commits extend it, as truncating checkpoints did before")
    parser.add_argument("--slowest", type=int, default=5, help="commits shown in full in the breakdown")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k], 3)


class FsyncReference:
    """The disk's own fdatasync, measured in the gaps between the commits (so under the same
    load as they are), in the store's folder, three ways:

    * ``4k``: 4 KiB overwritten in a file whose blocks exist, then fdatasync (the floor);
    * ``sized``: as many bytes as the commit just made, written where a WAL kept at its
      high-water size writes them: sequentially over blocks the file already has (wrapping
      at the WAL's checkpoint size), then fdatasync;
    * ``sized_append``: the same bytes appended to a growing file (as a WAL emptied by a
      truncating checkpoint is): the fdatasync must also make the new size durable.
    """

    def __init__(self, folder: Path, span: int):
        self._span = span
        self._over = folder / ".bench-fsync-overwrite"
        self._app = folder / ".bench-fsync-append"
        self._fd = os.open(self._over, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        self._fd_app = os.open(self._app, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        chunk = b"\0" * (1 << 20)
        for _ in range(span // len(chunk) + 1):  # real blocks, not a sparse file
            os.write(self._fd, chunk)
        os.fsync(self._fd)
        self._pos = 0
        self.lat: dict[str, list[float]] = {"4k": [], "sized": [], "sized_append": []}
        # Per file: each fdatasync's time blocked (not on a core, nor waiting for one).
        self.blocked: dict[int, list[float]] = {}

    def _timed_sync(self, fd: int) -> float:
        sched = schedstat()
        t = time.perf_counter()
        os.fdatasync(fd)
        ms = (time.perf_counter() - t) * 1000
        cpu, runq = (b - a for a, b in zip(sched, schedstat(), strict=True))
        self.blocked.setdefault(fd, []).append(max(0.0, ms - cpu - runq))
        return ms

    def blocked_4k(self) -> list[float]:
        return self.blocked.get(self._fd, [])[0::2]  # the overwrite file alternates 4k, sized

    def sample(self, size: int) -> None:
        os.pwrite(self._fd, b"x" * 4096, self._span + 4096)  # a block past the sequential span
        self.lat["4k"].append(self._timed_sync(self._fd))
        if self._pos + size > self._span:
            self._pos = 0
        os.pwrite(self._fd, b"w" * size, self._pos)
        self._pos += size
        self.lat["sized"].append(self._timed_sync(self._fd))
        os.write(self._fd_app, b"a" * size)
        self.lat["sized_append"].append(self._timed_sync(self._fd_app))

    def close(self) -> None:
        os.close(self._fd)
        os.close(self._fd_app)
        self._over.unlink(missing_ok=True)
        self._app.unlink(missing_ok=True)


def _event_data(rng: random.Random) -> dict[str, Any]:
    types = ["INC.DANNI", "VIA.SOSTA", "DIS.RUMORE", "LIT.LITE", "PC.ALBERO", "INC.FERITI"]
    return {"type_code": rng.choice(types), "municipality_istat": "016024",
            "address": f"Via Roma {rng.randint(1, 120)}", "caller_phone": f"035 {rng.randint(200000, 999999)}",
            "description": "Prova di carico: segnalazione di test.", "exercise": 1}


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def measure_commits(path: Path, args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    """``--commits`` event intakes through a StoreOwner, each timed on the owner's thread
    (the operator's transaction) and end to end (``call_*``: with any wait behind the owner's
    work between calls); in each gap after a commit, the disk's own fdatasync (FsyncReference)."""
    from emergenza.store import Store, StoreOwner
    from emergenza.store.maintenance import WAL_CHECKPOINT_BYTES

    from .commit_probe import CommitProbe, summarize

    reference = FsyncReference(path.parent, WAL_CHECKPOINT_BYTES)
    owner = StoreOwner.open(path, idle_after_s=None if args.housekeeping == "off" else 15.0)
    probe: CommitProbe | None = None
    load_before = _loadavg()
    cpu0 = time.process_time()
    t_all = time.perf_counter()
    try:
        def warm_and_probe(store: Store) -> CommitProbe:
            if args.wal_keep == "off":
                store.db.execute("PRAGMA journal_size_limit = 0")
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
            t = time.perf_counter()
            reference.sample(max(4096, int(probe.records[-1]["written_kib"] * 1024)))
            time.sleep(max(0.0, args.gap_ms / 1000 - (time.perf_counter() - t)))
        owner.call_blocking(lambda store: probe.uninstall())
        wal_end = owner.call_blocking(lambda store: store.maintenance.wal_bytes())
    finally:
        owner.close()
        reference.close()
    wall = time.perf_counter() - t_all
    cpu = time.process_time() - cpu0
    records = probe.records if probe else []
    commit_kib = sorted(r["written_kib"] for r in records)[len(records) // 2] if records else 4
    grew = [r["ms"] for r in records if r["wal_grew"]]
    kept = [r["ms"] for r in records if not r["wal_grew"]]
    out: dict[str, Any] = {
        "housekeeping": args.housekeeping, "wal_keep": args.wal_keep,
        "commit_p50_ms": pct(lat, 50), "commit_p99_ms": pct(lat, 99), "commit_max_ms": round(max(lat), 3),
        # The owner thread's time on a core per commit (schedstat): what a loaded machine
        # does not change, so the figure to compare runs by.
        "commit_cpu_p50_ms": pct([r["cpu_ms"] for r in records], 50) if records else None,
        "commit_cpu_p99_ms": pct([r["cpu_ms"] for r in records], 99) if records else None,
        "call_p50_ms": pct(calls, 50), "call_p99_ms": pct(calls, 99),
        "fdatasync_p50_ms": pct(reference.lat["4k"], 50), "fdatasync_p99_ms": pct(reference.lat["4k"], 99),
        "wal_kib_at_end": wal_end // 1024, "commit_kib_p50": commit_kib,
        # The same bytes as each commit's, over existing blocks / appended, then one fdatasync.
        "fdatasync_commit_sized_p99_ms": pct(reference.lat["sized"], 99),
        "fdatasync_commit_sized_append_p99_ms": pct(reference.lat["sized_append"], 99),
        # Commits that made the WAL file longer (its first fill after opening, or after a
        # truncating checkpoint) and those that wrote over blocks it already had.
        "commits_extending_wal": len(grew),
        "commit_p99_extending_wal_ms": pct(grew, 99) if grew else None,
        "commit_p99_within_wal_ms": pct(kept, 99) if kept else None,
        # Without the time spent waiting for a core (a loaded machine): the commits' blocked
        # time (WAL writes and fdatasync) beside a 4 KiB fdatasync's.
        "commit_blocked_p99_ms": pct([r["blocked_ms"] for r in records], 99) if records else None,
        "fdatasync_blocked_p99_ms": pct(reference.blocked_4k(), 99),
        "commits_cpu_s": round(cpu, 2), "commits_wall_s": round(wall, 2),
        "loadavg_before_after": [load_before, _loadavg()],
    }
    out["commit_p99_over_fdatasync_p99"] = round(out["commit_p99_ms"] / max(out["fdatasync_p99_ms"], 1e-6), 2)
    out["commit_p99_over_commit_sized_fdatasync_p99"] = round(
        out["commit_p99_ms"] / max(out["fdatasync_commit_sized_p99_ms"], 1e-6), 2)
    if out["commit_blocked_p99_ms"] is not None:
        out["commit_blocked_p99_over_fdatasync_blocked_p99"] = round(
            out["commit_blocked_p99_ms"] / max(out["fdatasync_blocked_p99_ms"], 1e-6), 2)
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
