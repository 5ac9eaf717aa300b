"""The statistics projection's new events projected after their commits (schema v20,
store/stats_projection.py): whatever the writes (intakes, edits of the counted fields,
status changes, units sent, advanced and diverted, pulled pages applied both ways, deleted
events whose rowid is taken again) and wherever the catch-ups fall, the events at or below
the mark have exactly their rows and the others none; a full catch-up gives what
STATS_REBUILD makes from scratch; and the reports give the same figures from the base
tables (while the projection is behind) as from the projection (once caught up)."""

from __future__ import annotations

import contextlib
import json
import random
import time
from datetime import UTC, date, datetime

import pytest

from emergenza.domain.errors import EmergenzaError
from emergenza.reports import projection
from emergenza.reports import statistics as stats_mod
from emergenza.reports.source import StationSource
from emergenza.store import Store, StoreOwner, bulk_load, database, schema, stats_projection
from emergenza.store.maintenance import PROJECT_AT_EVENTS
from emergenza.sync.apply import apply_page
from emergenza.sync.quarantine import apply_bulk_safely
from tests.reports.test_stats_projection import assert_in_step, expected_projection, projection_mark, stored_projection
from tests.support.factories import DUTY_OFFICER, OPERATOR, add_unit, event_data, open_store
from tests.support.old_stores import database_at
from tests.support.relay import Relay
from tests.support.times import Clock

OP = DUTY_OFFICER
TYPES = ("INC.DANNI", "LIT.LITE", "VIA.SOSTA", "DIS.RUMORE")
BASE = {"municipality_istat": "016024", "address": "Via Roma 1", "description": "Prova.", "channel": "phone"}


def _rebuilt(store: Store) -> tuple[set[tuple], set[tuple]]:
    """The projection as STATS_REBUILD makes it, on a copy of the store's tables (the store's
    own projection left as it is: a savepoint rolled back; executescript would commit)."""
    conn = store.db.conn
    conn.execute("SAVEPOINT rebuild")
    try:
        for statement in _statements(schema.STATS_REBUILD):
            conn.execute(statement)
        return stored_projection(conn)
    finally:
        conn.execute("ROLLBACK TO rebuild")
        conn.execute("RELEASE rebuild")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


def _figures(store: Store, clock: Clock, query: stats_mod.StatsQuery) -> tuple[bool, stats_mod.Statistics]:
    src = StationSource.from_store(store, now=clock)
    return projection.available(src), stats_mod.compute(src, query)


def _same_figures(a: stats_mod.Statistics, b: stats_mod.Statistics) -> None:
    for name in ("total", "closed", "cancelled", "still_open", "by_type", "by_priority", "by_municipality",
                 "by_channel", "by_hour", "by_weekday", "response", "period_s", "by_area"):
        assert getattr(a, name) == getattr(b, name), name
    assert [(u.call_sign, u.assignments) for u in a.units] == [(u.call_sign, u.assignments) for u in b.units]
    for got, want in zip(a.units, b.units, strict=True):  # a sum of doubles vs of whole ms
        assert got.busy_s == pytest.approx(want.busy_s, abs=1e-6)


def _pull_in_bulk(relay: Relay, store: Store) -> None:
    """As Relay.pull, through the engine's bulk path (new entities written set-wise)."""
    cursor = int(store.meta.get("pull_cursor") or 0)
    while cursor < len(relay.log):
        chunk = relay.log[cursor:cursor + 7]
        cursor += len(chunk)
        mine = [c for c in chunk if c["origin"] != store.replica_id]
        apply_bulk_safely(store, json.loads(json.dumps(mine)), cursor=cursor)


def _sync(relay: Relay, rng: random.Random, *stores: Store) -> None:
    for _round in range(3):
        for s in stores:
            relay.push(s)
            if rng.random() < 0.5:
                _pull_in_bulk(relay, s)
            else:
                cursor = int(s.meta.get("pull_cursor") or 0)
                while cursor < len(relay.log):
                    chunk = relay.log[cursor:cursor + 5]
                    cursor += len(chunk)
                    apply_page(s, json.loads(json.dumps([c for c in chunk if c["origin"] != s.replica_id])),
                               cursor=cursor)


