"""Pulls served from the stored wire form: same bytes as before, no leak, gzip, push-pull."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from emergenza.server import migrations, tables
from emergenza.server.db import make_engine
from emergenza.server.syncstore import pull
from emergenza.server.wire import GZIP_MIN_BYTES, accepts_gzip
from emergenza.sync.protocol import PUSH_PULL_PATH
from tests.support.server_data import event_fields, journal_fields, new_id, resource_fields, sql


def _old_page(rows: list, next_cursor: int, has_more: bool) -> bytes:
    """The pull body as the server built it before the wire column (kept as the reference)."""
    changes = ",".join(f'{{"seq":{r[0]},"change_id":"{r[1]}","entity":"{r[2]}","entity_id":"{r[3]}",'
                       f'"fields":{r[4]},"hlc":"{r[5]}","origin":"{r[6]}"}}' for r in rows)
    more = "true" if has_more else "false"
    return f'{{"changes":[{changes}],"next_cursor":{next_cursor},"has_more":{more}}}'.encode()


def _raw(station, path: str, **kwargs) -> httpx.Response:
    """A request whose body is read as sent (not decoded): for Content-Encoding checks."""
    headers = {**station.auth, **kwargs.pop("headers", {})}
    with station.client.stream(kwargs.pop("method", "GET"), path, headers=headers, **kwargs) as r:
        r.raw_body = b"".join(r.iter_raw())
    return r


def test_pages_are_byte_identical_to_the_column_built_ones(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ev = new_id()
    # Non-ASCII text, quotes, backslashes, floats and nulls: what the
    # stored JSON text must carry exactly as before.
    a.push([a.change("events", ev, event_fields(description='Già "qui" \\ caffè ☕', lat=45.69, lon=9.67)),
            a.change("journal", new_id(), journal_fields(ev, "città")),
            a.change("resources", new_id(), resource_fields("Alfa 1", "PL Bergamo"))])
    a.push([a.change("events", ev, {"priority": "yellow"})])
    rows = sql(server.db_url, "SELECT seq, change_id, entity, entity_id, fields, hlc, origin FROM changes ORDER BY seq")
    for limit in (1, 2, 10):
        cursor = 0
        while True:
            r = b.client.get("/v1/sync/pull", params={"cursor": cursor, "limit": limit}, headers=b.auth)
            served = [x for x in rows if x[0] > cursor][:limit]
            has_more = len([x for x in rows if x[0] > cursor]) > limit
            next_cursor = served[-1][0] if has_more else rows[-1][0]
            assert r.content == _old_page(served, next_cursor, has_more)
            cursor = next_cursor
            if not has_more:
                break


def test_migration_3_backfills_the_wire_form_and_rows_without_it_are_still_served(db_url):
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            migrations.current_version(conn)
            for step in migrations.MIGRATIONS[:2]:
                step(conn)
            conn.execute(tables.schema_version.insert(), [{"version": 1, "applied_at": 0},
                                                          {"version": 2, "applied_at": 0}])
            conn.execute(tables.corps.insert().values(id=1, name="PL Bergamo", created_at=0))
            rows = [(1, "c1", "resources", "r1", '{"call_sign": "Alfa \\u00e8"}', "0000000000001-00000-n", "n"),
                    (2, "c2", "journal", "j1", '{"text": "x \\"y\\""}', "0000000000002-00000-n", "n")]
            for seq, change_id, entity, entity_id, fields, hlc, origin in rows:
                conn.execute(tables.changes.insert().values(
                    seq=seq, change_id=change_id, station_id="s1", entity=entity, entity_id=entity_id,
                    corps_id=1, fields=fields, hlc=hlc, origin=origin, received_at=0))
        assert migrations.migrate(engine) == (2, migrations.LATEST)
        # A row written later by code that does not fill the column is served the same way.
        with engine.begin() as conn:
            conn.execute(tables.changes.insert().values(
                seq=3, change_id="c3", station_id="s1", entity="resources", entity_id="r2", corps_id=1,
                fields='{"call_sign": "Beta"}', hlc="0000000000003-00000-n", origin="n", received_at=0))
            rows.append((3, "c3", "resources", "r2", '{"call_sign": "Beta"}', "0000000000003-00000-n", "n"))
            stored = conn.execute(tables.changes_stored.select().order_by(tables.changes_stored.c.seq)).all()
        assert [r.wire is None for r in stored] == [False, False, True]
        from emergenza.server.accounts import Principal
        who = Principal("s9", "station", "B", 1, "PL Bergamo", "other")
        assert pull(engine, who, 0, 10).to_json() == _old_page(rows, 3, False)
        assert json.loads(pull(engine, who, 0, 10).to_json())["changes"][0]["fields"] == {"call_sign": "Alfa è"}
    finally:
        engine.dispose()


def test_reserved_changes_never_reach_other_corps_through_any_door(server):
    a = server.station("PL Bergamo", "A")
    other = server.station("PL Brescia", "B")
    obs = server.station("", "Prefettura", observer=True)
    ev, secret = new_id(), "SEGRETO-riservato"
    a.push([a.change("events", ev, event_fields(description=secret)),
            a.change("journal", new_id(), journal_fields(ev, secret))])
    for who in (other, obs):
        for r in (_raw(who, "/v1/sync/pull", params={"cursor": 0}),
                  _raw(who, PUSH_PULL_PATH, method="POST", json={"changes": [], "cursor": 0})):
            assert r.status_code == 200
            body = gzip.decompress(r.raw_body) if r.headers.get("content-encoding") == "gzip" else r.raw_body
            assert ev.encode() not in body and secret.encode() not in body
    # Shared now: the others get the whole event (a snapshot), with its current values.
    a.push([a.change("events", ev, {"sharing": "shared", "description": "ora condiviso"})])
    seen = other.pull_all()[0]
    assert {c["entity_id"] for c in seen} >= {ev}
    now = {k: v for c in seen if c["entity_id"] == ev for k, v in c["fields"].items()}
    assert now["description"] == "ora condiviso" and now["sharing"] == "shared"


def test_pages_are_gzipped_when_accepted_and_worth_it(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    a.push([a.change("events", new_id(), event_fields()) for _ in range(30)])
    plain = _raw(b, "/v1/sync/pull", params={"cursor": 0}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and len(plain.raw_body) >= GZIP_MIN_BYTES
    zipped = _raw(b, "/v1/sync/pull", params={"cursor": 0}, headers={"Accept-Encoding": "br, gzip;q=0.5"})
    assert zipped.headers["content-encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["vary"]
    assert len(zipped.raw_body) < len(plain.raw_body) / 3
    assert gzip.decompress(zipped.raw_body) == plain.raw_body
    refused = _raw(b, "/v1/sync/pull", params={"cursor": 0}, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers and refused.raw_body == plain.raw_body
    # A small page (nothing new) is not worth compressing.
    cursor = json.loads(plain.raw_body)["next_cursor"]
    small = _raw(b, "/v1/sync/pull", params={"cursor": cursor}, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers and json.loads(small.raw_body)["changes"] == []


def test_accept_encoding_is_read_as_the_http_rules_say():
    assert accepts_gzip("gzip, deflate") and accepts_gzip("deflate, GZIP;q=0.1") and accepts_gzip("*")
    assert not accepts_gzip(None) and not accepts_gzip("identity") and not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("*, gzip;q=0") and not accepts_gzip("br, *;q=0") and not accepts_gzip("gzip;q=x")


def test_push_pull_answers_the_push_and_the_page_after_it(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    first = [a.change("events", new_id(), event_fields()) for _ in range(3)]
    a.push(first)
    mine = [b.change("events", new_id(), event_fields())]
    r = b.client.post(PUSH_PULL_PATH, json={"changes": mine, "cursor": 0, "limit": 2}, headers=b.auth)
    assert r.status_code == 200, r.text
    push, page = r.json()["push"], r.json()["pull"]
    assert push["acked"] == [mine[0]["change_id"]] and push["refused"] == [] and push["duplicates"] == 0
    # The page is /v1/sync/pull's from the same cursor, after the push (own change left out).
    assert page == b.pull(0, limit=2)
    assert [c["change_id"] for c in page["changes"]] == [c["change_id"] for c in first[:2]] and page["has_more"]
    again = b.client.post(PUSH_PULL_PATH, json={"changes": mine, "cursor": page["next_cursor"]}, headers=b.auth)
    assert again.json()["push"]["duplicates"] == 1
    assert [c["change_id"] for c in again.json()["pull"]["changes"]] == [first[2]["change_id"]]
    assert not again.json()["pull"]["has_more"]


@pytest.mark.parametrize("body, status", [({"changes": [], "cursor": -1}, 422), ({"changes": []}, 422),
                                          ({"changes": [], "cursor": 0, "limit": 0}, 422),
                                          ({"changes": [], "cursor": 0, "extra": 1}, 422)])
def test_push_pull_refuses_bad_bodies(server, body, status):
    b = server.station("PL Bergamo", "B")
    r = b.client.post(PUSH_PULL_PATH, json=body, headers=b.auth)
    assert r.status_code == status and isinstance(r.json()["detail"], str)


def test_push_pull_keeps_the_push_rules(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    obs = server.station("", "Prefettura", observer=True)
    r = obs.client.post(PUSH_PULL_PATH, json={"changes": [obs.change("events", new_id(), event_fields())],
                                              "cursor": 0}, headers=obs.auth)
    assert r.status_code == 403
    spoof = a.change("events", new_id(), event_fields(), origin=b.replica_id)
    assert a.client.post(PUSH_PULL_PATH, json={"changes": [spoof], "cursor": 0}, headers=a.auth).status_code == 403
    assert b.client.post(PUSH_PULL_PATH, json={"changes": [], "cursor": 0}).status_code == 401
    ev = new_id()
    bad = a.change("journal", new_id(), journal_fields(ev))  # its event does not exist: the door refuses it
    r = a.client.post(PUSH_PULL_PATH, json={"changes": [bad], "cursor": 0}, headers=a.auth)
    assert r.status_code == 200 and [x["change_id"] for x in r.json()["push"]["refused"]] == [bad["change_id"]]
    assert sql(server.db_url, "SELECT count(*) FROM changes")[0][0] == 0
    # An observer may use it to pull (no changes).
    assert obs.client.post(PUSH_PULL_PATH, json={"changes": [], "cursor": 0}, headers=obs.auth).status_code == 200


def test_the_pull_index_covers_every_self_shared_entity():
    # The pull joins each change to its event among these kinds; the index of migration 5
    # is partial on the kinds of its day. A new kind with a sharing of its own is still
    # served right without it, only slower: it needs a migration with a new index.
    from emergenza.domain.wire_rules import SELF_SHARED_ENTITIES
    assert tuple(sorted(SELF_SHARED_ENTITIES)) == migrations.PULL_INDEX_ENTITIES


def _reference_page(engine, who, cursor: int, limit: int) -> bytes:
    """The page as the server built it before PostgreSQL joined it (kept as the reference):
    the visibility query's rows, one per change, joined in Python."""
    from sqlalchemy import text

    from emergenza.server import syncstore
    corps = who.corps_id if who.corps_id is not None else -1
    with engine.connect() as conn:
        high = conn.execute(text(syncstore._HIGH_SQL)).scalar_one()
        rows = conn.execute(text(syncstore._page_sql("", ":high")),
                            {"cursor": cursor, "replica": who.replica_id, "corps": corps, "limit_1": limit + 1,
                             "high": high}).all()
        conn.rollback()
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1][0] if has_more else max(cursor, high)
    joined = ",".join(r[1] for r in rows)
    more = "true" if has_more else "false"
    return f'{{"changes":[{joined}],"next_cursor":{next_cursor},"has_more":{more}}}'.encode()


