"""Size limits and malformed requests: always a 4xx with an Italian message, never a 500."""

from __future__ import annotations

import json

import pytest

from tests.support.server_data import event_fields, journal_fields, new_id, sql


def _bad_changes(st) -> list:
    good = st.change("events", new_id(), event_fields())
    variants = []
    for key in ("change_id", "entity", "entity_id", "fields", "hlc", "origin"):
        variants.append({k: v for k, v in good.items() if k != key})  # missing field
    variants += [
        good | {"entity": "operators"},
        good | {"entity": None},
        good | {"hlc": "ieri"},
        good | {"hlc": "1234-00001-abc"},
        good | {"hlc": "1732400000000-1-abc"},
        good | {"hlc": 1732400000000},
        good | {"change_id": ""},
        good | {"change_id": "x" * 65},
        good | {"change_id": "a b"},
        good | {"entity_id": ["x"]},
        good | {"fields": []},
        good | {"fields": "testo"},
        good | {"fields": {"a": {"b": 1}}},
        good | {"fields": {"a": [1, 2]}},
        good | {"fields": {"_base": "1732400000000-00001-abc"}},
        good | {"fields": {"_base": {"status": "ieri"}}},
        good | {"fields": {"status": {"a": "1732400000000-00001-abc"}}},
        good | {"fields": {"": 1}},
        good | {"fields": {"1abc": 1}},
        good | {"fields": {f"f{i}": i for i in range(201)}},
        good | {"extra": 1},
        good | {"origin": 7},
        "non un oggetto",
        None,
        [],
    ]
    return variants


def test_malformed_push_bodies_are_4xx(server):
    st = server.station("PL Bergamo")
    bodies = [{"changes": [bad]} for bad in _bad_changes(st)]
    bodies += [{}, [], {"changes": None}, {"changes": {}}, {"changes": "x"}, {"cambi": []}, 1, "x", None]
    for body in bodies:
        r = server.client.post("/v1/sync/push", json=body, headers=st.auth)
        assert 400 <= r.status_code < 500, (body, r.status_code, r.text)
        detail = r.json()["detail"]
        assert isinstance(detail, str) and detail, (body, r.text)
    raw = [b"", b"{", b"{\"changes\": [", b"\xff\xfe\x00", b"null", b"NaN",
           b'{"changes": [{"change_id": "a", "fields": {"x": NaN}}]}',
           b'{"changes": [{"change_id": "a", "fields": {"x": Infinity}}]}', b"{\"changes\": []} garbage"]
    for content in raw:
        r = server.client.post("/v1/sync/push", content=content,
                               headers=st.auth | {"Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (content, r.status_code, r.text)
    assert sql(server.db_url, "SELECT count(*) FROM changes")[0][0] == 0


def test_validation_messages_are_italian_and_precise(server):
    st = server.station("PL Bergamo")
    bad = st.change("events", new_id(), event_fields()) | {"hlc": "ieri"}
    r = server.client.post("/v1/sync/push", json={"changes": [bad]}, headers=st.auth)
    assert r.status_code == 422
    assert r.json()["detail"] == "richiesta non valida: changes[0].hlc: formato non valido"
    r = server.client.post("/v1/sync/push", json={"changes": [bad | {"entity": "utenti"}]}, headers=st.auth)
    assert "changes[0].entity: valore non ammesso" in r.json()["detail"]
    r = server.client.post("/v1/sync/push", content=b"{", headers=st.auth | {"Content-Type": "application/json"})
    assert r.status_code == 422 and "JSON non valido" in r.json()["detail"]


def test_wrong_content_type_is_415(server):
    st = server.station("PL Bergamo")
    body = json.dumps({"changes": []})
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None):
        headers = st.auth | ({"Content-Type": ctype} if ctype else {})
        r = server.client.post("/v1/sync/push", content=body, headers=headers)
        assert r.status_code == 415, (ctype, r.text)
        assert "JSON" in r.json()["detail"]
    r = server.client.post("/v1/sync/push", content=body,
                           headers=st.auth | {"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200


def test_size_limits(server):
    st = server.station("PL Bergamo")
    st.push([st.change("events", "e", event_fields())])
    too_many = [st.change("journal", new_id(), journal_fields("e", "x")) for _ in range(1001)]
    r = server.client.post("/v1/sync/push", json={"changes": too_many}, headers=st.auth)
    assert r.status_code == 413 and "1000" in r.json()["detail"]
    huge = [st.change("journal", new_id(), journal_fields("e", "x" * 60_000)) for _ in range(100)]
    r = server.client.post("/v1/sync/push", json={"changes": huge}, headers=st.auth)
    assert r.status_code == 413 and "troppo grande" in r.json()["detail"]

    def chunks():  # no Content-Length: the limit holds on the bytes actually read
        yield b'{"changes": ["'
        for _ in range(700):
            yield b"x" * 10_000
        yield b'"]}'
    r = server.client.post("/v1/sync/push", content=chunks(), headers=st.auth | {"Content-Type": "application/json"})
    assert r.status_code == 413
    ok = [st.change("journal", new_id(), journal_fields("e", "x")) for _ in range(1000)]
    answer = st.push(ok)
    assert answer["acked"] == [c["change_id"] for c in ok] and answer["refused"] == []


@pytest.mark.parametrize("params", [
    {"cursor": "-1"}, {"cursor": "abc"}, {"cursor": "1.5"}, {"cursor": str(2**70)},
    {"limit": "0"}, {"limit": "2001"}, {"limit": "tanti"}, {"cursor": ""},
])
def test_bad_pull_parameters(server, params):
    st = server.station("PL Bergamo")
    r = server.client.get("/v1/sync/pull", params=params, headers=st.auth)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith("richiesta non valida")


def test_malformed_enrollment_bodies(server):
    created = server.add_station("PL Bergamo")
    bodies = [{}, {"code": created["code"]}, {"code": created["code"], "replica_id": "XYZ"},
              {"code": created["code"], "replica_id": "0123456789abcdef0"},
              {"code": 123, "replica_id": "0123456789abcdef"},
              {"code": created["code"], "replica_id": "0123456789abcdef", "name": "a\x00b"},
              {"code": created["code"], "replica_id": "0123456789abcdef", "name": "\ud800"},
              {"code": "x" * 100, "replica_id": "0123456789abcdef"}, [], "codice"]
    for body in bodies:  # sent as ASCII JSON: a lone surrogate is legal JSON text
        r = server.client.post("/v1/enroll", content=json.dumps(body), headers={"Content-Type": "application/json"})
        assert r.status_code == 422, (body, r.text)
    # None of them used the code up.
    assert server.enroll(created["code"]).status_code == 200


def test_strange_but_valid_values_round_trip(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ev = new_id()
    fields = event_fields() | {"description": "Città: «sì» \u2014 \U0001F691 \ufeff\tfine\r\n", "lat": 45.69,
                               "lon": 9, "exercise": 1, "outcome": None, "caller_name": "Zoë 𝔘"}  # noqa: RUF001 - a non-BMP letter on purpose
    r = server.client.post("/v1/sync/push", content=json.dumps({"changes": [a.change("events", ev, fields)]}),
                           headers=a.auth | {"Content-Type": "application/json"})
    assert r.status_code == 200 and r.json()["refused"] == [], r.text
    got = b.client.get("/v1/sync/pull", headers=b.auth)
    assert got.status_code == 200
    assert json.loads(got.text)["changes"][0]["fields"] == fields
