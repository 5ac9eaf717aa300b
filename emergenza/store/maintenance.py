"""The store file as a whole: its figures, backup, audit check and housekeeping.

Housekeeping is kept out of the operator's commits (measured with ``python -m
tests.benchmarks store``: SQLite's automatic WAL checkpoint and FTS5's merges were the
slow commits, not the WAL fsync; then FTS5's indexing itself, ~13 % of an intake's CPU).
The store owner (owner.py) turns the automatic checkpoint off (``take_over_housekeeping``)
and runs, between calls and never inside one, ``between_calls`` (the rows the commits left
to the search index indexed once ``INDEX_AT_QUEUED`` wait, the events left to the statistics
projection projected once ``PROJECT_AT_EVENTS`` wait, a checkpoint once the
WAL passes ``WAL_CHECKPOINT_BYTES``, a merge once a level of the search index has
``MERGE_AT_LEVEL_SEGMENTS`` segments: bounds for a long busy period) and, after a quiet
spell, ``idle_step``. The WAL file keeps its size
between checkpoints and the owner restarts it itself (``restart_wal``): an operator's
commit writes over blocks the file already has and syncs once.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import audit, backup, search, stats_projection
from .board import Board
from .core import StoreCore
from .outbox import Outbox

# FTS5 merge work per idle slice, in index pages: a few ms, so a call that arrives during
# a slice waits no longer than that.
IDLE_MERGE_PAGES = 200

FTS_INDEXES = ("events_fts", "journal_fts")

# The search index catches up with the commits (schema v18) between calls once this many
# rows wait (an intake leaves two: its event and its journal entry), this many rows per
# index at a time (one FTS5 segment each: 128 intakes' rows took 1.3-2.4 ms of CPU at 20,000
# events, where indexing them in their commits took ~13 ms), so a long busy period keeps
# both what the next search indexes first and the segments per level bounded ...
INDEX_AT_QUEUED = 256
BETWEEN_CALLS_INDEX_ROWS = 256
# ... and in an idle slice, this many rows per index (~7 ms of CPU).
IDLE_INDEX_ROWS = 1000

# The statistics projection catches up with the commits (schema v20) between calls once this
# many events wait, this many at a time (~4 ms of CPU at 100,000 events; 256 took 9 ms on a
# cold cache), so what a report may have to wait for (or read from the base tables instead)
# stays bounded in a long busy period; and in an idle slice, once the search index is done,
# this many (a slice stays ~10 ms).
PROJECT_AT_EVENTS = 128
BETWEEN_CALLS_PROJECT_EVENTS = 128
IDLE_PROJECT_EVENTS = 256

# The WAL a long busy period may grow to before the owner checkpoints between calls (and
# restarts it, one more fsync for its header: ``restart_wal``), so it comes rarely: a
# one-event commit writes ~40-150 KiB of WAL, so ~100+ commits.
WAL_CHECKPOINT_BYTES = 16 * 1024 * 1024
# The WAL file is kept at its high-water size (checkpoints RESTART, never TRUNCATE): a commit
# then overwrites blocks the file already has, and its fdatasync need not also make a new
# file size and block allocation durable (an ext4 journal commit, which waits behind every
# other program's metadata: bench_store measures both). A WAL swollen past this many
# checkpoint limits (a reader kept it from restarting) is cut back to it when it restarts.
WAL_KEEP_LIMITS = 4

# FTS5 merges the segments of a level inside the commit that gives it 'crisismerge' of them
# (automerge is off, schema.py). At its default, 16, a store built in bulk has levels of
# 15 large segments, and one busy period's cascade reached them: a 54 MB merge inside one
# commit (bench_store). The owner raises it to CRISIS_MERGE and, between calls, merges once
# a level holds MERGE_AT_LEVEL_SEGMENTS, so a crisis merge stays out of reach.
CRISIS_MERGE = 64
MERGE_AT_LEVEL_SEGMENTS = 12
# Merge work between calls, in leaf pages written (~256 KiB), so a call that comes
# meanwhile waits for this much only; a long merge goes on a slice per call.
BETWEEN_CALLS_MERGE_PAGES = 64
# Writers without an owner (the command line, bench_store's own second half) leave a level
# as crowded as FTS5 allows (63): the owner's first commit then carried the crisis merge,
# cascading into bulk-built levels (4.4 s at 1,000,000 events). The owner merges first, in
# at most this many slices (each a few ms to tens of ms).
SETTLE_MERGE_ROUNDS = 32
# ... but only a level this close to the crisis is settled before the first call: below it,
# the merges between calls and in idle slices take it down, and the window's opening (whose
# first calls wait for the owner) does not pay 0.2 s of merging at every start.
SETTLE_FROM_SEGMENTS = CRISIS_MERGE // 2


@dataclass
class StoreCounts:
    events: int
    active_events: int
    resources: int
    assignments: int
    journal_entries: int
    outbox_pending: int
    conflicts: int
    by_status: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": self.events, "active_events": self.active_events, "resources": self.resources,
            "assignments": self.assignments, "journal_entries": self.journal_entries,
            "outbox_pending": self.outbox_pending, "conflicts": self.conflicts, "by_status": self.by_status,
        }


class Maintenance:
    def __init__(self, core: StoreCore, board: Board, outbox: Outbox):
        self._db = core.db
        self._board = board
        self._outbox = outbox
        # Where between_calls gave up last time (a reader kept the WAL, or merging could not
        # lower the segment count): it tries again only after as much again has piled up.
        self._wal_retry_at = 0
        self._merge_retry_at = 0

    def counts(self) -> StoreCounts:
        one = lambda sql: self._db.execute(sql).fetchone()[0]  # noqa: E731
        by_status = self._board.status_counts()
        return StoreCounts(
            events=one("SELECT count(*) FROM events"),
            active_events=sum(by_status.values()),
            resources=one("SELECT count(*) FROM resources"),
            assignments=one("SELECT count(*) FROM assignments"),
            journal_entries=one("SELECT count(*) FROM journal"),
            outbox_pending=self._outbox.count(),
            conflicts=one("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL"),
            by_status=by_status,
        )

    def backup(self, dest: str | Path) -> Path:
        """Consistent online copy of the store to ``dest`` (checked before it is kept)."""
        return backup.backup(self._db.conn, dest)

    def verify_audit(self) -> list[str]:
        return audit.verify(self._db)

    # ------------------------------------------------------------ housekeeping
    def take_over_housekeeping(self, wal_limit: int = WAL_CHECKPOINT_BYTES) -> None:
        """No automatic checkpoint inside commits, crisis merges out of reach: the caller
        (the store owner) promises to run ``between_calls`` after each call (and
        ``idle_step`` when idle). The WAL file keeps its size between checkpoints, up to
        ``WAL_KEEP_LIMITS`` times ``wal_limit``. The crisismerge setting is kept in the file
        (FTS5 config): written once, the first time."""
        self._db.execute("PRAGMA wal_autocheckpoint = 0")
        self._db.execute(f"PRAGMA journal_size_limit = {int(WAL_KEEP_LIMITS * wal_limit)}")
        for table in FTS_INDEXES:
            current = self._db.execute(f"SELECT v FROM {table}_config WHERE k = 'crisismerge'").fetchone()
            if current is None or current[0] != CRISIS_MERGE:
                with self._db.atomic():
                    self._db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('crisismerge', ?)",
                                     [CRISIS_MERGE])

    def _path(self) -> str:
        return str(self._db.execute("PRAGMA database_list").fetchone()[2] or "")

    def wal_bytes(self) -> int:
        """Size of the WAL file (0 without one). The owner keeps it at its high-water size:
        ``wal_log_bytes`` is the part in use."""
        path = self._path()
        try:
            return os.stat(f"{path}-wal").st_size if path else 0
        except OSError:
            return 0

    def wal_log_bytes(self) -> int:
        """The WAL written since it last restarted (what a crash recovery reads), counted in
        the WAL file itself (https://sqlite.org/walformat.html): the frames from the start
        whose salts are the header's; frames left from before the restart carry older salts,
        so the frames in use are a prefix, found by bisection (a few 8-byte reads).

        Never the ``-shm`` file: SQLite holds POSIX locks on it, and closing any descriptor of
        a file drops every lock the process holds on it, so another process could then take
        the wal-index over, truncate it and kill this one (SIGBUS). SQLite locks no byte of
        the WAL file."""
        path = self._path()
        try:
            with open(f"{path}-wal", "rb") as fh:
                header = fh.read(32)
                if len(header) < 32:
                    return 0
                page = int.from_bytes(header[8:12], "big")
                frame = 24 + page
                salts = header[16:24]
                total = (os.fstat(fh.fileno()).st_size - 32) // frame if page else 0

                def current(k: int) -> bool:
                    fh.seek(32 + k * frame + 8)
                    return fh.read(8) == salts

                low, high = 0, total  # frames [0, low) are current; [high, total) are not
                while low < high:
                    mid = (low + high) // 2
                    if current(mid):
                        low = mid + 1
                    else:
                        high = mid
        except OSError:
            return 0
        return 32 + low * frame if low else 0

    def checkpoint(self) -> bool:
        """Copy the WAL into the database file so that the next write starts it again from
        the beginning (RESTART: the file keeps its size, see ``WAL_KEEP_LIMITS``), without
        waiting for anyone: with readers on older snapshots (another process) it copies what
        it can and leaves the WAL for later. True if the WAL was all copied and will restart.
        Never inside a transaction."""
        if self._db.conn.in_transaction:
            return False
        timeout = self._db.execute("PRAGMA busy_timeout").fetchone()[0]
        self._db.execute("PRAGMA busy_timeout = 0")  # a reader or another writer: give up at once
        try:
            busy, _log, _done = self._db.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        except sqlite3.OperationalError:  # locked by another process's writer
            busy = 1
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        return not busy

    def restart_wal(self) -> None:
        """Begin the WAL again now, after a checkpoint, rather than in the next operator's
        commit: the write that restarts it also writes and syncs a new WAL header (a second
        fdatasync: those commits were among the slowest in bench_store). The write is the
        schema version, rewritten unchanged (one page)."""
        with self._db.atomic():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            self._db.execute(f"PRAGMA user_version = {int(version)}")

    def between_calls(self, wal_limit: int = WAL_CHECKPOINT_BYTES) -> None:
        """What a long busy period must not postpone to the next quiet spell: the search
        index's catching up once ``INDEX_AT_QUEUED`` rows wait, the statistics projection's once
        ``PROJECT_AT_EVENTS`` events wait, a checkpoint once the WAL
        passes ``wal_limit``, a merge once an index has too many segments."""
        if self._db.conn.in_transaction:
            return
        if search.queued(self._db, INDEX_AT_QUEUED) >= INDEX_AT_QUEUED:
            search.catch_up(self._db, BETWEEN_CALLS_INDEX_ROWS)
        if stats_projection.behind(self._db, PROJECT_AT_EVENTS) >= PROJECT_AT_EVENTS:
            stats_projection.catch_up(self._db, BETWEEN_CALLS_PROJECT_EVENTS)
        wal = self.wal_log_bytes()
        if wal >= max(wal_limit, self._wal_retry_at):
            restarts = self.checkpoint()
            self._wal_retry_at = 0 if restarts else wal + wal_limit // 2
            if restarts:
                self.restart_wal()
        crowded = self.crowded_level()
        if crowded >= max(MERGE_AT_LEVEL_SEGMENTS, self._merge_retry_at):
            self.merge_search(BETWEEN_CALLS_MERGE_PAGES)
            left = self.crowded_level()
            # Not below the mark (a long merge under way): the next slice a few commits later.
            self._merge_retry_at = 0 if left < MERGE_AT_LEVEL_SEGMENTS else left + 4

    def settle_search(self, rounds: int = SETTLE_MERGE_ROUNDS) -> None:
        """Bring the search index below ``MERGE_AT_LEVEL_SEGMENTS`` a level, in at most
        ``rounds`` merges of ``BETWEEN_CALLS_MERGE_PAGES``: for the owner's start, before its
        first call. A level under ``SETTLE_FROM_SEGMENTS`` is left to the later slices."""
        if self.crowded_level() < SETTLE_FROM_SEGMENTS:
            return
        for _ in range(rounds):
            if self._db.conn.in_transaction or self.crowded_level() < MERGE_AT_LEVEL_SEGMENTS:
                return
            self.merge_search(BETWEEN_CALLS_MERGE_PAGES)

    def search_segments(self) -> dict[str, int]:
        """Segments in each FTS5 index, from its structure record (cheap: one row)."""
        return {table: sum(fts_levels(self._db.conn, table)) for table in FTS_INDEXES}

    def crowded_level(self) -> int:
        """Segments on the most crowded level of either index (what FTS5's crisis merge counts)."""
        return max(max(fts_levels(self._db.conn, table), default=0) for table in FTS_INDEXES)

    def idle_step(self, pages: int = IDLE_MERGE_PAGES) -> bool:
        """One slice of housekeeping for a quiet moment (the store owner runs it when idle):
        the search index's catching up with the commits, else the statistics projection's, else
        bounded FTS merging; then a
        WAL checkpoint and its restart (so the operator's next commit does not restart it).
        True if more indexing or merging may be useful."""
        more = search.catch_up(self._db, IDLE_INDEX_ROWS)
        more = more or stats_projection.catch_up(self._db, IDLE_PROJECT_EVENTS)
        more = more or self.merge_search(pages)
        # A WAL that holds only the restart write of an earlier slice stays as it is: copying
        # it would only call for another restart.
        if self.wal_log_bytes() > self._one_frame_log_bytes() and self.checkpoint():
            self.restart_wal()
        return more

    def project_statistics(self, rows: int | None = None) -> bool:
        """Project the events the commits left to the statistics projection (at most ``rows``;
        see stats_projection.catch_up). True if some are still left."""
        return stats_projection.catch_up(self._db, rows)

    def statistics_behind(self) -> int:
        """Events not in the statistics projection yet."""
        return stats_projection.behind(self._db)

    def _one_frame_log_bytes(self) -> int:
        return 32 + 24 + int(self._db.execute("PRAGMA page_size").fetchone()[0])

    def merge_search(self, pages: int = IDLE_MERGE_PAGES) -> bool:
        """Bounded FTS merge work (commits never merge, see schema.py). True if there may be more."""
        more = False
        with self._db.atomic():
            for table in FTS_INDEXES:
                before = self._db.conn.total_changes
                self._db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)", [pages])
                more = more or self._db.conn.total_changes - before > 1
        return more


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    """SQLite's big-endian varint at ``buf[i]``: (value, index after it)."""
    value = 0
    for n in range(8):
        b = buf[i + n]
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, i + n + 1
    return (value << 8) | buf[i + 8], i + 9


_STRUCTURE_V2 = b"\xff\x00\x00\x01"


def fts_levels(conn: sqlite3.Connection, table: str) -> list[int]:
    """Segments on each level of an FTS5 index, from its structure record (``*_data`` rowid
    10): a 4-byte cookie, then varints: levels, segments, write counter; then per level the
    segments being merged, the level's segment count and three varints per segment. (The V2
    record of contentless_delete tables, never ours, gives the total only.)"""
    row = conn.execute(f"SELECT block FROM {table}_data WHERE id = 10").fetchone()
    if row is None or len(row[0]) < 7:
        return []
    block = bytes(row[0])
    v2 = block[4:8] == _STRUCTURE_V2
    levels, i = _varint(block, 8 if v2 else 4)
    total, i = _varint(block, i)
    if v2:
        return [total]
    _writes, i = _varint(block, i)
    counts = []
    for _ in range(levels):
        _merging, i = _varint(block, i)
        n, i = _varint(block, i)
        counts.append(n)
        for _ in range(3 * n):
            _, i = _varint(block, i)
    return counts
