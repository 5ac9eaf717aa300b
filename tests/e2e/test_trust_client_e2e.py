"""Issue 9, the client's side of the exchange, against a REAL server (SQLite and PostgreSQL):
refused changes stay here as "non condiviso", a change that cannot be applied goes to
quarantine while sync goes on, a shared child of a reserved parent arrives, a unit on
two active events converges across corps, enrollment with a station code."""

from __future__ import annotations

import json

import pytest

from emergenza.sync.errors import StationCodeTakenError
from tests.support.cli import run_emergenza
from tests.support.factories import CORPS, EVENT, OPERATOR
from tests.support.stations import Station, sync_all

CORPS_A = "Polizia Locale di Bergamo"
CORPS_B = "Polizia Locale di Seriate"
POISON = ("CREATE TRIGGER poison BEFORE INSERT ON journal WHEN NEW.text LIKE '%veleno%' "
          "BEGIN SELECT RAISE(ABORT, 'valore rifiutato da questo archivio'); END")


def _status(station: Station, assignment_id: str) -> str | None:
    rows = station.q("SELECT status FROM assignments WHERE id = ?", [assignment_id])
    return rows[0][0] if rows else None


def test_a_refused_edit_stays_here_as_not_shared_with_the_reason(server, stations, tmp_path):
    a, b = stations("A", corps=CORPS_A), stations("B", corps=CORPS_B)
    event = a.events.create(EVENT, operator=OPERATOR)  # shared: B sees it, but does not own it
    sync_all(a, b)
    b.events.update(event["id"], {"description": "Modificato da un altro comando"}, operator=OPERATOR)
    report = b.sync()
    assert report.refused >= 1 and report.not_shared == report.refused
    assert report.pending == 0  # done with: not left in the outbox to be sent forever
    refused = b.sync_issues.refused()
    assert {r["entity_id"] for r in refused} == {event["id"]}
    assert all(r["reason"] for r in refused)  # the server's own words
    # The local row keeps the edit (never dropped silently); the owner's data is intact.
    assert b.q("SELECT description FROM events WHERE id = ?", [event["id"]]) == [("Modificato da un altro comando",)]
    assert b.sync_issues.refused_reason("events", event["id"])
    sync_all(a, b)
    assert a.q("SELECT description FROM events WHERE id = ?", [event["id"]]) == [(EVENT["description"],)]

    # The command line reports them too (and a refusal is not a failure of the sync).
    b.events.update(event["id"], {"address": "via Zogno 9"}, operator=OPERATOR)
    path = tmp_path / "B.db"
    b.close()
    proc = run_emergenza("sync", "--db", path, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is True and out["refused"] >= 1 and out["not_shared"] > report.not_shared
    assert "non condivise" in proc.stderr and "Traceback" not in proc.stderr


def test_an_unappliable_change_is_quarantined_and_sync_goes_on(server, stations, tmp_path, catalogs):
    a, b = stations("A"), stations("B")
    sync_all(a, b)
    b.owner.call_blocking(lambda s: s.db.execute(POISON))  # this archive cannot take that entry
    event = a.events.create(EVENT, operator=OPERATOR)
    a.events.add_note(event["id"], "nota col veleno", operator=OPERATOR)
    later = a.events.create(EVENT | {"address": "via Bianchi 2"}, operator=OPERATOR)
    a.sync()
    report = b.sync()  # no exception: the page is applied change by change
    assert report.quarantined == 1 and report.quarantine == 1
    assert "valore rifiutato" in report.quarantine_reason
    assert not report.complete
    assert b.q("SELECT count(*) FROM events WHERE id IN (?, ?)", [event["id"], later["id"]]) == [(2,)]
    assert b.q("SELECT count(*) FROM journal WHERE text LIKE '%veleno%'") == [(0,)]
    assert b.maintenance.verify_audit() == []
    cursor = report.cursor
    assert b.sync().cursor == cursor  # nothing re-read: the cursor moved past it

    # The command line does not call that a success: exit 2, one Italian line.
    path = tmp_path / "B.db"
    b.close()
    proc = run_emergenza("sync", "--db", path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("emergenza: 1 modifiche ricevute in quarantena")
    assert "Traceback" not in proc.stderr

    # A newer program (here: the trigger gone) applies it at the next sync.
    b2 = Station(path, catalogs, "STB", CORPS)
    try:
        b2.owner.call_blocking(lambda s: s.db.execute("DROP TRIGGER poison"))
        report = b2.sync()
        assert report.quarantine == 0 and report.complete
        assert b2.q("SELECT count(*) FROM journal WHERE text LIKE '%veleno%'") == [(1,)]
        assert b2.snapshot() == a.snapshot()
    finally:
        b2.close()


def test_changes_still_waiting_make_sync_exit_2_with_the_reason(server, stations, tmp_path):
    a = stations("A")
    a.sync()
    # A change parked by an older version, whose parent will never come.
    a.owner.call_blocking(lambda s: s.db.execute(
        "INSERT INTO sync_pending (change_id, entity, entity_id, change, missing, parked_at) VALUES "
        "('c1', 'journal', 'j1', '{}', 'events:e-assente', '2026-01-01T00:00:00.000Z')"))
    report = a.sync()
    assert report.waiting == 1 and not report.complete
    assert "e-assente" in report.waiting_reason
    path = tmp_path / "A.db"
    a.close()
    proc = run_emergenza("sync", "--db", path, "--json")
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["ok"] is False
    assert proc.stderr.strip().splitlines()[-1] == (
        "emergenza: 1 modifiche in attesa: l'intervento e-assente non è ancora arrivato")


def test_a_shared_child_of_a_reserved_parent_arrives_and_shows_the_parent_reserved(server, stations):
    a, b = stations("A", corps=CORPS_A), stations("B", corps=CORPS_B)
    parent = a.events.create(EVENT | {"sharing": "reserved", "description": "Maxi emergenza"}, operator=OPERATOR)
    child = a.events.create(EVENT | {"parent_id": parent["id"], "address": "via Verdi 2"}, operator=OPERATOR)
    a.sync()
    report = b.sync()
    assert report.waiting == 0 and report.complete
    assert b.q("SELECT count(*) FROM events WHERE id = ?", [parent["id"]]) == [(0,)]
    assert b.q("SELECT parent_id FROM events WHERE id = ?", [child["id"]]) == [(None,)]
    assert b.sync_issues.reserved_parent(child["id"]) == parent["id"]
    assert b.maintenance.verify_audit() == []
    a.events.update(child["id"], {"description": "Aggiornato"}, operator=OPERATOR)  # later edits arrive too
    sync_all(a, b)
    assert b.q("SELECT description FROM events WHERE id = ?", [child["id"]]) == [("Aggiornato",)]

    # The parent becomes shared: it arrives, and the child gets its parent back.
    a.events.update(parent["id"], {"sharing": "shared"}, operator=OPERATOR)
    sync_all(a, b)
    assert b.q("SELECT parent_id FROM events WHERE id = ?", [child["id"]]) == [(parent["id"],)]
    assert b.sync_issues.reserved_parent(child["id"]) is None
    assert b.maintenance.verify_audit() == []


def test_unit_on_two_events_converges_for_every_corps(server, stations):
    """Corps A's unit on A's reserved event and (concurrently, from A's other station) on a
    shared one: corps B cannot see the first. Every replica ends with the same statuses."""
    a1, a2, b = stations("A1", corps=CORPS_A), stations("A2", corps=CORPS_A), stations("B", corps=CORPS_B)
    unit = a1.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    sync_all(a1, a2, b)
    reserved = a1.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    shared = a2.events.create(EVENT | {"address": "via Como 3"}, operator=OPERATOR)
    first = a1.units.assign(reserved["id"], unit["id"], operator=OPERATOR)
    second = a2.units.assign(shared["id"], unit["id"], operator=OPERATOR)  # offline: A2 did not know
    for _ in range(2):
        for st in (a1, b, a2):  # A2, which made the loser, syncs last
            st.sync()
    sync_all(a1, a2, b)
    assert _status(a1, first["id"]) == _status(a2, first["id"]) == "sent"
    assert _status(b, first["id"]) is None  # never seen by corps B
    assert _status(a1, second["id"]) == _status(a2, second["id"]) == _status(b, second["id"]) == "cancelled"
    for st in (a1, a2, b):
        assert st.q("SELECT count(*) FROM sync_pending") == [(0,)]
        assert st.maintenance.verify_audit() == []
        assert st.sync_issues.counts() == {"refused": 0, "quarantined": 0, "waiting": 0}
    # The shared event and its rows are identical wherever they are seen.
    rows = [st.q("SELECT id, status, _versions FROM assignments WHERE event_id = ?", [shared["id"]])
            for st in (a1, a2, b)]
    assert rows[0] == rows[1] == rows[2]


def test_enrollment_sends_the_station_code_and_keeps_the_one_assigned(server, tmp_path, catalogs):
    first = Station(tmp_path / "one.db", catalogs, "BG07", CORPS_A)
    second = Station(tmp_path / "two.db", catalogs, "BG07", CORPS_A)
    default = Station(tmp_path / "three.db", catalogs, None, CORPS_A)
    try:
        first.enroll(server.url, server.enrollment_code(CORPS_A, "Uno"))
        assert first.owner.call_blocking(lambda s: s.meta.station_code) == "BG07"
        code = server.enrollment_code(CORPS_A, "Due")
        with pytest.raises(StationCodeTakenError) as taken:
            second.enroll(server.url, code)
        assert "BG07" in str(taken.value) and "già usato" in str(taken.value)
        assert second.owner.call_blocking(lambda s: s.meta.get("token")) is None
        default.enroll(server.url, server.enrollment_code(CORPS_A, "Tre"))
        assigned = default.owner.call_blocking(lambda s: s.meta.station_code)
        assert assigned not in ("PL01", "BG07")
        event = default.events.create(EVENT, operator=OPERATOR)
        assert event["number"].startswith(assigned + "-")
        assert default.sync().refused == 0
    finally:
        second.close()
        first.close()
        default.close()
    # The same through the command line; the code stays usable after a 409.
    proc = run_emergenza("enroll", "--db", tmp_path / "two.db", "--server", server.url, "--code", code,
                         "--station-code", "bg07")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "già usato" in proc.stderr
    proc = run_emergenza("enroll", "--db", tmp_path / "two.db", "--server", server.url, "--code", code,
                         "--station-code", "BG08")
    assert proc.returncode == 0, proc.stderr
    assert "codice postazione: BG08" in proc.stdout
    proc = run_emergenza("enroll", "--db", tmp_path / "x.db", "--server", server.url, "--code", code,
                         "--station-code", "8-bad")
    assert proc.returncode == 2 and "codice postazione non valido" in proc.stderr