@pytest.mark.parametrize("seed", [1, 2])
def test_pages_joined_by_the_database_equal_the_rows_joined_in_python(db_url, seed):
    """Random histories over three corps and an observer: reserved events (hidden from the
    other corps), shared ones, events shared later (snapshots the owner corps does not
    get back), journals, units and a station's own changes (never sent back to it); every
    page from random cursors and limits is the reference page, byte for byte."""
    import random

    from emergenza.server import accounts, syncstore
    from emergenza.server.db import make_pull_engine
    rng = random.Random(seed)
    engine = make_engine(db_url)
    pull_engine = make_pull_engine(db_url, pool_size=1)
    try:
        migrations.migrate(engine)
        who = []
        for i in range(6):
            code = accounts.add_station(engine, f"PL {i % 3}", f"Sala {i}")["code"]
            who.append(accounts.authenticate(engine, accounts.enroll(engine, code, new_id()[:16], None)["token"]))
        code = accounts.add_observer(engine, "Prefettura")["code"]
        observer = accounts.authenticate(engine, accounts.enroll(engine, code, new_id()[:16], None)["token"])
        clock, hlcs, events = syncstore.ServerClock(), {}, []  # events: (owner station index, id)

        def change(i, entity, entity_id, fields):
            hlcs[i] = hlcs.get(i, 0) + 1
            hlc = f"{1796000000000 + hlcs[i]:013d}-00000-{who[i].replica_id}"
            return {"change_id": new_id(), "entity": entity, "entity_id": entity_id, "fields": fields, "hlc": hlc,
                    "origin": who[i].replica_id}

        for _round in range(40):
            i = rng.randrange(6)
            batch = []
            for _n in range(rng.randint(1, 6)):
                roll = rng.random()
                mine = [e for owner, e in events if who[owner].corps_id == who[i].corps_id]
                if roll < 0.3 or not mine:
                    ev = new_id()
                    events.append((i, ev))
                    batch.append(change(i, "events", ev, event_fields(rng.choice(["reserved", "shared"]),
                                                                    description=f"evento «{ev[:4]}» \"q\"")))
                elif roll < 0.7:
                    batch.append(change(i, "journal", new_id(), journal_fields(rng.choice(mine), "nota è")))
                elif roll < 0.8:
                    batch.append(change(i, "resources", new_id(), resource_fields(f"Alfa {new_id()[:6]}",
                                                                                  who[i].corps)))
                else:  # share one of its corps' events (reserved ones get a snapshot), or change it
                    batch.append(change(i, "events", rng.choice(mine), {"sharing": "shared", "priority": "yellow"}))
            result = syncstore.push(engine, who[i], batch, clock)
            assert not result.refused, result.refused
        with engine.connect() as conn:
            high = conn.execute(tables.changes.select().with_only_columns(tables.changes.c.seq)
                                .order_by(tables.changes.c.seq.desc()).limit(1)).scalar_one()
        assert high > 100
        origins = [r[0] for r in sql(db_url, "SELECT origin FROM changes")]
        assert "server" in origins  # a reserved event was shared: its snapshot
        for principal in [*who, observer]:
            for _ in range(25):
                cursor, limit = rng.randint(0, high + 2), rng.choice([1, 2, 3, 7, 50, 500])
                page = syncstore.pull(pull_engine, principal, cursor, limit)
                expected = _reference_page(engine, principal, cursor, limit)
                assert page.to_json() == expected
                assert page.count == len(json.loads(expected)["changes"])
            # Walked page by page: every change it may see, once, in seq order.
            cursor, seen = 0, []
            while True:
                page = syncstore.pull(pull_engine, principal, cursor, 4)
                seen += [c["seq"] for c in json.loads(page.to_json())["changes"]]
                cursor = page.next_cursor
                if not page.has_more:
                    break
            assert seen == sorted(set(seen)) and cursor == high
            everything = json.loads(_reference_page(engine, principal, 0, 10_000))["changes"]
            assert [c["seq"] for c in everything] == seen
            hidden = len([o for o in origins if o != principal.replica_id]) - len(seen)
            assert hidden > 0  # other corps' reserved events, own snapshots: left out
    finally:
        pull_engine.dispose()
        engine.dispose()


