"""Units board: model tester, status colours, one-key advance, busy refusal, service toggle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from emergenza.domain.enums import ResourceStatus
from emergenza.gui.units.units_model import COLUMN_KEYS, UnitsModel
from emergenza.gui.widgets.mime import unit_from_mime
from emergenza.gui.widgets.unit_status import STATUS_COLORS
from emergenza.store import Store

# Said by the offscreen platform for every shown top-level window.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

COL = {key: n for n, key in enumerate(COLUMN_KEYS)}


def load(model, qtbot, wait_tasks, ctx):
    model.refresh()
    qtbot.waitUntil(lambda: model.loaded, timeout=5000)
    wait_tasks(ctx)


def test_units_model_passes_the_tester(ctx, qtbot, qtmodeltester, wait_tasks):
    model = UnitsModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Agente 7", "Alfa 1", "Alfa 2", "Moto 1"]
    qtmodeltester.check(model, force_py=True)


def test_status_colours_and_drag_payload(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    event = make_event()
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 1"], operator="Mario Rossi")
    gui_owner.call_blocking(Store.units.set_status, unit_ids["Moto 1"], "out_of_service", operator="Mario Rossi")
    model = UnitsModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    expected = {"Alfa 1": ResourceStatus.SENT, "Alfa 2": ResourceStatus.AVAILABLE,
                "Moto 1": ResourceStatus.OUT_OF_SERVICE}
    for name, status in expected.items():
        row = model.row_of(unit_ids[name])
        brush = model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
        assert brush.color() == QColor(STATUS_COLORS[status][0])
    row = model.row_of(unit_ids["Alfa 1"])
    assert model.index(row, COL["status"]).data() == "inviata"
    assert model.index(row, COL["event"]).data() == event["number"]
    assert model.index(row, 0).flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert unit_from_mime(model.mimeData([model.index(row, 0)])) == unit_ids["Alfa 1"]


def test_one_key_advances_the_assignment(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    from emergenza.gui.units.units_view import UnitsBoard

    event = make_event(priority="red")
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 2"], operator="Mario Rossi")
    model = UnitsModel(ctx)
    board = UnitsBoard(ctx, model)
    qtbot.addWidget(board)
    ctx.signals.changed.connect(lambda _kind: model.refresh())
    load(model, qtbot, wait_tasks, ctx)
    assert board.select_unit(unit_ids["Alfa 2"])
    journal_texts = lambda: [j["text"] for j in gui_owner.call_blocking(Store.events.journal, event["id"])]  # noqa: E731
    steps = [("en_route", "Unità Alfa 2: in viaggio."), ("on_scene", "Unità Alfa 2: sul posto."),
             ("available", "Unità Alfa 2: libera.")]
    for status, entry in steps:
        with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
            assert board.advance_selected()
        wait_tasks(ctx)
        assert gui_owner.call_blocking(Store.units.get, unit_ids["Alfa 2"])["status"] == status
        assert journal_texts()[-1 if status != "on_scene" else -2] == entry
        qtbot.waitUntil(lambda status=status: model.unit(unit_ids["Alfa 2"])["status"] == status, timeout=5000)
    assert gui_owner.call_blocking(Store.events.get, event["id"])["status"] == "on_scene"
    # Free now: advancing again explains why nothing happens.
    with qtbot.waitSignal(model.error, timeout=3000) as blocker:
        assert not board.advance_selected()
    assert blocker.args[0] == "L'unità Alfa 2 non ha un intervento in corso."


def test_space_key_on_the_table_advances(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    from emergenza.gui.units.units_view import UnitsBoard

    event = make_event()
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 1"], operator="Mario Rossi")
    model = UnitsModel(ctx)
    board = UnitsBoard(ctx, model)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    load(model, qtbot, wait_tasks, ctx)
    board.select_unit(unit_ids["Alfa 1"])
    board.table.setFocus()
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        qtbot.keyClick(board.table, Qt.Key.Key_Space)
    wait_tasks(ctx)
    assert gui_owner.call_blocking(Store.units.get, unit_ids["Alfa 1"])["status"] == "en_route"


def test_out_of_service_toggle_and_refusal(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    model = UnitsModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        model.toggle_out_of_service(unit_ids["Agente 7"])
    wait_tasks(ctx)
    assert gui_owner.call_blocking(Store.units.get, unit_ids["Agente 7"])["status"] == "out_of_service"
    load(model, qtbot, wait_tasks, ctx)
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        model.toggle_out_of_service(unit_ids["Agente 7"])
    wait_tasks(ctx)
    assert gui_owner.call_blocking(Store.units.get, unit_ids["Agente 7"])["status"] == "available"
    # A unit on an event cannot be put out of service: the store's message, in Italian.
    event = make_event()
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 1"], operator="Mario Rossi")
    load(model, qtbot, wait_tasks, ctx)
    with qtbot.waitSignal(model.error, timeout=5000) as blocker:
        model.toggle_out_of_service(unit_ids["Alfa 1"])
    assert blocker.args[0] == "La risorsa è impegnata su un intervento."
