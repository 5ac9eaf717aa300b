"""At-risk areas: the registry, which areas hold an event (holes, multipolygons, moves),
the watch rule and its alert, the GeoJSON import (all or nothing) and export."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from emergenza.domain.areas import (
    AreaCategory,
    WatchRule,
    alert_text,
    category_of,
    decode_shape,
    encode_shape,
    shape_problem,
    watch_count,
    watch_fires,
)
from emergenza.domain.enums import Role
from emergenza.domain.errors import PermissionDeniedError, ValidationError
from emergenza.domain.geojson import parse_areas
from emergenza.domain.roles import Actor
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.factories import event_data

OUTER = [(9.60, 45.60), (9.70, 45.60), (9.70, 45.70), (9.60, 45.70), (9.60, 45.60)]
HOLE = [(9.64, 45.64), (9.66, 45.64), (9.66, 45.66), (9.64, 45.66), (9.64, 45.64)]
ISLAND = [(9.80, 45.80), (9.82, 45.80), (9.82, 45.82), (9.80, 45.82), (9.80, 45.80)]
DONUT_AND_ISLAND = [[OUTER, HOLE], [ISLAND]]


def _event(store, lat, lon, **over):
    return store.events.create(event_data(lat=lat, lon=lon, **over), operator=OP)


def test_shape_round_trips_and_bad_shapes_are_named():
    text = encode_shape(DONUT_AND_ISLAND)
    assert decode_shape(text) == [[OUTER, HOLE], [ISLAND]]
    assert shape_problem(text) is None
    assert shape_problem("") and shape_problem("[1]") and shape_problem("{")
    flat = encode_shape([[[(9.6, 45.6), (9.7, 45.6), (9.6, 45.6), (9.6, 45.6)]]])
    assert "area nulla" in shape_problem(flat)
    assert "fuori" in shape_problem(encode_shape([[[(45.6, 9.6), (45.7, 9.6), (45.7, 9.7), (45.6, 9.6)]]]))


def test_categories_are_read_by_code_or_label():
    assert category_of("area industriale") is AreaCategory.INDUSTRIAL
    assert category_of("MOVIDA") is AreaCategory.NIGHTLIFE
    assert category_of("spiaggia") is None


def test_events_inside_holes_and_islands(store):
    area = store.areas.add({"name": "Centro", "category": "movida", "shape": DONUT_AND_ISLAND}, operator=OP)
    inside = _event(store, 45.62, 9.62)
    in_hole = _event(store, 45.65, 9.65)
    on_island = _event(store, 45.81, 9.81)
    nowhere = _event(store, 45.50, 9.50)
    no_place = store.events.create(event_data(), operator=OP)
    assert sorted(store.areas.event_ids(area["id"])) == sorted([inside["id"], on_island["id"]])
    rows = store.board.rows([inside["id"], in_hole["id"], nowhere["id"], no_place["id"]])
    assert rows[inside["id"]]["areas"] == "Centro"
    assert rows[in_hole["id"]]["areas"] is None and rows[nowhere["id"]]["areas"] is None
    assert rows[no_place["id"]]["areas"] is None


def test_membership_follows_moved_events_and_reshaped_or_disabled_areas(store):
    event = _event(store, 45.50, 9.50)
    area = store.areas.add({"name": "Parco", "category": "parco", "shape": [[OUTER]]}, operator=OP)
    assert store.areas.of_event(event["id"]) == []
    store.events.update(event["id"], {"lat": 45.65, "lon": 9.65}, operator=OP)
    assert [a["name"] for a in store.areas.of_event(event["id"])] == ["Parco"]
    store.areas.update(area["id"], {"shape": [[OUTER, HOLE]]}, operator=OP)
    assert store.areas.of_event(event["id"]) == []
    store.areas.update(area["id"], {"shape": [[OUTER]]}, operator=OP)
    assert store.areas.event_ids(area["id"]) == [event["id"]]
    store.areas.update(area["id"], {"active": 0}, operator=OP)
    assert store.areas.event_ids(area["id"]) == []
    assert store.maintenance.verify_audit() == []


def test_search_rows_carry_the_area(store):
    store.areas.add({"name": "Stazione", "category": "stazione", "shape": [[OUTER]]}, operator=OP)
    event = _event(store, 45.61, 9.61, description="Lite davanti alla biglietteria")
    found = store.search.find("biglietteria")
    assert [(r["id"], r["areas"]) for r in found] == [(event["id"], "Stazione")]


def test_watch_rule_counts_types_by_prefix_within_the_window():
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    rule = WatchRule(3, 2, ("DIS", "INC.FERITI"))
    events = [(now - timedelta(minutes=10), "DIS.RUMORE"), (now - timedelta(minutes=50), "DIS"),
              (now - timedelta(hours=1), "INC.FERITI"), (now - timedelta(hours=3), "DIS.RISSA"),
              (now - timedelta(minutes=5), "INC.DANNI"), (now - timedelta(minutes=5), "DISCO")]
    assert watch_count(rule, events, now) == 3
    assert watch_fires(rule, events, now)
    assert not watch_fires(rule, events[1:], now)
    assert watch_count(WatchRule(1, 24), events, now) == len(events)


def test_watch_rule_raises_one_alert_per_window(store):
    area = store.areas.add({"name": "Movida", "category": "movida", "shape": [[OUTER]], "watch_count": 2,
                            "watch_hours": 4, "watch_types": "DIS"}, operator=OP)
    _event(store, 45.61, 9.61, type_code="DIS.RUMORE")
    _event(store, 45.61, 9.62, type_code="INC.DANNI")  # another type: not counted
    assert store.areas.open_alerts() == []
    _event(store, 45.62, 9.61, type_code="DIS.RUMORE")
    alerts = store.areas.open_alerts()
    assert [(a["kind"], a["ref_id"]) for a in alerts] == [("watch", area["id"])]
    shown = alert_text(alerts[0]["text"], alerts[0]["params"])
    assert "Movida" in shown and "2 interventi" in shown
    _event(store, 45.63, 9.61, type_code="DIS.RUMORE")  # same window: no second alert
    assert len(store.areas.open_alerts()) == 1
    store.areas.mark_seen(alerts[0]["id"], operator=OP)
    assert store.areas.open_alerts() == []


def test_exercises_and_old_events_do_not_trigger_the_rule(store):
    store.areas.add({"name": "Scuola", "category": "scuola", "shape": [[OUTER]], "watch_count": 2,
                     "watch_hours": 1}, operator=OP)
    old = (datetime.now(UTC) - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    _event(store, 45.61, 9.61, received_at=old)
    _event(store, 45.61, 9.61, exercise=1)
    _event(store, 45.61, 9.61)
    assert store.areas.open_alerts() == []


def test_bad_area_input_is_refused_with_field_errors(store):
    with pytest.raises(ValidationError) as err:
        store.areas.add({"name": " ", "category": "spiaggia", "shape": [[OUTER]], "watch_count": 3}, operator=OP)
    assert {e.field for e in err.value.errors} == {"name", "category", "watch_count"}
    assert store.areas.registry() == [] and store.outbox.count() == 0


def test_only_a_supervisor_manages_areas(store):
    store.act_as(Actor(name="Rossi", role=Role.OPERATOR))
    with pytest.raises(PermissionDeniedError):
        store.areas.add({"name": "Parco", "category": "parco", "shape": [[OUTER]]}, operator=OP)
    assert store.areas.registry() == []


def test_import_is_all_or_nothing_and_export_reads_back(store):
    good = {"type": "Feature", "properties": {"nome": "Parco", "categoria": "parco", "soglia_interventi": 5,
                                              "soglia_ore": 12, "tipi": "DIS"},
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in OUTER]]}}
    bad = {**good, "properties": {"nome": "Boh", "categoria": "spiaggia"}}
    areas = parse_areas(json.dumps({"type": "FeatureCollection", "features": [good, bad]}))
    with pytest.raises(ValidationError) as err:
        store.areas.import_areas(areas, operator=OP)
    assert "Elemento 2" in str(err.value) and "Boh" in str(err.value)
    assert store.areas.registry() == []
    event = _event(store, 45.61, 9.61)
    store.areas.import_areas(areas[:1], operator=OP, sharing="shared")
    (row,) = store.areas.registry()
    assert (row["name"], row["category"], row["watch_count"], row["watch_hours"], row["sharing"], row["events"]) == \
        ("Parco", "parco", 5, 12, "shared", 1)
    assert store.areas.event_ids(row["id"]) == [event["id"]]
    again = parse_areas(json.dumps(store.areas.export_geojson()))
    assert [(a.name, a.properties["categoria"], a.properties["soglia_ore"]) for a in again] == [("Parco", "parco", 12)]
    assert [list(map(tuple, r)) for r in again[0].polygons[0]] == [OUTER]