def test_texts_joined_out_of_seq_order_are_put_back_in_order():
    """Should the database ever aggregate a page's rows out of seq order, the texts are cut
    at their sizes and joined again in seq order (non-ASCII: sizes are in bytes)."""
    import random

    from emergenza.server.syncstore import _in_seq_order
    rng = random.Random(7)
    for n in (0, 1, 2, 5, 40):
        seqs = sorted(rng.sample(range(1, 1000), n))
        texts = {s: json.dumps({"seq": s, "t": "è" * rng.randint(0, 9) + ","}, ensure_ascii=False).encode()
                 for s in seqs}
        expected = (b",".join(texts[s] for s in seqs), seqs, [len(texts[s]) for s in seqs])
        assert _in_seq_order(*expected) == expected
        shuffled = rng.sample(seqs, n)
        assert _in_seq_order(b",".join(texts[s] for s in shuffled), shuffled,
                             [len(texts[s]) for s in shuffled]) == expected


def _corps_history(engine, descriptions: list[str]) -> tuple:
    """Station A pushes an event per description and a journal note on each (one corps);
    returns (A, B of the same corps, the last seq)."""
    from emergenza.server import accounts, syncstore
    migrations.migrate(engine)
    who = []
    for name in ("A", "B"):
        code = accounts.add_station(engine, "PL Bergamo", name)["code"]
        who.append(accounts.authenticate(engine, accounts.enroll(engine, code, new_id()[:16], None)["token"]))
    a, b = who
    changes = []
    for i, text in enumerate(descriptions):
        ev = new_id()
        for entity, entity_id, fields in (("events", ev, event_fields("shared", description=text)),
                                          ("journal", new_id(), journal_fields(ev, text))):
            changes.append({"change_id": new_id(), "entity": entity, "entity_id": entity_id, "fields": fields,
                            "hlc": f"{1796000000000 + len(changes):013d}-{i:05d}-{a.replica_id}",
                            "origin": a.replica_id})
    assert not syncstore.push(engine, a, changes, syncstore.ServerClock()).refused
    return a, b, len(changes)


