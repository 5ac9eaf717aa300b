"""Where a commit's time goes: a timing proxy around the store's connection.

Used by bench_store.py. Every statement the store runs is timed and put in a category
(BEGIN, COMMIT, the audit/outbox/meta writes, the event and journal inserts, which
include their triggers: since schema v18 no FTS5 indexing, done after the commit;
reads). Around each commit it also notes:

* the WAL's size and its checkpoint sequence (header bytes 12-15: it changes when a
  writer restarts the WAL after a complete checkpoint);
* whether the main database file was written (in WAL mode only a checkpoint writes
  it: so this says "a checkpoint ran inside this commit");
* the FTS5 segment count of each index (the structure record, rowid 10 of ``*_data``):
  fewer segments after than before means a merge ran inside the commit (since schema v18
  a commit writes no segment: its rows are indexed later);
* the bytes the process wrote (``/proc/self/io`` wchar): WAL frames, plus checkpoint
  and merge pages when they ran;
* the owner thread's time on a core, waiting for one (a loaded machine) and blocked (the
  WAL writes and the fdatasync), from ``/proc/thread-self/schedstat``.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

FTS_TABLES = ("events_fts", "journal_fts")


def category(sql: str) -> str:
    head = " ".join(sql.split()[:3]).upper()
    if head.startswith("BEGIN"):
        return "begin"
    if head.startswith(("COMMIT", "END")):
        return "commit"
    if head.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
        return "savepoint"
    if head.startswith("SELECT") or head.startswith("PRAGMA"):
        return "read"
    for table in ("audit", "outbox", "meta", "events", "journal"):
        if f"[{table.upper()}]" in head or f" {table.upper()} " in f"{head} ":
            return f"write_{table}"
    return "write_other"


class TimedConnection:
    """Forwards everything to the real connection; times execute/executemany."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.spent: dict[str, float] = defaultdict(float)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        t = time.perf_counter()
        try:
            return self._conn.execute(sql, *args)
        finally:
            self.spent[category(sql)] += (time.perf_counter() - t) * 1000

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        t = time.perf_counter()
        try:
            return self._conn.executemany(sql, *args)
        finally:
            self.spent[category(sql)] += (time.perf_counter() - t) * 1000

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    """SQLite's big-endian varint at ``buf[i]``: (value, next index)."""
    value = 0
    for n in range(9):
        b = buf[i + n]
        if n == 8:
            return (value << 8) | b, i + 9
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, i + n + 1
    raise AssertionError("unreachable")


def fts_segments(conn: sqlite3.Connection, table: str) -> int:
    """Segments in an FTS5 index (its structure record: cookie, nLevel, nSegment, ...)."""
    row = conn.execute(f"SELECT block FROM {table}_data WHERE id = 10").fetchone()
    if row is None:
        return 0
    block = row[0]
    _levels, i = _varint(block, 4)
    segments, _ = _varint(block, i)
    return segments


def schedstat() -> tuple[float, float]:
    """This thread's time on a core and waiting for one, in ms (``/proc/thread-self/schedstat``)."""
    try:
        on_cpu, waiting, _slices = Path("/proc/thread-self/schedstat").read_text().split()
        return int(on_cpu) / 1e6, int(waiting) / 1e6
    except (OSError, ValueError):
        return time.thread_time() * 1000, 0.0


