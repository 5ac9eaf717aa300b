"""Applying pulled changes to real store files: FKs, atomicity, audit, conflicts, clashes."""

from __future__ import annotations

import json
import sqlite3

import pytest

from emergenza.store import Store
from emergenza.sync.apply import apply_page, pull_cursor
from emergenza.sync.clamp import rewrite_clamped
from emergenza.sync.pending import parked_count
from tests.support.factories import EVENT, OPERATOR
from tests.support.relay import Relay, snapshot


def _changes(store: Store) -> list[dict]:
    return [{k: r[k] for k in ("change_id", "entity", "entity_id", "fields", "hlc", "origin")}
            for r in store.outbox.pending(100_000)]


def test_pulled_changes_land_without_outbox_rows_and_audit_stays_clean(stores):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    event = a.events.create(EVENT, operator=OPERATOR)
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    a.units.assign(event["id"], unit["id"], operator=OPERATOR)
    a.events.add_note(event["id"], "Sul posto anche i VVF", operator=OPERATOR)
    report = apply_page(b, _changes(a), cursor=42)
    assert report.applied == len(_changes(a)) and report.parked == 0
    assert b.outbox.count() == 0
    assert pull_cursor(b) == 42
    assert b.maintenance.verify_audit() == []
    assert [e["text"] for e in b.events.journal(event["id"])] == [e["text"] for e in a.events.journal(event["id"])]
    got = b.events.get(event["id"])
    assert got["status"] == "assigned" and got["number"] == event["number"]
    for table in ("events", "resources", "assignments", "journal"):
        assert snapshot(a)[table] == snapshot(b)[table]


def test_children_before_parent_are_parked_then_applied(stores):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    event = a.events.create(EVENT, operator=OPERATOR)
    a.events.add_note(event["id"], "prima nota", operator=OPERATOR)
    changes = _changes(a)
    parents = [c for c in changes if c["entity"] == "events" and "number" in c["fields"]]
    rest = [c for c in changes if c not in parents]
    first = apply_page(b, rest, cursor=1)
    assert first.parked == len(rest) and parked_count(b) == len(rest)
    assert b.events.journal(event["id"]) == []
    second = apply_page(b, parents, cursor=2)
    assert second.unparked == len(rest) and parked_count(b) == 0
    assert len(b.events.journal(event["id"])) == 2
    assert b.events.get(event["id"])["updated_at"] == a.events.get(event["id"])["updated_at"]
    assert b.maintenance.verify_audit() == []


def test_a_failing_page_writes_nothing_not_even_the_cursor(stores):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    a.events.create(EVENT, operator=OPERATOR)
    changes = _changes(a)
    bad = json.loads(json.dumps(changes[-1]))
    bad["change_id"] = "bad-1"
    bad["entity_id"] = "bad-entry"
    bad["fields"]["automatic"] = {"not": "storable"}  # sqlite3 cannot bind a dict
    with pytest.raises(sqlite3.Error):
        apply_page(b, [*changes, bad], cursor=7)
    assert pull_cursor(b) == 0
    assert b.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert b.maintenance.verify_audit() == []
    apply_page(b, changes, cursor=7)  # the retry after the crash applies cleanly
    assert pull_cursor(b) == 7 and b.db.execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_same_page_twice_changes_nothing(stores):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    event = a.events.create(EVENT, operator=OPERATOR)
    a.events.update(event["id"], {"address": "via Milano 2"}, operator=OPERATOR)
    apply_page(b, _changes(a), cursor=1)
    before = snapshot(b)
    audit_rows = b.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = apply_page(b, _changes(a), cursor=1)
    assert again.duplicates == again.applied and again.conflicts == 0
    assert snapshot(b) == before
    assert b.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_rows


def test_concurrent_edits_converge_with_the_loser_in_conflicts_on_both_sides(stores, relay):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    event = a.events.create(EVENT, operator=OPERATOR)
    relay.sync(a, b)
    a.events.update(event["id"], {"address": "via Bergamo 5"}, operator=OPERATOR)
    b.events.update(event["id"], {"address": "via Brescia 9"}, operator=OPERATOR)
    relay.sync(a, b)
    sa, sb = snapshot(a), snapshot(b)
    assert sa == sb
    [conflict] = sa["conflicts"]
    assert conflict[3] == "address"
    assert {json.loads(conflict[4]), json.loads(conflict[6])} == {"via Bergamo 5", "via Brescia 9"}
    assert a.maintenance.verify_audit() == [] and b.maintenance.verify_audit() == []


def test_an_ordinary_edit_of_a_seen_value_is_not_a_conflict(stores, relay):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    event = a.events.create(EVENT, operator=OPERATOR)
    relay.sync(a, b)
    b.events.update(event["id"], {"priority": "red"}, operator=OPERATOR)
    b.events.change_status(event["id"], "closed", operator=OPERATOR, outcome="risolto")
    relay.sync(a, b)
    assert snapshot(a) == snapshot(b)
    assert snapshot(a)["conflicts"] == []
    assert a.events.get(event["id"])["status"] == "closed"


