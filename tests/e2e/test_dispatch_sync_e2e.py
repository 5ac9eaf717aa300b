"""Dispatch details travel between stations through a real server: links under a major
event, agencies informed or requested, a diverted unit, and an event of a station's own
type and priority level (the regional door accepts a well-formed code it does not know)."""

from __future__ import annotations

from tests.support.factories import EVENT, OPERATOR
from tests.support.stations import sync_all


def test_links_agencies_and_a_divert_replicate(stations):
    a, b = stations("A"), stations("B")
    major = a.events.create(EVENT, operator=OPERATOR)
    child = a.events.create(EVENT | {"address": "via Como 3"}, operator=OPERATOR)
    a.events.link(child["id"], major["id"], operator=OPERATOR)
    a.events.record_agency(major["id"], "VVF", "requested", operator=OPERATOR)
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    a.units.assign(major["id"], unit["id"], operator=OPERATOR)
    a.units.divert(unit["id"], child["id"], operator=OPERATOR)
    sync_all(a, b)
    assert [c["id"] for c in b.events.children(major["id"])] == [child["id"]]
    assert [(r["agency"], r["kind"]) for r in b.events.agencies(major["id"])] == [("VVF", "requested")]
    b.events.record_agency(major["id"], "CC", "informed", operator="Luca Verdi")
    b.events.unlink(child["id"], operator="Luca Verdi")
    sync_all(a, b)
    assert [r["agency"] for r in a.events.agencies(major["id"])] == ["VVF", "CC"]
    assert a.events.get(child["id"])["parent_id"] is None
    assert b.units.active_assignment(unit["id"])["event_id"] == child["id"]
    assert a.snapshot() == b.snapshot()
    assert a.outbox.count() == b.outbox.count() == 0
    assert a.maintenance.verify_audit() == [] and b.maintenance.verify_audit() == []


def test_a_station_own_type_and_level_cross_the_door(stations):
    a, b = stations("A"), stations("B")
    purple = {"code": "purple", "label": "viola", "label_en": "purple", "color": "#d0b0ff", "text_color": "#200040",
              "rank": 10, "alert_after_s": 60}
    levels = [*a.catalog_settings.priority_scale(), purple]
    a.catalog_settings.save_priority_scale(levels, operator=OPERATOR)
    a.catalog_settings.add_event_type({"code": "DRONE", "label": "Drone", "priority": "purple"}, operator=OPERATOR)
    event = a.events.create(EVENT | {"type_code": "DRONE"}, operator=OPERATOR)
    sync_all(a, b)
    assert a.outbox.count() == 0  # accepted, not refused
    got = b.events.get(event["id"])
    assert (got["type_code"], got["priority"]) == ("DRONE", "purple")
    assert "DRONE" not in b.catalog_settings.current().event_types  # catalogs stay each station's own
