"""Dispatch details in the store: divert a busy unit, link events under a major event,
agencies informed or requested; each refused to a role that may not do it (and audited)."""

import pytest

from emergenza.domain.enums import Role
from emergenza.domain.errors import PermissionDeniedError, UserError, ValidationError
from emergenza.domain.roles import Actor
from tests.support.factories import OPERATOR, event_data

OPERATORE = Actor(name="Luca Bianchi", role=Role.OPERATOR)
COORDINATORE = Actor(name="Anna Verdi", role=Role.COORDINATOR)


def _event(store, **over):
    return store.events.create(event_data(**over), operator=OPERATOR)


def _last_audit(store):
    return store.db.execute("SELECT operator, action FROM audit ORDER BY seq DESC LIMIT 1").fetchone()


def _journal(store, event_id):
    return [e["text"] for e in store.events.journal(event_id)]


def test_divert_moves_a_busy_unit(store, unit):
    first, second = _event(store), _event(store, address="Via Verdi 2")
    alfa = unit("Alfa 1")
    old = store.units.assign(first["id"], alfa["id"], operator=OPERATOR)
    store.units.advance(old["id"], operator=OPERATOR)  # en route
    store.act_as(COORDINATORE)
    new = store.units.divert(alfa["id"], second["id"], operator=COORDINATORE.name)
    ended = store.one("SELECT status, cleared_at FROM assignments WHERE id = ?", [old["id"]])
    assert ended["status"] in ("cleared", "cancelled") and ended["cleared_at"]
    assert new["event_id"] == second["id"] and new["status"] == "sent"
    assert store.units.active_assignment(alfa["id"])["id"] == new["id"]
    assert store.units.get(alfa["id"])["status"] == "sent"
    assert f"Unità Alfa 1 dirottata sull'intervento {second['number']}." in _journal(store, first["id"])
    assert any(t.startswith(f"Unità Alfa 1 dirottata dall'intervento {first['number']}")
               for t in _journal(store, second["id"]))
    assert store.events.get(second["id"])["status"] == "assigned"
    assert store.units.active_on_event(first["id"]) == 0
    assert store.maintenance.verify_audit() == []


def test_divert_refusals(store, unit):
    first, second = _event(store), _event(store, address="Via Verdi 2")
    alfa = unit("Alfa 1")
    with pytest.raises(UserError, match="libera"):
        store.units.divert(alfa["id"], second["id"], operator=OPERATOR)
    store.units.assign(first["id"], alfa["id"], operator=OPERATOR)
    with pytest.raises(UserError, match="già su questo intervento"):
        store.units.divert(alfa["id"], first["id"], operator=OPERATOR)
    store.act_as(OPERATORE)
    with pytest.raises(PermissionDeniedError, match="coordinatore"):
        store.units.divert(alfa["id"], second["id"], operator=OPERATORE.name)
    assert _last_audit(store) == (OPERATORE.name, "denied.divert")
    assert store.units.active_assignment(alfa["id"])["event_id"] == first["id"]


def test_link_and_unlink_under_a_major_event(store):
    major, child, other = _event(store), _event(store, address="Via 2"), _event(store, address="Via 3")
    store.act_as(COORDINATORE)
    store.events.link(child["id"], major["id"], operator=COORDINATORE.name)
    store.events.link(other["id"], major["id"], operator=COORDINATORE.name)
    assert [c["id"] for c in store.events.children(major["id"])] == [child["id"], other["id"]]
    assert f"Collegato all'evento principale {major['number']}." in _journal(store, child["id"])
    assert f"Collegato l'intervento {child['number']}." in _journal(store, major["id"])
    with pytest.raises(ValidationError):  # a child cannot be a major event
        store.events.link(major["id"], child["id"], operator=COORDINATORE.name)
    with pytest.raises(ValidationError):  # nor a major event become a child
        store.events.link(major["id"], other["id"], operator=COORDINATORE.name)
    with pytest.raises(ValidationError):
        store.events.link(child["id"], child["id"], operator=COORDINATORE.name)
    store.events.unlink(child["id"], operator=COORDINATORE.name)
    assert store.events.get(child["id"])["parent_id"] is None
    assert f"Scollegato l'intervento {child['number']}." in _journal(store, major["id"])
    assert [c["id"] for c in store.events.children(major["id"])] == [other["id"]]
    store.act_as(OPERATORE)
    with pytest.raises(PermissionDeniedError):
        store.events.unlink(other["id"], operator=OPERATORE.name)
    assert _last_audit(store) == (OPERATORE.name, "denied.link")
    assert store.maintenance.verify_audit() == []


def test_agencies_recorded_with_times(store):
    event = _event(store)
    store.act_as(OPERATORE)
    store.events.record_agency(event["id"], "CC", "informed", operator=OPERATORE.name)
    store.events.record_agency(event["id"], "AREU", "requested", operator=OPERATORE.name)
    records = store.events.agencies(event["id"])
    assert [(r["agency"], r["kind"], r["by"]) for r in records] == [
        ("CC", "informed", OPERATORE.name), ("AREU", "requested", OPERATORE.name)]
    assert all(r["at"].endswith("Z") for r in records)
    journal = _journal(store, event["id"])
    assert "Informato: Arma dei Carabinieri." in journal
    assert "Richiesto l'intervento di 118 / AREU Lombardia." in journal
    with pytest.raises(ValidationError):
        store.events.record_agency(event["id"], "XX", "informed", operator=OPERATORE.name)
    with pytest.raises(ValidationError):
        store.events.record_agency(event["id"], "CC", "forgotten", operator=OPERATORE.name)
    store.act_as(Actor(name="", role=None))
    with pytest.raises(PermissionDeniedError):
        store.events.record_agency(event["id"], "CC", "informed", operator="?")
    assert len(store.events.agencies(event["id"])) == 2
    outbox = store.db.execute("SELECT count(*) FROM outbox WHERE entity = 'events' AND fields LIKE '%agencies%'")
    assert outbox.fetchone()[0] == 2


@pytest.mark.parametrize("value", ['[{"agency":"CC","kind":"informed","at":"2026-01-01T08:00:00Z"}]',
                                   "not json", '{"agency":"CC"}',
                                   '[{"agency":"CC","kind":"informed","at":"ieri","by":"x"}]'])
def test_the_door_refuses_bad_agencies(value, catalogs):
    """The regional door judges the synced field with the same domain validation."""
    from emergenza.domain.wire_rules import check_fields, state_problems

    assert not check_fields("events", {"agencies": value}, creating=False)  # a text: its shape is judged below
    assert any(p.startswith("agencies") for p in state_problems("events", {"agencies": value}, catalogs.for_region()))
