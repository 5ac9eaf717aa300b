"""The local record: events, journal, resources, assignments, operators, shifts.

Every public method runs in ONE thread (the store owner's); every write is one
transaction that also queues its outbox row(s) and audit row(s).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

import sqlite_utils

from ..domain import lifecycle
from ..domain.catalogs import Catalogs
from ..domain.entities import EVENT_INPUT_FIELDS, utc_now_iso
from ..domain.enums import (
    ACTIVE_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    EventStatus,
    JournalKind,
    ResourceStatus,
)
from ..domain.hlc import HybridLogicalClock
from ..domain.ids import uuid7
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import (
    raise_if,
    validate_event,
    validate_note,
    validate_operator,
    validate_resource,
    validate_strike_reason,
)
from ..errors import FieldError, NotFoundError, UnitBusyError, UserError, ValidationError
from . import database, search
from .audit import AuditTrail
from .changes import ChangeWriter

DEFAULT_STATION_CODE = "PL01"

# Italian names of event fields, for automatic "data changed" journal entries.
# Journal texts are part of the record (Italian, as written), not UI strings: they are
# stored as they are and never translated.
FIELD_LABELS = {
    "received_at": "ricezione",
    "channel": "canale",
    "nue_contact_id": "contatto NUE",
    "type_code": "tipologia",
    "priority": "priorità",
    "municipality_istat": "comune",
    "address": "indirizzo",
    "lat": "latitudine",
    "lon": "longitudine",
    "caller_name": "chiamante",
    "caller_phone": "telefono",
    "description": "descrizione",
    "sharing": "condivisione",
    "exercise": "esercitazione",
    "parent_id": "evento principale",
    "outcome": "esito",
}


@dataclass
class EventFilter:
    """Filters shared by the board and the search. Empty means "any"."""

    statuses: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    type_code: str | None = None  # matches the type and its sub-types
    municipality_istat: str | None = None
    sharing: str | None = None
    received_from: str | None = None
    received_to: str | None = None
    include_exercises: bool = True

    def where(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.statuses:
            clauses.append(f"e.status IN ({', '.join('?' for _ in self.statuses)})")
            params += list(self.statuses)
        if self.priorities:
            clauses.append(f"e.priority IN ({', '.join('?' for _ in self.priorities)})")
            params += list(self.priorities)
        if self.type_code:
            clauses.append("(e.type_code = ? OR e.type_code LIKE ?)")
            params += [self.type_code, self.type_code + ".%"]
        if self.municipality_istat:
            clauses.append("e.municipality_istat = ?")
            params.append(self.municipality_istat)
        if self.sharing:
            clauses.append("e.sharing = ?")
            params.append(self.sharing)
        if self.received_from:
            clauses.append("e.received_at >= ?")
            params.append(self.received_from)
        if self.received_to:
            clauses.append("e.received_at < ?")
            params.append(self.received_to)
        if not self.include_exercises:
            clauses.append("e.exercise = 0")
        return clauses, params


BOARD_COLUMNS = (
    "e.id, e.number, e.received_at, e.first_sent_at, e.status, e.priority, e.type_code, "
    "e.municipality_istat, e.municipality_name, e.address, e.sharing, e.exercise, e.channel, "
    "e.caller_phone, e.description, e.updated_at"
)

_ACTIVE_EVENTS_SQL = "e.status NOT IN ('closed', 'cancelled')"  # same predicate as index events_active


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


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return int(value)
    return value


class Store:
    def __init__(self, db: sqlite_utils.Database, catalogs: Catalogs, *, path: Path | None = None,
                 now: Callable[[], datetime] | None = None, wall_ms: Callable[[], int] | None = None):
        self.db = db
        self.path = path
        self.catalogs = catalogs
        self.priority_order = priority_order_sql(catalogs)
        self._now = now or (lambda: datetime.now(timezone.utc))
        meta = self._meta_all()
        self.replica_id: str = meta["replica_id"]
        self.clock = HybridLogicalClock(self.replica_id, last=meta.get("hlc_last"), now_ms=wall_ms)
        self.audit = AuditTrail(db)
        self.changes = ChangeWriter(db, self.clock, self.audit, self.replica_id, self.now_iso)

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path, catalogs: Catalogs | None = None, *, station_code: str | None = None,
             corps: str | None = None, check: bool = True, **kwargs: Any) -> "Store":
        """Open or create the store file: migrate, check integrity, set the station identity once."""
        from ..resources import load_catalogs

        path = Path(path)
        existed = path.exists() and path.stat().st_size > 0
        if existed and check and database.needs_check_at_open(path):
            database.ensure_ok(database.quick_check(path), path)
        db = database.connect(path)
        try:
            database.migrate(db)
            with db.atomic():
                if not db.execute("SELECT 1 FROM meta WHERE key = 'replica_id'").fetchone():
                    db.execute("INSERT INTO meta VALUES ('replica_id', ?)", [uuid.uuid4().hex[:16]])
                    db.execute("INSERT INTO meta VALUES ('created_at', ?)", [utc_now_iso()])
                    db.execute("INSERT INTO meta VALUES ('station_code', ?)", [station_code or DEFAULT_STATION_CODE])
                    db.execute("INSERT INTO meta VALUES ('corps', ?)", [corps or ""])
                else:
                    if station_code:
                        db.execute("UPDATE meta SET value = ? WHERE key = 'station_code'", [station_code])
                    if corps:
                        db.execute("UPDATE meta SET value = ? WHERE key = 'corps'", [corps])
        except BaseException:
            db.close()
            raise
        return cls(db, catalogs or load_catalogs(), path=path, **kwargs)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------- basics
    def now_iso(self) -> str:
        return utc_now_iso(self._now())

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic unit of work; on failure nothing is written and the audit head is re-read."""
        try:
            with self.db.atomic():
                yield self.db
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('hlc_last', ?)", [self.clock.last])
        except BaseException:
            self.audit.reload()
            raise

    def _meta_all(self) -> dict[str, str]:
        return {k: v for k, v in self.db.execute("SELECT key, value FROM meta")}

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self.db.atomic():
            if value is None:
                self.db.execute("DELETE FROM meta WHERE key = ?", [key])
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    @property
    def station_code(self) -> str:
        return self.get_meta("station_code") or DEFAULT_STATION_CODE

    @property
    def corps(self) -> str:
        return self.get_meta("corps") or ""

    def _one(self, sql: str, params: list[Any] | tuple = ()) -> dict[str, Any] | None:
        return next(iter(self.db.query(sql, params)), None)

    # ---------------------------------------------------------------- operators
    def add_operator(self, name: str, role: str, *, operator: str | None = None) -> dict[str, Any]:
        data = {"name": _clean(name), "role": _clean(role)}
        raise_if(validate_operator(data))
        row = {"id": uuid7(), **data, "active": 1, "created_at": self.now_iso()}
        with self.transaction():
            self.db.execute("INSERT INTO operators (id, name, role, active, created_at) VALUES (?, ?, ?, ?, ?)",
                            [row["id"], row["name"], row["role"], 1, row["created_at"]])
            return self.changes.audit_row("operators", row["id"], operator=operator or row["name"],
                                          action="operator.add")

    def operators(self, *, active_only: bool = True) -> list[dict[str, Any]]:
        where = "WHERE active = 1" if active_only else ""
        return list(self.db.query(f"SELECT * FROM operators {where} ORDER BY name"))

    def get_operator(self, operator_id: str) -> dict[str, Any]:
        row = self._one("SELECT * FROM operators WHERE id = ?", [operator_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Operatore non trovato."))
        return row

    # ------------------------------------------------------------------- shifts
    def start_shift(self, operator_id: str) -> dict[str, Any]:
        op = self.get_operator(operator_id)
        row = {"id": uuid7(), "operator_id": operator_id, "started_at": self.now_iso()}
        with self.transaction():
            self.db["shifts"].insert(row)
            self.audit.append(row["started_at"], op["name"], "shift.start", "shifts", row["id"], "")
        return row

    def current_shift(self) -> dict[str, Any] | None:
        return self._one("SELECT s.*, o.name AS operator_name, o.role AS operator_role FROM shifts s "
                         "JOIN operators o ON o.id = s.operator_id WHERE s.ended_at IS NULL "
                         "ORDER BY s.started_at DESC LIMIT 1")

    def end_shift(self, shift_id: str, *, operator: str, note: str | None = None,
                  allow_pending: bool = False) -> dict[str, Any]:
        """Close a shift. With changes still unsent it needs ``allow_pending`` and a note (why)."""
        pending = self.outbox_count()
        note = _clean(note)
        if pending and not allow_pending:
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "Ci sono {0} modifiche non ancora inviate al server: sincronizzare prima di "
                          "chiudere il turno, oppure indicare il motivo."), pending)
        if pending and not note:
            raise ValidationError([FieldError("close_note", QT_TRANSLATE_NOOP(
                "validation", "Indicare perché il turno si chiude con modifiche non inviate."))])
        with self.transaction():
            cur = self.db.execute("UPDATE shifts SET ended_at = ?, close_note = ?, pending_at_close = ? "
                                  "WHERE id = ? AND ended_at IS NULL", [self.now_iso(), note, pending, shift_id])
            if cur.rowcount != 1:
                raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Turno non trovato o già chiuso."))
            self.audit.append(self.now_iso(), operator, "shift.end", "shifts", shift_id, "")
        return dict(self.db["shifts"].get(shift_id))

    # ------------------------------------------------------------------- events
    def _next_number(self, when: datetime) -> str:
        year = when.astimezone().year  # the station's local year
        code = self.station_code
        last = self.db.execute(
            "INSERT INTO event_counters (station_code, year, last) VALUES (?, ?, 1) "
            "ON CONFLICT (station_code, year) DO UPDATE SET last = last + 1 RETURNING last",
            [code, year]).fetchone()[0]
        return f"{code}-{year}-{last:06d}"

    def _normalise_event_input(self, data: dict[str, Any]) -> dict[str, Any]:
        unknown = set(data) - set(EVENT_INPUT_FIELDS)
        if unknown:
            raise ValidationError([FieldError(name, QT_TRANSLATE_NOOP("validation", "Campo sconosciuto."))
                                   for name in sorted(unknown)])
        out = {k: _clean(v) for k, v in data.items()}
        for coord in ("lat", "lon"):
            if isinstance(out.get(coord), str):
                try:
                    out[coord] = float(out[coord].replace(",", "."))
                except ValueError:
                    pass  # left as text: validation names the field
        if out.get("caller_phone"):
            out["caller_phone"] = " ".join(str(out["caller_phone"]).split())
        return out

    def create_event(self, data: dict[str, Any], *, operator: str) -> dict[str, Any]:
        values = self._normalise_event_input(data)
        values.setdefault("received_at", None)
        values["received_at"] = values["received_at"] or self.now_iso()
        values["channel"] = values.get("channel") or "phone"
        values["sharing"] = values.get("sharing") or "reserved"
        values["exercise"] = values.get("exercise") or 0
        type_code = values.get("type_code")
        if not values.get("priority") and type_code in self.catalogs.event_types:
            values["priority"] = self.catalogs.event_types[type_code].priority
        errors = validate_event(values, self.catalogs)
        if not values.get("priority"):  # it follows the type: the type's own error says it all
            errors = [e for e in errors if e.field != "priority" or not any(x.field == "type_code" for x in errors)]
        if values.get("parent_id") and not self._one("SELECT 1 FROM events WHERE id = ?", [values["parent_id"]]):
            errors.append(FieldError("parent_id", QT_TRANSLATE_NOOP("validation", "Evento principale inesistente.")))
        raise_if(errors)
        now = self.now_iso()
        row = {field_: values.get(field_) for field_ in EVENT_INPUT_FIELDS}
        row.update({
            "id": uuid7(),
            "status": EventStatus.NEW.value,
            "municipality_name": self.catalogs.municipalities[values["municipality_istat"]].name,
            "created_by": operator,
            "created_at": now,
            "updated_at": now,
            "origin": self.replica_id,
            "corps": self.corps or None,
        })
        with self.transaction():
            row["number"] = self._next_number(self._now())
            event = self.changes.insert("events", row, operator=operator, action="event.create")
            text = "Intervento ricevuto ({0}): {1}.".format(
                _label_of("channel", row["channel"]), self.catalogs.type_label(row["type_code"]))
            self._journal(event["id"], text, operator=operator, kind=JournalKind.SYSTEM)
        return event

    def get_event(self, event_id: str) -> dict[str, Any]:
        row = self._one("SELECT * FROM events WHERE id = ?", [event_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Intervento non trovato."))
        return row

    def get_event_by_number(self, number: str) -> dict[str, Any]:
        row = self._one("SELECT * FROM events WHERE number = ?", [number.strip().upper()])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Intervento {0} non trovato."), number)
        return row

    def update_event(self, event_id: str, changes: dict[str, Any], *, operator: str) -> dict[str, Any]:
        """Edit input fields; unchanged values are ignored; writes one automatic journal entry."""
        current = self.get_event(event_id)
        values = self._normalise_event_input(changes)
        values = {k: v for k, v in values.items() if current.get(k) != v}
        if not values:
            return current
        merged = {**{k: current[k] for k in EVENT_INPUT_FIELDS}, **values}
        errors = [e for e in validate_event(merged, self.catalogs) if e.field in values
                  or (e.field == "address" and ("lat" in values or "address" in values))
                  or (e.field == "nue_contact_id" and "channel" in values)]
        raise_if(errors)
        if "municipality_istat" in values:
            values["municipality_name"] = self.catalogs.municipalities[values["municipality_istat"]].name
        values["updated_at"] = self.now_iso()
        described = []
        for name in EVENT_INPUT_FIELDS:
            if name in values:
                described.append("{0}: «{1}» → «{2}»".format(
                    FIELD_LABELS[name], _shown(current.get(name)), _shown(values[name])))
        with self.transaction():
            event = self.changes.update("events", event_id, values, operator=operator, action="event.update")
            self._journal(event_id, "Dati modificati: " + "; ".join(described),
                          operator=operator, kind=JournalKind.FIELD)
        return event

    def change_status(self, event_id: str, status: str, *, operator: str, note: str | None = None,
                      outcome: str | None = None) -> dict[str, Any]:
        current = self.get_event(event_id)
        target = EventStatus(status)
        lifecycle.check_event_transition(current["status"], target)
        with self.transaction():
            event = self._set_event_status(current, target, operator=operator, note=note, outcome=outcome)
            if not target.is_active:
                for a in self.db.query(
                        f"SELECT id, status FROM assignments WHERE event_id = ? AND status IN "
                        f"({', '.join('?' for _ in ACTIVE_ASSIGNMENT_STATUSES)})",
                        [event_id, *ACTIVE_ASSIGNMENT_STATUSES]):
                    final = (AssignmentStatus.CLEARED if AssignmentStatus.CLEARED in
                             lifecycle.ASSIGNMENT_TRANSITIONS[AssignmentStatus(a["status"])]
                             else AssignmentStatus.CANCELLED)
                    self._advance(a["id"], final, operator=operator, follow_event=False)
        return event

    def _set_event_status(self, current: dict[str, Any], target: EventStatus, *, operator: str,
                          note: str | None = None, outcome: str | None = None) -> dict[str, Any]:
        now = self.now_iso()
        values: dict[str, Any] = {"status": target.value, "updated_at": now}
        if target in (EventStatus.CLOSED, EventStatus.CANCELLED):
            values["closed_at"] = now
        elif target == EventStatus.REOPENED:
            values["closed_at"] = None
        if _clean(outcome):
            values["outcome"] = _clean(outcome)
        event = self.changes.update("events", current["id"], values, operator=operator, action="event.status")
        text = "Stato: {0} → {1}.".format(
            EventStatus(current["status"]).label, target.label)
        if _clean(note):
            text += " " + _clean(note)
        if _clean(outcome):
            text += " " + "Esito: {0}".format(_clean(outcome))
        self._journal(current["id"], text, operator=operator, kind=JournalKind.STATUS)
        return event

    # ------------------------------------------------------------------ journal
    def _journal(self, event_id: str, text: str, *, operator: str, kind: JournalKind,
                 automatic: bool = True) -> dict[str, Any]:
        row = {"id": uuid7(), "event_id": event_id, "at": self.now_iso(), "author": operator,
               "text": text, "automatic": int(automatic), "kind": kind.value,
               "struck_at": None, "struck_by": None, "strike_reason": None}
        return self.changes.insert("journal", row, operator=operator, action=f"journal.{kind.value}")

    def add_note(self, event_id: str, text: str, *, operator: str) -> dict[str, Any]:
        raise_if(validate_note(text))
        self.get_event(event_id)
        with self.transaction():
            entry = self._journal(event_id, str(text).strip(), operator=operator, kind=JournalKind.NOTE,
                                  automatic=False)
            self.changes.update("events", event_id, {"updated_at": entry["at"]}, operator=operator,
                                action="event.touch")
        return entry

    def strike_entry(self, entry_id: str, reason: str, *, operator: str) -> dict[str, Any]:
        raise_if(validate_strike_reason(reason))
        entry = self._one("SELECT * FROM journal WHERE id = ?", [entry_id])
        if entry is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Annotazione non trovata."))
        if entry["struck_at"]:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'annotazione è già barrata."))
        with self.transaction():
            return self.changes.update(
                "journal", entry_id,
                {"struck_at": self.now_iso(), "struck_by": operator, "strike_reason": str(reason).strip()},
                operator=operator, action="journal.strike")

    def journal(self, event_id: str) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM journal WHERE event_id = ? ORDER BY at, rowid", [event_id]))

    # ---------------------------------------------------------------- resources
    def add_resource(self, data: dict[str, Any], *, operator: str) -> dict[str, Any]:
        values = {k: _clean(v) for k, v in data.items()}
        raise_if(validate_resource(values))
        if self._one("SELECT 1 FROM resources WHERE call_sign = ? COLLATE NOCASE", [values["call_sign"]]):
            raise ValidationError([FieldError("call_sign", QT_TRANSLATE_NOOP(
                "validation", "Esiste già una risorsa con questo nominativo."))])
        row = {"id": uuid7(), "kind": values["kind"], "call_sign": values["call_sign"],
               "status": ResourceStatus.AVAILABLE.value, "plate": values.get("plate"),
               "radio_channel": values.get("radio_channel"), "corps": values.get("corps") or self.corps or None,
               "notes": values.get("notes"), "active": 1}
        with self.transaction():
            return self.changes.insert("resources", row, operator=operator, action="resource.add")

    def set_resource_status(self, resource_id: str, status: str, *, operator: str) -> dict[str, Any]:
        """Only between available and out of service; the rest follows the assignments."""
        target = ResourceStatus(status)
        if target not in (ResourceStatus.AVAILABLE, ResourceStatus.OUT_OF_SERVICE):
            raise UserError(QT_TRANSLATE_NOOP("errors", "Lo stato della risorsa segue le assegnazioni."))
        self.get_resource(resource_id)
        if self._active_assignment(resource_id):
            raise UserError(QT_TRANSLATE_NOOP("errors", "La risorsa è impegnata su un intervento."))
        with self.transaction():
            return self.changes.update("resources", resource_id, {"status": target.value},
                                       operator=operator, action="resource.status")

    def get_resource(self, resource_id: str) -> dict[str, Any]:
        row = self._one("SELECT * FROM resources WHERE id = ?", [resource_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Risorsa non trovata."))
        return row

    def resources(self) -> list[dict[str, Any]]:
        """Every active resource with its current assignment (if any)."""
        return list(self.db.query(
            "SELECT r.*, a.id AS assignment_id, a.status AS assignment_status, a.event_id, "
            "e.number AS event_number, e.priority AS event_priority, "
            "coalesce(a.on_scene_at, a.en_route_at, a.sent_at, a.requested_at) AS since "
            "FROM resources r "
            "LEFT JOIN assignments a ON a.resource_id = r.id AND a.status NOT IN ('cleared', 'cancelled') "
            "LEFT JOIN events e ON e.id = a.event_id "
            "WHERE r.active = 1 ORDER BY r.call_sign COLLATE NOCASE"))

    def _active_assignment(self, resource_id: str) -> dict[str, Any] | None:
        return self._one(
            "SELECT a.*, e.number AS event_number FROM assignments a JOIN events e ON e.id = a.event_id "
            "WHERE a.resource_id = ? AND a.status NOT IN ('cleared', 'cancelled')", [resource_id])

    # -------------------------------------------------------------- assignments
    def assign(self, event_id: str, resource_id: str, *, operator: str,
               status: str = AssignmentStatus.SENT.value) -> dict[str, Any]:
        """Send a unit to an event. Refused if the unit is on another active event."""
        event = self.get_event(event_id)
        resource = self.get_resource(resource_id)
        initial = AssignmentStatus(status)
        if initial not in (AssignmentStatus.REQUESTED, AssignmentStatus.SENT):
            raise UserError(QT_TRANSLATE_NOOP("errors", "Un'assegnazione inizia come richiesta o inviata."))
        if not EventStatus(event["status"]).is_active:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'intervento {0} è chiuso: riaprirlo prima di assegnare."),
                            event["number"])
        if not resource["active"] or resource["status"] == ResourceStatus.OUT_OF_SERVICE:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'unità {0} è fuori servizio."), resource["call_sign"])
        busy = self._active_assignment(resource_id)
        if busy is not None:
            raise UnitBusyError(QT_TRANSLATE_NOOP("errors", "L'unità {0} è già impegnata sull'intervento {1}."),
                                resource["call_sign"], busy["event_number"], event_number=busy["event_number"])
        now = self.now_iso()
        row = {"id": uuid7(), "event_id": event_id, "resource_id": resource_id, "status": initial.value,
               "requested_at": now, "sent_at": now if initial == AssignmentStatus.SENT else None,
               "en_route_at": None, "on_scene_at": None, "cleared_at": None, "created_by": operator}
        with self.transaction():
            assignment = self.changes.insert("assignments", row, operator=operator, action="assignment.create")
            self.changes.update("resources", resource_id, {"status": _resource_status_for(initial)},
                                operator=operator, action="resource.status")
            self._journal(event_id, "Unità {0}: {1}.".format(
                resource["call_sign"], initial.label), operator=operator, kind=JournalKind.ASSIGNMENT)
            self._event_follows_assignment(event_id, initial, operator=operator)
        return assignment

    def advance_assignment(self, assignment_id: str, *, operator: str, to: str | None = None) -> dict[str, Any]:
        """Move an assignment one step (or to ``to``): sent → en route → on scene → free."""
        current = self._one("SELECT * FROM assignments WHERE id = ?", [assignment_id])
        if current is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Assegnazione non trovata."))
        target = AssignmentStatus(to) if to else lifecycle.next_assignment_status(current["status"])
        if target is None:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'unità è già libera."))
        lifecycle.check_assignment_transition(current["status"], target)
        with self.transaction():
            return self._advance(assignment_id, target, operator=operator)

    def _advance(self, assignment_id: str, target: AssignmentStatus, *, operator: str,
                 follow_event: bool = True) -> dict[str, Any]:
        now = self.now_iso()
        values = {"status": target.value, lifecycle.ASSIGNMENT_TIME_FIELD[target]: now}
        assignment = self.changes.update("assignments", assignment_id, values, operator=operator,
                                         action="assignment.advance")
        resource = self.get_resource(assignment["resource_id"])
        self.changes.update("resources", resource["id"], {"status": _resource_status_for(target)},
                            operator=operator, action="resource.status")
        self._journal(assignment["event_id"], "Unità {0}: {1}.".format(
            resource["call_sign"], target.label), operator=operator, kind=JournalKind.ASSIGNMENT)
        if follow_event:
            self._event_follows_assignment(assignment["event_id"], target, operator=operator)
        return assignment

    def _event_follows_assignment(self, event_id: str, status: AssignmentStatus, *, operator: str) -> None:
        """Automatic event steps: first unit sent → assigned (and first_sent_at); on scene → on scene."""
        event = self.get_event(event_id)
        current = EventStatus(event["status"])
        if status in (AssignmentStatus.SENT, AssignmentStatus.REQUESTED):
            if status == AssignmentStatus.SENT and not event["first_sent_at"]:
                self.changes.update("events", event_id, {"first_sent_at": self.now_iso()},
                                    operator=operator, action="event.sent")
            if current in (EventStatus.NEW, EventStatus.WAITING, EventStatus.SUSPENDED, EventStatus.REOPENED):
                self._set_event_status(event, EventStatus.ASSIGNED, operator=operator)
        elif status == AssignmentStatus.ON_SCENE and lifecycle.can_change_event(current, EventStatus.ON_SCENE):
            self._set_event_status(event, EventStatus.ON_SCENE, operator=operator)

    def assignments_for_event(self, event_id: str) -> list[dict[str, Any]]:
        return list(self.db.query(
            "SELECT a.*, r.call_sign, r.kind FROM assignments a JOIN resources r ON r.id = a.resource_id "
            "WHERE a.event_id = ? ORDER BY a.requested_at", [event_id]))

    # ------------------------------------------------------------------- boards
    def board_ids(self, flt: EventFilter | None = None) -> list[str]:
        """Active events, most urgent first (priority, then oldest)."""
        clauses, params = (flt or EventFilter()).where()
        where = " AND ".join([_ACTIVE_EVENTS_SQL, *clauses])
        return [r[0] for r in self.db.execute(
            f"SELECT e.id FROM events e INDEXED BY events_active WHERE {where} "
            f"ORDER BY {self.priority_order} DESC, e.received_at", params)]

    def board_rows(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        clauses, params = (flt or EventFilter()).where()
        where = " AND ".join([_ACTIVE_EVENTS_SQL, *clauses])
        return list(self.db.query(
            f"SELECT {BOARD_COLUMNS}, (SELECT group_concat(r.call_sign, ', ') FROM assignments a "
            f"JOIN resources r ON r.id = a.resource_id WHERE a.event_id = e.id "
            f"AND a.status NOT IN ('cleared', 'cancelled')) AS units "
            f"FROM events e INDEXED BY events_active WHERE {where} "
            f"ORDER BY {self.priority_order} DESC, e.received_at", params))

    def rows_for_ids(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Board-shaped rows for the given ids (any status), for lazy table models."""
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for row in self.db.query(
                    f"SELECT {BOARD_COLUMNS}, e.closed_at, (SELECT group_concat(r.call_sign, ', ') "
                    f"FROM assignments a JOIN resources r ON r.id = a.resource_id WHERE a.event_id = e.id "
                    f"AND a.status NOT IN ('cleared', 'cancelled')) AS units "
                    f"FROM events e WHERE e.id IN ({', '.join('?' for _ in chunk)})", chunk):
                out[row["id"]] = row
        return out

    def status_counts(self) -> dict[str, int]:
        return {s: n for s, n in self.db.execute(
            f"SELECT status, count(*) FROM events e INDEXED BY events_active WHERE {_ACTIVE_EVENTS_SQL} "
            f"GROUP BY status")}

    def unassigned_urgent(self, older_than_s: int, priorities: tuple[str, ...] = ("red", "yellow")
                          ) -> list[dict[str, Any]]:
        """Active urgent events never sent a unit, received more than ``older_than_s`` ago."""
        cutoff = utc_now_iso(datetime.fromtimestamp(self._now().timestamp() - older_than_s, timezone.utc))
        marks = ", ".join("?" for _ in priorities)
        return list(self.db.query(
            f"SELECT {BOARD_COLUMNS} FROM events e INDEXED BY events_active WHERE {_ACTIVE_EVENTS_SQL} "
            f"AND e.first_sent_at IS NULL AND e.priority IN ({marks}) AND e.received_at <= ? "
            f"AND e.status NOT IN ('suspended') ORDER BY e.received_at", [*priorities, cutoff]))

    # ------------------------------------------------------------------- search
    def search(self, text: str = "", flt: EventFilter | None = None, *, limit: int = 200,
               offset: int = 0) -> list[dict[str, Any]]:
        return search.search_events(self.db, text, flt or EventFilter(), limit=limit, offset=offset)

    def prior_events(self, *, municipality_istat: str | None = None, address: str | None = None,
                     phone: str | None = None, limit: int = 10, exclude_id: str | None = None
                     ) -> list[dict[str, Any]]:
        return search.prior_events(self.db, municipality_istat=municipality_istat, address=address,
                                   phone=phone, limit=limit, exclude_id=exclude_id)

    def history(self, event_id: str) -> list[dict[str, Any]]:
        """Who changed what and when on this event, its journal and its assignments."""
        return list(self.db.query(
            "SELECT a.seq, a.at, a.operator, a.action, a.entity, a.entity_id FROM audit a "
            "WHERE (a.entity = 'events' AND a.entity_id = ?) "
            "OR (a.entity = 'journal' AND a.entity_id IN (SELECT id FROM journal WHERE event_id = ?)) "
            "OR (a.entity = 'assignments' AND a.entity_id IN (SELECT id FROM assignments WHERE event_id = ?)) "
            "ORDER BY a.seq", [event_id, event_id, event_id]))

    # ------------------------------------------------------------------- drafts
    def save_draft(self, key: str, payload: dict[str, Any]) -> None:
        with self.db.atomic():
            self.db.execute("INSERT OR REPLACE INTO drafts (key, payload, updated_at) VALUES (?, ?, ?)",
                            [key, json.dumps(payload, ensure_ascii=False), self.now_iso()])

    def load_draft(self, key: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT payload FROM drafts WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else None

    def delete_draft(self, key: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM drafts WHERE key = ?", [key])

    # --------------------------------------------------------------- risk areas
    def add_risk_area(self, data: dict[str, Any]) -> dict[str, Any]:
        values = {k: _clean(v) for k, v in data.items()}
        errors = []
        if not values.get("name"):
            errors.append(FieldError("name", QT_TRANSLATE_NOOP("validation", "Indicare il nome dell'area.")))
        if values.get("municipality_istat") not in self.catalogs.municipalities:
            errors.append(FieldError("municipality_istat", QT_TRANSLATE_NOOP(
                "validation", "Comune non presente nell'elenco ISTAT della Lombardia.")))
        raise_if(errors)
        row = {"id": uuid7(), "name": values["name"], "municipality_istat": values["municipality_istat"],
               "kind": values.get("kind") or "generic", "description": values.get("description"),
               "lat": values.get("lat"), "lon": values.get("lon"), "radius_m": values.get("radius_m"), "active": 1}
        with self.db.atomic():
            self.db["risk_areas"].insert(row)
        return row

    def risk_areas(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM risk_areas WHERE active = 1 ORDER BY name"))

    # ------------------------------------------------------------ sync support
    def outbox_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def pending_changes(self, limit: int = 500) -> list[dict[str, Any]]:
        rows = list(self.db.query("SELECT * FROM outbox ORDER BY seq LIMIT ?", [limit]))
        for r in rows:
            r["fields"] = json.loads(r["fields"])
        return rows

    def ack_changes(self, change_ids: list[str]) -> int:
        with self.db.atomic():
            n = 0
            for start in range(0, len(change_ids), 500):
                chunk = change_ids[start:start + 500]
                n += self.db.execute(f"DELETE FROM outbox WHERE change_id IN ({', '.join('?' for _ in chunk)})",
                                     chunk).rowcount
        return n

    def open_conflicts(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM conflicts WHERE resolved_at IS NULL ORDER BY detected_at"))

    # ------------------------------------------------------------------ status
    def counts(self) -> StoreCounts:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by_status = self.status_counts()
        return StoreCounts(
            events=one("SELECT count(*) FROM events"),
            active_events=sum(by_status.values()),
            resources=one("SELECT count(*) FROM resources"),
            assignments=one("SELECT count(*) FROM assignments"),
            journal_entries=one("SELECT count(*) FROM journal"),
            outbox_pending=self.outbox_count(),
            conflicts=one("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL"),
            by_status=by_status,
        )

    def backup(self, dest: str | Path) -> Path:
        """Consistent online copy of the store to ``dest`` (checked before it is kept)."""
        from .backup import backup
        return backup(self.db.conn, dest)

    def idle_maintenance(self, pages: int = 200) -> bool:
        """Housekeeping for quiet moments (e.g. a timer when no call is pending): a passive
        WAL checkpoint and bounded FTS merging. Returns True if more merging may be useful."""
        self.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        return self.maintain_search(pages)

    def maintain_search(self, pages: int = 200) -> bool:
        """Bounded FTS merge work for idle moments (commits never merge, see schema.py).

        Returns True if there may be more to do."""
        more = False
        with self.db.atomic():
            for table in ("events_fts", "journal_fts"):
                before = self.db.conn.total_changes
                self.db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)", [pages])
                more = more or self.db.conn.total_changes - before > 1
        return more

    def verify_audit(self) -> list[str]:
        from .audit import verify
        return verify(self.db)


def priority_order_sql(catalogs: Catalogs) -> str:
    """SQL rank of ``e.priority`` from the configurable priority scale (higher = more urgent)."""
    whens = " ".join(f"WHEN '{code.replace(chr(39), chr(39) * 2)}' THEN {int(level.rank)}"
                     for code, level in catalogs.priorities.items())
    return f"CASE e.priority {whens} ELSE -1 END"


def _resource_status_for(status: AssignmentStatus) -> str:
    return {
        AssignmentStatus.REQUESTED: ResourceStatus.SENT,
        AssignmentStatus.SENT: ResourceStatus.SENT,
        AssignmentStatus.EN_ROUTE: ResourceStatus.EN_ROUTE,
        AssignmentStatus.ON_SCENE: ResourceStatus.ON_SCENE,
        AssignmentStatus.CLEARED: ResourceStatus.AVAILABLE,
        AssignmentStatus.CANCELLED: ResourceStatus.AVAILABLE,
    }[status].value


def _label_of(kind: str, value: str) -> str:
    from ..domain.enums import Channel
    if kind == "channel":
        return Channel(value).label
    return value


def _shown(value: Any) -> str:
    return "" if value is None else str(value)

