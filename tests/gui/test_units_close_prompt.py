"""Freeing the last unit on an event from the units board (F5) offers to close the event,
as the event detail does — only to a role that may close, only when no unit is left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from emergenza.gui.context import Operator
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def board(ctx, qtbot, wait_tasks):
    from emergenza.gui.units.units_model import UnitsModel
    from emergenza.gui.units.units_view import UnitsBoard

    model = UnitsModel(ctx)
    view = UnitsBoard(ctx, model)
    qtbot.addWidget(view)
    view.show()
    model.refresh()
    qtbot.waitUntil(lambda: model.loaded, timeout=5000)
    return view


def _on_scene(gui_owner, event, resource_id):
    a = gui_owner.call_blocking(Store.units.assign, event["id"], resource_id, operator="Mario Rossi")
    gui_owner.call_blocking(Store.units.advance, a["id"], operator="Mario Rossi", to="on_scene")


def _reload(board, qtbot, wait_tasks, ctx):
    board.model.refresh()
    qtbot.waitUntil(lambda: not board.model._refreshing, timeout=5000)
    wait_tasks(ctx)


def _prompt(board):
    return board.findChild(QMessageBox, "confirm_close_freed")


def _press_f5(qtbot, board, unit_id):
    assert board.select_unit(unit_id)
    board.table.setFocus()
    board.advance_selected()  # what F5 (main window) and Space (table) call


def test_freeing_the_last_unit_from_the_board_asks_to_close(ctx, qtbot, wait_tasks, board, make_event, gui_owner,
                                                            unit_ids):
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "coordinator"))
    event = make_event()
    _on_scene(gui_owner, event, unit_ids["Alfa 1"])
    _on_scene(gui_owner, event, unit_ids["Alfa 2"])
    _reload(board, qtbot, wait_tasks, ctx)
    _press_f5(qtbot, board, unit_ids["Alfa 1"])  # one unit still there: no question
    wait_tasks(ctx)
    assert _prompt(board) is None
    _reload(board, qtbot, wait_tasks, ctx)
    _press_f5(qtbot, board, unit_ids["Alfa 2"])  # the last one
    qtbot.waitUntil(lambda: (wait_tasks(ctx), _prompt(board) is not None)[1], timeout=3000)
    box = _prompt(board)
    assert event["number"] in box.text()
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), ctx.owner.call_blocking(Store.events.get, event["id"])["status"]
                             == "closed")[1], timeout=3000)
    assert ctx.owner.call_blocking(Store.events.get, event["id"])["outcome"] == "Concluso: nessuna unità più impegnata."


def test_no_prompt_from_the_board_for_an_operatore(ctx, qtbot, wait_tasks, board, make_event, gui_owner, unit_ids):
    assert ctx.operator.role == "operator"
    event = make_event()
    _on_scene(gui_owner, event, unit_ids["Alfa 1"])
    _reload(board, qtbot, wait_tasks, ctx)
    _press_f5(qtbot, board, unit_ids["Alfa 1"])
    wait_tasks(ctx)
    _reload(board, qtbot, wait_tasks, ctx)
    assert board.model.unit(unit_ids["Alfa 1"]).get("assignment_id") is None  # freed
    assert _prompt(board) is None
    assert ctx.owner.call_blocking(Store.events.get, event["id"])["status"] != "closed"
