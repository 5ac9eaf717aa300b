"""The statistics projection (schema v14: ``stats_events``, ``stats_assignments``) equals,
after every kind of write, what is computed here independently from the base tables in
Python (datetimes, not SQLite's date functions), for the events it holds (schema v20: those
at or below its mark; the others have no row until the catch-up projects them); and the
statistics read from it equal those of the base-table queries (the reference path, kept for
stores without it and used while the projection is behind)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from emergenza.reports import projection
from emergenza.reports import statistics as stats_mod
from emergenza.reports.source import StationSource
from emergenza.store import schema, stats_projection
from tests.support.factories import DEMO_NOW, DUTY_OFFICER, open_store
from tests.support.relay import Relay
from tests.support.times import Clock, utc

OP = DUTY_OFFICER
UNIX_EPOCH_JULIAN_MS = 210_866_760_000_000  # Julian day 2440587.5 in milliseconds


def _ms(later: str | None, earlier: str | None) -> int | None:
    if later is None or earlier is None:
        return None
    delta: timedelta = utc(later) - utc(earlier)
    return round(delta / timedelta(milliseconds=1))


def _julian_ms(text: str | None) -> int | None:
    if text is None:
        return None
    return UNIX_EPOCH_JULIAN_MS + round((utc(text) - utc("1970-01-01T00:00:00.000Z")) / timedelta(milliseconds=1))


def projection_mark(conn: sqlite3.Connection) -> int | None:
    """The last events rowid projected (schema v20); None: a store before v20 (all of them)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stats_marks'").fetchone() is None:
        return None
    row = conn.execute("SELECT upto FROM stats_marks WHERE projection = 'events'").fetchone()
    assert row is not None, "no mark: a bulk load has deferred the projection"
    return row[0]


def expected_projection(conn: sqlite3.Connection) -> tuple[set[tuple], set[tuple]]:
    """The rows of the events the projection holds (those at or below its mark)."""
    mark = projection_mark(conn)
    events = conn.execute("SELECT id, received_at, exercise, type_code, priority, municipality_istat, channel, "
                          "status, first_sent_at FROM events WHERE ? IS NULL OR rowid <= ?", [mark, mark]).fetchall()
    assignments = conn.execute("SELECT id, event_id, resource_id, status, requested_at, sent_at, on_scene_at, "
                               "cleared_at FROM assignments").fetchall()
    by_event: dict[str, list[tuple]] = {}
    for a in assignments:
        by_event.setdefault(a[1], []).append(a)
    event_rows, assignment_rows = set(), set()
    info = {}
    for eid, received, exercise, type_code, priority, town, channel, status, first_sent in events:
        info[eid] = (received, exercise, type_code, priority, town, channel)
        moment = utc(received)
        hour_of_week = (moment.weekday() + 1) % 7 * 24 + moment.hour   # 0 = Sunday, as strftime('%w')
        mine = by_event.get(eid, [])
        scenes = [a[6] for a in mine if a[6]]
        clears = [a[7] for a in mine if a[7]]
        engaged = any(a[3] not in ("cleared", "cancelled") for a in mine)
        first_scene = min(scenes) if scenes else None
        to_scene = _ms(first_scene, first_sent) if first_scene else None
        on_scene = _ms(max(clears) if clears else None, first_scene) if mine and not engaged else None
        dims = "\x1f".join((type_code, priority, channel, status))
        event_rows.add((received, eid, exercise, type_code, priority, town, channel, status, dims, hour_of_week,
                        _ms(first_sent, received), to_scene, on_scene))
    for aid, eid, rid, _status, requested, sent, _scene, cleared in assignments:
        if eid in info:
            received, exercise, type_code, priority, town, channel = info[eid]
            assignment_rows.add((rid, received, aid, eid, exercise, type_code, priority, town, channel,
                                 _julian_ms(sent or requested), _julian_ms(cleared)))
    return event_rows, assignment_rows


def stored_projection(conn: sqlite3.Connection) -> tuple[set[tuple], set[tuple]]:
    return (set(conn.execute("SELECT * FROM stats_events").fetchall()),
            set(conn.execute("SELECT * FROM stats_assignments").fetchall()))


def assert_in_step(conn: sqlite3.Connection) -> None:
    expected, got = expected_projection(conn), stored_projection(conn)
    assert got[0] == expected[0]
    assert got[1] == expected[1]