def _one_write(s: Store, rng: random.Random, clock: Clock, units: list[dict]) -> None:
    events = [r[0] for r in s.db.execute("SELECT id FROM events")]
    active = [r[0] for r in s.db.execute("SELECT id FROM assignments WHERE status NOT IN ('cleared', 'cancelled')")]
    roll = rng.random()
    if roll < 0.3 or not events:
        s.events.create(BASE | {"type_code": rng.choice(TYPES)}, operator=OP)
    elif roll < 0.45:
        field, value = rng.choice([("type_code", rng.choice(TYPES)), ("priority", rng.choice(("red", "yellow"))),
                                   ("channel", rng.choice(("phone", "radio"))),
                                   ("municipality_istat", rng.choice(("016024", "016011"))),
                                   ("exercise", rng.choice((0, 1))),
                                   ("received_at", clock().strftime("%Y-%m-%dT%H:%M:%S.000Z")),
                                   ("description", "Altro testo.")])
        s.events.update(rng.choice(events), {field: value}, operator=OP)
    elif roll < 0.6:
        status = rng.choice(("closed", "cancelled", "reopened", "waiting"))
        extra = {"outcome": "Fatto."} if status == "closed" else {"note": "Motivo."} if status == "cancelled" else {}
        s.events.change_status(rng.choice(events), status, operator=OP, **extra)
    elif roll < 0.78:
        s.units.assign(rng.choice(events), rng.choice(units)["id"], operator=OP,
                       status=rng.choice(("sent", "requested")))
    elif roll < 0.93 and active:
        s.units.advance(rng.choice(active), operator=OP, to="cancelled" if rng.random() < 0.15 else None)
    elif active:  # a busy unit sent elsewhere
        unit = s.db.execute("SELECT resource_id FROM assignments WHERE id = ?", [rng.choice(active)]).fetchone()[0]
        s.units.divert(unit, rng.choice(events), operator=OP)


@pytest.mark.parametrize("seed", range(6))
def test_random_writes_and_catch_ups_keep_the_invariant_and_end_as_the_rebuild(tmp_path, catalogs, seed):
    rng = random.Random(seed)
    clock = Clock(datetime(2026, 3, 28, 20, 0, tzinfo=UTC))
    one = open_store(tmp_path / "one.db", catalogs, station_code="BG01", now=clock)
    two = open_store(tmp_path / "two.db", catalogs, station_code="BG02", now=clock)
    relay = Relay()
    try:
        units = {id(s): [s.units.add({"kind": "car", "call_sign": f"{name} {n}"}, operator=OP) for n in range(3)]
                 for s, name in ((one, "Alfa"), (two, "Beta"))}
        for _step in range(90):
            clock.add(rng.uniform(0.2, 25))
            s = rng.choice((one, two))
            roll = rng.random()
            if roll < 0.1:
                stats_projection.catch_up(s.db, rng.randint(1, 4))
            elif roll < 0.17:
                _sync(relay, rng, one, two)
            else:
                with contextlib.suppress(EmergenzaError):  # a unit busy, an event closed: refused
                    _one_write(s, rng, clock, units[id(s)])
            assert_in_step(s.db.conn)
        _sync(relay, rng, one, two)
        for s in (one, two):
            s.events.create(BASE | {"type_code": "INC.DANNI"}, operator=OP)  # at least one left to project
            assert_in_step(s.db.conn)
            query = stats_mod.StatsQuery(date(2026, 3, 20), date(2026, 4, 10), include_exercises=bool(seed % 2))
            behind, from_base = _figures(s, clock, query)
            assert not behind and stats_projection.behind(s.db) > 0
            assert stats_projection.catch_up(s.db) is False
            assert stats_projection.behind(s.db) == 0
            assert projection_mark(s.db.conn) == s.db.execute("SELECT max(rowid) FROM events").fetchone()[0]
            kept = stored_projection(s.db.conn)
            assert kept == expected_projection(s.db.conn) == _rebuilt(s)
            read, from_projection = _figures(s, clock, query)
            assert read and from_projection.total > 0
            _same_figures(from_base, from_projection)
    finally:
        one.close()
        two.close()


