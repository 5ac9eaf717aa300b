"""One name and one colour per unit status in every view: units board, assign dialog, map
markers and an event's assignments (the same row shown by each)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from emergenza.domain.enums import AssignmentStatus, ResourceStatus
from emergenza.gui.i18n import enum_label
from emergenza.gui.widgets.unit_status import STATUS_COLORS

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

# (resource status, assignment status or None) -> the status every view must show
CASES = [(status, None, status) for status in ResourceStatus] + [
    (ResourceStatus.AVAILABLE, AssignmentStatus.REQUESTED, AssignmentStatus.REQUESTED),
    (ResourceStatus.SENT, AssignmentStatus.SENT, AssignmentStatus.SENT),
    (ResourceStatus.EN_ROUTE, AssignmentStatus.EN_ROUTE, AssignmentStatus.EN_ROUTE),
    (ResourceStatus.ON_SCENE, AssignmentStatus.ON_SCENE, AssignmentStatus.ON_SCENE),
]


def _unit_row(status, assignment):
    return {"id": "u1", "call_sign": "Alfa 1", "kind": "patrol", "status": status.value,
            "assignment_id": "a1" if assignment else None,
            "assignment_status": assignment.value if assignment else None,
            "event_id": "e1" if assignment else None, "event_number": "2026/000001" if assignment else None,
            "since": None, "plate": None, "radio_channel": None, "notes": None}


def test_every_status_has_a_name_and_a_colour():
    for status in (*ResourceStatus, *AssignmentStatus):
        assert enum_label(status) and status.value in STATUS_COLORS


@pytest.mark.parametrize(("status", "assignment", "shown"), CASES)
def test_units_board_assign_dialog_and_map_agree(ctx, qtbot, status, assignment, shown):
    from emergenza.gui.events.assign_model import AssignUnitsModel
    from emergenza.gui.map.feed import MapFeed, _unit_marker
    from emergenza.gui.units.units_model import COLUMN_KEYS, UnitsModel

    name, (background, text) = enum_label(shown), STATUS_COLORS[shown.value]
    row = _unit_row(status, assignment)

    units = UnitsModel(ctx)
    units._on_rows([dict(row)])
    cell = units.index(0, COLUMN_KEYS.index("status"))
    assert cell.data() == name
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == background
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color().name() == text

    assign = AssignUnitsModel()
    assign.set_units([dict(row)])
    cell = assign.index(0, 2)
    assert cell.data() == name
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == background
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color().name() == text

    feed = MapFeed(ctx)
    marker = _unit_marker({**row, "on_event": bool(assignment), "place": "event", "position_at": None,
                           "place_lon": 9.6, "place_lat": 45.7, "place_municipality": None}, None, feed._styles())
    assert marker.color == background
    assert f"Alfa 1 · {name}" in marker.label


@pytest.mark.parametrize("status", list(AssignmentStatus))
def test_an_events_assignments_show_the_same_name_and_colour(status):
    from emergenza.gui.events.journal_model import AssignmentsModel

    model = AssignmentsModel()
    model.set_rows([{"id": "a1", "call_sign": "Alfa 1", "status": status.value}])
    cell = model.index(0, 1)
    assert cell.data() == enum_label(status)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == STATUS_COLORS[status.value][0]
