"""The station's side of the exchange: export an event of the store, import documents
through the store's normal write path (``Store.events.create``/``update``/
``change_status``, ``Store.units.add``/``assign``/``advance``: outbox, journal, audit).

Who may: exporting a *reserved* event (only shared ones leave without asking) needs
``Action.RUN_REPORTS`` (responsabile: the same people who may hand reports out of the
room); importing writes events, so it needs ``Action.INTAKE``. Both are checked with
``store.require`` before anything is written (a refusal is audited).

All or nothing: every file is read and checked first, then all are written in ONE
transaction; any refusal (a unit busy elsewhere, a bad value) leaves the store as it was.
Idempotent: a document (sender, identifier) already imported is skipped; an update
(CAP Update/Cancel, an EMSI message about an event already imported) edits the event
it names instead of making a new one. The ``exchange_imports`` table (store migration
6) remembers what was imported, local to the station.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import lifecycle
from ..domain.entities import EVENT_INPUT_FIELDS
from ..domain.enums import AssignmentStatus, EventStatus, JournalKind, Sharing
from ..domain.errors import UnitBusyError, UserError
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..store import Store
from . import cap, emsi


@dataclass
class Imported:
    name: str
    number: str
    outcome: str  # created | updated | already


# ------------------------------------------------------------------ export
def _exportable(store: Store, number: str, include_reserved: bool) -> dict[str, Any]:
    event = store.events.get_by_number(number)
    if event["sharing"] != Sharing.SHARED.value:
        if not include_reserved:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'intervento {0} è riservato: si esportano solo gli "
                                                        "interventi condivisi (usare --riservati per esportarlo)."),
                            event["number"])
        store.require(Action.RUN_REPORTS)
    return event


def export_cap(store: Store, number: str, *, include_reserved: bool = False) -> bytes:
    return cap.build(_exportable(store, number, include_reserved), store.catalogs)


def emsi_message(store: Store, number: str, *, include_reserved: bool = False) -> dict[str, Any]:
    event = _exportable(store, number, include_reserved)
    assignments = store.units.for_event(event["id"])
    resources = {a["resource_id"]: store.units.get(a["resource_id"]) for a in assignments}
    created = event.get("updated_at") or event["received_at"]
    return emsi.message(event, assignments, resources, store.catalogs,
                        message_id=f"{event['number']}.{created}", created=created)


def export_emsi(store: Store, number: str, *, include_reserved: bool = False, as_json: bool = False) -> bytes:
    msg = emsi_message(store, number, include_reserved=include_reserved)
    return emsi.to_json(msg) if as_json else emsi.to_xml(msg)


# ------------------------------------------------------------------ import
def _known(store: Store, kind: str, sender: str, identifier: str) -> bool:
    return store.one("SELECT 1 FROM exchange_imports WHERE kind = ? AND sender = ? AND identifier = ?",
                     [kind, sender, identifier]) is not None


def _event_of(store: Store, kind: str, sender: str, keys: list[str]) -> dict[str, Any] | None:
    for key in keys:
        row = store.one("SELECT event_id FROM exchange_imports WHERE kind = ? AND sender = ? AND event_key = ? "
                        "ORDER BY imported_at DESC LIMIT 1", [kind, sender, key])
        if row is not None:
            found = store.one("SELECT * FROM events WHERE id = ?", [row["event_id"]])
            if found is not None:
                return found
    return None


def _remember(store: Store, kind: str, sender: str, identifier: str, event_key: str, event_id: str) -> None:
    store.db.execute("INSERT INTO exchange_imports (kind, sender, identifier, event_key, event_id, imported_at, "
                     "operator) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [kind, sender, identifier, event_key, event_id, store.now_iso(), store.actor.name or "-"])


def _upsert(store: Store, existing: dict[str, Any] | None, data: dict[str, Any], note: str) -> tuple[dict, str]:
    operator = store.actor.name or "-"
    if existing is None:
        event = store.events.create(data, operator=operator)
        outcome = "created"
    else:
        changes = {k: v for k, v in data.items() if k in EVENT_INPUT_FIELDS and k != "received_at"}
        event = store.events.update(existing["id"], changes, operator=operator)
        outcome = "updated"
    store.events.write_journal(event["id"], note, operator=operator, kind=JournalKind.SYSTEM)
    return store.events.get(event["id"]), outcome


def _follow_status(store: Store, event: dict[str, Any], target: str | None) -> None:
    """Move the event to the status the document gives, when the lifecycle allows it."""
    if target not in {s.value for s in EventStatus}:
        return
    current = store.events.get(event["id"])["status"]
    if target != current and lifecycle.can_change_event(current, target):
        store.events.change_status(event["id"], target, operator=store.actor.name or "-")


def _import_cap(store: Store, name: str, alert: cap.CapAlert) -> Imported:
    if _known(store, "cap", alert.sender, alert.identifier):
        row = store.one("SELECT e.number FROM exchange_imports x JOIN events e ON e.id = x.event_id "
                        "WHERE x.kind = 'cap' AND x.sender = ? AND x.identifier = ?", [alert.sender, alert.identifier])
        return Imported(name, row["number"] if row else "", "already")
    refs = [identifier for sender, identifier in alert.references if sender == alert.sender]
    existing = _event_of(store, "cap", alert.sender, refs) if refs else None
    if existing is None and alert.msg_type == "Cancel":
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: annullamento di un allarme mai importato ({1}): niente "
                                                    "da annullare."), name, ", ".join(refs) or alert.identifier)
    note = f"Importato da allarme CAP {alert.identifier} di {alert.sender} ({alert.msg_type})."
    event, outcome = _upsert(store, existing, alert.event, note)
    target = "cancelled" if alert.msg_type == "Cancel" else alert.status
    _follow_status(store, event, target)
    _remember(store, "cap", alert.sender, alert.identifier, refs[0] if existing is not None else alert.identifier,
              event["id"])
    return Imported(name, event["number"], outcome)


def _unit_for(store: Store, unit: emsi.EmsiUnit, origin: str) -> dict[str, Any]:
    found = store.one("SELECT * FROM resources WHERE call_sign = ? COLLATE NOCASE", [unit.call_sign[:30]])
    if found is not None:
        return found
    return store.units.add({"kind": unit.kind, "call_sign": unit.call_sign[:30], "plate": unit.plate,
                            "notes": f"Importata da messaggio EMSI di {origin}."}, operator=store.actor.name or "-")


def _reach(store: Store, assignment: dict[str, Any], target: str) -> None:
    """Advance an assignment step by step to ``target`` (never back)."""
    operator = store.actor.name or "-"
    current = assignment["status"]
    goal = AssignmentStatus(target)
    while current != goal.value:
        allowed = lifecycle.ASSIGNMENT_TRANSITIONS[AssignmentStatus(current)]
        if not allowed:
            return
        step = goal if goal in allowed else lifecycle.ASSIGNMENT_NEXT.get(AssignmentStatus(current))
        if step is None or lifecycle.ASSIGNMENT_PROGRESS[step] > lifecycle.ASSIGNMENT_PROGRESS[goal]:
            return
        current = store.units.advance(assignment["id"], operator=operator, to=step.value)["status"]


def _import_emsi(store: Store, name: str, msg: emsi.EmsiMessage) -> Imported:
    if _known(store, "emsi", msg.sender, msg.message_id):
        row = store.one("SELECT e.number FROM exchange_imports x JOIN events e ON e.id = x.event_id "
                        "WHERE x.kind = 'emsi' AND x.sender = ? AND x.identifier = ?", [msg.sender, msg.message_id])
        return Imported(name, row["number"] if row else "", "already")
    existing = _event_of(store, "emsi", msg.sender, [msg.event_key])
    note = "Importato da messaggio EMSI {0} di {1} ({2}).".format(msg.message_id, msg.sender or "?", msg.msg_type)
    event, outcome = _upsert(store, existing, msg.event, note)
    units = {u.key: _unit_for(store, u, msg.sender or "?") for u in msg.units}
    # Missions already on the event, per unit, oldest first: matched in order.
    on_event: dict[str, list[dict[str, Any]]] = {}
    for a in store.units.for_event(event["id"]):
        on_event.setdefault(a["resource_id"], []).append(a)
    for mission in msg.missions:
        unit = units[mission.unit_key]
        mine = on_event.get(unit["id"]) or []
        if mine:
            assignment = mine.pop(0)
        else:
            if not EventStatus(store.events.get(event["id"])["status"]).is_active:
                continue
            initial = "requested" if mission.status == "requested" else "sent"
            try:
                assignment = store.units.assign(event["id"], unit["id"], operator=store.actor.name or "-",
                                                status=initial)
            except UnitBusyError:
                if AssignmentStatus(mission.status).is_active:
                    raise
                continue  # a mission already over: its unit may be busy elsewhere now
        _reach(store, assignment, mission.status)
    _follow_status(store, event, msg.status)
    _remember(store, "emsi", msg.sender, msg.message_id, msg.event_key, event["id"])
    return Imported(name, event["number"], outcome)


def read_documents(kind: str, files: list[tuple[str, bytes]], catalogs: Any) -> list[tuple[str, Any]]:
    """Every file read and checked (UserError naming the file and the problem), nothing written."""
    if kind == "cap":
        return [(name, cap.parse(data, catalogs, name)) for name, data in files]
    return [(name, emsi.read(data, catalogs, name)) for name, data in files]


def import_documents(store: Store, kind: str, files: list[tuple[str, bytes]]) -> list[Imported]:
    """Import CAP alerts or EMSI messages (all or nothing, in one transaction)."""
    documents = read_documents(kind, files, store.catalogs)
    store.require(Action.INTAKE)
    out = []
    with store.transaction():
        for name, doc in documents:
            try:
                out.append(_import_cap(store, name, doc) if kind == "cap" else _import_emsi(store, name, doc))
            except UserError as exc:
                if str(exc).startswith(name):
                    raise
                raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: {1}"), name, exc) from None
    return out
