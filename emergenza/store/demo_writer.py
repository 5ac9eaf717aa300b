"""Bulk writer of a demo store: plain SQLite speed for millions of rows, a normal store at the end.

The scratch file runs without a journal or fsync (it replaces the target only when
complete); secondary indexes, FTS and statistics triggers are dropped for the load and re-created
once, the FTS index and the statistics projection rebuilt once, and the rows arrive in large ``executemany`` batches.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import sqlite_utils

from . import bulk_load, database, private
from .audit import AuditTrail
from .meta import Meta, MetaKey

Progress = Callable[[float, str], None]
AuditEntry = tuple[str, str, str, str, str, str]  # at, operator, action, entity, entity id, digest

# Tables written row by row, with their columns as the schema orders them.
TABLES = ("events", "journal", "assignments", "resources", "operators", "operator_secrets")


class BulkWriter:
    def __init__(self, path: Path):
        self.path = path
        private.create_private(path)  # the finished store keeps this 0600 (os.replace)
        self.conn = sqlite3.connect(path, isolation_level=None)
        conn = self.conn
        conn.execute("PRAGMA journal_mode = OFF")  # scratch file, replaced only when complete
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("PRAGMA temp_store = MEMORY")
        self.db = sqlite_utils.Database(conn)
        database.migrate(self.db)
        self.columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")] for t in TABLES}
        self.meta = Meta(self.db)
        self.audit = AuditTrail(self.db)
        conn.execute("BEGIN")
        # Search and statistics upkeep deferred as a first sync defers it (bulk_load.py),
        # rebuilt once in finish(); a scratch file also builds all its other indexes at the end.
        bulk_load.defer(self.db)
        self._indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('events', 'journal', 'assignments', 'audit')").fetchall()
        for name, _sql in self._indexes:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("COMMIT")

    def write(self, rows: Mapping[str, list[tuple]], audit_entries: Iterable[AuditEntry] = (),
              meta: Mapping[MetaKey, str] | None = None) -> None:
        """One transaction: the rows (per table, in the given order), their audit entries, meta."""
        self.conn.execute("BEGIN")
        for table, table_rows in rows.items():
            if table_rows:
                self.conn.executemany(
                    f"INSERT INTO {table} VALUES ({', '.join('?' for _ in self.columns[table])})", table_rows)
        self.audit.append_many(audit_entries)
        if meta:
            self.meta.set_many(meta)
        self.conn.execute("COMMIT")

    def finish(self, station: str, counters: Mapping[int, int], meta: Callable[[], Mapping[MetaKey, str]],
               progress: Progress) -> None:
        """Indexes and search back, the event counters (year -> last number) and the meta (asked
        for last, so it can tell how long the build took); then a normal WAL store, synced."""
        conn = self.conn
        conn.execute("BEGIN")
        for i, (_name, sql) in enumerate(self._indexes):
            conn.execute(sql)
            progress(0.86 + 0.08 * (i + 1) / len(self._indexes), "indici")
        bulk_load.restore(self.db)  # in this transaction: triggers, search and statistics
        progress(0.96, "ricerca")
        conn.executemany("INSERT OR REPLACE INTO event_counters (station_code, year, last) VALUES (?, ?, ?)",
                         [(station, year, n) for year, n in sorted(counters.items())])
        self.meta.set_many(meta())
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")  # the finished file is a normal store
        self.close()
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def close(self) -> None:
        self.conn.close()
