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


def loaded_board(ctx, qtbot, wait_tasks, height=500):
    """A board on screen with its rows loaded and first painted: (board, table, model)."""
    board = shown_board(ctx, qtbot, height)
    board.refresh()
    settle(board.model, qtbot, wait_tasks, ctx)
    qtbot.wait(50)  # the first paints are over
    return board, board.table, board.model


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


class PaintRects:
    """The rectangles the table's viewport paints, those of each paint's region (an event
    filter, installed while used)."""

    def __init__(self, table):
        from PySide6.QtCore import QEvent, QObject

        rects: list = []

        class Spy(QObject):
            def eventFilter(self, _watched, event):
                if event.type() == QEvent.Type.Paint:
                    rects.extend(event.region())
                return False

        self.rects = rects
        self._viewport = table.viewport()
        self._spy = Spy()
        self._viewport.installEventFilter(self._spy)

    def close(self) -> None:
        self._viewport.removeEventFilter(self._spy)


def test_new_rows_repaint_only_the_rows_that_moved_on_screen(ctx, qtbot, wait_tasks, make_event):
    """Qt repaints the whole table after any change of its row count; the board repaints
    nothing for an event arriving below the rows shown, and from the new row down for one
    arriving among them (a full paint of the board is the costliest thing its thread does)."""
    for n in range(60):  # more rows than the table shows
        make_event(priority="yellow", ago_s=6000 - n)
    board, table, model = loaded_board(ctx, qtbot, wait_tasks)
    last_shown = table.rowAt(table.viewport().height() - 1)
    assert 0 < last_shown < 50
    first_timer, last_timer = COL["since_received"], COL["since_sent"]
    timers_left = table.columnViewportPosition(first_timer)
    timers_right = table.columnViewportPosition(last_timer) + table.columnWidth(last_timer)

    def beyond_the_timers(rects) -> list:  # the timers' tick every second paints their columns only
        return [r for r in rects if r.x() < timers_left - 1 or r.x() + r.width() > timers_right + 1]

    scroll_range = table.verticalScrollBar().maximum()
    spy = PaintRects(table)
    try:
        below = make_event(priority="white", ago_s=5)  # the least urgent: the last row
        board.refresh()
        settle(model, qtbot, wait_tasks, ctx)
        qtbot.wait(50)
        assert model.row_of(below["id"]) == model.rowCount() - 1 > last_shown
        assert beyond_the_timers(spy.rects) == []
        assert table.verticalScrollBar().maximum() == scroll_range + 1  # the scroll bar follows

        spy.rects.clear()
        among = make_event(priority="yellow", ago_s=6000 - 4.5)  # among the rows shown
        board.refresh()
        settle(model, qtbot, wait_tasks, ctx)
        qtbot.waitUntil(lambda: beyond_the_timers(spy.rects) != [], timeout=3000)
        qtbot.wait(50)
        row = model.row_of(among["id"])
        assert 0 < row < last_shown
        top = table.rowViewportPosition(row)
        painted = beyond_the_timers(spy.rects)
        assert all(r.top() >= top for r in painted)
        viewport = table.viewport()
        assert any(r.top() == top and r.bottom() >= viewport.height() - 1 and r.width() == viewport.width()
                   for r in painted)

        # Scrolled down, a row arriving above the rows shown moves them all: all repainted.
        table.verticalScrollBar().setValue(20)
        qtbot.wait(50)
        spy.rects.clear()
        make_event(priority="red", ago_s=7000)  # the most urgent: the first row
        board.refresh()
        settle(model, qtbot, wait_tasks, ctx)
        qtbot.wait(100)
        painted_rows = set()
        for r in beyond_the_timers(spy.rects):
            painted_rows.update(range(table.rowAt(r.top()), table.rowAt(r.bottom()) + 1))
        assert table.rowAt(0) == 20 and set(range(20, table.rowAt(viewport.height() - 1) + 1)) <= painted_rows
    finally:
        spy.close()
    table.viewport().repaint()
    assert board.display.index(row, COL["number"]).data() == model.index(row, COL["number"]).data()


