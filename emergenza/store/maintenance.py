"""The store file as a whole: its figures, backup, audit check and idle housekeeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import audit, backup
from .board import Board
from .core import StoreCore
from .outbox import Outbox

# FTS5 merge work per idle slice, in index pages: a few ms, so a call that arrives during
# a slice waits no longer than that.
IDLE_MERGE_PAGES = 200


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

    def idle_step(self, pages: int = IDLE_MERGE_PAGES) -> bool:
        """One slice of housekeeping for a quiet moment (the store owner runs it when idle):
        a passive WAL checkpoint and bounded FTS merging. True if more merging may be useful."""
        self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        return self.merge_search(pages)

    def merge_search(self, pages: int = IDLE_MERGE_PAGES) -> bool:
        """Bounded FTS merge work (commits never merge, see schema.py). True if there may be more."""
        more = False
        with self._db.atomic():
            for table in ("events_fts", "journal_fts"):
                before = self._db.conn.total_changes
                self._db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)", [pages])
                more = more or self._db.conn.total_changes - before > 1
        return more
