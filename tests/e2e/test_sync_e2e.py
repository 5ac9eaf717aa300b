"""Stations syncing through a real server process (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json

import httpx
import pytest

from emergenza.sync.errors import AuthRefusedError
from tests.support.cli import run_emergenza
from tests.support.factories import EVENT, OPERATOR
from tests.support.stations import sync_all


def test_offline_edits_on_both_stations_converge(stations):
    a, b = stations("A"), stations("B")
    ea = a.events.create(EVENT, operator=OPERATOR)
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    a.units.assign(ea["id"], unit["id"], operator=OPERATOR)
    eb = b.events.create(EVENT | {"address": "via Como 3"}, operator=OPERATOR)
    b.events.add_note(eb["id"], "Chiamata ripetuta", operator=OPERATOR)
    sync_all(a, b)
    assert a.snapshot() == b.snapshot()
    assert len(a.snapshot()["events"]) == 2
    assert a.outbox.count() == b.outbox.count() == 0
    assert a.maintenance.verify_audit() == [] and b.maintenance.verify_audit() == []


def test_same_field_on_both_sides_same_winner_everywhere_loser_in_conflicts(stations):
    a, b = stations("A"), stations("B")
    event = a.events.create(EVENT, operator=OPERATOR)
    sync_all(a, b)
    a.events.update(event["id"], {"description": "Tamponamento con feriti"}, operator=OPERATOR)
    b.events.update(event["id"], {"description": "Tamponamento senza feriti"}, operator=OPERATOR)
    sync_all(a, b)
    sa, sb = a.snapshot(), b.snapshot()
    assert sa == sb
    winner = next(e for e in sa["events"] if e["id"] == event["id"])["description"]
    loser = ({"Tamponamento con feriti", "Tamponamento senza feriti"} - {winner}).pop()
    for st in (a, b):
        conflicts = st.open_conflicts()
        assert {(c[1], json.loads(c[2]), json.loads(c[4])) for c in conflicts} == {("description", loser, winner)}
    assert a.open_conflicts() == b.open_conflicts()


def test_reserved_events_stay_within_their_corps(stations):
    a, b, c = stations("A", corps="PL Bergamo"), stations("B", corps="PL Bergamo"), stations("C", corps="PL Milano")
    reserved = a.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    shared = a.events.create(EVENT | {"address": "via Dante 4"}, operator=OPERATOR)
    sync_all(a, b, c)
    ids_b = {r[0] for r in b.q("SELECT id FROM events")}
    ids_c = {r[0] for r in c.q("SELECT id FROM events")}
    assert {reserved["id"], shared["id"]} <= ids_b
    assert shared["id"] in ids_c and reserved["id"] not in ids_c
    assert c.q("SELECT count(*) FROM journal WHERE event_id = ?", [reserved["id"]]) == [(0,)]
    assert c.q("SELECT count(*) FROM sync_pending") == [(0,)]  # nothing of it even parked


def test_a_batch_pushed_twice_is_stored_once(server, stations):
    a, b = stations("A"), stations("B")
    a.events.create(EVENT, operator=OPERATOR)
    rows = a.outbox.pending(1000)
    token = a.owner.call_blocking(lambda s: s.meta.get("token"))  # sealed in the file
    body = {"changes": [{k: r[k] for k in ("change_id", "entity", "entity_id", "fields", "hlc", "origin")}
                        for r in rows]}
    headers = {"Authorization": f"Bearer {token}"}
    first = httpx.post(server.url + "/v1/sync/push", json=body, headers=headers).json()
    second = httpx.post(server.url + "/v1/sync/push", json=body, headers=headers).json()
    assert len(first["acked"]) == len(rows) and first["duplicates"] == 0
    assert len(second["acked"]) == len(rows) and second["duplicates"] == len(rows)
    report = a.sync()  # the outbox still holds them: pushed a third time, nothing new
    assert report.pushed == len(rows) and report.duplicates == len(rows)
    b.sync()
    assert b.q("SELECT count(*) FROM events") == [(1,)]
    assert b.q("SELECT count(*) FROM journal") == [(1,)]


def test_revoked_or_wrong_token_is_refused_in_italian(server, stations):
    a = stations("A")
    a.owner.call_blocking(lambda s: s.meta.set("token", "x" * 40))
    with pytest.raises(AuthRefusedError) as info:
        a.sync()
    assert "rifiutato" in str(info.value)


def test_cli_enroll_and_sync(server, tmp_path, catalogs):
    from emergenza.store import Store

    path = tmp_path / "cli.db"
    s = Store.open(path, catalogs, station_code="CLI1", corps="PL Bergamo")
    s.events.create(EVENT, operator=OPERATOR)
    s.close()
    code = server.enrollment_code("PL Bergamo", "CLI")

    def run(*args):
        return run_emergenza(*args)

    bad = run("enroll", "--db", str(path), "--server", "http://127.0.0.1:1", "--code", code)
    assert bad.returncode == 2 and "non raggiungibile" in bad.stderr and "Traceback" not in bad.stderr
    assert run("enroll", "--db", str(path), "--server", server.url, "--code", code).returncode == 0
    done = run("sync", "--db", str(path), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["pushed"] == 2 and out["pending"] == 0
    assert "inviate" in done.stderr  # progress on stderr
    server.kill()
    s = Store.open(path, catalogs)
    s.events.create(EVENT, operator=OPERATOR)
    s.close()
    left = run("sync", "--db", str(path), "--json")
    assert left.returncode == 2 and json.loads(left.stdout)["pending"] == 2


def test_a_refused_enroll_leaves_no_empty_store_behind(server, tmp_path, catalogs):
    from emergenza.store import Store

    folder = tmp_path / "new" / "station"
    refused = run_emergenza("enroll", "--db", folder / "s.db", "--server", server.url, "--code", "NON-VALIDO-123")
    assert refused.returncode == 2 and refused.stderr.startswith("emergenza: ") and "Traceback" not in refused.stderr
    assert not (tmp_path / "new").exists()
    # An existing store is kept as it was, and a good code afterwards still enrolls it.
    path = tmp_path / "kept.db"
    Store.open(path, catalogs, station_code="KEP1", corps="PL Bergamo").close()
    assert run_emergenza("enroll", "--db", path, "--server", server.url, "--code", "NON-VALIDO-123").returncode == 2
    assert path.exists()
    code = server.enrollment_code("PL Bergamo", "Kept")
    assert run_emergenza("enroll", "--db", path, "--server", server.url, "--code", code).returncode == 0


def test_a_unit_placed_by_hand_reaches_the_other_stations(server, stations):
    """The map's hand-set position (lat, lon, position_at) passes the server's door."""
    a, b = stations("A", corps="PL Bergamo"), stations("B", corps="PL Bergamo")
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 9"}, operator=OPERATOR)
    a.units.set_position(unit["id"], 45.69, 9.67, operator=OPERATOR)
    report = a.sync()
    assert report.pending == 0
    b.sync()
    (lat, lon, at), = b.q("SELECT lat, lon, position_at FROM resources WHERE id = ?", [unit["id"]])
    assert (lat, lon) == (45.69, 9.67) and at
