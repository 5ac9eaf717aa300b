"""The hot routes' short cut (emergenza.server.hotpath: push, pull, push-pull) answers exactly as the FastAPI
routes: two real servers on one database, one with it and one without
(EMERGENZA_HOT_ROUTES=0), get the same requests; every answer (status, body, the
headers a client reads) must be the same, successes and errors alike."""

from __future__ import annotations

import contextlib
import json
import socket

import httpx
import pytest

from emergenza.server.hotpath import HOT_ROUTES_ENV, bearer_token, pull_query
from emergenza.sync.protocol import MAX_BODY_BYTES, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, PUSH_PULL_PATH
from tests.support.server_data import event_fields, journal_fields, new_id, sql
from tests.support.servers import ApiStation, ServerProcess

_READ_HEADERS = ("content-type", "content-encoding", "vary", "www-authenticate", "retry-after", "connection")


@pytest.fixture
def usual(db_url, tmp_path, monkeypatch, server):
    """A second server on the same database, with every request through FastAPI."""
    monkeypatch.setenv(HOT_ROUTES_ENV, "0")
    srv = ServerProcess(db_url, tmp_path / "usual.log")
    srv.start()
    monkeypatch.delenv(HOT_ROUTES_ENV)
    yield srv
    assert srv.close() == 0
    assert "Traceback" not in srv.log_path.read_text()


def _answer(r: httpx.Response, *, drop_time: bool = False) -> tuple:
    body = r.content
    if drop_time and r.status_code == 200:  # the server's clock, a moment apart
        body = json.loads(r.content)
        body.get("push", body).pop("server_time_ms")
    return r.status_code, body, {k: r.headers.get(k) for k in _READ_HEADERS}


def _both(server, usual, method: str, path: str, *, drop_time: bool = False, **kwargs) -> tuple:
    hot = httpx.request(method, server.url + path, **kwargs)
    plain = httpx.request(method, usual.url + path, **kwargs)
    assert _answer(hot, drop_time=drop_time) == _answer(plain, drop_time=drop_time), (path, hot.text, plain.text)
    return _answer(hot, drop_time=drop_time)


def _on(station: ApiStation, srv: ServerProcess) -> ApiStation:
    return ApiStation(station.station_id, station.replica_id, station.token, station.corps, srv.client)


def test_pulls_are_answered_alike(server, usual):
    a, b = server.station("PL Bergamo", "A"), server.station("PL Brescia", "B")
    ev = new_id()
    a.push([a.change("events", ev, event_fields("shared", description="Già «qui»")),
            *[a.change("journal", new_id(), journal_fields(ev, f"nota {i} è")) for i in range(40)],
            a.change("events", new_id(), event_fields())])  # reserved: never to B
    for station in (a, b):
        _on(station, usual).pull(0)  # both servers know the token
        station.pull(0)
        for query in ("", "?cursor=0", "?cursor=0&limit=1", "?limit=7&cursor=3", "?cursor=40&limit=500",
                      "?cursor=4611686018427387904", "?cursor=4611686018427387905", "?limit=0", "?limit=501",
                      "?cursor=-1", "?cursor=01", "?cursor=%31", "?cursor=1&cursor=2", "?cursor=", "?cursor=x",
                      "?cursor=1&other=2", "?cursor=+1", "?limit=2&"):
            for encoding in ("gzip", "identity"):
                _both(server, usual, "GET", "/v1/sync/pull" + query,
                      headers={**station.auth, "Accept-Encoding": encoding})
        for body in ({"changes": [], "cursor": 0}, {"changes": [], "cursor": 3, "limit": 7}, {"cursor": 40},
                     {"changes": [], "cursor": -1}, {"changes": [], "cursor": 0, "limit": 0}, {"changes": []},
                     {"changes": [], "cursor": 0, "other": 1}):
            for encoding in ("gzip", "identity"):
                _both(server, usual, "POST", PUSH_PULL_PATH, json=body, drop_time=True,
                      headers={**station.auth, "Accept-Encoding": encoding})
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"},
                    {"Authorization": "bearer  " + a.token}, {"Authorization": "Bearer"}):
        _both(server, usual, "GET", "/v1/sync/pull", headers=headers)
    _both(server, usual, "POST", "/v1/sync/pull", headers=a.auth)  # a method the route has not


