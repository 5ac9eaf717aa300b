"""What the map reads from the store, the unit position write and store migration v5."""

from __future__ import annotations

import pytest

from emergenza.domain.errors import NotFoundError, ValidationError
from emergenza.store import Store, database
from emergenza.store.audit import verify
from emergenza.store.places import MAP_EVENT_COLUMNS
from emergenza.store.queries import EventFilter
from emergenza.store.schema import SCHEMA_VERSION
from tests.support.old_stores import database_at

OP = "Mario Rossi"


def _event(store, **overrides):
    data = {"type_code": "VIA.OSTACOLO", "municipality_istat": "016024", "address": "Via Roma 1",
            "description": "Prova", "channel": "phone"}
    data.update(overrides)
    return store.events.create(data, operator=OP)


def _unit(store, call_sign):
    return store.units.add({"kind": "car", "call_sign": call_sign}, operator=OP)


def _by_id(rows):
    return {r[0]: dict(zip(MAP_EVENT_COLUMNS, r, strict=True)) for r in rows}


def test_active_events_follow_the_board_filter(store):
    red = _event(store, priority="red", lat=45.69, lon=9.67)
    green = _event(store, priority="green", municipality_istat="016198")
    closed = _event(store)
    store.events.change_status(closed["id"], "cancelled", operator=OP, note="doppio")
    rows = _by_id(store.places.events())
    assert set(rows) == {red["id"], green["id"]}
    assert (rows[red["id"]]["lat"], rows[red["id"]]["lon"], rows[red["id"]]["priority"]) == (45.69, 9.67, "red")
    assert rows[green["id"]]["lat"] is None and rows[green["id"]]["municipality_istat"] == "016198"
    assert set(_by_id(store.places.events(EventFilter(priorities=("red",))))) == {red["id"]}
    assert set(_by_id(store.places.events(EventFilter(municipality_istat="016198")))) == {green["id"]}
    # The same subset as the board, for any filter.
    for flt in (EventFilter(), EventFilter(priorities=("green",)), EventFilter(sharing="shared")):
        assert set(_by_id(store.places.events(flt))) == set(store.board.ids(flt))


def test_a_unit_is_at_its_event_or_where_it_was_placed(store):
    event = _event(store, lat=45.7, lon=9.6)
    vague = _event(store, municipality_istat="016198")
    alfa, bravo, charlie = _unit(store, "Alfa 1"), _unit(store, "Bravo 1"), _unit(store, "Charlie 1")
    store.units.assign(event["id"], alfa["id"], operator=OP)
    store.units.assign(vague["id"], bravo["id"], operator=OP)
    units = {u["call_sign"]: u for u in store.places.units()}
    alfa = units["Alfa 1"]
    assert (alfa["place"], alfa["place_lon"], alfa["place_lat"]) == ("event", 9.6, 45.7)
    assert units["Alfa 1"]["on_event"] == event["id"]
    assert units["Bravo 1"]["place"] == "event" and units["Bravo 1"]["place_lon"] is None
    assert units["Bravo 1"]["place_municipality"] == "016198"
    assert units["Charlie 1"]["place"] is None and units["Charlie 1"]["on_event"] is None

    store.units.set_position(charlie["id"], 45.65, 9.70, operator=OP)
    store.units.set_position(alfa["id"], 45.71, 9.61, operator=OP)  # newer than its assignment: wins
    units = {u["call_sign"]: u for u in store.places.units()}
    assert (units["Charlie 1"]["place"], units["Charlie 1"]["place_lat"]) == ("hand", 45.65)
    assert (units["Alfa 1"]["place"], units["Alfa 1"]["place_lat"]) == ("hand", 45.71)
    assert units["Alfa 1"]["on_event"] == event["id"]

    # Cleared after being on scene: last seen at the event; cancelled on the way: not.
    assignment = store.units.for_event(vague["id"])[0]
    store.units.advance(assignment["id"], to="on_scene", operator=OP)
    store.units.advance(assignment["id"], to="cleared", operator=OP)
    units = {u["call_sign"]: u for u in store.places.units()}
    assert units["Bravo 1"]["place"] == "event" and units["Bravo 1"]["on_event"] is None


def test_unit_position_is_a_synced_audited_change(store):
    unit = _unit(store, "Alfa 1")
    before = store.outbox.count()
    row = store.units.set_position(unit["id"], 45.70, 9.60, operator=OP)
    assert (row["lat"], row["lon"]) == (45.70, 9.60) and row["position_at"]
    assert store.outbox.count() == before + 1
    change = store.outbox.pending()[-1]
    assert (change["entity"], change["entity_id"]) == ("resources", unit["id"])
    assert {"lat", "lon", "position_at"} <= set(change["fields"])
    assert verify(store.db) == []
    cleared = store.units.set_position(unit["id"], None, None, operator=OP)
    assert (cleared["lat"], cleared["lon"], cleared["position_at"]) == (None, None, None)


@pytest.mark.parametrize(("lat", "lon", "field"), [(9.6, 45.7, "lat"), (45.7, None, "lon"), ("abc", 9.6, "lat")])
def test_unit_position_follows_the_coordinate_rules(store, lat, lon, field):
    unit = _unit(store, "Alfa 1")
    before = store.outbox.count()
    with pytest.raises(ValidationError) as caught:
        store.units.set_position(unit["id"], lat, lon, operator=OP)
    assert field in {e.field for e in caught.value.errors}
    assert store.outbox.count() == before  # nothing written


def test_unit_position_of_an_unknown_unit(store):
    with pytest.raises(NotFoundError):
        store.units.set_position("nope", 45.7, 9.6, operator=OP)


def test_migration_v5_adds_position_columns_and_reaudits_existing_units(tmp_path, catalogs):
    """A store made at schema 4 with units opens at 5 and still passes the audit check."""
    path = tmp_path / "old.db"
    db = database_at(path, 4)
    old = Store(db, catalogs, path=path)
    unit = old.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OP)
    assert verify(old.db) == []
    old.close()

    store = Store.open(path, catalogs)
    try:
        assert database.schema_version(store.db) == SCHEMA_VERSION
        assert verify(store.db) == []
        audit = store.db.execute("SELECT operator, action FROM audit WHERE entity = 'resources' AND entity_id = ? "
                                 "ORDER BY seq DESC LIMIT 1", [unit["id"]]).fetchone()
        assert tuple(audit) == (database.MIGRATION_OPERATOR, "schema.v5")
        store.units.set_position(unit["id"], 45.7, 9.6, operator=OP)
        assert verify(store.db) == []
    finally:
        store.close()


def test_a_units_active_and_latest_assignments_are_found_through_indexes(store):
    """The active assignment through the partial unique index, the latest through the index
    on (resource_id, requested_at) (schema v19): no walk over all of a unit's assignments,
    and no sort of them (seconds at a million events, for every unit, when both were one sort)."""
    from emergenza.store.places import _UNITS_SQL

    rows = store.db.execute("EXPLAIN QUERY PLAN " + _UNITS_SQL).fetchall()
    plan = " ".join(r[3] for r in rows)
    assert "assignments_one_active_per_unit" in plan and "assignments_resource_requested" in plan
    subqueries = {r[0] for r in rows if r[3].startswith("CORRELATED SCALAR SUBQUERY")}
    assert not [r for r in rows if r[1] in subqueries and "TEMP B-TREE" in r[3]]  # the units' own sort only
