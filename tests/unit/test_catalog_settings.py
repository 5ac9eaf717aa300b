"""The station's own priority scale and event types, kept in its store."""

import dataclasses

import pytest

from emergenza.domain.enums import Role
from emergenza.domain.errors import PermissionDeniedError, UserError, ValidationError
from emergenza.domain.roles import Actor
from tests.support.factories import OPERATOR, event_data, open_store

ADMIN = "Elena Neri"


def _scale(store):
    return store.catalog_settings.priority_scale()


def _with_purple(store, alert_after_s=60):
    levels = _scale(store)
    levels.append({"code": "purple", "label": "viola", "label_en": "purple", "color": "#d0b0ff",
                   "text_color": "#200040", "rank": 10, "alert_after_s": alert_after_s})
    return levels


def test_a_new_store_starts_from_the_shipped_catalogs(store, catalogs):
    assert store.catalogs is not catalogs  # its own object: a change never leaks to the caller's
    assert store.catalogs.priorities == catalogs.priorities
    assert store.catalogs.event_types == catalogs.event_types
    assert store.db.execute("SELECT count(*) FROM catalog_settings").fetchone()[0] == 0


def test_a_new_level_alerts_sorts_and_survives_reopening(tmp_path, catalogs):
    path = tmp_path / "s.db"
    store = open_store(path, catalogs)
    event = store.events.create(event_data(priority="red"), operator=OPERATOR)
    store.catalog_settings.save_priority_scale(_with_purple(store), operator=ADMIN)
    assert [p.code for p in store.catalogs.alerting_priorities()] == ["purple", "red", "yellow"]
    urgent = store.events.create(event_data(priority="purple", received_at="2026-01-01T08:00:00Z"), operator=OPERATOR)
    assert store.board.ids()[:2] == [urgent["id"], event["id"]]  # the board's order follows at once
    assert [r["id"] for r in store.board.unassigned_urgent(30, ("purple",))] == [urgent["id"]]
    assert catalogs.priorities.get("purple") is None
    store.close()
    again = open_store(path, catalogs)
    try:
        assert again.catalogs.priorities["purple"].alert_after_s == 60
        assert again.maintenance.verify_audit() == []
        audit = again.db.execute("SELECT operator, action FROM audit WHERE entity = 'catalog_settings'").fetchall()
        assert audit == [(ADMIN, "catalog.priorities")]
    finally:
        again.close()


def test_levels_stop_alerting(store):
    levels = [{**level, "alert_after_s": None} if level["code"] == "yellow" else level for level in _scale(store)]
    store.catalog_settings.save_priority_scale(levels, operator=ADMIN)
    assert [p.code for p in store.catalogs.alerting_priorities()] == ["red"]


@pytest.mark.parametrize("breakage", [
    lambda levels: [],
    lambda levels: [*levels, {**levels[0], "rank": 99}],                   # repeated code
    lambda levels: [{**levels[0], "color": "rosso"}, *levels[1:]],
    lambda levels: [{**levels[0], "text_color": "#12345"}, *levels[1:]],
    lambda levels: [{**levels[0], "label": " "}, *levels[1:]],
    lambda levels: [{**levels[0], "alert_after_s": 5}, *levels[1:]],
    lambda levels: [{**levels[0], "rank": levels[1]["rank"]}, *levels[1:]],
    lambda levels: [{**levels[0], "code": "rosso vivo"}, *levels[1:]],
])
def test_a_bad_scale_is_refused_whole(store, breakage):
    before = dict(store.catalogs.priorities)
    with pytest.raises(ValidationError):
        store.catalog_settings.save_priority_scale(breakage(_scale(store)), operator=ADMIN)
    assert store.catalogs.priorities == before


def test_a_level_named_by_a_type_cannot_go(store):
    with pytest.raises(UserError, match="green"):
        store.catalog_settings.save_priority_scale([lv for lv in _scale(store) if lv["code"] != "green"],
                                                   operator=ADMIN)