def test_rows_removed_at_the_end_repaint_the_space_they_leave(ctx, qtbot, wait_tasks, make_event, gui_owner):
    events = [make_event(priority="yellow", ago_s=6000 - n) for n in range(6)]  # fewer rows than the table shows
    board, table, model = loaded_board(ctx, qtbot, wait_tasks)
    spy = PaintRects(table)
    try:
        gui_owner.call_blocking(Store.events.change_status, events[-1]["id"], "closed", operator="Mario Rossi")
        board.refresh()
        settle(model, qtbot, wait_tasks, ctx)
        qtbot.waitUntil(lambda: any(r.width() == table.viewport().width() for r in spy.rects), timeout=3000)
    finally:
        spy.close()
    gone_at = table.rowViewportPosition(4) + table.rowHeight(4)  # the end of the rows left
    assert model.rowCount() == 5
    assert any(r.top() <= gone_at and r.bottom() >= gone_at + table.rowHeight(4) - 1 for r in spy.rects)


def test_a_change_over_many_rows_on_screen_is_painted_a_band_per_turn(ctx, qtbot, wait_tasks, make_event):
    """The urgent rows blink every second: a change of every row shown. It reaches the
    screen whole, in bands of rows painted one per event-loop turn (a full paint of the
    board is more than a frame's work on a slow PC)."""
    from emergenza.gui.widgets.painted_copy import PAINT_BAND_CELLS

    for n in range(40):
        make_event(priority="red", ago_s=6000 - n)
    board, table, model = loaded_board(ctx, qtbot, wait_tasks, height=800)
    shown = table.rowAt(table.viewport().height() - 1) + 1
    band_rows = PAINT_BAND_CELLS // len(COLUMN_KEYS)
    assert shown > 2 * band_rows  # three bands at least
    model.set_urgent(set(model.ids))
    qtbot.wait(100)  # the rows turned bold are painted
    spy = PaintRects(table)
    try:
        whole = table.viewport().width()
        qtbot.waitUntil(lambda: any(r.width() == whole for r in spy.rects), timeout=3000)  # the next blink
        qtbot.wait(200)
    finally:
        spy.close()
    rows = [r for r in spy.rects if r.width() == whole]
    row_height = table.rowHeight(0)
    assert len(rows) >= 3 and all(r.height() <= band_rows * row_height for r in rows)
    painted = set()
    for r in rows:
        painted.update(range(table.rowAt(r.top()), table.rowAt(r.bottom()) + 1))
    assert set(range(shown)) <= painted
    table.viewport().repaint()
    brushes = {board.display.index(row, COL["address"]).data(Qt.ItemDataRole.BackgroundRole).color().name()
               for row in range(shown)}
    assert len(brushes) == 1  # every row shown blinks alike


def test_scrolling_while_bands_wait_repaints_the_rows_they_held(ctx, qtbot, wait_tasks, make_event):
    """The bands still to paint are where the rows were; scrolled meanwhile, the screen
    is repainted whole (in bands), so no row keeps what it showed before the change."""
    for n in range(60):
        make_event(priority="yellow", ago_s=6000 - n)
    _board, table, model = loaded_board(ctx, qtbot, wait_tasks, height=800)
    spy = PaintRects(table)
    try:
        # Every row changed (as after a catalog change), then a scroll before the bands are painted.
        model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, len(COLUMN_KEYS) - 1))
        table.verticalScrollBar().setValue(3)
        qtbot.wait(300)
    finally:
        spy.close()
    whole = table.viewport().width()
    painted = set()
    for r in spy.rects:
        if r.width() == whole:
            painted.update(range(table.rowAt(r.top()), table.rowAt(r.bottom()) + 1))
    assert set(range(3, table.rowAt(table.viewport().height() - 1) + 1)) <= painted
