"""The table paints from ``BoardDisplay``: a C++ copy of the board's painted cells, kept
row for row with the board model and brought up to date for the rows each paint shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from emergenza.gui.events.board_model import COLUMN_KEYS, EventsBoardModel
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level board, offscreen

COL = {key: n for n, key in enumerate(COLUMN_KEYS)}
PAINTED = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
           Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole)


def settle(model, qtbot, wait_tasks, ctx):
    qtbot.waitUntil(lambda: model.loaded and not model.busy, timeout=5000)
    wait_tasks(ctx)


def shown_board(ctx, qtbot, height=500):
    from emergenza.gui.events.board_view import EventsBoard

    board = EventsBoard(ctx)
    qtbot.addWidget(board)
    board.resize(1200, height)
    board.show()
    qtbot.waitExposed(board)
    return board


def same(a, b) -> bool:
    """Two role values as painted: brushes and fonts by value."""
    if hasattr(a, "color") and hasattr(b, "color"):
        return a.color() == b.color()
    return a == b


def visible_rows(table) -> range:
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    return range(first, (last if last >= 0 else table.model().rowCount() - 1) + 1)


def test_the_painted_rows_show_what_the_board_model_says(ctx, qtbot, qtmodeltester, wait_tasks, make_event,
                                                         gui_owner):
    for n, priority in enumerate(("red", "yellow", "green", "white") * 10):
        make_event(priority=priority, ago_s=3000 - n, description=f"Descrizione {n}")
    board = shown_board(ctx, qtbot)
    qtmodeltester.check(board.display, force_py=True)  # stays attached: checks every later signal
    board.refresh()
    settle(board.model, qtbot, wait_tasks, ctx)
    board.model.set_urgent({board.model.event_id(1)})
    table, display, model = board.table, board.display, board.model
    assert display.rowCount() == model.rowCount() == 40

    def painted_as_model() -> bool:
        table.viewport().repaint()
        rows = visible_rows(table)
        return len(rows) > 5 and all(
            same(display.index(r, c).data(role), model.index(r, c).data(role))
            for r in rows for c in range(len(COLUMN_KEYS)) for role in PAINTED)

    qtbot.waitUntil(painted_as_model, timeout=5000)
    # Rows below the screen are not copied until shown (the copy is per paint, not per change).
    below = visible_rows(table).stop + 2
    assert display.index(below, COL["number"]).data() is None
    # Arrivals and closures move the rows of both models alike; the change repaints.
    closing = model.event_id(0)
    gui_owner.call_blocking(Store.events.change_status, closing, "closed", operator="Mario Rossi")
    make_event(priority="red", ago_s=10)
    board.refresh()
    settle(model, qtbot, wait_tasks, ctx)
    assert display.rowCount() == model.rowCount() == 40
    qtbot.waitUntil(painted_as_model, timeout=5000)
    assert closing not in model.ids


def test_timers_and_placeholders_reach_the_screen(ctx, qtbot, wait_tasks, make_event):
    from emergenza.gui.events.board_model import PAGE

    for n in range(PAGE + 60):
        make_event(ago_s=9000 - n)
    board = shown_board(ctx, qtbot)
    board.refresh()
    settle(board.model, qtbot, wait_tasks, ctx)
    table, display, model = board.table, board.display, board.model
    table.viewport().repaint()
    since = display.index(0, COL["since_received"])
    first = since.data()
    assert first  # elapsed time since the call, as the board model computes it
    qtbot.waitUntil(lambda: (table.viewport().repaint(), since.data() != first)[1], timeout=4000)
    # Scrolled to rows not fetched yet: "…" at once, their content once the page lands.
    last = model.rowCount() - 1
    assert model.cached_row(model.event_id(last)) is None
    table.scrollToBottom()
    table.viewport().repaint()
    assert display.index(last, COL["number"]).data() == "…"
    qtbot.waitUntil(lambda: (table.viewport().repaint(),
                             display.index(last, COL["number"]).data() == model.cached_row(
                                 model.event_id(last))["number"] if model.cached_row(model.event_id(last))
                             else False)[1], timeout=5000)
    wait_tasks(ctx)


def test_header_click_sorts_in_the_board_model(ctx, qtbot, qtmodeltester, wait_tasks, make_event):
    first = make_event(priority="white", ago_s=900, address="Via Zanica 1")
    second = make_event(priority="red", ago_s=100, address="Via Adda 2")
    board = shown_board(ctx, qtbot)
    qtmodeltester.check(board.display, force_py=True)  # a new order resets both models
    resets = []
    board.display.modelReset.connect(lambda: resets.append(1))
    board.display.rowsRemoved.connect(lambda *_a: resets.append(1))
    board.refresh()
    settle(board.model, qtbot, wait_tasks, ctx)
    assert board.model.ids == [second["id"], first["id"]]  # most urgent first
    board.table.sortByColumn(COL["received"], Qt.SortOrder.AscendingOrder)
    settle(board.model, qtbot, wait_tasks, ctx)
    assert board.model.ids == [first["id"], second["id"]]
    assert resets  # the rows were replaced, not re-sorted by the display model itself
    board.table.viewport().repaint()
    assert board.display.index(0, COL["address"]).data() == "Via Zanica 1"
    assert board.select_event(second["id"]) and board.current_event_id() == second["id"]


def test_the_board_model_alone_keeps_its_api(ctx, qtbot, qtmodeltester, wait_tasks, make_event):
    """Without a view, the board model answers every role itself (tests, tools, the tester)."""
    make_event(priority="red")
    model = EventsBoardModel(ctx)
    model.refresh()
    settle(model, qtbot, wait_tasks, ctx)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, COL["since_received"]).data(Qt.ItemDataRole.TextAlignmentRole)
    assert model.index(5, 0).isValid() is False and model.index(0, len(COLUMN_KEYS)).isValid() is False
