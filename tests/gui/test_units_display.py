"""The units table paints from a ``PaintCopy`` of the units model (as the events board):
the copy passes the model tester, shows what the model says, follows its rows, ticks its
timer, drags the unit, and a paint calls no Python ``data()`` per cell."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from emergenza.gui.units.units_model import COLUMN_KEYS, UnitsModel
from emergenza.gui.widgets.mime import unit_from_mime
from emergenza.gui.widgets.painted_copy import PaintCopy
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # shown top-level boards, offscreen

COL = {key: n for n, key in enumerate(COLUMN_KEYS)}
PAINTED = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
           Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def keep():
    """Widgets kept alive until after the model tester's own teardown (set up before it)."""
    kept: list = []
    yield kept
    kept.clear()


class CountingUnitsModel(UnitsModel):
    """Counts the calls of ``data()``: a paint from the copy makes none."""

    calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        CountingUnitsModel.calls += 1
        return super().data(index, role)


def shown_board(ctx, qtbot, model, *, compact=False):
    from emergenza.gui.units.units_view import UnitsBoard

    board = UnitsBoard(ctx, model, compact=compact)
    qtbot.addWidget(board)
    board.resize(900, 400)
    board.show()
    qtbot.waitExposed(board)
    return board


def load(model, qtbot, wait_tasks, ctx):
    model.refresh()
    qtbot.waitUntil(lambda: model.loaded and not model._refreshing, timeout=5000)
    wait_tasks(ctx)


def same(a, b) -> bool:
    if hasattr(a, "color") and hasattr(b, "color"):
        return a.color() == b.color()
    return a == b


def painted_as_model(board) -> bool:
    board.table.viewport().repaint()
    model, display = board.model, board.display
    return display.rowCount() == model.rowCount() > 0 and all(
        same(display.index(r, c).data(role), model.index(r, c).data(role))
        for r in range(model.rowCount()) for c in range(len(COLUMN_KEYS)) for role in PAINTED)


def test_the_copy_passes_the_tester_and_paints_what_the_model_says(ctx, qtbot, keep, qtmodeltester, wait_tasks,
                                                                   make_event, gui_owner, unit_ids):
    model = UnitsModel(ctx)
    board = shown_board(ctx, qtbot, model)
    keep.append(board)  # the copy is the board's: the tester disconnects from it last
    assert isinstance(board.display, PaintCopy) and board.table.model() is board.display
    qtmodeltester.check(board.display, force_py=True)  # stays attached: checks every later signal
    load(model, qtbot, wait_tasks, ctx)
    qtbot.waitUntil(lambda: painted_as_model(board), timeout=5000)
    # A unit sent and another with notes: rows changed in place (same units, no reset).
    event = make_event()
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 1"], operator="Mario Rossi")
    gui_owner.call_blocking(Store.units.edit, unit_ids["Moto 1"], {"notes": "Casco rotto"}, operator="Mario Rossi")
    load(model, qtbot, wait_tasks, ctx)
    qtbot.waitUntil(lambda: painted_as_model(board), timeout=5000)
    alfa = model.row_of(unit_ids["Alfa 1"])
    assert board.display.index(alfa, COL["event"]).data() == event["number"]
    assert board.display.index(alfa, COL["status"]).data() == "inviata"
    assert board.display.index(model.row_of(unit_ids["Moto 1"]), COL["plate"]).data(
        Qt.ItemDataRole.ToolTipRole) == "Casco rotto"
    # A new unit: the rows are replaced (reset), the copy follows, the selection is kept.
    assert board.select_unit(unit_ids["Alfa 1"])
    gui_owner.call_blocking(Store.units.add, {"kind": "car", "call_sign": "Beta 3"}, operator="Mario Rossi")
    load(model, qtbot, wait_tasks, ctx)
    assert board.display.rowCount() == model.rowCount() == 5
    qtbot.waitUntil(lambda: painted_as_model(board), timeout=5000)
    assert board.current_unit_id() == unit_ids["Alfa 1"]
    assert board.table.currentIndex().row() == model.row_of(unit_ids["Alfa 1"])


def test_a_paint_calls_no_python_per_cell_and_the_timer_ticks(ctx, qtbot, wait_tasks, make_event, gui_owner,
                                                              unit_ids):
    event = make_event()
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 2"], operator="Mario Rossi")
    clock = [time.time()]  # the model's clock, moved by hand: no second turns mid-comparison
    model = CountingUnitsModel(ctx, now=lambda: clock[0])
    board = shown_board(ctx, qtbot, model)
    load(model, qtbot, wait_tasks, ctx)
    qtbot.waitUntil(lambda: painted_as_model(board), timeout=5000)
    CountingUnitsModel.calls = 0
    board.table.viewport().repaint()
    assert CountingUnitsModel.calls == 0
    # The elapsed time since the unit was sent moves on screen with the model's tick.
    since = board.display.index(model.row_of(unit_ids["Alfa 2"]), COL["since"])
    first = since.data()
    assert first
    clock[0] += 125
    qtbot.waitUntil(lambda: since.data() != first, timeout=4000)  # repainted by the tick alone
    assert since.data() == model.index(since.row(), since.column()).data()
    assert since.data().startswith("02:")  # two minutes later (as mm:ss)


def test_the_compact_panel_repaints_a_changed_row(ctx, qtbot, wait_tasks, gui_owner, unit_ids):
    """The docked panel hides columns: a whole-row change still reaches the screen."""
    model = UnitsModel(ctx)
    model._timer.stop()  # the timer's tick repaints (and so copies) every row: not it here
    panel = shown_board(ctx, qtbot, model, compact=True)
    load(model, qtbot, wait_tasks, ctx)
    qtbot.waitUntil(lambda: painted_as_model(panel), timeout=5000)
    gui_owner.call_blocking(Store.units.set_status, unit_ids["Agente 7"], "out_of_service", operator="Mario Rossi")
    load(model, qtbot, wait_tasks, ctx)
    cell = panel.display.index(model.row_of(unit_ids["Agente 7"]), COL["status"])
    qtbot.waitUntil(lambda: cell.data() == "fuori servizio", timeout=5000)  # no repaint forced here


def test_a_drag_from_the_table_carries_the_unit(ctx, qtbot, wait_tasks, unit_ids):
    model = UnitsModel(ctx)
    board = shown_board(ctx, qtbot, model)
    load(model, qtbot, wait_tasks, ctx)
    board.table.viewport().repaint()
    row = model.row_of(unit_ids["Moto 1"])
    index = board.display.index(row, COL["status"])
    assert index.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert board.display.supportedDragActions() == Qt.DropAction.CopyAction
    assert unit_from_mime(board.display.mimeData([index])) == unit_ids["Moto 1"]