def test_bounded_catch_ups_move_the_mark_over_every_event_once(store):
    events = [store.events.create(event_data(), operator=OPERATOR) for _ in range(7)]
    rowids = [store.db.execute("SELECT rowid FROM events WHERE id = ?", [e["id"]]).fetchone()[0] for e in events]
    marks, more = [], True
    while more:
        more = stats_projection.catch_up(store.db, 3)
        marks.append(projection_mark(store.db.conn))
        assert_in_step(store.db.conn)
    assert marks == [rowids[2], rowids[5], rowids[6]]
    assert stats_projection.catch_up(store.db, 3) is False and stats_projection.behind(store.db) == 0


def _raw_event(store: Store, template: dict, n: int) -> int:
    """An event written straight into the table (as a pulled row, no journal), its rowid."""
    row = {**template, "id": f"e-raw-{n}", "number": f"BG01-2026-99{n:04d}",
           "received_at": f"2026-04-20T10:{n:02d}:00.000Z"}
    cur = store.db.conn.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                                list(row.values()))
    return cur.lastrowid


def test_a_rowid_taken_again_after_the_last_events_are_deleted_lands_above_the_mark(store):
    template = store.events.create(event_data(), operator=OPERATOR)
    first, second = _raw_event(store, template, 1), _raw_event(store, template, 2)
    stats_projection.catch_up(store.db)
    assert projection_mark(store.db.conn) == second
    store.db.conn.execute("DELETE FROM events WHERE id = 'e-raw-2'")  # the last one, projected
    assert projection_mark(store.db.conn) == first
    assert _raw_event(store, template, 3) == second  # its rowid again: above the mark, not projected
    assert stats_projection.behind(store.db) == 1
    assert_in_step(store.db.conn)
    store.db.conn.execute("DELETE FROM events WHERE id = 'e-raw-3'")  # the last one, not projected
    assert projection_mark(store.db.conn) == first
    fourth = _raw_event(store, template, 4)
    store.db.conn.execute("DELETE FROM events WHERE id = 'e-raw-1'")  # not the last: the mark stays
    assert projection_mark(store.db.conn) == first and fourth == second
    assert_in_step(store.db.conn)
    stats_projection.catch_up(store.db)
    assert_in_step(store.db.conn)
    assert stored_projection(store.db.conn) == _rebuilt(store)
    assert {r[0] for r in store.db.execute("SELECT event_id FROM stats_events")} == {template["id"], "e-raw-4"}


def test_an_edit_of_a_counted_field_before_the_catch_up_is_projected_once(store):
    unit = add_unit(store)
    event = store.events.create(event_data(), operator=OPERATOR)
    store.units.assign(event["id"], unit["id"], operator=OPERATOR)
    store.events.update(event["id"], {"type_code": "LIT.LITE", "priority": "red"}, operator=OPERATOR)
    store.events.change_status(event["id"], "closed", operator=OPERATOR, outcome="Fatto.")
    assert stored_projection(store.db.conn) == (set(), set())  # nothing for an event above the mark
    stats_projection.catch_up(store.db)
    assert_in_step(store.db.conn)
    assert stored_projection(store.db.conn) == _rebuilt(store)
    assert len(stored_projection(store.db.conn)[1]) == 1


