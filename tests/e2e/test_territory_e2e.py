"""At-risk areas and cameras through a real server (SQLite file and PostgreSQL): they sync
like units, with the owner corps and the sharing of an event."""

from __future__ import annotations

from emergenza.domain.areas import encode_shape
from tests.support.factories import EVENT, OPERATOR

SQUARE = [[[(9.66, 45.69), (9.68, 45.69), (9.68, 45.70), (9.66, 45.70), (9.66, 45.69)]]]


def _area(**over):
    return {"name": "Stazione FS", "category": "stazione", "shape": SQUARE, "watch_count": 3, "watch_hours": 6,
            "watch_types": "DIS"} | over


def test_a_reserved_area_stays_in_its_corps_a_shared_one_reaches_everyone(stations):
    a, b, c = stations("A", corps="PL Bergamo"), stations("B", corps="PL Bergamo"), stations("C", corps="PL Milano")
    reserved = a.areas.add(_area(), operator=OPERATOR)
    shared = a.areas.add(_area(name="Parco Suardi", category="parco", sharing="shared"), operator=OPERATOR)
    camera = a.cameras.add({"name": "Varco Seriate", "kind": "gate", "lat": 45.695, "lon": 9.67,
                            "owner_kind": "municipality", "owner_name": "Comune di Seriate"}, operator=OPERATOR)
    assert a.sync().pending == 0
    b.sync()
    c.sync()
    assert {r[0] for r in b.q("SELECT name FROM risk_areas")} == {"Stazione FS", "Parco Suardi"}
    assert [r[0] for r in c.q("SELECT name FROM risk_areas")] == ["Parco Suardi"]
    assert b.q("SELECT name, owner_name FROM cameras") == [("Varco Seriate", "Comune di Seriate")]
    assert c.q("SELECT count(*) FROM cameras") == [(0,)]
    # The shape arrived whole: the same text, so the same point-in-polygon everywhere.
    assert b.q("SELECT shape FROM risk_areas WHERE id = ?", [reserved["id"]]) == [(encode_shape(SQUARE),)]
    assert a.maintenance.verify_audit() == [] and b.maintenance.verify_audit() == []
    assert c.maintenance.verify_audit() == []
    del shared

    # Made shared later: the corps that could not see it receives it whole (server snapshot).
    a.cameras.update(camera["id"], {"sharing": "shared"}, operator=OPERATOR)
    a.sync()
    c.sync()
    assert c.q("SELECT name, kind, sharing FROM cameras") == [("Varco Seriate", "gate", "shared")]


def test_events_pulled_into_an_area_are_flagged_and_watched(stations):
    a, b = stations("A", corps="PL Bergamo"), stations("B", corps="PL Bergamo")
    area = a.areas.add(_area(watch_count=2, watch_types="INC"), operator=OPERATOR)
    a.sync()
    b.sync()
    for n in range(2):
        a.events.create(EVENT | {"lat": 45.695, "lon": 9.67, "address": f"via Roma {n}"}, operator=OPERATOR)
    a.events.create(EVENT | {"lat": 45.60, "lon": 9.60, "address": "fuori"}, operator=OPERATOR)
    a.sync()
    b.sync()
    assert b.q("SELECT count(*) FROM event_areas WHERE area_id = ?", [area["id"]]) == [(2,)]
    assert [r[0] for r in b.q("SELECT kind FROM territory_alerts")] == ["watch"]
    assert [r[0] for r in a.q("SELECT kind FROM territory_alerts")] == ["watch"]


def test_another_corps_cannot_change_an_area_it_did_not_make(stations, server):
    a, c = stations("A", corps="PL Bergamo"), stations("C", corps="PL Milano")
    area = a.areas.add(_area(sharing="shared"), operator=OPERATOR)
    a.sync()
    c.sync()
    c.areas.update(area["id"], {"name": "Rinominata"}, operator=OPERATOR)
    report = c.sync()
    assert report.pending == 0  # refused changes are acknowledged (and kept visible locally)
    a.sync()
    assert a.q("SELECT name FROM risk_areas") == [("Stazione FS",)]

    # The door also checks the shape and the category, like the station's forms.
    api = server.station("PL Milano", "Raw")
    bad = api.push([api.change("risk_areas", "area-1", {
        "name": "Cerchio", "category": "stazione", "shape": "[[[[9.6,45.6],[9.7,45.6],[9.6,45.6],[9.6,45.6]]]]",
        "sharing": "shared", "active": 1, "created_at": "2026-03-01T10:00:00.000Z", "corps": "PL Milano"}),
        api.change("cameras", "cam-1", {
            "name": "Cam", "kind": "drone", "lat": 45.6, "lon": 9.6, "owner_kind": "corps", "status": "working",
            "sharing": "shared", "active": 1, "created_at": "2026-03-01T10:00:00.000Z"})])
    reasons = sorted(r["reason"] for r in bad["refused"])
    assert len(reasons) == 2
    assert "area nulla" in reasons[0] or "area nulla" in reasons[1]
    assert any("kind" in r for r in reasons)
