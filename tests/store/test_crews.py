"""Crews: set at shift start, changed during it, written in the journal of the events the
unit is sent to, listed in the shift report."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emergenza.domain.errors import PermissionDeniedError, UserError, ValidationError
from emergenza.domain.roles import ROLE_ORDER, Action, Actor, may
from emergenza.reports import shift as shift_report
from emergenza.reports.source import StationSource
from tests.support.factories import DUTY_OFFICER, add_unit, event_data, open_store
from tests.support.times import Clock

OP = DUTY_OFFICER


def _lines(store, event_id) -> list[str]:
    return [j["text"] for j in store.events.journal(event_id)]


def test_a_crew_goes_in_the_journal_when_the_unit_is_sent(store):
    unit = add_unit(store, "Alfa 1")
    crew = store.crews.set(unit["id"], [{"name": "Mario Rossi", "badge": "1234"}, ("Luca Bianchi", None)],
                           operator=OP)
    assert [(m["name"], m["badge"]) for m in crew] == [("Mario Rossi", "1234"), ("Luca Bianchi", None)]
    ev = store.events.create(event_data(), operator=OP)
    store.units.assign(ev["id"], unit["id"], operator=OP)
    lines = _lines(store, ev["id"])
    sent = lines.index("Unità Alfa 1: inviata.")
    assert lines[sent + 1] == "Unità Alfa 1 — Equipaggio: Mario Rossi (matr. 1234), Luca Bianchi."
    # A unit with no crew recorded writes no such line.
    other = add_unit(store, "Alfa 2")
    ev2 = store.events.create(event_data(address="Via Verdi 3"), operator=OP)
    store.units.assign(ev2["id"], other["id"], operator=OP)
    assert not any("Equipaggio" in t for t in _lines(store, ev2["id"]))
    assert store.maintenance.verify_audit() == []


def test_a_change_during_the_shift_reaches_the_event_the_unit_is_on(store):
    unit = add_unit(store, "Alfa 1")
    store.crews.set(unit["id"], ["Mario Rossi", "Luca Bianchi"], operator=OP)
    ev = store.events.create(event_data(), operator=OP)
    store.units.assign(ev["id"], unit["id"], operator=OP)
    before = len(_lines(store, ev["id"]))
    store.crews.set(unit["id"], ["Mario Rossi", "Luca Bianchi"], operator=OP)  # unchanged: nothing written
    assert len(_lines(store, ev["id"])) == before
    store.crews.set(unit["id"], [{"name": "Mario Rossi"}, {"name": "Anna Verdi", "badge": 88}], operator=OP)
    assert _lines(store, ev["id"])[-1] == "Unità Alfa 1 — Equipaggio: Mario Rossi, Anna Verdi (matr. 88)."
    assert [m["name"] for m in store.crews.all_current()[unit["id"]]] == ["Mario Rossi", "Anna Verdi"]
    store.crews.set(unit["id"], [], operator=OP)
    assert _lines(store, ev["id"])[-1] == "Unità Alfa 1 — Equipaggio: nessun agente indicato."
    assert store.crews.current(unit["id"]) == []


def test_bad_crews_are_refused(store):
    unit = add_unit(store, "Alfa 1")
    with pytest.raises(ValidationError, match="nome di ogni agente"):
        store.crews.set(unit["id"], [{"name": " ", "badge": "1"}], operator=OP)
    with pytest.raises(ValidationError, match="Matricola troppo lunga"):
        store.crews.set(unit["id"], [("Mario Rossi", "9" * 21)], operator=OP)
    with pytest.raises(ValidationError, match="Al massimo 12"):
        store.crews.set(unit["id"], [f"Agente {i}" for i in range(13)], operator=OP)
    store.units.retire(unit["id"], operator=OP)
    with pytest.raises(UserError, match="ritirata"):
        store.crews.set(unit["id"], ["Mario Rossi"], operator=OP)


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_crews_follow_the_role_table(store, role):
    unit = add_unit(store, "Alfa 1")
    store.act_as(Actor(name="Chi prova", role=role))
    if may(role, Action.MANAGE_CREWS):
        store.crews.set(unit["id"], ["Mario Rossi"], operator=OP)
        return
    with pytest.raises(PermissionDeniedError):
        store.crews.set(unit["id"], ["Mario Rossi"], operator=OP)
    assert store.db.execute("SELECT action FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0] == \
        "denied.manage_crews"
    assert store.crews.current(unit["id"]) == []


def test_the_shift_report_lists_the_crews_of_the_shift(tmp_path, catalogs):
    clock = Clock(datetime(2026, 5, 4, 5, 50, tzinfo=UTC))
    store = open_store(tmp_path / "s.db", catalogs, now=clock)
    try:
        unit = add_unit(store, "Alfa 1")
        moto = add_unit(store, "Moto 1", "motorbike")
        store.crews.set(moto["id"], ["Piero Neri"], operator=OP)  # before the shift, still on board
        op = store.people.add(OP, "supervisor")
        shift = store.people.start_shift(op["id"])
        clock.add(10)
        store.crews.set(unit["id"], [("Mario Rossi", "1234"), ("Luca Bianchi", None)], operator=OP)
        clock.add(120)
        store.crews.set(unit["id"], [("Mario Rossi", "1234")], operator=OP)
        clock.add(60)
        store.people.end_shift(shift["id"], operator=OP, allow_pending=True, note="Server spento")
        clock.add(5)
        store.crews.set(unit["id"], ["Anna Verdi"], operator=OP)  # after the shift: not in it
        s = shift_report.compute(StationSource.from_store(store, now=clock), shift["id"])
        assert [(c.call_sign, c.members, c.until_at is None) for c in s.crews] == [
            ("Alfa 1", "Mario Rossi (matr. 1234), Luca Bianchi", False),
            ("Alfa 1", "Mario Rossi (matr. 1234)", False),
            ("Moto 1", "Piero Neri", True)]
        assert s.crews[0].from_at.astimezone(UTC) == datetime(2026, 5, 4, 6, 0, tzinfo=UTC)
    finally:
        store.close()
