"""The role table at the store level: every guarded store write, for every role (and for
nobody signed in), is allowed exactly when ``may(role, action)`` says so; a refusal
writes nothing but its own audit row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from emergenza.domain.errors import PermissionDeniedError
from emergenza.domain.roles import LEAST_ROLE, NOBODY, ROLE_ORDER, Action, Actor, may
from emergenza.store import Store
from emergenza.sync import review
from tests.support.factories import add_unit, event_data

WHO = "Chi prova"


@dataclass
class World:
    """What the guarded writes act on, prepared by the file's holder."""

    event: str
    closed_event: str
    journal_entry: str
    free_unit: str
    retired_unit: str
    assignment: str
    operator: str
    inactive_operator: str
    conflict: str
    shift: str


def _world(s: Store) -> World:
    ev = s.events.create(event_data(), operator=WHO)
    closed = s.events.create(event_data(address="Via Verdi 2"), operator=WHO)
    s.events.change_status(closed["id"], "closed", operator=WHO, outcome="Nulla da segnalare")
    note = s.events.add_note(ev["id"], "Richiamato il segnalante.", operator=WHO)
    free = add_unit(s, "Alfa 1")
    busy = add_unit(s, "Alfa 2")
    retired = add_unit(s, "Alfa 3")
    s.units.retire(retired["id"], operator=WHO)
    assignment = s.units.assign(ev["id"], busy["id"], operator=WHO)
    op = s.people.add("Luca Bonomi", "operator")
    gone = s.people.add("Elena Mazzoleni", "operator")
    s.people.deactivate(gone["id"])
    with s.transaction():
        s.db.execute("INSERT INTO conflicts (id, entity, entity_id, field, kept_value, kept_hlc, lost_value, "
                     "lost_hlc, lost_origin, reason, detected_at) VALUES ('c1', 'events', ?, 'description', "
                     "'\"kept\"', 'h1', '\"lost\"', 'h0', 'other', 'concurrent', ?)", [ev["id"], s.now_iso()])
    shift = s.people.start_shift(op["id"])
    return World(ev["id"], closed["id"], note["id"], free["id"], retired["id"], assignment["id"], op["id"],
                 gone["id"], "c1", shift["id"])


Call = Callable[[Store, World], Any]

