"""Conflict review and shift-end figures, Qt-free (the GUI calls them on the owner thread).

Resolving a conflict writes the chosen value again as a NEW local change (outbox,
audit), so the choice syncs like any edit and wins everywhere; then the conflict is
marked resolved here. Visible conflicts are the unresolved ones (see apply.HIDDEN).
"""

from __future__ import annotations

from typing import Any

from ..domain import lifecycle
from ..domain.entities import JOURNAL_WRITE_ONCE
from ..domain.enums import EventStatus
from ..domain.errors import NotFoundError, UserError
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..store import Store
from ..store.meta import MetaKey
from .apply import decode_value
from .engine import Enrollment
from .pending import parked_count

KEEP_MINE, KEEP_THEIRS = "mine", "theirs"
# Fields a conflict cannot be resolved on from the review: journal content is written
# once; an assignment's links and status change only through their own commands.
_FROZEN = {"journal": JOURNAL_WRITE_ONCE,
           "assignments": frozenset({"event_id", "resource_id", "status"})}


def open_conflicts(store: Store, limit: int = 1000) -> list[dict[str, Any]]:
    """Unresolved conflicts, newest first, with a human handle for the entity."""
    rows = list(store.db.query(
        "SELECT c.*, coalesce(e.number, je.number, ae.number) AS event_number, r.call_sign "
        "FROM conflicts c "
        "LEFT JOIN events e ON c.entity = 'events' AND e.id = c.entity_id "
        "LEFT JOIN journal j ON c.entity = 'journal' AND j.id = c.entity_id "
        "LEFT JOIN events je ON je.id = j.event_id "
        "LEFT JOIN assignments a ON c.entity = 'assignments' AND a.id = c.entity_id "
        "LEFT JOIN events ae ON ae.id = a.event_id "
        "LEFT JOIN resources r ON r.id = coalesce(a.resource_id, CASE WHEN c.entity = 'resources' "
        "THEN c.entity_id END) "
        "WHERE c.resolved_at IS NULL ORDER BY c.detected_at DESC, c.id LIMIT ?", [limit]))
    me = store.replica_id
    for r in rows:
        r["kept"] = decode_value(r["kept_value"])
        r["lost"] = decode_value(r["lost_value"])
        lost_is_mine = r["lost_origin"] == me
        r["mine"], r["theirs"] = (r["lost"], r["kept"]) if lost_is_mine else (r["kept"], r["lost"])
        r["mine_is_kept"] = not lost_is_mine
    return rows


def open_conflict_count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL").fetchone()[0]


def resolve_conflict(store: Store, conflict_id: str, keep: str, *, operator: str) -> dict[str, Any]:
    """Keep my value or theirs: written again as a new change; the conflict is closed."""
    store.require(Action.RESOLVE_CONFLICT)
    row = next(iter(store.db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id])), None)
    if row is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Conflitto non trovato."))
    if row["resolved_at"]:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Il conflitto è già stato risolto."))
    table, entity_id, name = row["entity"], row["entity_id"], row["field"]
    kept, lost = decode_value(row["kept_value"]), decode_value(row["lost_value"])
    lost_is_mine = row["lost_origin"] == store.replica_id
    mine, theirs = (lost, kept) if lost_is_mine else (kept, lost)
    value = mine if keep == KEEP_MINE else theirs
    current = next(iter(store.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])), None)
    if current is None or name not in current:
        raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Il dato del conflitto non esiste più."))
    if name in _FROZEN.get(table, ()) and value != current[name]:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "Questo valore non si cambia da qui: usare i comandi dell'intervento o dell'unità."))
    if table == "events" and name == "status" and value != current[name]:
        lifecycle.check_event_transition(current[name], value)
    values: dict[str, Any] = {name: value}
    if table == "events" and name == "status" and value != current[name]:
        values["closed_at"] = store.now_iso() if not EventStatus(value).is_active else None
    if table == "events":
        values["updated_at"] = store.now_iso()
    with store.transaction():
        store.changes.update(table, entity_id, values, operator=operator, action="conflict.resolve")
        store.db.execute("UPDATE conflicts SET resolved_at = ?, resolution = ?, resolved_by = ? WHERE id = ?",
                         [store.now_iso(), f"keep_{keep}", operator, conflict_id])
    return {"entity": table, "entity_id": entity_id, "field": name, "value": value}


def shift_end_summary(store: Store) -> dict[str, Any]:
    """What a supervisor must know before closing the shift."""
    by_entity = {e: n for e, n in store.db.execute("SELECT entity, count(*) FROM outbox GROUP BY entity")}
    return {
        "shift": store.people.current_shift(),
        "pending": sum(by_entity.values()),
        "pending_by_entity": by_entity,
        "open_conflicts": open_conflict_count(store),
        "waiting": parked_count(store),
        # Issue 9: our changes the server refused (kept here, not shared) and received
        # changes in quarantine (not applicable here).
        "refused": store.sync_issues.counts()["refused"],
        "quarantined": store.sync_issues.counts()["quarantined"],
        "last_sync_at": store.meta.get(MetaKey.LAST_SYNC_AT),
        "last_sync_error": store.meta.get(MetaKey.LAST_SYNC_ERROR),
        "enrolled": Enrollment.of(store) is not None,
    }
