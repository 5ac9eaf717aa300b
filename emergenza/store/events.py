"""Events and their journal: intake, edits, status changes, notes, struck entries, history.

The journal is append-only: every write to an event also writes its journal entry (the
automatic ones are Italian text of the record, stored as written and never translated).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..domain import lifecycle
from ..domain.entities import EVENT_INPUT_FIELDS
from ..domain.enums import Channel, EventStatus, JournalKind
from ..domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ..domain.ids import uuid7
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import (
    parse_agencies,
    raise_if,
    validate_agencies,
    validate_event,
    validate_link,
    validate_note,
    validate_strike_reason,
)
from .core import StoreCore, clean
from .queries import EVENT_ROW_COLUMNS

# Italian names of event fields, for automatic "data changed" journal entries.
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

# Who may move an event by hand to these statuses; any other status is part of intake.
STATUS_ACTION = {EventStatus.CLOSED: Action.CLOSE, EventStatus.CANCELLED: Action.CANCEL,
                 EventStatus.REOPENED: Action.REOPEN}

# (event id, operator): frees the units still on an event that has just ended. The units
# manager (units.py) uses this one; this one reaches it only through that function,
# wired by the facade, so the two modules do not import each other in a cycle.
FreeUnits = Callable[[str, str], None]


class Events:
    def __init__(self, core: StoreCore, free_units: FreeUnits):
        self._core = core
        self._db = core.db
        self._catalogs = core.catalogs
        self._free_units = free_units

    # ------------------------------------------------------------------- reads
    def get(self, event_id: str) -> dict[str, Any]:
        row = self._core.one("SELECT * FROM events WHERE id = ?", [event_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Intervento non trovato."))
        return row

    def get_by_number(self, number: str) -> dict[str, Any]:
        row = self._core.one("SELECT * FROM events WHERE number = ?", [number.strip().upper()])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Intervento {0} non trovato."), number)
        return row

    def journal(self, event_id: str) -> list[dict[str, Any]]:
        return list(self._db.query("SELECT * FROM journal WHERE event_id = ? ORDER BY at, rowid", [event_id]))

    def history(self, event_id: str) -> list[dict[str, Any]]:
        """Who changed what and when on this event, its journal and its assignments."""
        return list(self._db.query(
            "SELECT a.seq, a.at, a.operator, a.action, a.entity, a.entity_id FROM audit a "
            "WHERE (a.entity = 'events' AND a.entity_id = ?) "
            "OR (a.entity = 'journal' AND a.entity_id IN (SELECT id FROM journal WHERE event_id = ?)) "
            "OR (a.entity = 'assignments' AND a.entity_id IN (SELECT id FROM assignments WHERE event_id = ?)) "
            "ORDER BY a.seq", [event_id, event_id, event_id]))

    # ------------------------------------------------------------------ writes
    def create(self, data: dict[str, Any], *, operator: str) -> dict[str, Any]:
        self._core.require(Action.INTAKE)
        core, catalogs = self._core, self._catalogs
        values = self._normalise_input(data)
        values.setdefault("received_at", None)
        values["received_at"] = values["received_at"] or core.now_iso()
        values["channel"] = values.get("channel") or "phone"
        values["sharing"] = values.get("sharing") or "reserved"
        values["exercise"] = values.get("exercise") or 0
        type_code = values.get("type_code")
        if not values.get("priority") and type_code in catalogs.event_types:
            values["priority"] = catalogs.event_types[type_code].priority
        errors = validate_event(values, catalogs)
        if not values.get("priority"):  # it follows the type: the type's own error says it all
            errors = [e for e in errors if e.field != "priority" or not any(x.field == "type_code" for x in errors)]
        retired = catalogs.event_types.get(type_code or "")
        if retired is not None and retired.retired:  # open events keep it; new ones may not
            errors.append(FieldError("type_code", QT_TRANSLATE_NOOP("validation", "Tipologia dismessa.")))
        if values.get("parent_id") and not core.one("SELECT 1 FROM events WHERE id = ?", [values["parent_id"]]):
            errors.append(FieldError("parent_id", QT_TRANSLATE_NOOP("validation", "Evento principale inesistente.")))
        raise_if(errors)
        now = core.now_iso()
        row = {field_: values.get(field_) for field_ in EVENT_INPUT_FIELDS}
        row.update({
            "id": uuid7(),
            "status": EventStatus.NEW.value,
            "municipality_name": catalogs.municipalities[values["municipality_istat"]].name,
            "created_by": operator,
            "created_at": now,
            "updated_at": now,
            "origin": core.replica_id,
        })
        with core.transaction():  # the meta reads too: one read snapshot, not one per statement
            row["corps"] = core.meta.corps or None
            row["number"] = self._next_number(core.now())
            event = core.changes.insert("events", row, operator=operator, action="event.create")
            text = "Intervento ricevuto ({0}): {1}.".format(
                Channel(values["channel"]).label, catalogs.type_label(values["type_code"]))
            self.write_journal(event["id"], text, operator=operator, kind=JournalKind.SYSTEM)
        return event

    def update(self, event_id: str, changes: dict[str, Any], *, operator: str) -> dict[str, Any]:
        """Edit input fields; unchanged values are ignored; writes one automatic journal entry."""
        self._core.require(Action.LINK if "parent_id" in changes else Action.INTAKE)
        current = self.get(event_id)
        values = self._normalise_input(changes)
        values = {k: v for k, v in values.items() if current.get(k) != v}
        if not values:
            return current
        merged = {**{k: current[k] for k in EVENT_INPUT_FIELDS}, **values}
        errors = [e for e in validate_event(merged, self._catalogs) if e.field in values
                  or (e.field == "address" and ("lat" in values or "address" in values))
                  or (e.field == "nue_contact_id" and "channel" in values)]
        raise_if(errors)
        if "municipality_istat" in values:
            values["municipality_name"] = self._catalogs.municipalities[values["municipality_istat"]].name
        values["updated_at"] = self._core.now_iso()
        described = []
        for name in EVENT_INPUT_FIELDS:
            if name in values:
                described.append(f"{FIELD_LABELS[name]}: «{_shown(current.get(name))}» → «{_shown(values[name])}»")
        with self._core.transaction():
            event = self._core.changes.update("events", event_id, values, operator=operator, action="event.update")
            self.write_journal(event_id, "Dati modificati: " + "; ".join(described),
                               operator=operator, kind=JournalKind.FIELD)
        return event

    def change_status(self, event_id: str, status: str, *, operator: str, note: str | None = None,
                      outcome: str | None = None) -> dict[str, Any]:
        self._core.require(STATUS_ACTION.get(EventStatus(status), Action.INTAKE))
        current = self.get(event_id)
        target = EventStatus(status)
        lifecycle.check_event_transition(current["status"], target)
        with self._core.transaction():
            event = self.set_status(current, target, operator=operator, note=note, outcome=outcome)
            if not target.is_active:
                self._free_units(event_id, operator)
        return event

    def add_note(self, event_id: str, text: str, *, operator: str) -> dict[str, Any]:
        self._core.require(Action.NOTE)
        raise_if(validate_note(text))
        event = self.get(event_id)
        with self._core.transaction():
            entry = self.write_journal(event_id, str(text).strip(), operator=operator, kind=JournalKind.NOTE,
                                       automatic=False)
            if not self.of_other_corps(event):  # another corps' event: only its journal is ours to add to
                self._core.changes.update("events", event_id, {"updated_at": entry["at"]}, operator=operator,
                                          action="event.touch")
        return entry

    def of_other_corps(self, row: dict[str, Any]) -> bool:
        """True for an event (or unit) of another corps: the server's door refuses our edits of it."""
        return bool(row.get("corps")) and row["corps"] != (self._core.meta.corps or None)

    def strike_entry(self, entry_id: str, reason: str, *, operator: str) -> dict[str, Any]:
        self._core.require(Action.STRIKE)
        raise_if(validate_strike_reason(reason))
        entry = self._core.one("SELECT * FROM journal WHERE id = ?", [entry_id])
        if entry is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Annotazione non trovata."))
        if entry["struck_at"]:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'annotazione è già barrata."))
        with self._core.transaction():
            return self._core.changes.update(
                "journal", entry_id,
                {"struck_at": self._core.now_iso(), "struck_by": operator, "strike_reason": str(reason).strip()},
                operator=operator, action="journal.strike")

    # ------------------------------------------- major events, agencies (issue 10)
    def children(self, event_id: str) -> list[dict[str, Any]]:
        """The events linked under this major event, oldest first."""
        return list(self._db.query(
            f"SELECT {EVENT_ROW_COLUMNS} FROM events e WHERE e.parent_id = ? ORDER BY e.received_at", [event_id]))

    def link(self, event_id: str, parent_id: str, *, operator: str) -> dict[str, Any]:
        """Put an event under a major event (one level: a major event is no one's child,
        a child has no children). Both journals record it."""
        self._core.require(Action.LINK)
        child, parent = self.get(event_id), self.get(parent_id)
        raise_if(validate_link(child, parent, has_children=bool(self.children(event_id))))
        if child["parent_id"] == parent_id:
            return child
        with self._core.transaction():
            if child["parent_id"]:
                self._unlink_steps(child, operator=operator)
            event = self._core.changes.update("events", event_id, {"parent_id": parent_id,
                                                                  "updated_at": self._core.now_iso()},
                                              operator=operator, action="event.link")
            self.write_journal(event_id, "Collegato all'evento principale {0}.".format(parent["number"]),
                               operator=operator, kind=JournalKind.FIELD)
            self.write_journal(parent_id, "Collegato l'intervento {0}.".format(child["number"]),
                               operator=operator, kind=JournalKind.FIELD)
        return event

    def unlink(self, event_id: str, *, operator: str) -> dict[str, Any]:
        self._core.require(Action.LINK)
        child = self.get(event_id)
        if not child["parent_id"]:
            return child
        with self._core.transaction():
            return self._unlink_steps(child, operator=operator)

    def _unlink_steps(self, child: dict[str, Any], *, operator: str) -> dict[str, Any]:
        parent = self._core.one("SELECT id, number FROM events WHERE id = ?", [child["parent_id"]])
        values = {"parent_id": None, "updated_at": self._core.now_iso()}
        event = self._core.changes.update("events", child["id"], values, operator=operator, action="event.unlink")
        if parent is not None:
            self.write_journal(child["id"], "Scollegato dall'evento principale {0}.".format(parent["number"]),
                               operator=operator, kind=JournalKind.FIELD)
            self.write_journal(parent["id"], "Scollegato l'intervento {0}.".format(child["number"]),
                               operator=operator, kind=JournalKind.FIELD)
        return event

    def agencies(self, event_id: str) -> list[dict[str, Any]]:
        """Agencies informed or requested on the event, oldest first."""
        return parse_agencies(self.get(event_id)["agencies"])

    def record_agency(self, event_id: str, agency: str, kind: str, *, operator: str) -> dict[str, Any]:
        """Record that an agency (catalog code) was informed or its help requested, now."""
        self._core.require(Action.NOTE)
        event = self.get(event_id)
        now = self._core.now_iso()
        records = [*parse_agencies(event["agencies"]), {"agency": agency, "kind": kind, "at": now, "by": operator}]
        value = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
        raise_if(validate_agencies(value, self._catalogs))
        name = self._catalogs.agencies[agency].name
        text = ("Richiesto l'intervento di {0}." if kind == "requested" else "Informato: {0}.").format(name)
        with self._core.transaction():
            event = self._core.changes.update("events", event_id, {"agencies": value, "updated_at": now},
                                              operator=operator, action="event.agency")
            self.write_journal(event_id, text, operator=operator, kind=JournalKind.FIELD)
        return event

    # ------------------------------------- steps inside the caller's transaction
    def set_status(self, current: dict[str, Any], target: EventStatus, *, operator: str,
                   note: str | None = None, outcome: str | None = None) -> dict[str, Any]:
        """Move the event to ``target`` (already checked) and journal it."""
        now = self._core.now_iso()
        values: dict[str, Any] = {"status": target.value, "updated_at": now}
        if target in (EventStatus.CLOSED, EventStatus.CANCELLED):
            values["closed_at"] = now
        elif target == EventStatus.REOPENED:
            values["closed_at"] = None
        if clean(outcome):
            values["outcome"] = clean(outcome)
        event = self._core.changes.update("events", current["id"], values, operator=operator, action="event.status")
        text = "Stato: {0} → {1}.".format(
            EventStatus(current["status"]).label, target.label)
        if clean(note):
            text += " " + clean(note)
        if clean(outcome):
            text += " " + f"Esito: {clean(outcome)}"
        self.write_journal(current["id"], text, operator=operator, kind=JournalKind.STATUS)
        return event

    def write_journal(self, event_id: str, text: str, *, operator: str, kind: JournalKind,
                      automatic: bool = True) -> dict[str, Any]:
        row = {"id": uuid7(), "event_id": event_id, "at": self._core.now_iso(), "author": operator,
               "text": text, "automatic": int(automatic), "kind": kind.value,
               "struck_at": None, "struck_by": None, "strike_reason": None}
        return self._core.changes.insert("journal", row, operator=operator, action=f"journal.{kind.value}")

    # ----------------------------------------------------------------- helpers
    def _next_number(self, when: datetime) -> str:
        year = when.astimezone().year  # the station's local year
        code = self._core.meta.station_code
        last = self._db.execute(
            "INSERT INTO event_counters (station_code, year, last) VALUES (?, ?, 1) "
            "ON CONFLICT (station_code, year) DO UPDATE SET last = last + 1 RETURNING last",
            [code, year]).fetchone()[0]
        return f"{code}-{year}-{last:06d}"

    @staticmethod
    def _normalise_input(data: dict[str, Any]) -> dict[str, Any]:
        unknown = set(data) - set(EVENT_INPUT_FIELDS)
        if unknown:
            raise ValidationError([FieldError(name, QT_TRANSLATE_NOOP("validation", "Campo sconosciuto."))
                                   for name in sorted(unknown)])
        out = {k: clean(v) for k, v in data.items()}
        for coord in ("lat", "lon"):
            if isinstance(out.get(coord), str):
                with contextlib.suppress(ValueError):  # left as text: validation names the field
                    out[coord] = float(out[coord].replace(",", "."))
        if out.get("caller_phone"):
            out["caller_phone"] = " ".join(str(out["caller_phone"]).split())
        return out


def _shown(value: Any) -> str:
    return "" if value is None else str(value)