# Multi-byte UTF-8 (2, 3 and 4 bytes), and texts that look like the joins' separators.
_ODD_TEXTS = ["città è ù", "☕ caffè", "𝄞 chiave", 'a,b],[{"seq":1}', '"},{"seq":9,"x":"', "fine ]"]


def _pages_equal_the_reference(engine, pull_engine, who, high: int) -> None:
    from emergenza.server import syncstore
    for cursor in (0, 1, high - 3, high - 1, high, high + 5):
        for limit in (1, 2, high - cursor - 1, high - cursor, high - cursor + 1, 500):
            if limit < 1:
                continue
            page = syncstore.pull(pull_engine, who, cursor, limit, confirm=True)
            expected = _reference_page(engine, who, cursor, limit)
            assert page.to_json() == expected, (cursor, limit)
            served = json.loads(expected.decode("utf-8"))
            assert page.count == len(served["changes"]) and page.has_more == served["has_more"]


def test_page_edges_with_multibyte_and_separator_like_texts_and_rows_without_their_text(db_url):
    """Empty pages, pages of exactly ``limit`` rows and of ``limit + 1`` (the last one
    trimmed by its size in bytes), over texts of 2-4 byte characters, commas and "]";
    and the same with every other row's stored text missing (built by the database)."""
    from emergenza.server.db import make_pull_engine
    engine = make_engine(db_url)
    pull_engine = make_pull_engine(db_url, pool_size=1)
    try:
        _a, b, high = _corps_history(engine, _ODD_TEXTS)
        _pages_equal_the_reference(engine, pull_engine, b, high)
        with engine.begin() as conn:
            conn.execute(tables.changes_stored.update().where(tables.changes_stored.c.seq % 2 == 0).values(wire=None))
        _pages_equal_the_reference(engine, pull_engine, b, high)
        page = json.loads(_reference_page(engine, b, 0, 500))
        assert [c["fields"]["description"] for c in page["changes"] if c["entity"] == "events"] == _ODD_TEXTS
    finally:
        pull_engine.dispose()
        engine.dispose()


