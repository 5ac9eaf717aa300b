"""An intake's commit (issue 15): the row each write reads back (on the bare connection) is
the row as stored, so the audit digests hold; an intake writes no statistics row (schema v20:
the owner projects new events after their commits, store/stats_projection.py), and an event
inserted after its assignments (a sync transaction defers the foreign keys) still has them
counted once projected."""

from __future__ import annotations

from emergenza.store import database, schema, stats_projection
from emergenza.store.schema import MIGRATIONS
from tests.support.factories import OPERATOR, add_unit, event_data, open_store
from tests.support.old_stores import database_at


def _projection(store) -> tuple[set[tuple], set[tuple]]:
    conn = store.db.conn
    return (set(conn.execute("SELECT * FROM stats_events").fetchall()),
            set(conn.execute("SELECT * FROM stats_assignments").fetchall()))


def _equals_rebuild(store) -> None:
    """What the triggers and the catch-up keep equals the projection made from scratch
    (schema.STATS_REBUILD)."""
    stats_projection.catch_up(store.db)
    kept = _projection(store)
    store.db.conn.executescript(f"BEGIN; {schema.STATS_REBUILD} COMMIT;")
    assert _projection(store) == kept


def _insert_trigger(store) -> tuple | None:
    return store.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'stats_events_ai'"
                            ).fetchone()


def test_written_rows_are_the_rows_a_select_reads(store):
    """Whole-number coordinates (a REAL column stores them as integers, reads them as floats):
    the row a write returns and its audit digest are those of the stored row."""
    event = store.events.create(event_data(lat=45, lon=9, exercise=True), operator=OPERATOR)
    assert event == store.events.get(event["id"])
    assert isinstance(event["lat"], float) and event["lat"] == 45.0
    moved = store.events.update(event["id"], {"lat": 46, "lon": "9,5"}, operator=OPERATOR)
    assert moved == store.events.get(event["id"])
    assert (type(moved["lat"]), moved["lat"], moved["lon"]) == (float, 46.0, 9.5)
    assert store.maintenance.verify_audit() == []


def test_an_intake_and_an_event_after_its_assignments_keep_the_projection(store):
    unit = add_unit(store)
    first = store.events.create(event_data(), operator=OPERATOR)
    store.units.assign(first["id"], unit["id"], operator=OPERATOR)
    second = store.events.create(event_data(type_code="LIT.LITE"), operator=OPERATOR)
    assert store.db.execute("SELECT count(*) FROM stats_events").fetchone()[0] == 0  # none in the commits
    assert stats_projection.catch_up(store.db) is False
    assert store.db.execute("SELECT to_scene_ms, on_scene_ms FROM stats_events WHERE event_id = ?",
                            [second["id"]]).fetchone() == (None, None)
    # As a pulled page may apply them: the assignment first, its event later, one transaction.
    conn = store.db.conn
    conn.execute("BEGIN")
    conn.execute("PRAGMA defer_foreign_keys = ON")
    conn.execute("INSERT INTO assignments (id, event_id, resource_id, status, requested_at, sent_at, on_scene_at, "
                 "_hlc) VALUES ('a-late', 'e-late', ?, 'on_scene', '2026-04-20T10:01:00.000Z', "
                 "'2026-04-20T10:01:00.000Z', '2026-04-20T10:09:00.000Z', '0')", [add_unit(store, "Alfa 2")["id"]])
    row = {**store.events.get(first["id"]), "id": "e-late", "number": "BG01-2026-999999",
           "received_at": "2026-04-20T10:00:00.000Z", "first_sent_at": "2026-04-20T10:01:00.000Z"}
    conn.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    conn.execute("COMMIT")
    assert store.db.execute("SELECT count(*) FROM stats_assignments WHERE event_id = 'e-late'").fetchone()[0] == 0
    stats_projection.catch_up(store.db)
    assert store.db.execute("SELECT to_sent_ms, to_scene_ms FROM stats_events WHERE event_id = 'e-late'"
                            ).fetchone() == (60_000, 480_000)
    assert store.db.execute("SELECT count(*) FROM stats_assignments WHERE event_id = 'e-late'").fetchone()[0] == 1
    _equals_rebuild(store)


def test_a_store_before_v17_migrates_to_no_intake_trigger(tmp_path, catalogs):
    path = tmp_path / "old.db"
    at = next(i for i, sql in enumerate(MIGRATIONS) if sql.startswith("DROP TRIGGER IF EXISTS stats_events_ai;"))
    database_at(path, at).close()
    old = open_store(path, catalogs)  # migrates: v17 replaces v14's stats_events_ai, v20 drops it
    try:
        assert database.schema_version(old.db) == len(MIGRATIONS)
        assert _insert_trigger(old) is None
        unit = add_unit(old)
        event = old.events.create(event_data(), operator=OPERATOR)
        old.units.assign(event["id"], unit["id"], operator=OPERATOR)
        old.events.create(event_data(type_code="VIA.SOSTA"), operator=OPERATOR)
        assert stats_projection.behind(old.db) == 2
        _equals_rebuild(old)
        assert len(_projection(old)[0]) == 2
        assert old.maintenance.verify_audit() == []
    finally:
        old.close()
