from __future__ import annotations

from emergenza.domain.enums import Priority
from emergenza.store import demo_data


def test_all_lombardy_municipalities(catalogs):
    assert len(catalogs.municipalities) == 1502
    provinces = {m.province_code for m in catalogs.municipalities.values()}
    assert provinces == {"BG", "BS", "CO", "CR", "LC", "LO", "MB", "MI", "MN", "PV", "SO", "VA"}
    assert catalogs.municipalities["016024"].name == "Bergamo"
    assert all(len(code) == 6 and code.isdigit() for code in catalogs.municipalities)


def test_event_types_are_a_valid_tree(catalogs):
    types = catalogs.event_types
    assert len(types) >= 50
    for t in types.values():
        assert t.parent is None or t.parent in types
        assert t.priority in catalogs.priorities and Priority(t.priority)
        assert t.label and t.protocol
        if t.parent:
            assert t.code.startswith(t.parent + ".")
    assert catalogs.type_label("INC.FERITI") == "Incidente stradale › con feriti"
    tops = {t.code for t in catalogs.children(None)}
    assert {"INC", "VIA", "DIS", "LIT", "FUR", "DEG", "AMB", "ANI", "PER", "SAN", "MAN", "PC"} <= tops


def test_priorities_and_agencies(catalogs):
    assert [p.code for p in sorted(catalogs.priorities.values(), key=lambda p: p.rank)] == \
        ["white", "green", "yellow", "red"]
    names = {a.code for a in catalogs.agencies.values()}
    assert {"CC", "PS", "GDF", "VVF", "AREU", "PC"} <= names


def test_municipality_search_ignores_accents_and_case(catalogs):
    assert catalogs.search_municipalities("bergamo")[0].name == "Bergamo"
    assert any(m.name == "Canzo" for m in catalogs.search_municipalities("CANZ"))


def test_demo_material_covers_every_event_type(catalogs):
    assert set(demo_data.TYPE_WEIGHTS) == set(catalogs.event_types)
    for code in catalogs.event_types:
        assert demo_data.DESCRIPTIONS.get(code), code


def test_priority_scale_order_and_alerting_levels_come_from_the_catalog(catalogs):
    assert [p.code for p in catalogs.priorities_by_urgency()] == ["red", "yellow", "green", "white"]
    assert [(p.code, p.alert_after_s) for p in catalogs.alerting_priorities()] == [("red", 120), ("yellow", 300)]
    assert catalogs.priority_rank("red") > catalogs.priority_rank("yellow") > catalogs.priority_rank("white")
    assert catalogs.priority_rank("no-such-level") == -1