def assert_caught_up(store) -> None:
    """The owner's catch-up projects every event: then the projection is whole and read."""
    stats_projection.catch_up(store.db)
    assert stats_projection.behind(store.db) == 0
    assert projection.available(StationSource.from_store(store))
    assert len(stored_projection(store.db.conn)[0]) == store.db.execute("SELECT count(*) FROM events").fetchone()[0]
    assert_in_step(store.db.conn)


def _busy_day(store, clock: Clock) -> list[dict]:
    """Every write the room makes: events, units sent, advanced, diverted, cancelled and
    cleared, edits of the counted fields, close, reopen, cancel, a struck note."""
    units = [store.units.add({"kind": "car", "call_sign": f"Alfa {n}"}, operator=OP) for n in range(1, 5)]
    clock.at("2026-03-28 22:00")
    base = {"municipality_istat": "016024", "address": "Via Roma 1", "description": "Prova.", "channel": "phone"}
    events = [store.events.create(base | {"type_code": t}, operator=OP)
              for t in ("INC.DANNI", "LIT.LITE", "VIA.SOSTA", "DIS.RUMORE")]
    a, b, c, d = events
    clock.add(3)
    a1 = store.units.assign(a["id"], units[0]["id"], operator=OP)
    clock.add(2)
    store.units.advance(a1["id"], operator=OP)                     # en route
    clock.add(9)
    store.units.advance(a1["id"], operator=OP)                     # on scene
    b1 = store.units.assign(b["id"], units[1]["id"], operator=OP, status="requested")
    clock.add(1)
    store.units.advance(b1["id"], operator=OP, to="cancelled")
    store.units.assign(b["id"], units[2]["id"], operator=OP)
    clock.add(4)
    store.units.divert(units[0]["id"], c["id"], operator=OP)       # a1 freed, a new assignment on c
    note = store.events.add_note(a["id"], "Nota sbagliata.", operator=OP)
    store.events.strike_entry(note["id"], "Sull'intervento sbagliato", operator=OP)
    clock.add(60)                                                  # across the DST change
    store.events.update(d["id"], {"type_code": "INC.FERITI", "priority": "red", "channel": "radio",
                                  "municipality_istat": "016011"}, operator=OP)
    store.events.update(c["id"], {"received_at": "2026-03-28T20:30:00.000Z", "exercise": 1}, operator=OP)
    store.events.change_status(a["id"], "closed", operator=OP, outcome="Fatto.")
    store.events.change_status(a["id"], "reopened", operator=OP)
    store.units.assign(a["id"], units[3]["id"], operator=OP)
    clock.add(30)
    store.events.change_status(b["id"], "cancelled", operator=OP, note="Doppione.")
    store.events.change_status(c["id"], "closed", operator=OP, outcome="Risolto.")
    return events


def test_every_write_path_keeps_the_projection_in_step(tmp_path, catalogs):
    """Local writes at a station, the same rows applied by sync at a second one (which
    writes back), and a third store filled by its first pull (as from a snapshot)."""
    clock = Clock(datetime(2026, 3, 28, 20, 0, tzinfo=UTC))
    one = open_store(tmp_path / "one.db", catalogs, station_code="BG01", now=clock)
    two = open_store(tmp_path / "two.db", catalogs, station_code="BG02", now=clock)
    try:
        events = _busy_day(one, clock)
        assert_in_step(one.db.conn)
        assert_caught_up(one)
        assert one.db.conn.execute("SELECT count(*) FROM stats_assignments").fetchone()[0] == 5
        relay = Relay()
        relay.sync(one, two)
        assert_in_step(two.db.conn)
        assert_caught_up(two)
        clock.add(5)
        two.events.change_status(events[3]["id"], "closed", operator=OP, outcome="Chiuso dalla seconda sala.")
        two.events.update(events[0]["id"], {"priority": "yellow"}, operator=OP)
        relay.sync(one, two)
        assert_in_step(one.db.conn)
        assert_in_step(two.db.conn)
        three = open_store(tmp_path / "three.db", catalogs, station_code="BG03", now=clock)
        try:
            relay.pull(three, page=3)
            assert_in_step(three.db.conn)
            assert_caught_up(three)
            assert stored_projection(three.db.conn)[0] == stored_projection(one.db.conn)[0]
        finally:
            three.close()
    finally:
        one.close()
        two.close()