@pytest.mark.postgres
def test_pages_are_utf8_whatever_the_connections_encoding(tmp_path, monkeypatch):
    """The page is the database's bytes as they come: they must be UTF-8 (the response's
    charset), and their sizes the bytes received, even when the environment (or the
    role's or database's settings) gives the connection another client encoding."""
    from emergenza.server.db import make_pull_engine
    from tests.support import postgres
    with postgres.server_database("postgres", tmp_path) as url:
        engine = make_engine(url)
        try:
            _a, b, high = _corps_history(engine, ["città è ù", "perché", 'a,b],[{"seq":1}'])
            monkeypatch.setenv("PGCLIENTENCODING", "LATIN1")
            pull_engine = make_pull_engine(url, pool_size=1)
            try:
                _pages_equal_the_reference(engine, pull_engine, b, high)
                _pages_equal_the_reference(engine, engine, b, high)  # a connection of the main pool too
            finally:
                pull_engine.dispose()
        finally:
            engine.dispose()


@pytest.mark.postgres
def test_pages_are_utf8_from_a_database_in_another_encoding(tmp_path):
    """A database created in LATIN1 (an older installation's default): the page is UTF-8
    and each text's size is counted in UTF-8 bytes, so the trimmed row is cut whole."""
    from emergenza.server.db import make_pull_engine
    from tests.support import postgres
    name = f"emergenza_latin1_{new_id()[:8]}"
    with postgres.admin_connection() as conn:
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'")
    url = postgres.database_url(name)
    try:
        engine = make_engine(url)
        pull_engine = make_pull_engine(url, pool_size=1)
        try:
            _a, b, high = _corps_history(engine, ["città è ù", "perché", 'a,b],[{"seq":1}'])
            _pages_equal_the_reference(engine, pull_engine, b, high)
        finally:
            pull_engine.dispose()
            engine.dispose()
    finally:
        postgres.drop_database(name)