def test_pushes_are_answered_alike(server, usual):
    a, b = server.station("PL Bergamo", "A"), server.station("PL Bergamo", "B")
    obs = server.station("", "Prefettura", observer=True)
    a_usual, b_usual = _on(a, usual), _on(b, usual)
    for station in (a, b, obs, a_usual, b_usual, _on(obs, usual)):
        station.pull(0)  # the token known to both servers
    ev_a, ev_b = new_id(), new_id()
    a.push([a.change("events", ev_a, event_fields())])
    b_usual.push([b_usual.change("events", ev_b, event_fields())])
    # The same kinds of pushes from two stations of one corps, one through each server:
    # the answers are the same but for the ids (mapped) and the time.
    cases = [
        lambda s, ev: [s.change("journal", new_id(), journal_fields(ev))],  # accepted
        lambda s, ev: [s.change("events", ev, {"priority": "yellow"}),
                       s.change("events", ev, {"status": "bogus"})],  # one refused by the door
        lambda s, ev: [s.change("journal", new_id(), journal_fields(new_id()))],  # unknown event: refused
        lambda s, ev: [s.change("events", ev, {"priority": "green"}, hlc=s.hlc(ahead_ms=3_600_000))],  # clamped
        lambda s, ev: [],  # nothing
    ]
    for make in cases:
        answers = []
        for station, srv, ev in ((a, server, ev_a), (b, usual, ev_b)):
            changes = make(station, ev)
            r = httpx.post(srv.url + "/v1/sync/push", json={"changes": changes}, headers=station.auth)
            status, body, headers = _answer(r, drop_time=True)
            ids = {c["change_id"]: f"#{i}" for i, c in enumerate(changes)}
            text = json.dumps(body) if isinstance(body, dict) else body.decode()
            for change_id, mark in ids.items():
                text = text.replace(change_id, mark)
            for i, change in enumerate(changes):
                text = text.replace(change["hlc"], f"H{i}")
            text = text.replace(station.replica_id, "R")
            answers.append((status, json.loads(text) if isinstance(body, dict) else text, headers))
        hot, plain = answers
        if hot[0] == 200 and hot[1]["clamped"]:  # the server's own clock, a moment apart
            for answer in (hot, plain):
                for item in answer[1]["clamped"]:
                    item["clamped_hlc"] = item["clamped_hlc"].split("-", 2)[2]
        assert hot == plain
    # Push-pull with changes: the push's answer alike (the page holds the other's changes).
    for station, srv, ev in ((a, server, ev_a), (b, usual, ev_b)):
        changes = [station.change("journal", new_id(), journal_fields(ev))]
        r = httpx.post(srv.url + PUSH_PULL_PATH, json={"changes": changes, "cursor": 0, "limit": 2},
                       headers=station.auth)
        assert r.status_code == 200 and r.json()["push"]["acked"] == [changes[0]["change_id"]], r.text
        assert len(r.json()["pull"]["changes"]) == 2 and r.json()["pull"]["has_more"]
    # A retried push (duplicates), errors before and after the queue: byte for byte.
    again = [a.change("journal", new_id(), journal_fields(ev_a))]
    a.push(again)
    _both(server, usual, "POST", "/v1/sync/push", drop_time=True, json={"changes": again}, headers=a.auth)
    foreign = [a.change("journal", new_id(), journal_fields(ev_a), origin="ffffffffffffffff")]
    for body in ({"changes": foreign}, {"changes": "x"}, {"changes": [{"change_id": "x"}]}, {"other": 1}, {}):
        _both(server, usual, "POST", "/v1/sync/push", json=body, headers=a.auth)
    for raw in (b"", b"{", b"[1,", "{\"changes\": [\"\u00e8\"]}".encode(), b'{"changes": [1e400]}',
                json.dumps({"changes": [again[0] | {"fields": {"text": 1e400}}]}).encode()):
        _both(server, usual, "POST", "/v1/sync/push", content=raw,
              headers={**a.auth, "Content-Type": "application/json"})
    _both(server, usual, "POST", "/v1/sync/push", json={"changes": []}, headers=obs.auth)  # observers: 403
    for body in ({"changes": foreign, "cursor": 0}, {"changes": "x", "cursor": 0}, {"changes": again},
                 {"changes": again, "cursor": 0, "limit": 9999}):
        _both(server, usual, "POST", PUSH_PULL_PATH, json=body, drop_time=True, headers=a.auth)
    _both(server, usual, "POST", PUSH_PULL_PATH, json={"changes": again, "cursor": 0}, headers=obs.auth)
    _both(server, usual, "POST", PUSH_PULL_PATH, json={"changes": [], "cursor": 0}, drop_time=True,
          headers=obs.auth)
    _both(server, usual, "POST", "/v1/sync/push", json={"changes": []}, headers={"Authorization": "Bearer x"})
    _both(server, usual, "POST", "/v1/sync/push", json={"changes": []})
    # Revoked while both servers still know the token: refused alike, by the push's own SQL.
    server.cli("revoke-station", "--station", b.station_id)
    for body in ({"changes": [b.change("journal", new_id(), journal_fields(ev_b))]}, {"changes": []}):
        _both(server, usual, "POST", "/v1/sync/push", json=body, headers=b.auth)
        _both(server, usual, "POST", PUSH_PULL_PATH, json=body | {"cursor": 0}, drop_time=True, headers=b.auth)
    _both(server, usual, "GET", "/v1/sync/pull", headers=b.auth)