def _wchar() -> int:
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("wchar:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class CommitProbe:
    """Install on a store (``install``), then wrap each commit in ``measure``."""

    def __init__(self, store: Any):
        self.store = store
        self.path = Path(store.path)
        self.wal = Path(f"{self.path}-wal")
        self.timed = TimedConnection(store.db.conn)
        self._raw = store.db.conn
        self.records: list[dict[str, Any]] = []
        # Python's cyclic collector, when it runs inside a commit (any thread: it holds the GIL).
        self._gc: list[tuple[int, float]] = []
        self._gc_started = 0.0

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self._gc.append((info["generation"], (time.perf_counter() - self._gc_started) * 1000))

    def install(self) -> None:
        self.store.db.conn = self.timed
        gc.callbacks.append(self._on_gc)

    def uninstall(self) -> None:
        self.store.db.conn = self._raw
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _wal_state(self) -> tuple[int, bytes]:
        try:
            with open(self.wal, "rb") as fh:
                header = fh.read(32)
            return self.wal.stat().st_size, header[12:16]
        except OSError:
            return 0, b""

    def _state(self) -> dict[str, Any]:
        size, seq = self._wal_state()
        return {"wal": size, "wal_seq": seq, "db_mtime": self.path.stat().st_mtime_ns,
                "segments": {t: fts_segments(self._raw, t) for t in FTS_TABLES}, "wchar": _wchar()}

    def measure(self, fn: Any) -> tuple[Any, float]:
        before = self._state()
        self.timed.spent.clear()
        self._gc.clear()
        sched = schedstat()
        t = time.perf_counter()
        result = fn()
        total = (time.perf_counter() - t) * 1000
        cpu, runq = (b - a for a, b in zip(sched, schedstat(), strict=True))
        after = self._state()
        spent = dict(self.timed.spent)
        sql = sum(v for k, v in spent.items() if k != "commit")
        self.records.append({
            "ms": round(total, 3),
            # The owner's thread: on a core, runnable but waiting for one, and the rest:
            # blocked (the WAL writes and the fdatasync).
            "cpu_ms": round(cpu, 3),
            "runqueue_ms": round(runq, 3),
            "blocked_ms": round(max(0.0, total - cpu - runq), 3),
            "commit_ms": round(spent.get("commit", 0.0), 3),
            "sql_ms": round(sql, 3),
            "python_ms": round(total - sql - spent.get("commit", 0.0), 3),
            "by_statement_ms": {k: round(v, 3) for k, v in sorted(spent.items())},
            "wal_kib": [before["wal"] // 1024, after["wal"] // 1024],
            "wal_restarted": before["wal_seq"] != after["wal_seq"],
            "wal_grew": after["wal"] > before["wal"],
            "checkpoint_in_commit": before["db_mtime"] != after["db_mtime"],
            "fts_merge_in_commit": [t for t in FTS_TABLES
                                    if after["segments"][t] < before["segments"][t]],
            "fts_segments": {t: after["segments"][t] for t in FTS_TABLES},
            "written_kib": round((after["wchar"] - before["wchar"]) / 1024, 1),
            "gc_ms": round(sum(ms for _, ms in self._gc), 3),
            "gc_generations": sorted({g for g, _ in self._gc}),
        })
        return result, total


def summarize(records: list[dict[str, Any]], slowest: int = 5) -> dict[str, Any]:
    """The slowest commits in full, and what the commits above p95 have in common."""
    if not records:
        return {}
    ranked = sorted(records, key=lambda r: r["ms"], reverse=True)
    tail = ranked[:max(1, len(ranked) // 20)]  # the slowest 5 %

    def share(rows: list[dict[str, Any]], key: str) -> float:
        total = sum(r["ms"] for r in rows) or 1.0
        return round(sum(r[key] for r in rows) / total, 3)

    def count(rows: list[dict[str, Any]], key: str) -> int:
        return sum(1 for r in rows if r[key])

    return {
        "slowest": ranked[:slowest],
        "tail_5pct": {
            "commits": len(tail),
            "share_in_COMMIT": share(tail, "commit_ms"),
            "share_in_sql": share(tail, "sql_ms"),
            "share_in_python": share(tail, "python_ms"),
            "share_in_gc": share(tail, "gc_ms"),
            "with_gc_gen2": sum(1 for r in tail if 2 in r["gc_generations"]),
            "share_cpu": share(tail, "cpu_ms"),
            "share_runqueue": share(tail, "runqueue_ms"),
            "share_blocked": share(tail, "blocked_ms"),
            "with_checkpoint": count(tail, "checkpoint_in_commit"),
            "with_fts_merge": count(tail, "fts_merge_in_commit"),
            "with_wal_restart": count(tail, "wal_restarted"),
            "extending_wal": count(tail, "wal_grew"),
        },
        "all": {
            "commits": len(records),
            "share_in_COMMIT": share(records, "commit_ms"),
            "share_in_gc": share(records, "gc_ms"),
            "with_gc_gen2": sum(1 for r in records if 2 in r["gc_generations"]),
            "share_cpu": share(records, "cpu_ms"),
            "share_runqueue": share(records, "runqueue_ms"),
            "share_blocked": share(records, "blocked_ms"),
            "cpu_ms_p50": sorted(r["cpu_ms"] for r in records)[len(records) // 2],
            "with_checkpoint": count(records, "checkpoint_in_commit"),
            "with_fts_merge": count(records, "fts_merge_in_commit"),
            "with_wal_restart": count(records, "wal_restarted"),
            "extending_wal": count(records, "wal_grew"),
            "wal_restart_commits_ms": [r["ms"] for r in records if r["wal_restarted"]],
        },
    }