def test_the_rebuild_of_the_migration_equals_the_triggers(tmp_path, catalogs):
    clock = Clock(datetime(2026, 3, 28, 20, 0, tzinfo=UTC))
    store = open_store(tmp_path / "one.db", catalogs, now=clock)
    try:
        _busy_day(store, clock)
        assert_caught_up(store)
        kept = stored_projection(store.db.conn)
        store.db.conn.executescript(f"BEGIN; {schema.STATS_REBUILD} COMMIT;")
        assert stored_projection(store.db.conn) == kept
        assert_in_step(store.db.conn)
    finally:
        store.close()


def test_the_demo_generator_builds_the_projection(demo_conn):
    assert demo_conn.execute("SELECT count(*) FROM stats_events").fetchone()[0] == 6000
    assert projection_mark(demo_conn) == demo_conn.execute("SELECT max(rowid) FROM events").fetchone()[0]
    assert_in_step(demo_conn)


QUERIES = [
    stats_mod.StatsQuery(date(2026, 3, 1), date(2026, 4, 15)),                 # across the spring change
    stats_mod.StatsQuery(date(2026, 1, 1), date(2026, 12, 31)),
    stats_mod.StatsQuery(date(2026, 3, 29), date(2026, 3, 29)),                # the 23-hour day
    stats_mod.StatsQuery(date(2025, 10, 20), date(2026, 4, 20), include_exercises=True),
    stats_mod.StatsQuery(date(2026, 2, 1), date(2026, 4, 30), type_code="INC", priority="red"),
    stats_mod.StatsQuery(date(2026, 2, 1), date(2026, 4, 30), municipality_istat="016024", channel="phone"),
    stats_mod.StatsQuery(date(2019, 1, 1), date(2019, 1, 31)),                 # no event
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.date_from}-{q.date_to}")
def test_statistics_from_the_projection_equal_the_base_tables(demo_source, query):
    scope = query.scope()
    assert projection.available(demo_source) and projection.hour_segments(scope) is not None
    fast = stats_mod.compute(demo_source, query)
    reference = stats_mod.from_base_tables(demo_source, query)
    assert fast.total == reference.total
    for name in ("closed", "cancelled", "still_open", "by_type", "by_priority", "by_municipality", "by_channel",
                 "by_hour", "by_weekday", "response", "period_s", "by_area"):
        assert getattr(fast, name) == getattr(reference, name), name
    assert [(u.call_sign, u.assignments) for u in fast.units] == [(u.call_sign, u.assignments)
                                                                    for u in reference.units]
    for got, want in zip(fast.units, reference.units, strict=True):   # a sum of doubles vs of whole ms
        assert got.busy_s == pytest.approx(want.busy_s, abs=1e-6)


def test_a_store_without_the_projection_uses_the_base_tables(demo_path, tmp_path):
    """A copy made by an older version (opened read-only, never migrated)."""
    copy = tmp_path / "old.db"
    with sqlite3.connect(demo_path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:
        conn.executescript("DROP TABLE stats_events; DROP TABLE stats_assignments;")
    conn.close()
    with StationSource.open(copy, now=lambda: DEMO_NOW) as old, StationSource.open(demo_path,
                                                                               now=lambda: DEMO_NOW) as new:
        assert not projection.available(old)
        query = QUERIES[0]
        assert stats_mod.compute(old, query).by_hour == stats_mod.compute(new, query).by_hour
        assert stats_mod.compute(old, query).response == stats_mod.compute(new, query).response


def test_hours_off_the_whole_hour_fall_back_to_the_base_tables(demo_source):
    """Rome kept its local mean time (UTC+0:49:56) until 1893: a UTC hour is not a local one."""
    old = stats_mod.StatsQuery(date(1890, 1, 1), date(1890, 1, 31))
    assert projection.hour_segments(old.scope()) is None
    assert stats_mod.compute(demo_source, old) == stats_mod.from_base_tables(demo_source, old)
    summer = projection.hour_segments(stats_mod.StatsQuery(date(2026, 3, 1), date(2026, 11, 30)).scope())
    assert [(s[0][:13], s[1][:13], s[2]) for s in summer] == [
        ("2026-02-28T23", "2026-03-29T01", 1), ("2026-03-29T01", "2026-10-25T01", 2),
        ("2026-10-25T01", "2026-11-30T23", 1)]
