"""Station codes are unique in the region: given at add-station or checked at enrollment,
never the default PL01, and a code used in event numbers is that station's alone."""

from __future__ import annotations

import json
import secrets

from emergenza.domain.wire_rules import STATION_CODE_RE
from emergenza.server import migrations, tables
from emergenza.server.db import make_engine
from tests.support.cli import run_server_cli as run_cli
from tests.support.server_data import event_fields, new_id, sql
from tests.support.servers import ApiStation as Station


def enroll(server, code: str, station_code: str | None = None, replica: str | None = None):
    body = {"code": code, "replica_id": replica or secrets.token_hex(8)}
    if station_code is not None:
        body["station_code"] = station_code
    return server.client.post("/v1/enroll", json=body)


def test_the_station_code_is_given_or_checked_at_enrollment(server):
    given = json.loads(server.cli("add-station", "--corps", "PL Bergamo", "--name", "Sala 1", "--code", "bg01",
                                  "--json").stdout)
    assert given["station_code"] == "BG01"
    r = enroll(server, given["code"], "MI09")
    assert r.status_code == 200 and r.json()["station_code"] == "BG01"  # the administrator's choice wins
    chosen = server.add_station("PL Milano", "Sala 1")
    r = enroll(server, chosen["code"], "BG01")
    assert r.status_code == 409
    assert r.json()["detail"] == "il codice postazione BG01 è già usato da un'altra postazione: sceglierne un altro"
    r = enroll(server, chosen["code"], "MI01")  # the refused attempt did not use the code up
    assert r.status_code == 200 and r.json()["station_code"] == "MI01"
    # The default code, or none at all: the server picks a free one.
    first, second = server.add_station("PL Lodi", "A"), server.add_station("PL Lodi", "B")
    codes = [enroll(server, first["code"], "PL01").json()["station_code"],
             enroll(server, second["code"]).json()["station_code"]]
    assert codes[0] != codes[1] and "PL01" not in codes and all(STATION_CODE_RE.match(c) for c in codes)
    obs = server.add_observer("Prefettura")
    assert enroll(server, obs["code"], "PR01").json()["station_code"] == ""  # observers number nothing
    listed = {r["name"] + "/" + (r["corps"] or ""): r["station_code"]
              for r in json.loads(server.cli("list-stations", "--json").stdout)}
    assert listed["Sala 1/PL Bergamo"] == "BG01" and listed["Sala 1/PL Milano"] == "MI01"
    assert "BG01" in server.cli("list-stations").stdout
    bad_body = server.client.post("/v1/enroll", json={"code": server.add_station("PL Lodi", "C")["code"],
                                                      "replica_id": secrets.token_hex(8), "station_code": "bg-1"})
    assert bad_body.status_code == 422 and "station_code" in bad_body.json()["detail"]


def test_add_station_refuses_a_bad_default_or_taken_code(server):
    server.add_station("PL Bergamo", "Sala 1")
    json.loads(server.cli("add-station", "--corps", "PL Bergamo", "--name", "Sala 2", "--code", "BG02",
                          "--json").stdout)
    for code, says in (("PL01", "predefinito"), ("1AB", "non valido"), ("TROPPOLUNGO", "non valido"),
                       ("BG02", "già usato")):
        proc = run_cli("add-station", "--db", server.db_url, "--corps", "PL Bergamo", "--name", "X", "--code", code,
                       check=False)
        assert proc.returncode == 2 and says in proc.stderr, (code, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert sql(server.db_url, "SELECT count(*) FROM stations")[0][0] == 2  # nothing half-written


def test_a_code_used_in_event_numbers_stays_with_that_station(server):
    x = server.station("PL Bergamo", "X")
    assert x.push([x.change("events", new_id(), event_fields(number="ZZ01-2026-000001"))])["refused"] == []
    other = server.add_station("PL Brescia", "Y")
    r = enroll(server, other["code"], "ZZ01")
    assert r.status_code == 409 and "ZZ01" in r.json()["detail"]
    # A revoked station's archive enrolls again under a new account: its codes follow it.
    registered = {s["id"]: s["station_code"] for s in json.loads(server.cli("list-stations", "--json").stdout)}
    server.cli("revoke-station", "--station", x.station_id)
    again = server.add_station("PL Bergamo", "X bis")
    r = enroll(server, again["code"], "ZZ01", replica=x.replica_id)
    assert r.status_code == 200 and r.json()["station_code"] == registered[x.station_id]
    back = Station(again["station_id"], x.replica_id, r.json()["token"], "PL Bergamo", server.client)
    assert back.push([back.change("events", new_id(), event_fields(number="ZZ01-2026-000002"))])["refused"] == []


def test_migration_2_fills_the_door_tables_from_what_was_accepted(db_url):
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            migrations.current_version(conn)  # creates schema_version
            migrations.MIGRATIONS[0](conn)
            conn.execute(tables.schema_version.insert().values(version=1, applied_at=0))
            conn.execute(tables.corps.insert(), [{"id": 1, "name": "PL Bergamo", "created_at": 0},
                                                 {"id": 2, "name": "PL Brescia", "created_at": 0}])
            rows = [("events", "e1", 1, {"number": "BG01-2026-000001"}, "s1"),
                    ("events", "e2", 1, {"number": "BG01-2026-000001"}, "s2"),  # a duplicate stored before the door
                    ("events", "e3", 2, {"number": "vecchio formato"}, "s2"),
                    ("resources", "r1", 1, {"call_sign": "Alfa 1"}, "s1"),
                    ("resources", "r2", 1, {"call_sign": "alfa 1"}, "s1"),
                    ("resources", "r3", 2, {"call_sign": "Alfa 1"}, "s2")]
            for seq, (kind, entity_id, corps_id, state, station) in enumerate(rows, 1):
                conn.execute(tables.changes.insert().values(
                    seq=seq, change_id=f"c{seq}", station_id=station, entity=kind, entity_id=entity_id,
                    corps_id=corps_id, fields=json.dumps(state), hlc=f"{seq:013d}-00000-n", origin="n", received_at=0))
                conn.execute(tables.entities.insert().values(
                    entity=kind, entity_id=entity_id, corps_id=corps_id, state=json.dumps(state), versions="{}",
                    updated_seq=seq))
        assert migrations.migrate(engine) == (1, migrations.LATEST)
        with engine.connect() as conn:
            assert conn.execute(tables.event_numbers.select()).all() == [("BG01-2026-000001", "e1")]
            assert [tuple(r)[:3] for r in conn.execute(tables.station_codes.select())] == [("BG01", "s1", 0)]
            assert sorted(conn.execute(tables.call_signs.select()).all()) == [(1, "alfa 1", "r1"), (2, "alfa 1", "r3")]
    finally:
        engine.dispose()


def test_stations_enrolling_at_once_get_different_codes(server):
    import threading

    import httpx

    created = [server.add_station("PL Bergamo", f"Sala {i}")["code"] for i in range(8)]
    answers: list = []

    def one(code: str) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            answers.append(client.post("/v1/enroll", json={"code": code, "replica_id": secrets.token_hex(8)}))

    threads = [threading.Thread(target=one, args=(c,)) for c in created]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in answers] == [200] * 8, [r.text for r in answers]
    assert len({r.json()["station_code"] for r in answers}) == 8