def test_step_back_after_seeing_wins_but_concurrent_steps_only_move_forward(stores, relay):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    event = a.events.create(EVENT, operator=OPERATOR)
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    assignment = a.units.assign(event["id"], unit["id"], operator=OPERATOR)
    a.units.advance(assignment["id"], operator=OPERATOR, to="on_scene")
    relay.sync(a, b)
    a.events.change_status(event["id"], "assigned", operator=OPERATOR)  # deliberate step back
    relay.sync(a, b)
    assert b.events.get(event["id"])["status"] == "assigned"
    # Concurrent: A closes, B suspends; the forward move (closed) wins everywhere.
    a.events.change_status(event["id"], "closed", operator=OPERATOR)
    b.events.change_status(event["id"], "suspended", operator=OPERATOR)
    relay.sync(a, b)
    assert a.events.get(event["id"])["status"] == b.events.get(event["id"])["status"] == "closed"
    assert snapshot(a) == snapshot(b)
    assert any(c[3] == "status" and json.loads(c[4]) == "suspended" for c in snapshot(a)["conflicts"])
    # Reopening after seeing the close beats it.
    b.events.change_status(event["id"], "reopened", operator=OPERATOR)
    relay.sync(a, b)
    assert a.events.get(event["id"])["status"] == "reopened"
    assert snapshot(a) == snapshot(b)


def test_unit_on_two_events_keeps_the_first_assignment_everywhere(stores, relay):
    a, b, c = stores("a", "BGA"), stores("b", "BGB"), stores("c", "BGC")
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    ea = a.events.create(EVENT, operator=OPERATOR)
    relay.sync(a, b)
    eb = b.events.create(EVENT | {"address": "via Como 3"}, operator=OPERATOR)
    first = a.units.assign(ea["id"], unit["id"], operator=OPERATOR)
    second = b.units.assign(eb["id"], unit["id"], operator=OPERATOR)  # offline: B did not know
    relay.sync(a, b, c)  # B's decision (made while pulling A's assignment) reaches A and C too
    for s in (a, b, c):
        assert s.db.execute("SELECT status FROM assignments WHERE id = ?", [first["id"]]).fetchone()[0] == "sent"
        assert s.db.execute("SELECT status FROM assignments WHERE id = ?", [second["id"]]).fetchone()[0] \
            == "cancelled"
        assert s.maintenance.verify_audit() == []
    assert snapshot(a) == snapshot(b) == snapshot(c)
    # Decided once, by the station that made the losing assignment, as its own change
    # with a journal line saying why (sync/clash.py); nothing left for review.
    versions = json.loads(a.db.execute("SELECT _versions FROM assignments WHERE id = ?", [second["id"]]).fetchone()[0])
    assert versions["status"].endswith(b.replica_id)
    assert a.db.execute("SELECT count(*) FROM journal WHERE event_id = ? AND text LIKE '%già impegnata%'",
                        [eb["id"]]).fetchone()[0] == 1
    assert not any(c_[2] == second["id"] for c_ in snapshot(a)["conflicts"])


def test_clamped_stamps_are_rewritten_locally(stores):
    a = stores("a", "BGA")
    event = a.events.create(EVENT, operator=OPERATOR)
    changes = {c["change_id"]: c for c in _changes(a)}
    first = next(c for c in changes.values() if c["entity"] == "events")
    clamped = first["hlc"][:13].replace(first["hlc"][:13], f"{int(first['hlc'][:13]) - 5000:013d}") + first["hlc"][13:]
    assert rewrite_clamped(a, [{"change_id": first["change_id"], "hlc": first["hlc"], "clamped_hlc": clamped}],
                           changes) == 1
    row = a.db.execute("SELECT _hlc FROM events WHERE id = ?", [event["id"]]).fetchone()
    assert row[0] == clamped
    assert a.maintenance.verify_audit() == []


@pytest.mark.parametrize("a_clears_first", [True, False])
def test_unit_clash_verdict_does_not_depend_on_delivery_order(stores, a_clears_first):

    a, b = stores("a", "BGA"), stores("b", "BGB")
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    ea = a.events.create(EVENT, operator=OPERATOR)
    setup = Relay()
    setup.sync(a, b)
    eb = b.events.create(EVENT | {"address": "via Como 3"}, operator=OPERATOR)
    first = a.units.assign(ea["id"], unit["id"], operator=OPERATOR)
    if a_clears_first:  # A's unit is free again before B (offline) sends it elsewhere: no clash
        a.units.advance(first["id"], operator=OPERATOR, to="cleared")
    second = b.units.assign(eb["id"], unit["id"], operator=OPERATOR)
    if not a_clears_first:  # cleared only after B's assignment: they overlapped
        a.units.advance(first["id"], operator=OPERATOR, to="cleared")
    changes_a, changes_b = _changes(a), _changes(b)
    observers = []
    for order in ((changes_a, changes_b), (changes_b, changes_a), (changes_b[::-1] + changes_a[::-1], [])):
        obs = stores(f"obs{len(observers)}", f"OB{len(observers)}")
        apply_page(obs, json.loads(json.dumps(setup.log)), cursor=1)
        for i, chunk in enumerate(order):
            apply_page(obs, json.loads(json.dumps(chunk)), cursor=2 + i)
        assert parked_count(obs) == 0 and obs.maintenance.verify_audit() == []
        observers.append(obs)
    expected = "sent" if a_clears_first else "cancelled"
    for obs in observers:
        status = obs.db.execute("SELECT status FROM assignments WHERE id = ?", [second["id"]]).fetchone()[0]
        assert status == expected
    snaps = [snapshot(o) for o in observers]
    assert snaps[0] == snaps[1] == snaps[2]
    assert any(c[2] == second["id"] for c in snaps[0]["conflicts"]) == (not a_clears_first)
