"""Change capture: every local write to a synced table stamps an HLC, queues one outbox
row and appends one audit row, inside the caller's transaction.

These are the statements of every operator's commit (an intake writes two rows: the event
and its journal entry), so they go straight to the connection: statement texts kept per
shape (the sqlite3 module's cache then holds them prepared), no sqlite-utils wrapper (its
``query`` puts every SELECT inside a SAVEPOINT of its own). The written row is read back by
a SELECT of its key, not by ``RETURNING *``: SQLite runs RETURNING through an in-memory
table and a trigger of its own, more instructions than the look-up (callgrind)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlite_utils

from ..domain.hlc import HybridLogicalClock
from ..domain.ids import uuid7
from .audit import AuditTrail, plain_row_digest, row_digest

# (table, entity id, fields written): what a local write implies beyond its own row, in the
# same transaction (store/areas.py: which at-risk areas hold a moved event). Wired by the
# facade, so this module depends on no manager.
Follower = Callable[[str, str, dict[str, Any]], object]

_OUTBOX_INSERT = ("INSERT INTO outbox (change_id, entity, entity_id, fields, hlc, origin, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)")
# The outbox's field encoding (as json.dumps(..., ensure_ascii=False, sort_keys=True)), built once.
_FIELDS = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
_VERSIONS = json.JSONEncoder(sort_keys=True)


class ChangeWriter:
    def __init__(self, db: sqlite_utils.Database, clock: HybridLogicalClock, audit: AuditTrail,
                 origin: str, now_iso: Callable[[], str]):
        self._db = db
        self.clock = clock
        self.audit = audit
        self.origin = origin
        self._now_iso = now_iso
        self.followers: list[Follower] = []
        self._sql: dict[tuple[str, str, tuple[str, ...]], str] = {}

    def insert(self, table: str, row: dict[str, Any], *, operator: str, action: str) -> dict[str, Any]:
        hlc = self.clock.now()
        key = ("insert", table, tuple(row))
        sql = self._sql.get(key)
        if sql is None:
            cols = ", ".join(f"[{c}]" for c in row)
            marks = ", ".join("?" for _ in row)
            sql = self._sql[key] = f"INSERT INTO [{table}] ({cols}, [_hlc], [_versions]) VALUES ({marks}, ?, '{{}}')"
        self._db.conn.execute(sql, [*row.values(), hlc])
        stored = self._stored(table, row["id"])
        fields = {k: v for k, v in row.items() if k != "id"}
        return self._after_write(table, row["id"], fields, stored, hlc, operator=operator, action=action)

    def update(self, table: str, entity_id: str, values: dict[str, Any], *, operator: str,
               action: str) -> dict[str, Any]:
        hlc = self.clock.now()
        conn = self._db.conn
        versions = json.loads(conn.execute(f"SELECT _versions FROM [{table}] WHERE id = ?", [entity_id]).fetchone()[0])
        for name in values:
            versions[name] = hlc
        key = ("update", table, tuple(values))
        sql = self._sql.get(key)
        if sql is None:
            assignments = ", ".join(f"[{c}] = ?" for c in values)
            sql = self._sql[key] = f"UPDATE [{table}] SET {assignments}, _versions = ? WHERE id = ?"
        conn.execute(sql, [*values.values(), _VERSIONS.encode(versions), entity_id])
        stored = self._stored(table, entity_id)
        return self._after_write(table, entity_id, values, stored, hlc, operator=operator, action=action)

    def _stored(self, table: str, entity_id: str) -> dict[str, Any]:
        """The row as stored (what its audit digest covers)."""
        sql = self._sql.get(("select", table, ()))
        if sql is None:
            sql = self._sql[("select", table, ())] = f"SELECT * FROM [{table}] WHERE id = ?"
        cursor = self._db.conn.execute(sql, (entity_id,))
        values = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], values, strict=True))

    def _after_write(self, table: str, entity_id: str, fields: dict[str, Any], row: dict[str, Any], hlc: str, *,
                     operator: str, action: str) -> dict[str, Any]:
        now = self._now_iso()
        self._db.conn.execute(_OUTBOX_INSERT, (uuid7(), table, entity_id, _FIELDS.encode(fields), hlc,
                                               self.origin, now))
        # As SQLite gave it: no bools, no rowid (what row_digest would first take out).
        self.audit.append(now, operator, action, table, entity_id, plain_row_digest(row))
        for follow in self.followers:
            follow(table, entity_id, fields)
        return row

    def audit_row(self, table: str, entity_id: str, *, operator: str, action: str) -> dict[str, Any]:
        """Audit a write to a table that is not synced (operators, shifts)."""
        row = dict(next(self._db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])))
        self.audit.append(self._now_iso(), operator, action, table, entity_id, row_digest(row))
        return row