def test_hot_requests_are_counted_under_their_route(server):
    a = server.station("PL Bergamo", "A")
    a.pull(0)
    a.pull(0)
    a.push([a.change("events", new_id(), event_fields())])
    assert server.client.post(PUSH_PULL_PATH, json={"changes": [], "cursor": 0}, headers=a.auth).status_code == 200
    metrics = server.client.get("/v1/metrics").text
    assert 'emergenza_http_requests_total{method="GET",route="/v1/sync/pull",status="200"} 2' in metrics
    assert 'emergenza_http_requests_total{method="POST",route="/v1/sync/push",status="200"} 1' in metrics
    assert 'emergenza_http_requests_total{method="POST",route="/v1/sync/push-pull",status="200"} 1' in metrics


def test_queries_and_tokens_are_read_as_fastapi_reads_them():
    assert pull_query(b"") == (0, PULL_DEFAULT_LIMIT)
    assert pull_query(b"cursor=12&limit=3") == (12, 3) and pull_query(b"limit=3&cursor=12") == (12, 3)
    assert pull_query(f"limit={PULL_MAX_LIMIT}".encode()) == (0, PULL_MAX_LIMIT)
    for odd in (b"cursor=", b"cursor=01", b"cursor=-1", b"cursor=+1", b"cursor=%31", b"cursor=1&cursor=1",
                b"limit=0", f"limit={PULL_MAX_LIMIT + 1}".encode(), b"cursor=4611686018427387905", b"x=1",
                b"cursor=1&", b"cursor", b"Cursor=1", "cursor=\u0661".encode()):
        assert pull_query(odd) is None, odd

    def scope(*values: bytes) -> dict:
        return {"headers": [(b"authorization", v) for v in values]}
    assert bearer_token(scope(b"Bearer abc")) == "abc" and bearer_token(scope(b"bEaReR  abc ")) == "abc"
    assert bearer_token(scope(b"Bearer a", b"Bearer b")) == "a"
    for odd in (b"", b"Bearer", b"Bearer ", b"Basic abc", b" Bearer abc"):
        assert bearer_token(scope(odd)) is None, odd
    assert bearer_token({"headers": []}) is None


