"""What sync could not do, as rows for the supervisor (Qt-free; the GUI reads it on the
owner thread): our changes the server refused ("non condiviso"), received changes in
quarantine, received changes still waiting. Each row: ``kind`` (REFUSED, QUARANTINED,
WAITING), ``entity``, ``entity_id``, ``handle`` (event number / call sign, when this
store holds the row), ``reason`` (Italian where we wrote it; the server's own words for
a refusal; the exception for a quarantine) and ``at``.
"""

from __future__ import annotations

from typing import Any

from ..store import Store
from .pending import describe_missing

REFUSED, QUARANTINED, WAITING = "refused", "quarantined", "waiting"

_HANDLE_SQL = {
    "events": "SELECT number FROM events WHERE id = ?",
    "journal": "SELECT e.number FROM journal j JOIN events e ON e.id = j.event_id WHERE j.id = ?",
    "assignments": "SELECT r.call_sign || ' / ' || e.number FROM assignments a JOIN resources r "
                   "ON r.id = a.resource_id JOIN events e ON e.id = a.event_id WHERE a.id = ?",
    "resources": "SELECT call_sign FROM resources WHERE id = ?",
}


def _handle(store: Store, entity: str, entity_id: str) -> str | None:
    sql = _HANDLE_SQL.get(entity)
    row = store.db.execute(sql, [entity_id]).fetchone() if sql else None
    return row[0] if row else None


def sync_issue_rows(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in store.sync_issues.refused(limit):
        rows.append({"kind": REFUSED, "entity": r["entity"], "entity_id": r["entity_id"], "reason": r["reason"],
                     "at": r["at"]})
    for r in store.sync_issues.quarantined(limit):
        rows.append({"kind": QUARANTINED, "entity": r["entity"], "entity_id": r["entity_id"],
                     "reason": r["reason"], "at": r["at"]})
    for r in store.sync_issues.waiting(limit):
        rows.append({"kind": WAITING, "entity": r["entity"], "entity_id": r["entity_id"],
                     "reason": describe_missing(r["missing"]), "at": r["parked_at"]})
    for r in rows:
        r["handle"] = _handle(store, r["entity"], r["entity_id"])
    return rows
