"""First sync of a new station from the server's snapshot (sync/snapshot.py,
server/snapshot_api.py), through a real server process: it ends identical to a station
that pulled the whole stream, sees nothing it may not, survives a kill midway."""

from __future__ import annotations

import gc

from emergenza.store import Store
from tests.support.cli import run_emergenza
from tests.support.crash import kill_first_sync_midway
from tests.support.factories import EVENT, OPERATOR
from tests.support.relay import synced_rows


def _history(a, n_events: int) -> dict:
    """A region with history: events created, noted, edited again, some reserved."""
    made = {}
    for i in range(n_events):
        sharing = "reserved" if i % 5 == 0 else "shared"
        ev = a.events.create(EVENT | {"sharing": sharing, "description": f"Evento {i}"}, operator=OPERATOR)
        a.events.add_note(ev["id"], f"Nota {i}", operator=OPERATOR)
        if i % 3 == 0:
            a.events.update(ev["id"], {"address": f"via Verdi {i}"}, operator=OPERATOR)
        made[ev["id"]] = sharing
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    a.units.assign(next(iter(made)), unit["id"], operator=OPERATOR)
    return made


def test_new_station_from_snapshot_equals_one_that_pulled_the_stream(server, stations):
    a = stations("A", corps="PL Bergamo")
    stream = stations("S", corps="PL Milano")
    stream.sync(from_snapshot=False)  # joins early and will follow the stream
    made = _history(a, 30)
    assert a.sync().pending == 0
    stream.sync(from_snapshot=False)
    phases = []
    fresh = stations("F", corps="PL Milano")
    thresholds = gc.get_threshold()
    report = fresh.sync(progress=lambda phase, done, total: phases.append((phase, done, gc.get_threshold())),
                        snapshot_limit=7)
    assert report.complete and report.pending == 0
    assert [p for p, _d, _t in phases if p == "snapshot"] and phases[-1][0] == "pull"
    # No full pass of the collector while the snapshot loads (they walked every page in
    # flight and found nothing); the collector as it was once it is loaded.
    assert all(t[:2] == thresholds[:2] and t[2] >= 2**30 for p, _d, t in phases if p == "snapshot")
    assert phases[-1][2] == gc.get_threshold() == thresholds
    assert fresh.snapshot() == stream.snapshot()
    reserved = [eid for eid, sharing in made.items() if sharing == "reserved"]
    assert fresh.q(f"SELECT count(*) FROM events WHERE id IN ({','.join('?' * len(reserved))})", reserved) == [(0,)]
    assert fresh.q("SELECT count(*) FROM events") == [(len(made) - len(reserved),)]
    assert fresh.maintenance.verify_audit() == []
    assert fresh.q("SELECT value FROM meta WHERE key = 'snapshot_progress'") == []
    # Later edits arrive by the stream, from the snapshot's cursor.
    shared = next(eid for eid, sharing in made.items() if sharing == "shared")
    a.events.update(shared, {"address": "piazza Vecchia 2"}, operator=OPERATOR)
    a.sync()
    assert fresh.sync().pulled >= 1
    assert fresh.q("SELECT address FROM events WHERE id = ?", [shared]) == [("piazza Vecchia 2",)]


def test_reserved_event_of_another_corps_never_arrives_by_the_snapshot(server, stations):
    a = stations("A", corps="PL Bergamo")
    secret = a.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    a.events.add_note(secret["id"], "Riservato", operator=OPERATOR)
    a.sync()
    same_corps, other = stations("B", corps="PL Bergamo"), stations("C", corps="PL Milano")
    other.sync()
    same_corps.sync()
    assert other.q("SELECT count(*) FROM events") == [(0,)]
    assert other.q("SELECT count(*) FROM journal") == [(0,)]
    assert other.q("SELECT count(*) FROM sync_pending") == [(0,)]
    assert same_corps.q("SELECT count(*) FROM events WHERE id = ?", [secret["id"]]) == [(1,)]


def test_first_sync_killed_midway_resumes_and_ends_identical(server, stations, tmp_path, catalogs):
    a = stations("A", corps="PL Bergamo")
    _history(a, 300)
    a.sync()
    stream = stations("S", corps="PL Milano")
    stream.sync(from_snapshot=False)
    path = tmp_path / "killed.db"
    enrolled = run_emergenza("enroll", "--db", path, "--server", server.url,
                             "--code", server.enrollment_code("PL Milano", "K"))
    assert enrolled.returncode == 0, enrolled.stderr
    kill_first_sync_midway(path)
    again = run_emergenza("sync", "--db", path, "--initial-page", "50", timeout=120)
    assert again.returncode == 0, again.stderr
    assert "stato iniziale" in again.stderr
    assert run_emergenza("check", "--db", path).returncode == 0
    store = Store.open(path, catalogs)
    try:
        assert synced_rows(store) == stream.owner.call_blocking(synced_rows)
        assert store.meta.get("snapshot_progress") is None
    finally:
        store.close()


def test_a_first_sync_announces_the_shared_events_still_open_not_the_history(server, stations):
    a = stations("A", corps="PL Bergamo")
    still_open = a.events.create(EVENT | {"sharing": "shared", "description": "Ancora aperto"}, operator=OPERATOR)
    closed = a.events.create(EVENT | {"sharing": "shared", "description": "Chiuso ieri"}, operator=OPERATOR)
    a.events.change_status(closed["id"], "closed", operator=OPERATOR)
    a.sync()
    fresh = stations("F", corps="PL Milano")
    report = fresh.sync()
    assert fresh.q("SELECT count(*) FROM events") == [(2,)]  # both arrive
    assert report.new_shared_events == [still_open["id"]]  # only the open one is news
