"""Enrollment, authentication and the administration CLI, against a real server process."""

from __future__ import annotations

import json
import secrets
import time

from emergenza.server.migrations import LATEST
from tests.support.cli import run_server_cli as run_cli
from tests.support.server_data import event_fields, sql


def test_health_and_openapi(server):
    r = server.client.get("/v1/health")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ok" and body["version"]
    assert abs(body["time_ms"] - time.time() * 1000) < 60_000
    spec = server.client.get("/openapi.json").json()
    for path in ("/v1/health", "/v1/enroll", "/v1/sync/push", "/v1/sync/pull"):
        assert path in spec["paths"]
    change = spec["components"]["schemas"]["Change"]
    assert set(change["required"]) == {"change_id", "entity", "entity_id", "fields", "hlc", "origin"}


def test_enrollment_is_one_time(server):
    created = server.add_station("PL Bergamo", "Sala 1")
    assert created["code"] and created["station_id"]
    replica = secrets.token_hex(8)
    r = server.enroll(created["code"].lower().replace("-", " "), replica)  # typed loosely: still valid
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["station_id"] == created["station_id"]
    assert body["corps"] == "PL Bergamo" and body["station_name"] == "Sala 1"
    assert len(body["token"]) >= 40
    again = server.enroll(created["code"], secrets.token_hex(8))
    assert again.status_code == 403 and "già usato" in again.json()["detail"]
    # Stored hashed: neither the token nor the code appears in the database.
    rows = sql(server.db_url, "SELECT token_hash, code_hash FROM stations")
    assert all(body["token"] not in (t or "") and created["code"] not in (c or "") for t, c in rows)
    assert rows[0][0] and len(rows[0][0]) == 64


def test_wrong_and_expired_codes(server):
    r = server.enroll("AAAA-BBBB-CCCC-DDDD")
    assert r.status_code == 401 and "non valido" in r.json()["detail"]
    created = server.add_station("PL Brescia", "Sala")
    sql(server.db_url, "UPDATE stations SET code_expires_at = :t WHERE id = :id",
        {"t": int(time.time() * 1000) - 1, "id": created["station_id"]})
    r = server.enroll(created["code"])
    assert r.status_code == 403 and "scaduto" in r.json()["detail"]
    listed = json.loads(server.cli("list-stations", "--json").stdout)
    assert [s["state"] for s in listed] == ["expired"]


def test_replica_cannot_enroll_twice(server):
    a, b = server.add_station("PL Lecco", "A"), server.add_station("PL Lecco", "B")
    replica = secrets.token_hex(8)
    assert server.enroll(a["code"], replica).status_code == 200
    r = server.enroll(b["code"], replica)
    assert r.status_code == 409 and "già registrato" in r.json()["detail"]
    # Once the first account is revoked, the same archive may enroll under a new one.
    server.cli("revoke-station", "--station", a["station_id"])
    assert server.enroll(b["code"], replica).status_code == 200


def test_auth_missing_invalid_revoked(server):
    st = server.station("PL Como")
    for headers in ({}, {"Authorization": "Bearer nonvalido"}, {"Authorization": "Basic abc"},
                    {"Authorization": f"Bearer {st.token}x"}):
        r = server.client.get("/v1/sync/pull", headers=headers)
        assert r.status_code == 401, (headers, r.text)
        assert r.json()["detail"] and r.headers["www-authenticate"] == "Bearer"
        r = server.client.post("/v1/sync/push", json={"changes": []}, headers=headers)
        assert r.status_code == 401
    assert st.pull()["changes"] == []
    assert st.push([])["acked"] == []  # the token is now known to the server's token cache
    server.cli("revoke-station", "--station", st.station_id)
    r = server.client.get("/v1/sync/pull", headers=st.auth)
    assert r.status_code == 401 and "revocat" in r.json()["detail"]
    # Pushes too are refused at once, whether or not the token was cached, with nothing stored.
    ev = secrets.token_hex(8)
    for path, body in (("/v1/sync/push", {"changes": [st.change("events", ev, event_fields())]}),
                       ("/v1/sync/push-pull", {"changes": [st.change("events", ev, event_fields())], "cursor": 0})):
        r = server.client.post(path, json=body, headers=st.auth)
        assert r.status_code == 401 and "revocat" in r.json()["detail"], r.text
        assert r.headers["www-authenticate"] == "Bearer"
    assert sql(server.db_url, "SELECT count(*) FROM changes")[0][0] == 0
    listed = json.loads(server.cli("list-stations", "--json").stdout)
    assert listed[0]["state"] == "revoked" and listed[0]["revoked_at"]


def test_cli_bad_input_exits_2_with_one_line(server, tmp_path):
    cases = [
        ("revoke-station", "--db", server.db_url, "--station", "nessuna"),
        ("add-station", "--db", server.db_url, "--corps", "  ", "--name", "x"),
        ("add-observer", "--db", server.db_url, "--name", "Q", "--agency", "XX"),
        ("list-stations", "--db", "mysql://x/y"),
        ("list-stations", "--db", f"sqlite:///{tmp_path / 'vuoto.db'}"),
        ("add-station", "--db", server.db_url),
        ("serve", "--db", server.db_url, "--port", "99999"),
        ("nonesiste",),
    ]
    for args in cases:
        proc = run_cli(*args, check=False)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert proc.stderr.startswith("emergenza-server: errore:"), proc.stderr


def test_cli_lists_stations_and_observers(server):
    server.add_station("PL Bergamo", "Sala 1")
    obs = server.add_observer("Questura di Bergamo", "PS")
    assert obs["kind"] == "observer" and obs["agency"] == "PS"
    text = server.cli("list-stations").stdout
    assert "PL Bergamo" in text and "Questura di Bergamo" in text and "in attesa" in text
    rows = json.loads(server.cli("list-stations", "--json").stdout)
    assert {r["kind"] for r in rows} == {"station", "observer"}
    assert server.cli("migrate").stdout.strip() == f"database alla versione {LATEST}"


def test_unknown_path_and_method_are_italian_4xx(server):
    r = server.client.get("/v1/nonesiste")
    assert r.status_code == 404 and r.json()["detail"] == "risorsa non trovata"
    r = server.client.delete("/v1/sync/push")
    assert r.status_code == 405 and "metodo" in r.json()["detail"]
