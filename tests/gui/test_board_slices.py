"""The events board applies a big refresh in slices: one bounded step per event-loop turn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from emergenza.gui.events.board_model import COLUMN_KEYS, EventsBoardModel
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level board, offscreen

SLICE = 7
NUMBER = COLUMN_KEYS.index("number")


class TurnCounter:
    """A 0 ms repeating timer fires once per pass of the event loop: it counts the turns."""

    def __init__(self):
        self.turns = 0
        self._timer = QTimer()
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        self.turns += 1

    def stop(self) -> None:
        self._timer.stop()


def truth(gui_owner, model) -> list[str]:
    return gui_owner.call_blocking(Store.board.snapshot, model.event_filter, None, False, 0, [])["ids"]


def test_many_changes_converge_one_slice_per_turn(ctx, qtbot, qtmodeltester, wait_tasks, make_event, gui_owner):
    kept = [make_event(priority="green", ago_s=9000 - n) for n in range(40)]
    model = EventsBoardModel(ctx, slice_rows=SLICE)
    qtmodeltester.check(model, force_py=True)  # stays attached: checks every slice's signals
    turns = TurnCounter()
    slices: list[tuple[int, int]] = []  # (rows in the slice, turn it ran in)
    model.slice_applied.connect(lambda rows: slices.append((rows, turns.turns)))
    moved: list[int] = []
    model.rowsInserted.connect(lambda _p, first, last: moved.append(last - first + 1))
    model.rowsRemoved.connect(lambda _p, first, last: moved.append(last - first + 1))

    model.refresh()
    qtbot.waitUntil(lambda: model.loaded and not model.busy, timeout=10000)
    assert model.ids == truth(gui_owner, model)
    assert max(moved) <= SLICE and len(slices) >= 40 // SLICE

    # A burst: a third closed, new ones among the old ones, one changed (re-read, repainted).
    for event in kept[::3]:
        gui_owner.call_blocking(Store.events.change_status, event["id"], "closed", operator="Mario Rossi")
    fresh = [make_event(priority="green", ago_s=8990 - 200 * n) for n in range(30)]
    gui_owner.call_blocking(Store.events.update, kept[1]["id"], {"address": "Via Nuova 1"}, operator="Mario Rossi")
    slices.clear()
    moved.clear()
    model.refresh()
    qtbot.waitUntil(lambda: not model.busy, timeout=10000)
    wait_tasks(ctx)
    turns.stop()

    assert model.ids == truth(gui_owner, model)
    assert {e["id"] for e in fresh} <= set(model.ids)
    assert moved and max(moved) <= SLICE
    assert all(rows <= SLICE for rows, _turn in slices)
    ran_in = [turn for _rows, turn in slices]
    assert len(ran_in) >= (len(kept[::3]) + len(fresh)) // SLICE
    assert len(set(ran_in)) == len(ran_in)  # never two slices in one turn
    row = model.row_of(kept[1]["id"])
    assert "Via Nuova 1" in model.index(row, COLUMN_KEYS.index("address")).data()


def test_the_timers_tick_repaints_their_columns_only(ctx, qtbot, wait_tasks, make_event):
    """Qt repaints the whole table for a change over many rows (150 here; 60 were still
    clipped); the board paints the changed block only (the timers' tick every second was a
    full paint of the table)."""
    from PySide6.QtCore import QEvent, QObject

    from emergenza.gui.events.board_view import EventsBoard

    for n in range(150):  # more rows than the table shows
        make_event(ago_s=6000 - n)
    board = EventsBoard(ctx)
    qtbot.addWidget(board)
    board.resize(1200, 500)
    board.show()
    qtbot.waitExposed(board)
    board.refresh()
    qtbot.waitUntil(lambda: board.model.loaded and not board.model.busy, timeout=5000)
    wait_tasks(ctx)
    table = board.table
    painted = []

    class PaintSpy(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(event.rect())
            return False

    spy = PaintSpy()
    qtbot.wait(50)  # the first paints are over
    table.viewport().installEventFilter(spy)
    painted.clear()
    qtbot.waitUntil(lambda: len(painted) > 0, timeout=3000)  # the next tick (every second)
    table.viewport().removeEventFilter(spy)
    first, last = COLUMN_KEYS.index("since_received"), COLUMN_KEYS.index("since_sent")
    left = table.columnViewportPosition(first)
    width = table.columnViewportPosition(last) + table.columnWidth(last) - left
    assert painted and all(left - 1 <= r.x() and r.x() + r.width() <= left + width + 1 for r in painted)
    assert width < table.viewport().width() // 2


def test_a_slice_stops_when_its_time_is_spent(ctx, qtbot, qtmodeltester, wait_tasks, make_event, gui_owner):
    """Sized in rows, a slice could still take more than a frame on a slow or busy PC: it
    also stops once its time budget is spent, after one row at least."""
    for n in range(12):
        make_event(priority="green", ago_s=9000 - n)
    model = EventsBoardModel(ctx, slice_rows=50, slice_budget_s=0.0)
    qtmodeltester.check(model, force_py=True)
    model.refresh()
    qtbot.waitUntil(lambda: model.loaded and not model.busy, timeout=10000)
    assert model.ids == truth(gui_owner, model)
    slices: list[int] = []
    model.slice_applied.connect(slices.append)
    model.refresh()  # the same rows, re-read and compared: one per turn
    qtbot.waitUntil(lambda: not model.busy, timeout=10000)
    wait_tasks(ctx)
    assert slices == [1] * 12
    assert model.ids == truth(gui_owner, model)