# (name, action, the write) — every guarded store write.
GUARDED: list[tuple[str, Action, Call]] = [
    ("events.create", Action.INTAKE, lambda s, w: s.events.create(event_data(), operator=WHO)),
    ("events.update", Action.INTAKE,
     lambda s, w: s.events.update(w.event, {"description": "Tamponamento con feriti."}, operator=WHO)),
    ("events.update(parent_id)", Action.LINK,
     lambda s, w: s.events.update(w.event, {"parent_id": w.closed_event}, operator=WHO)),
    ("events.change_status(waiting)", Action.INTAKE,
     lambda s, w: s.events.change_status(w.event, "waiting", operator=WHO)),
    ("events.change_status(closed)", Action.CLOSE,
     lambda s, w: s.events.change_status(w.event, "closed", operator=WHO, outcome="Risolto")),
    ("events.change_status(cancelled)", Action.CANCEL,
     lambda s, w: s.events.change_status(w.event, "cancelled", operator=WHO)),
    ("events.change_status(reopened)", Action.REOPEN,
     lambda s, w: s.events.change_status(w.closed_event, "reopened", operator=WHO)),
    ("events.add_note", Action.NOTE, lambda s, w: s.events.add_note(w.event, "Arrivati i VVF.", operator=WHO)),
    ("events.strike_entry", Action.STRIKE,
     lambda s, w: s.events.strike_entry(w.journal_entry, "Evento sbagliato.", operator=WHO)),
    ("units.add", Action.MANAGE_UNITS,
     lambda s, w: s.units.add({"kind": "car", "call_sign": "Bravo 1"}, operator=WHO)),
    ("units.edit", Action.MANAGE_UNITS,
     lambda s, w: s.units.edit(w.free_unit, {"plate": "YA123BC"}, operator=WHO)),
    ("units.retire", Action.MANAGE_UNITS, lambda s, w: s.units.retire(w.free_unit, operator=WHO)),
    ("units.reactivate", Action.MANAGE_UNITS, lambda s, w: s.units.reactivate(w.retired_unit, operator=WHO)),
    ("units.import_csv", Action.MANAGE_UNITS,
     lambda s, w: s.units.import_csv("kind,call_sign\ncar,Bravo 2\n", operator=WHO)),
    ("units.set_status", Action.ADVANCE_UNIT,
     lambda s, w: s.units.set_status(w.free_unit, "out_of_service", operator=WHO)),
    ("units.set_position", Action.ADVANCE_UNIT,
     lambda s, w: s.units.set_position(w.free_unit, 45.69, 9.67, operator=WHO)),
    ("units.assign", Action.ASSIGN, lambda s, w: s.units.assign(w.event, w.free_unit, operator=WHO)),
    ("units.advance", Action.ADVANCE_UNIT, lambda s, w: s.units.advance(w.assignment, operator=WHO)),
    ("people.add", Action.MANAGE_OPERATORS, lambda s, w: s.people.add("Davide Gritti", "operator")),
    ("people.set_role", Action.MANAGE_OPERATORS, lambda s, w: s.people.set_role(w.operator, "coordinator")),
    ("people.deactivate", Action.MANAGE_OPERATORS, lambda s, w: s.people.deactivate(w.operator)),
    ("people.reactivate", Action.MANAGE_OPERATORS, lambda s, w: s.people.reactivate(w.inactive_operator)),
    ("people.set_password", Action.MANAGE_OPERATORS, lambda s, w: s.people.set_password(w.operator, "2468")),
    ("people.end_shift(pending)", Action.SHIFT_END_PENDING,
     lambda s, w: s.people.end_shift(w.shift, operator=WHO, allow_pending=True, note="Server irraggiungibile")),
    ("sync.review.resolve_conflict", Action.RESOLVE_CONFLICT,
     lambda s, w: review.resolve_conflict(s, w.conflict, review.KEEP_THEIRS, operator=WHO)),
]

ACTORS = [*(Actor(name=f"{WHO} ({role.value})", role=role) for role in ROLE_ORDER), NOBODY]


def _counts(s: Store) -> tuple[int, int]:
    return (s.db.execute("SELECT count(*) FROM audit").fetchone()[0],
            s.db.execute("SELECT count(*) FROM outbox").fetchone()[0])


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.role.value if a.role else "nessuno")
@pytest.mark.parametrize(("name", "action", "write"), GUARDED, ids=[g[0] for g in GUARDED])
def test_every_guarded_write_follows_the_role_table(store, name, action, write, actor):
    world = _world(store)
    store.act_as(actor)
    audit_before, outbox_before = _counts(store)
    if may(actor.role, action):
        write(store, world)
        assert _counts(store)[0] > audit_before  # the write itself was audited
        assert not store.db.execute("SELECT 1 FROM audit WHERE seq > ? AND action LIKE 'denied.%'",
                                    [audit_before]).fetchone()
        return
    with pytest.raises(PermissionDeniedError) as info:
        write(store, world)
    assert info.value.params == (LEAST_ROLE[action].label,)  # the message names the role needed
    assert _counts(store) == (audit_before + 1, outbox_before)  # nothing but the refusal
    last = store.db.execute("SELECT operator, action, digest FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    assert last == (actor.name or "-", f"denied.{action.value}", actor.role.value if actor.role else "")
    assert store.maintenance.verify_audit() == []


def test_the_table_covers_every_action_the_store_guards():
    guarded = {action for _name, action, _write in GUARDED}
    # Crews: test_crews.py. Reports, settings, catalogs, enrollment, encryption and divert
    # are guarded where those writes are (their own tests).
    assert {Action.INTAKE, Action.NOTE, Action.ASSIGN, Action.ADVANCE_UNIT, Action.CLOSE, Action.CANCEL,
            Action.REOPEN, Action.STRIKE, Action.RESOLVE_CONFLICT, Action.SHIFT_END_PENDING,
            Action.MANAGE_UNITS, Action.MANAGE_OPERATORS, Action.LINK} <= guarded
