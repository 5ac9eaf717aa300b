"""Units (resources) and their assignments to events; the registry (add, edit, retire,
import) is unit_registry.py, mixed in.

A unit's status follows its assignment (sent, en route, on scene, free); only "out of
service" is set by hand. Assignments move their event too (first unit sent: assigned;
on scene: on scene), so this manager works through the events manager.
"""

from __future__ import annotations

from typing import Any

from ..domain import lifecycle
from ..domain.enums import AssignmentStatus, EventStatus, JournalKind, ResourceStatus
from ..domain.errors import NotFoundError, UnitBusyError, UserError
from ..domain.ids import uuid7
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if, validate_event
from .core import StoreCore
from .crews import crew_line
from .events import Events
from .queries import ACTIVE_ASSIGNMENT
from .unit_registry import UnitRegistry


class Units(UnitRegistry):
    def __init__(self, core: StoreCore, events: Events):
        self._core = core
        self._db = core.db
        self._events = events

    # --------------------------------------------------------------- resources
    def set_status(self, resource_id: str, status: str, *, operator: str) -> dict[str, Any]:
        """Only between available and out of service; the rest follows the assignments."""
        self._core.require(Action.ADVANCE_UNIT)
        target = ResourceStatus(status)
        if target not in (ResourceStatus.AVAILABLE, ResourceStatus.OUT_OF_SERVICE):
            raise UserError(QT_TRANSLATE_NOOP("errors", "Lo stato della risorsa segue le assegnazioni."))
        self.get(resource_id)
        if self.active_assignment(resource_id):
            raise UserError(QT_TRANSLATE_NOOP("errors", "La risorsa è impegnata su un intervento."))
        with self._core.transaction():
            return self._core.changes.update("resources", resource_id, {"status": target.value},
                                             operator=operator, action="resource.status")

    def set_position(self, resource_id: str, lat: float | None, lon: float | None, *,
                     operator: str) -> dict[str, Any]:
        """Place a unit by hand (both None: forget the position). Same coordinate rules as an event's."""
        self._core.require(Action.ADVANCE_UNIT)
        self.get(resource_id)  # NotFoundError for an unknown unit
        raise_if(validate_event({"lat": lat, "lon": lon}, self._core.catalogs, partial=True))
        values = {"lat": None if lat is None else float(lat), "lon": None if lon is None else float(lon),
                  "position_at": None if lat is None else self._core.now_iso()}
        with self._core.transaction():
            return self._core.changes.update("resources", resource_id, values, operator=operator,
                                             action="resource.position")

    def get(self, resource_id: str) -> dict[str, Any]:
        row = self._core.one("SELECT * FROM resources WHERE id = ?", [resource_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Risorsa non trovata."))
        return row

    def overview(self) -> list[dict[str, Any]]:
        """Every active resource with its current assignment (if any)."""
        return list(self._db.query(
            "SELECT r.*, a.id AS assignment_id, a.status AS assignment_status, a.event_id, "
            "e.number AS event_number, e.priority AS event_priority, "
            "coalesce(a.on_scene_at, a.en_route_at, a.sent_at, a.requested_at) AS since "
            "FROM resources r "
            f"LEFT JOIN assignments a ON a.resource_id = r.id AND {ACTIVE_ASSIGNMENT} "
            "LEFT JOIN events e ON e.id = a.event_id "
            "WHERE r.active = 1 ORDER BY r.call_sign COLLATE NOCASE"))

    def active_assignment(self, resource_id: str) -> dict[str, Any] | None:
        """The assignment holding this unit (with its event's number), if any."""
        return self._core.one(
            "SELECT a.*, e.number AS event_number FROM assignments a JOIN events e ON e.id = a.event_id "
            f"WHERE a.resource_id = ? AND {ACTIVE_ASSIGNMENT}", [resource_id])

    # ------------------------------------------------------------- assignments
    def assign(self, event_id: str, resource_id: str, *, operator: str,
               status: str = AssignmentStatus.SENT.value) -> dict[str, Any]:
        """Send a unit to an event. Refused if the unit is on another active event."""
        self._core.require(Action.ASSIGN)
        event = self._events.get(event_id)
        resource = self.get(resource_id)
        initial = AssignmentStatus(status)
        if initial not in (AssignmentStatus.REQUESTED, AssignmentStatus.SENT):
            raise UserError(QT_TRANSLATE_NOOP("errors", "Un'assegnazione inizia come richiesta o inviata."))
        if not EventStatus(event["status"]).is_active:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'intervento {0} è chiuso: riaprirlo prima di assegnare."),
                            event["number"])
        if self._events.of_other_corps(resource):
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "L'unità {0} appartiene a un altro comando ({1}): può assegnarla solo il suo comando."),
                resource["call_sign"], resource["corps"])
        if not resource["active"] or resource["status"] == ResourceStatus.OUT_OF_SERVICE:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'unità {0} è fuori servizio."), resource["call_sign"])
        busy = self.active_assignment(resource_id)
        if busy is not None:
            raise UnitBusyError(QT_TRANSLATE_NOOP("errors", "L'unità {0} è già impegnata sull'intervento {1}."),
                                resource["call_sign"], busy["event_number"], event_number=busy["event_number"])
        now = self._core.now_iso()
        row = {"id": uuid7(), "event_id": event_id, "resource_id": resource_id, "status": initial.value,
               "requested_at": now, "sent_at": now if initial == AssignmentStatus.SENT else None,
               "en_route_at": None, "on_scene_at": None, "cleared_at": None, "created_by": operator}
        with self._core.transaction():
            assignment = self._core.changes.insert("assignments", row, operator=operator, action="assignment.create")
            self._core.changes.update("resources", resource_id, {"status": _resource_status_for(initial)},
                                      operator=operator, action="resource.status")
            self._events.write_journal(event_id, "Unità {0}: {1}.".format(
                resource["call_sign"], initial.label), operator=operator, kind=JournalKind.ASSIGNMENT)
            crew = crew_line(self._core, resource)  # who is on board goes in the event's journal
            if crew:
                self._events.write_journal(event_id, crew, operator=operator, kind=JournalKind.ASSIGNMENT)
            self._event_follows_assignment(event_id, initial, operator=operator)
        return assignment

    def advance(self, assignment_id: str, *, operator: str, to: str | None = None) -> dict[str, Any]:
        """Move an assignment one step (or to ``to``): sent → en route → on scene → free."""
        self._core.require(Action.ADVANCE_UNIT)
        current = self._core.one("SELECT * FROM assignments WHERE id = ?", [assignment_id])
        if current is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Assegnazione non trovata."))
        target = AssignmentStatus(to) if to else lifecycle.next_assignment_status(current["status"])
        if target is None:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'unità è già libera."))
        lifecycle.check_assignment_transition(current["status"], target)
        with self._core.transaction():
            return self._advance(assignment_id, target, operator=operator)

    def for_event(self, event_id: str) -> list[dict[str, Any]]:
        return list(self._db.query(
            "SELECT a.*, r.call_sign, r.kind FROM assignments a JOIN resources r ON r.id = a.resource_id "
            "WHERE a.event_id = ? ORDER BY a.requested_at", [event_id]))

    def free_units_of(self, event_id: str, operator: str) -> None:
        """Inside the transaction that ends the event: every unit still on it goes free."""
        for a in self._db.query(f"SELECT a.id, a.status FROM assignments a WHERE a.event_id = ? "
                                f"AND {ACTIVE_ASSIGNMENT}", [event_id]):
            final = _ending_status(a["status"])
            self._advance(a["id"], final, operator=operator, follow_event=False)

    def divert(self, resource_id: str, event_id: str, *, operator: str) -> dict[str, Any]:
        """Move a busy unit to another event: its assignment there ends (cancelled), a new
        one starts here as sent; both events' journals say where it went and came from."""
        self._core.require(Action.DIVERT)
        target = self._events.get(event_id)
        resource = self.get(resource_id)
        busy = self.active_assignment(resource_id)
        if busy is None:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'unità {0} è libera: inviarla normalmente."),
                            resource["call_sign"])
        if busy["event_id"] == event_id:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'unità {0} è già su questo intervento."),
                            resource["call_sign"])
        if not EventStatus(target["status"]).is_active:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'intervento {0} è chiuso: riaprirlo prima di assegnare."),
                            target["number"])
        now = self._core.now_iso()
        row = {"id": uuid7(), "event_id": event_id, "resource_id": resource_id,
               "status": AssignmentStatus.SENT.value, "requested_at": now, "sent_at": now,
               "en_route_at": None, "on_scene_at": None, "cleared_at": None, "created_by": operator}
        with self._core.transaction():
            final = _ending_status(busy["status"])
            self._core.changes.update("assignments", busy["id"], {"status": final.value, "cleared_at": now},
                                      operator=operator, action="assignment.divert")
            self._events.write_journal(busy["event_id"], "Unità {0} dirottata sull'intervento {1}.".format(
                resource["call_sign"], target["number"]), operator=operator, kind=JournalKind.ASSIGNMENT)
            assignment = self._core.changes.insert("assignments", row, operator=operator, action="assignment.create")
            self._core.changes.update("resources", resource_id, {"status": ResourceStatus.SENT.value},
                                      operator=operator, action="resource.status")
            self._events.write_journal(event_id, "Unità {0} dirottata dall'intervento {1}: {2}.".format(
                resource["call_sign"], busy["event_number"], AssignmentStatus.SENT.label),
                operator=operator, kind=JournalKind.ASSIGNMENT)
            self._event_follows_assignment(event_id, AssignmentStatus.SENT, operator=operator)
        return assignment

    def active_on_event(self, event_id: str) -> int:
        """How many units are still on the event (0 after the last one is freed)."""
        return self._db.execute(f"SELECT count(*) FROM assignments a WHERE a.event_id = ? AND {ACTIVE_ASSIGNMENT}",
                                [event_id]).fetchone()[0]

    # ------------------------------------- steps inside the caller's transaction
    def _advance(self, assignment_id: str, target: AssignmentStatus, *, operator: str,
                 follow_event: bool = True) -> dict[str, Any]:
        now = self._core.now_iso()
        values = {"status": target.value, lifecycle.ASSIGNMENT_TIME_FIELD[target]: now}
        assignment = self._core.changes.update("assignments", assignment_id, values, operator=operator,
                                               action="assignment.advance")
        resource = self.get(assignment["resource_id"])
        self._core.changes.update("resources", resource["id"], {"status": _resource_status_for(target)},
                                  operator=operator, action="resource.status")
        self._events.write_journal(assignment["event_id"], "Unità {0}: {1}.".format(
            resource["call_sign"], target.label), operator=operator, kind=JournalKind.ASSIGNMENT)
        if follow_event:
            self._event_follows_assignment(assignment["event_id"], target, operator=operator)
        return assignment

    def _event_follows_assignment(self, event_id: str, status: AssignmentStatus, *, operator: str) -> None:
        """Automatic event steps: first unit sent → assigned (and first_sent_at); on scene → on scene."""
        event = self._events.get(event_id)
        if self._events.of_other_corps(event):
            return  # a unit helping on another corps' shared event: its status is that corps' to set
        current = EventStatus(event["status"])
        if status in (AssignmentStatus.SENT, AssignmentStatus.REQUESTED):
            if status == AssignmentStatus.SENT and not event["first_sent_at"]:
                self._core.changes.update("events", event_id, {"first_sent_at": self._core.now_iso()},
                                          operator=operator, action="event.sent")
            if current in (EventStatus.NEW, EventStatus.WAITING, EventStatus.SUSPENDED, EventStatus.REOPENED):
                self._events.set_status(event, EventStatus.ASSIGNED, operator=operator)
        elif status == AssignmentStatus.ON_SCENE and lifecycle.can_change_event(current, EventStatus.ON_SCENE):
            self._events.set_status(event, EventStatus.ON_SCENE, operator=operator)


def _ending_status(status: str) -> AssignmentStatus:
    """How an active assignment ends when its unit leaves: cleared if it may, else cancelled."""
    return (AssignmentStatus.CLEARED if AssignmentStatus.CLEARED in
            lifecycle.ASSIGNMENT_TRANSITIONS[AssignmentStatus(status)] else AssignmentStatus.CANCELLED)


def _resource_status_for(status: AssignmentStatus) -> str:
    return {
        AssignmentStatus.REQUESTED: ResourceStatus.SENT,
        AssignmentStatus.SENT: ResourceStatus.SENT,
        AssignmentStatus.EN_ROUTE: ResourceStatus.EN_ROUTE,
        AssignmentStatus.ON_SCENE: ResourceStatus.ON_SCENE,
        AssignmentStatus.CLEARED: ResourceStatus.AVAILABLE,
        AssignmentStatus.CANCELLED: ResourceStatus.AVAILABLE,
    }[status].value
