"""The priority scale has one source, the catalog: the enum only names the standard codes."""

from __future__ import annotations

from emergenza.domain.catalogs import Catalogs
from emergenza.domain.enums import Priority


def _catalogs(levels: list[tuple[str, int]]) -> Catalogs:
    return Catalogs.from_data(
        event_types=[], agencies=[], municipalities=[],
        priorities=[{"code": code, "label": code, "label_en": code, "color": "#ffffff", "rank": rank}
                    for code, rank in levels])


def test_a_configured_scale_orders_the_levels_even_against_the_usual_colours():
    cat = _catalogs([("red", 1), ("white", 5), ("black", 9), ("green", 3)])
    assert [p.code for p in cat.priorities_by_urgency()] == ["black", "white", "green", "red"]
    assert cat.priority_rank("white") > cat.priority_rank("red")
    assert cat.priority_rank("yellow") == -1  # not on this scale, whatever the enum says


def test_the_enum_carries_no_scale_of_its_own():
    assert not any(hasattr(member, "rank") for member in Priority)
