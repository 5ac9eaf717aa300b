"""Every write that moves an event or reshapes an area recomputes which areas hold it, in
one place (store/areas.py ``Areas.follow``): intake and edits, CAP import, a conflict
resolved, an area imported, pulled pages, a demo store given areas. Through a real server
(a child waiting for its parent, the first sync's snapshot): tests/e2e/test_territory_e2e.py."""

from __future__ import annotations

import json

from emergenza.domain.areas import contains, decode_shape
from emergenza.domain.geojson import parse_areas
from emergenza.exchange import station
from emergenza.store import Store, demo
from emergenza.sync.review import KEEP_THEIRS, resolve_conflict
from tests.support.factories import OPERATOR, event_data

SQUARE = [[[(9.66, 45.69), (9.68, 45.69), (9.68, 45.70), (9.66, 45.70), (9.66, 45.69)]]]
INSIDE, OUTSIDE = {"lat": 45.695, "lon": 9.67}, {"lat": 45.60, "lon": 9.60}


def _area(store: Store, **over) -> dict:
    return store.areas.add({"name": "Stazione FS", "category": "stazione", "shape": SQUARE} | over, operator=OPERATOR)


def _held(store: Store, area_id: str) -> list[str]:
    return sorted(store.areas.event_ids(area_id))


def test_a_cap_alert_imported_inside_an_area_is_flagged(stores):
    a, b = stores("a", "BG01"), stores("b", "BG02")
    area = _area(b)
    event = a.events.create(event_data(sharing="shared", **INSIDE), operator=OPERATOR)
    [done] = station.import_documents(b, "cap", [("c.xml", station.export_cap(a, event["number"]))])
    imported = b.events.get_by_number(done.number)
    assert _held(b, area["id"]) == [imported["id"]]


def test_a_conflict_resolved_by_keeping_the_other_place_moves_the_event(stores, relay):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    area = _area(a, sharing="shared")
    event = a.events.create(event_data(sharing="shared", **OUTSIDE), operator=OPERATOR)
    relay.sync(a, b)
    a.events.update(event["id"], {"lat": 45.61}, operator=OPERATOR)
    b.events.update(event["id"], {"lat": INSIDE["lat"], "lon": INSIDE["lon"]}, operator=OPERATOR)
    relay.sync(a, b)
    for store in (a, b):  # the same row on both sides: the later write (B's) won
        assert _held(store, area["id"]) == [event["id"]]
    [conflict] = [c for c in a.db.query("SELECT * FROM conflicts WHERE field = 'lat' AND resolved_at IS NULL")]
    if conflict["lost_origin"] == a.replica_id:  # A lost its 45.61: keeping "theirs" would change nothing
        resolve_conflict(a, conflict["id"], "mine", operator=OPERATOR)
    else:
        resolve_conflict(a, conflict["id"], KEEP_THEIRS, operator=OPERATOR)
    assert a.events.get(event["id"])["lat"] == 45.61
    assert _held(a, area["id"]) == []  # out of the area at once, before any sync
    relay.sync(a, b)
    assert _held(b, area["id"]) == []


def test_an_event_moved_out_and_an_area_switched_off_on_another_station_follow(stores, relay):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    area = _area(a, sharing="shared")
    event = a.events.create(event_data(sharing="shared", **INSIDE), operator=OPERATOR)
    relay.sync(a, b)
    assert _held(b, area["id"]) == [event["id"]]
    a.events.update(event["id"], OUTSIDE, operator=OPERATOR)
    relay.sync(a, b)
    assert _held(b, area["id"]) == []
    a.events.update(event["id"], INSIDE, operator=OPERATOR)
    relay.sync(a, b)
    assert _held(b, area["id"]) == [event["id"]]
    a.areas.update(area["id"], {"active": 0}, operator=OPERATOR)
    relay.sync(a, b)
    assert _held(b, area["id"]) == []


def test_imported_areas_hold_their_events_without_raising_alerts(store):
    event = store.events.create(event_data(**INSIDE), operator=OPERATOR)
    geojson = json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": SQUARE[0]},
        "properties": {"nome": "Stazione", "categoria": "stazione", "soglia_interventi": 1, "soglia_ore": 24}}]})
    [area] = store.areas.import_areas(parse_areas(geojson), operator=OPERATOR)
    assert _held(store, area["id"]) == [event["id"]]
    assert store.areas.open_alerts() == []  # an import places, it does not alarm
    store.events.create(event_data(address="via Roma 9", **INSIDE), operator=OPERATOR)
    assert len(store.areas.open_alerts()) == 1  # a new event in it afterwards does


def test_a_demo_store_given_areas_holds_exactly_the_events_inside_them(tmp_path, catalogs):
    path = tmp_path / "demo.db"
    demo.generate(path, events=300, seed=3, catalogs=catalogs)
    store = Store.open(path, catalogs)
    try:
        placed = [(r["id"], r["lat"], r["lon"]) for r in store.db.query(
            "SELECT id, lat, lon FROM events WHERE lat IS NOT NULL")]
        assert len(placed) > 50
        assert store.db.execute("SELECT count(*) FROM event_areas").fetchone()[0] == 0  # no areas yet
        lats, lons = sorted(p[1] for p in placed), sorted(p[2] for p in placed)
        lo_lat, hi_lat = lats[len(lats) // 4], lats[3 * len(lats) // 4]
        lo_lon, hi_lon = lons[len(lons) // 4], lons[3 * len(lons) // 4]
        square = [[[(lo_lon, lo_lat), (hi_lon, lo_lat), (hi_lon, hi_lat), (lo_lon, hi_lat), (lo_lon, lo_lat)]]]
        area = _area(store, name="Centro", shape=square)
        shape = decode_shape(store.areas.get(area["id"])["shape"])
        expected = sorted(i for i, lat, lon in placed if contains(shape, lon, lat))
        assert expected and len(expected) < len(placed)
        assert _held(store, area["id"]) == expected
    finally:
        store.close()