def _raw(srv: ServerProcess, request: bytes) -> bytes:
    """``request`` sent as these very bytes; the answer's status line, the headers a client
    reads and the body (its server_time_ms dropped), or what the connection did."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        with contextlib.suppress(OSError):  # refused before all was sent (too large): the answer still came
            s.sendall(request)
        out = b""
        with contextlib.suppress(OSError):
            while chunk := s.recv(65536):
                out += chunk
    head, _sep, body = out.rpartition(b"\r\n\r\n")  # after any "100 Continue"
    lines = head.split(b"\r\n")
    lines = [lines[0], *sorted(h.lower() for h in lines[1:] if h.split(b":")[0].lower().decode() in _READ_HEADERS)]
    with contextlib.suppress(ValueError):
        value = json.loads(body)
        if isinstance(value, dict):
            value.get("push", value).pop("server_time_ms", None)
        body = json.dumps(value).encode()
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _request(method: bytes, path: bytes, *headers: bytes, body: bytes | None = None,
             content_type: bytes | None = b"application/json") -> bytes:
    lines = [method + b" " + path + b" HTTP/1.1", b"Host: 127.0.0.1", *headers]
    if body is not None:
        lines += [b"Content-Type: " + content_type] if content_type is not None else []
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + (body or b"")


def _sync_requests(srv: ServerProcess) -> dict[str, float]:
    """The request counters of the sync routes (and of the unmatched ones)."""
    out = {}
    for line in srv.client.get("/v1/metrics").text.splitlines():
        if line.startswith("emergenza_http_requests_total") and ("/v1/sync/" in line or '"other"' in line):
            key, value = line.rsplit(" ", 1)
            out[key] = float(value)
    return out


def test_odd_requests_are_answered_and_counted_alike(server, usual):
    """What a hostile or sloppy client may send to the hot routes, byte for byte: path
    spellings, methods, Authorization headers, query strings, content types and
    encodings, chunked, empty and oversized bodies. Each request gets the same answer
    from both servers and is counted under the same route and status."""
    a = server.station("PL Bergamo", "A")
    obs = server.station("", "Prefettura", observer=True)
    for station in (a, obs, _on(a, usual), _on(obs, usual)):
        station.pull(0)  # the tokens known to both servers
    ev = new_id()
    a.push([a.change("events", ev, event_fields("shared", description="Già «qui»"))])
    before = {srv.port: _sync_requests(srv) for srv in (server, usual)}
    token = a.token.encode()
    auth = b"Authorization: Bearer " + token
    pull, push = b"/v1/sync/pull", b"/v1/sync/push"
    pp = PUSH_PULL_PATH.encode()
    requests = [_request(b"GET", path, auth) for path in (
        pull, pull + b"/", b"/" + pull, b"/v1//sync/pull", b"/v1/sync/%70ull", b"/v1/sync%2Fpull", b"/V1/sync/pull",
        pull + b"?", pull + b"#x", b"http://127.0.0.1" + pull, b"/v1/sync/./pull", b"/v1/sync/../sync/pull")]
    requests += [_request(method, pull, auth) for method in (b"HEAD", b"OPTIONS", b"get", b"DELETE")]
    requests += [_request(b"GET", pull, b"Authorization: " + value) for value in (
        b"bearer " + token, b"BEARER " + token, b"Bearer  " + token, b"Bearer\t" + token, b"Bearer " + token + b"\t",
        b"Bearer " + token + b"x", b"Bearer " + token + b" x", b"Bearer " + token + b"\xa0", b"Bearer \xa0" + token,
        b"Bearer " + token + b"\x85", b"Bearer " + token + b"\xc3\xa8", b"Bearer " + token + b"\x0c",
        b"Token " + token, token)]
    requests += [_request(b"GET", pull, auth, b"Authorization: Bearer nope"),
                 _request(b"GET", pull, b"Authorization: Bearer nope", auth),
                 _request(b"GET", pull, b"AUTHORIZATION: Bearer " + token)]
    requests += [_request(b"GET", pull + b"?" + query, auth, b"Accept-Encoding: gzip") for query in (
        b"cursor=1+", b"cursor=%30", b"cursor=0&cursor=0", b"cursor=0&foo", b"cursor=99999999999999999999",
        b"limit=1&limit=2", b"cursor=0;limit=1", b"&cursor=0", b"cursor=0&&limit=1", b"cursor=1_0", b"cursor=%2B1",
        b"cursor=\xd9\xa1", b"Cursor=0", b"cursor=0x1", b"limit=500", b"limit=1")]
    for path, empty in ((push, b'{"changes": []}'), (pp, b'{"changes": [], "cursor": 0}')):
        change = json.dumps(a.change("journal", new_id(), journal_fields(ev))).encode()
        requests += [_request(b"POST", path, auth, body=empty, content_type=ctype) for ctype in (
            b"application/json", b"application/json; charset=latin-1", b"APPLICATION/JSON", b"application/x+json",
            b"text/plain", b"application/jsonx", b"")]
        requests += [_request(b"POST", path, auth, body=empty, content_type=None),
                     _request(b"POST", path, auth, b"Content-Encoding: gzip", body=empty),
                     _request(b"POST", path, auth, b"Expect: 100-continue", body=empty),
                     _request(b"POST", path + b"?cursor=5", auth, body=empty),
                     _request(b"POST", path + b"/", auth, body=empty),
                     _request(b"PUT", path, auth, body=empty),
                     _request(b"POST", path, b"Authorization: Bearer " + obs.token.encode(), body=empty),
                     _request(b"POST", path, b"Authorization: Bearer " + obs.token.encode(),
                              body=empty.replace(b"[]", b"[" + change + b"]")),
                     _request(b"POST", path, auth, body=b""),
                     _request(b"POST", path, auth),
                     _request(b"POST", path, auth, body=b"\xef\xbb\xbf" + empty),
                     _request(b"POST", path, auth, body=empty.decode().encode("utf-16-le")),
                     _request(b"POST", path, auth, body=empty[:-1] + b', "x": "\xe8"}'),
                     _request(b"POST", path, auth, body=empty[:-1] + b', "x": "' + b"a" * MAX_BODY_BYTES + b'"}')]
        chunked = b"\r\n".join([b"POST " + path + b" HTTP/1.1", b"Host: 127.0.0.1", auth,
                                b"Content-Type: application/json", b"Transfer-Encoding: chunked",
                                b"Connection: close"]) + b"\r\n\r\n"
        requests.append(chunked + b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (empty[:5], empty[5:]))
                        + b"0\r\n\r\n")
    for request in requests:
        hot, plain = _raw(server, request), _raw(usual, request)
        assert hot == plain, (request[:200], hot[:500], plain[:500])
    after = {srv.port: _sync_requests(srv) for srv in (server, usual)}
    counted = [{key: value - before[srv.port].get(key, 0) for key, value in after[srv.port].items()
                if value != before[srv.port].get(key, 0)} for srv in (server, usual)]
    # The few that uvicorn itself refuses (400: an invalid header, a lowercase method) reach neither.
    assert counted[0] == counted[1] and len(requests) - 5 <= sum(counted[0].values()) <= len(requests)


def test_a_revoked_token_still_cached_is_refused_by_every_hot_route(server):
    """The worker knows the token (so the hot routes take the request): the route's own
    SQL refuses it, 401, whatever the request (an empty push, a pull-only push-pull). A
    refusal forgets the token: one station per request, each known to the worker."""
    a = server.station("PL Bergamo", "A")
    ev = new_id()
    a.push([a.change("events", ev, event_fields("shared"))])
    requests = [("GET", "/v1/sync/pull?cursor=0", None), ("POST", "/v1/sync/push", {"changes": []}),
                ("POST", "/v1/sync/push", {"changes": [None]}), ("POST", PUSH_PULL_PATH, {"changes": [], "cursor": 0}),
                ("POST", PUSH_PULL_PATH, {"changes": [None], "cursor": 3, "limit": 1})]
    for method, path, body in requests:
        b = server.station("PL Bergamo", "B")
        b.pull(0)
        server.cli("revoke-station", "--station", b.station_id)
        if body is not None and body["changes"]:
            body = body | {"changes": [b.change("journal", new_id(), journal_fields(ev))]}
        r = server.client.request(method, path, json=body, headers=b.auth)
        assert (r.status_code, r.headers.get("www-authenticate")) == (401, "Bearer"), (path, body, r.text)
        assert r.json() == {"detail": "token non valido o revocato: registrare di nuovo la postazione"}
    assert sql(server.db_url, "SELECT count(*) FROM changes")[0][0] == 1


def test_bodies_nested_too_deep_for_the_parser_are_refused_as_invalid_json(server, usual):
    """orjson refuses JSON nested over 1,024 levels; the usual parser then recursed past
    the interpreter's limit: a RecursionError, a 500 and a traceback for a 10 KB body.
    Refused as invalid JSON instead, by both servers alike."""
    a = server.station("PL Bergamo", "A")
    _on(a, usual).pull(0)
    a.pull(0)
    deep = "[" * 5000 + "]" * 5000
    for path, body in (("/v1/sync/push", f'{{"changes": {deep}}}'), (PUSH_PULL_PATH, f'{{"changes": {deep}}}'),
                       (PUSH_PULL_PATH, f'{{"changes": [], "cursor": 0, "x": {deep}}}')):
        status, answer, _headers = _both(server, usual, "POST", path, content=body.encode(),
                                         headers={**a.auth, "Content-Type": "application/json"})
        assert (status, json.loads(answer)) == (422, {"detail": "richiesta non valida: JSON non valido"})


def test_bodies_the_framework_cannot_parse_are_answered_in_italian(server):
    """The routes with a declared body (enrollment, anchor): FastAPI answers a body its
    parser fails on (nested too deep) 400 with an English detail of its own."""
    a = server.station("PL Bergamo", "A")
    deep = "[" * 5000 + "]" * 5000
    for path, headers in (("/v1/enroll", {}), ("/v1/sync/anchor", a.auth)):
        r = server.client.post(path, content=f'{{"code": {deep}}}'.encode(),
                               headers={**headers, "Content-Type": "application/json"})
        assert (r.status_code, r.json()) == (400, {"detail": "richiesta non valida"}), (path, r.text)