def test_a_v19_store_migrates_with_every_event_projected(tmp_path, catalogs):
    path = tmp_path / "v19.db"
    v19 = schema.MIGRATIONS.index(schema._V20)
    db = database_at(path, v19)
    conn = db.conn
    conn.execute("INSERT INTO resources (id, kind, call_sign, _hlc) VALUES ('r1', 'car', 'Alfa 1', '0')")
    for n in range(1, 4):
        conn.execute("INSERT INTO events (id, number, received_at, channel, type_code, priority, status, "
                     "municipality_istat, description, created_at, updated_at, first_sent_at, _hlc) "
                     f"VALUES ('e{n}', 'BG01-2026-{n}', '2026-04-0{n}T10:00:00.000Z', 'phone', 'INC.DANNI', "
                     f"'yellow', 'closed', '016024', 'Prova.', '2026-04-0{n}T10:00:00.000Z', "
                     f"'2026-04-0{n}T10:00:00.000Z', '2026-04-0{n}T10:02:00.000Z', '0')")
    conn.execute("INSERT INTO assignments (id, event_id, resource_id, status, requested_at, sent_at, on_scene_at, "
                 "cleared_at, _hlc) VALUES ('a1', 'e2', 'r1', 'cleared', '2026-04-02T10:02:00.000Z', "
                 "'2026-04-02T10:02:00.000Z', '2026-04-02T10:09:00.000Z', '2026-04-02T10:40:00.000Z', '0')")
    assert conn.execute("SELECT count(*) FROM stats_events").fetchone()[0] == 3  # v19: in the commits
    db.close()
    store = open_store(path, catalogs)
    try:
        assert database.schema_version(store.db) == schema.SCHEMA_VERSION
        assert store.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'stats_events_ai'").fetchone() is None
        assert projection_mark(store.db.conn) == 3 and stats_projection.behind(store.db) == 0
        assert projection.available(StationSource.from_store(store))
        assert_in_step(store.db.conn)
        store.events.create(event_data(), operator=OPERATOR)
        assert not projection.available(StationSource.from_store(store))
        stats_projection.catch_up(store.db)
        assert projection.available(StationSource.from_store(store))
        assert_in_step(store.db.conn)
        assert stored_projection(store.db.conn) == _rebuilt(store)
    finally:
        store.close()


def test_a_bulk_load_takes_the_mark_away_and_its_restore_sets_it_to_the_last_event(store):
    store.events.create(event_data(), operator=OPERATOR)
    with store.transaction():
        bulk_load.defer(store.db)
    store.events.create(event_data(type_code="LIT.LITE"), operator=OPERATOR)
    assert not projection.available(StationSource.from_store(store))  # no mark: the base tables
    assert stats_projection.catch_up(store.db) is False and stats_projection.behind(store.db) == 0
    bulk_load.restore(store.db)
    assert projection.available(StationSource.from_store(store))
    assert len(stored_projection(store.db.conn)[0]) == 2
    assert_in_step(store.db.conn)


def test_the_owner_projects_between_calls_and_when_idle(tmp_path, catalogs):
    path = tmp_path / "owned.db"
    owner = StoreOwner.open(path, catalogs=catalogs, idle_after_s=60)
    try:
        for _ in range(PROJECT_AT_EVENTS - 1):
            owner.call_blocking(Store.events.create, event_data(), operator=OPERATOR)
        assert owner.call_blocking(Store.maintenance.statistics_behind) == PROJECT_AT_EVENTS - 1
        owner.call_blocking(Store.events.create, event_data(), operator=OPERATOR)  # between calls: projected
        assert owner.call_blocking(Store.maintenance.statistics_behind) == 0
    finally:
        owner.close()
    owner = StoreOwner.open(path, catalogs=catalogs, idle_after_s=0.05)
    try:
        for _ in range(3):
            owner.call_blocking(Store.events.create, event_data(), operator=OPERATOR)
        deadline = time.monotonic() + 30
        while owner.call_blocking(Store.maintenance.statistics_behind):
            assert time.monotonic() < deadline, "the idle owner did not project the new events"
            time.sleep(0.05)
        owner.call_blocking(lambda s: assert_in_step(s.db.conn))
    finally:
        owner.close()


def test_the_owner_projects_what_waits_when_it_closes(tmp_path, catalogs):
    """A report read beside the closed app (read-only) then counts from the projection."""
    path = tmp_path / "closing.db"
    owner = StoreOwner.open(path, catalogs=catalogs, idle_after_s=60)
    try:
        for _ in range(5):
            owner.call_blocking(Store.events.create, event_data(), operator=OPERATOR)
        assert owner.call_blocking(Store.maintenance.statistics_behind) == 5
    finally:
        owner.close()
    with StationSource.open(path, catalogs) as src:
        assert projection.available(src)
        assert src.conn.execute("SELECT count(*) FROM stats_events").fetchone()[0] == 5
