"""Change capture: every local write to a synced table stamps an HLC, queues one outbox
row and appends one audit row, inside the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlite_utils

from ..domain.hlc import HybridLogicalClock
from ..domain.ids import uuid7
from .audit import AuditTrail, row_digest

# (table, entity id, fields written): what a local write implies beyond its own row, in the
# same transaction (store/areas.py: which at-risk areas hold a moved event). Wired by the
# facade, so this module depends on no manager.
Follower = Callable[[str, str, dict[str, Any]], object]


class ChangeWriter:
    def __init__(self, db: sqlite_utils.Database, clock: HybridLogicalClock, audit: AuditTrail,
                 origin: str, now_iso: Callable[[], str]):
        self._db = db
        self.clock = clock
        self.audit = audit
        self.origin = origin
        self._now_iso = now_iso
        self.followers: list[Follower] = []

    def insert(self, table: str, row: dict[str, Any], *, operator: str, action: str) -> dict[str, Any]:
        hlc = self.clock.now()
        full = {**row, "_hlc": hlc, "_versions": "{}"}
        cols = ", ".join(f"[{c}]" for c in full)
        marks = ", ".join("?" for _ in full)
        self._db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(full.values()))
        fields = {k: v for k, v in row.items() if k != "id"}
        return self._after_write(table, row["id"], fields, hlc, operator=operator, action=action)

    def update(self, table: str, entity_id: str, values: dict[str, Any], *, operator: str,
               action: str) -> dict[str, Any]:
        hlc = self.clock.now()
        versions = json.loads(self._db.execute(
            f"SELECT _versions FROM [{table}] WHERE id = ?", [entity_id]).fetchone()[0])
        for name in values:
            versions[name] = hlc
        assignments = ", ".join(f"[{c}] = ?" for c in values)
        self._db.execute(
            f"UPDATE [{table}] SET {assignments}, _versions = ? WHERE id = ?",
            [*values.values(), json.dumps(versions, sort_keys=True), entity_id])
        return self._after_write(table, entity_id, values, hlc, operator=operator, action=action)

    def _after_write(self, table: str, entity_id: str, fields: dict[str, Any], hlc: str, *,
                     operator: str, action: str) -> dict[str, Any]:
        now = self._now_iso()
        self._db.execute(
            "INSERT INTO outbox (change_id, entity, entity_id, fields, hlc, origin, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [uuid7(), table, entity_id, json.dumps(fields, ensure_ascii=False, sort_keys=True), hlc,
             self.origin, now])
        row = dict(next(self._db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])))
        self.audit.append(now, operator, action, table, entity_id, row_digest(row))
        for follow in self.followers:
            follow(table, entity_id, fields)
        return row

    def audit_row(self, table: str, entity_id: str, *, operator: str, action: str) -> dict[str, Any]:
        """Audit a write to a table that is not synced (operators, shifts)."""
        row = dict(next(self._db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])))
        self.audit.append(self._now_iso(), operator, action, table, entity_id, row_digest(row))
        return row