def test_event_types_add_edit_retire(store):
    cs = store.catalog_settings
    cs.add_event_type({"code": "DRONE", "label": "Drone in volo non autorizzato", "priority": "yellow",
                       "protocol": "Chiedere quota e posizione."}, operator=ADMIN)
    assert store.catalogs.event_types["DRONE"].label_en == "Drone in volo non autorizzato"
    assert [t.code for t in store.catalogs.search_event_types("drone")] == ["DRONE"]
    event = store.events.create(event_data(type_code="DRONE"), operator=OPERATOR)
    assert event["priority"] == "yellow"
    cs.update_event_type("DRONE", {"protocol": "Nuovo protocollo."}, operator=ADMIN)
    assert store.catalogs.event_types["DRONE"].protocol == "Nuovo protocollo."
    cs.set_retired("DRONE", True, operator=ADMIN)  # allowed while an open event uses it
    assert [r["open_events"] for r in cs.event_types() if r["code"] == "DRONE"] == [1]
    assert store.catalogs.search_event_types("drone") == []
    assert "DRONE" not in {t.code for t in store.catalogs.offered_event_types()}
    with pytest.raises(ValidationError, match="dismessa"):
        store.events.create(event_data(type_code="DRONE"), operator=OPERATOR)
    store.events.update(event["id"], {"description": "Ancora in volo."}, operator=OPERATOR)  # the open one lives on
    cs.set_retired("DRONE", False, operator=ADMIN)
    assert store.events.create(event_data(type_code="DRONE"), operator=OPERATOR)["type_code"] == "DRONE"


@pytest.mark.parametrize("data", [
    {"code": "INC", "label": "Doppione", "priority": "red"},
    {"code": "X Y", "label": "Spazio", "priority": "red"},
    {"code": "NEW", "label": "", "priority": "red"},
    {"code": "NEW", "label": "Senza padre", "priority": "red", "parent": "NOPE"},
    {"code": "NEW", "label": "Livello ignoto", "priority": "purple"},
])
def test_bad_event_types_are_refused(store, data):
    before = dict(store.catalogs.event_types)
    with pytest.raises(ValidationError):
        store.catalog_settings.add_event_type(data, operator=ADMIN)
    assert store.catalogs.event_types == before


def test_a_parent_loop_is_refused(store):
    cs = store.catalog_settings
    cs.add_event_type({"code": "A1", "label": "A", "priority": "red"}, operator=ADMIN)
    cs.add_event_type({"code": "B1", "label": "B", "priority": "red", "parent": "A1"}, operator=ADMIN)
    with pytest.raises(ValidationError):
        cs.update_event_type("A1", {"parent": "B1"}, operator=ADMIN)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR, Role.SUPERVISOR])
def test_only_the_amministratore_may(store, role):
    cs = store.catalog_settings
    store.act_as(Actor(name="Qualcuno", role=role))
    calls = [lambda: cs.save_priority_scale(_scale(store), operator="Qualcuno"),
             lambda: cs.add_event_type({"code": "NEW", "label": "Nuova", "priority": "red"}, operator="Qualcuno"),
             lambda: cs.update_event_type("INC", {"protocol": "x"}, operator="Qualcuno"),
             lambda: cs.set_retired("INC", True, operator="Qualcuno")]
    for call in calls:
        with pytest.raises(PermissionDeniedError, match="amministratore"):
            call()
    assert store.db.execute("SELECT count(*) FROM audit WHERE action = 'denied.catalogs'").fetchone()[0] == 4
    assert store.db.execute("SELECT count(*) FROM catalog_settings").fetchone()[0] == 0
    store.act_as(Actor(name=ADMIN, role=Role.ADMINISTRATOR))
    cs.set_retired("INC", True, operator=ADMIN)
    assert store.catalogs.event_types["INC"].retired


def test_the_door_accepts_a_station_type(catalogs):
    """Another station's own type or level is well formed for the region; junk is not."""
    from emergenza.domain.validation import validate_event

    region = catalogs.for_region()
    data = {**event_data(type_code="DRONE", priority="purple"), "received_at": "2026-01-01T08:00:00Z",
            "sharing": "reserved"}
    assert validate_event(data, region) == []
    assert {e.field for e in validate_event(data, catalogs)} == {"type_code", "priority"}
    assert {e.field for e in validate_event({**data, "type_code": "no good!"}, region)} == {"type_code"}
    assert dataclasses.replace(region).any_station_code
