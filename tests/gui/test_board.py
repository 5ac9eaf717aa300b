"""Events board model and view: lazy rows, filters, sorting, colours, timers, drops."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from emergenza.gui.events.board_model import COLUMN_KEYS, PAGE, URGENT_ROLE, EventsBoardModel
from emergenza.gui.widgets.mime import unit_mime
from emergenza.gui.widgets.timefmt import format_elapsed, parse_ts
from emergenza.store import Store
from emergenza.store.queries import EventFilter

COL = {key: n for n, key in enumerate(COLUMN_KEYS)}


def load(model, qtbot, wait_tasks, ctx):
    model.refresh()
    settle(model, qtbot, wait_tasks, ctx)


def settle(model, qtbot, wait_tasks, ctx):
    """Wait until no refresh is running or queued (the last one reflects every change)."""
    qtbot.waitUntil(lambda: model.loaded and not model.busy, timeout=5000)
    wait_tasks(ctx)


def numbers(model) -> list[str]:
    return [model.index(r, COL["number"]).data() for r in range(model.rowCount())]


def test_model_passes_the_tester(ctx, qtbot, qtmodeltester, wait_tasks, make_event):
    for priority in ("red", "yellow", "green", "white"):
        make_event(priority=priority)
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    assert model.rowCount() == 4
    qtmodeltester.check(model, force_py=True)


def test_only_active_events_most_urgent_first(ctx, qtbot, wait_tasks, make_event, gui_owner):
    green = make_event(priority="green", ago_s=600)
    red_new = make_event(priority="red", ago_s=60)
    red_old = make_event(priority="red", ago_s=300)
    closed = make_event(priority="red")
    gui_owner.call_blocking(Store.events.change_status, closed["id"], "closed", operator="Mario Rossi")
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    assert model.ids == [red_old["id"], red_new["id"], green["id"]]


def test_rows_are_fetched_lazily_in_pages(ctx, qtbot, wait_tasks, make_event, gui_owner):
    for n in range(PAGE + 150):
        make_event(ago_s=5000 - n)
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    assert model.rowCount() == PAGE + 150
    last = model.rowCount() - 1
    assert model.cached_row(model.event_id(0)) is not None
    assert model.cached_row(model.event_id(last)) is None  # not fetched until shown
    assert model.index(last, COL["number"]).data() == "…"  # placeholder, no waiting
    qtbot.waitUntil(lambda: model.index(last, COL["number"]).data() != "…", timeout=5000)
    expected = gui_owner.call_blocking(Store.events.get, model.event_id(last))["number"]
    assert model.index(last, COL["number"]).data() == expected


def test_filters_by_status_priority_type_municipality_sharing(ctx, qtbot, wait_tasks, make_event, gui_owner):
    a = make_event(priority="red", type_code="INC.FERITI", municipality_istat="016024")
    b = make_event(priority="green", type_code="VIA.OSTACOLO", municipality_istat="016091", sharing="shared")
    c = make_event(priority="yellow", type_code="INC.DANNI", municipality_istat="016024")
    gui_owner.call_blocking(Store.events.change_status, c["id"], "suspended", operator="Mario Rossi")
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)

    def with_filter(**kw):
        model.set_filter(EventFilter(**kw))
        settle(model, qtbot, wait_tasks, ctx)
        return set(model.ids)

    assert with_filter(priorities=("red",)) == {a["id"]}
    assert with_filter(statuses=("suspended",)) == {c["id"]}
    assert with_filter(type_code="INC") == {a["id"], c["id"]}  # a type matches its sub-types
    assert with_filter(municipality_istat="016091") == {b["id"]}
    assert with_filter(sharing="shared") == {b["id"]}
    assert with_filter() == {a["id"], b["id"], c["id"]}


def test_board_widget_filters_and_counts(ctx, qtbot, wait_tasks, make_event, gui_owner):
    from emergenza.gui.events.board_view import EventsBoard

    make_event(priority="red", municipality_istat="016091")
    make_event(priority="green")
    other = make_event(priority="green")
    gui_owner.call_blocking(Store.events.change_status, other["id"], "waiting", operator="Mario Rossi")
    board = EventsBoard(ctx)
    qtbot.addWidget(board)
    board.refresh()
    settle(board.model, qtbot, wait_tasks, ctx)
    assert "Attivi: 3" in board.counts_label.text()
    assert "nuovo: 2" in board.counts_label.text() and "in attesa: 1" in board.counts_label.text()
    board.priority_filter.setCurrentIndex(board.priority_filter.findData("green"))
    settle(board.model, qtbot, wait_tasks, ctx)
    assert board.model.rowCount() == 2
    board.municipality_filter.setText("dalmine")
    board.municipality_filter.editingFinished.emit()
    settle(board.model, qtbot, wait_tasks, ctx)
    assert board.model.rowCount() == 0  # green AND Dalmine: none
    board.clear_filters()
    settle(board.model, qtbot, wait_tasks, ctx)
    assert board.model.rowCount() == 3
    wait_tasks(ctx)


def test_sorting_by_column_in_sql(ctx, qtbot, wait_tasks, make_event):
    first = make_event(priority="white", ago_s=900, address="Via Zanica 1")
    second = make_event(priority="red", ago_s=100, address="Via Adda 2")
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    model.sort(COL["number"], Qt.SortOrder.DescendingOrder)
    settle(model, qtbot, wait_tasks, ctx)
    assert model.ids == [second["id"], first["id"]]
    model.sort(COL["address"], Qt.SortOrder.AscendingOrder)
    settle(model, qtbot, wait_tasks, ctx)
    assert model.ids == [second["id"], first["id"]]
    model.sort(COL["since_received"], Qt.SortOrder.DescendingOrder)
    settle(model, qtbot, wait_tasks, ctx)  # longest waiting first
    assert model.ids == [first["id"], second["id"]]
    wait_tasks(ctx)


def test_row_colour_follows_the_priority_catalog(ctx, qtbot, wait_tasks, make_event):
    make_event(priority="red")
    make_event(priority="green")
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    for row in range(model.rowCount()):
        priority = model.cached_row(model.event_id(row))["priority"]
        level = ctx.catalogs.priorities[priority]
        assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color() == QColor(level.color)
        assert model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color() == QColor(level.text_color)


def test_timers_tick_without_refetching(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    event = make_event(ago_s=0)
    clock = [time.time()]
    model = EventsBoardModel(ctx, now=lambda: clock[0])
    load(model, qtbot, wait_tasks, ctx)
    received = parse_ts(model.cached_row(event["id"])["received_at"])
    clock[0] = received + 65
    index = model.index(0, COL["since_received"])
    assert index.data() == "01:05"
    assert model.index(0, COL["since_sent"]).data() == "—"  # no unit sent yet
    with qtbot.waitSignal(model.dataChanged, timeout=3000) as blocker:
        clock[0] = received + 3725
    assert blocker.args[0].column() <= COL["since_received"] <= blocker.args[1].column()
    assert ctx.tasks.running == 0  # the tick did not ask the store for anything
    assert index.data() == "1:02:05"
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 1"], operator="Mario Rossi")
    load(model, qtbot, wait_tasks, ctx)
    sent = parse_ts(model.cached_row(event["id"])["first_sent_at"])
    clock[0] = sent + 30
    assert model.index(0, COL["since_sent"]).data() == "00:30"
    assert model.index(0, COL["units"]).data() == "Alfa 1"


def test_drop_a_unit_on_an_event_assigns_it(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    event = make_event(priority="red")
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    data = unit_mime(unit_ids["Alfa 2"])
    target = model.index(0, COL["address"])
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    assigned = gui_owner.call_blocking(Store.units.for_event, event["id"])
    assert [a["call_sign"] for a in assigned] == ["Alfa 2"]
    assert gui_owner.call_blocking(Store.events.get, event["id"])["status"] == "assigned"


def test_drop_of_a_busy_unit_is_refused_in_italian(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    busy_on = make_event(priority="green")
    event = make_event(priority="red")
    gui_owner.call_blocking(Store.units.assign, busy_on["id"], unit_ids["Moto 1"], operator="Mario Rossi")
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    row = model.row_of(event["id"])
    with qtbot.waitSignal(model.error, timeout=5000) as blocker:
        model.dropMimeData(unit_mime(unit_ids["Moto 1"]), Qt.DropAction.CopyAction, -1, -1, model.index(row, 0))
    assert blocker.args[0] == f"L'unità Moto 1 è già impegnata sull'intervento {busy_on['number']}."
    assert gui_owner.call_blocking(Store.units.for_event, event["id"]) == []


def test_urgent_rows_are_bold_and_blink(ctx, qtbot, wait_tasks, make_event):
    event = make_event(priority="red")
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    index = model.index(0, 0)
    assert index.data(URGENT_ROLE) is False
    model.set_urgent({event["id"]})
    assert index.data(URGENT_ROLE) is True
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    seen = set()
    for _ in range(2):
        with qtbot.waitSignal(model.dataChanged, timeout=3000):
            pass
        seen.add(index.data(Qt.ItemDataRole.BackgroundRole).color().name())
    assert len(seen) == 2  # alternates between the priority colour and the alarm colour


@pytest.mark.parametrize("seconds,text", [(0, "00:00"), (59, "00:59"), (61, "01:01"), (3600, "1:00:00"),
                                          (90061, "1g 01:01"), (None, "")])
def test_format_elapsed(seconds, text):
    assert format_elapsed(seconds) == text


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_drop_event_on_the_table_reaches_the_model(ctx, qtbot, wait_tasks, make_event, gui_owner, unit_ids):
    """The path a real drag takes: enter, move and drop events on the board's viewport."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from emergenza.gui.events.board_view import EventsBoard

    event = make_event(priority="red")
    board = EventsBoard(ctx)
    qtbot.addWidget(board)
    board.resize(1000, 400)
    board.show()
    qtbot.waitExposed(board)
    settle(board.model, qtbot, wait_tasks, ctx)
    viewport = board.table.viewport()
    rect = board.table.visualRect(board.model.index(0, COL["address"]))
    pos = rect.center()
    data = unit_mime(unit_ids["Agente 7"])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, data, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos, Qt.DropAction.CopyAction, data, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, data, buttons, mods)
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        QApplication.sendEvent(viewport, drop)
    wait_tasks(ctx)
    assigned = gui_owner.call_blocking(Store.units.for_event, event["id"])
    assert [a["call_sign"] for a in assigned] == ["Agente 7"]


def test_new_and_closed_events_move_rows_in_place(ctx, qtbot, qtmodeltester, wait_tasks, make_event, gui_owner):
    """Arrivals and closures insert/remove rows (no reset): selection and scroll stay put."""
    old_green = make_event(priority="green", ago_s=900)
    to_close = make_event(priority="yellow", ago_s=800)
    red = make_event(priority="red", ago_s=700)
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    qtmodeltester.check(model, force_py=True)  # stays attached: checks every later signal
    resets, inserted, removed = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    newer_red = make_event(priority="red", ago_s=10)
    gui_owner.call_blocking(Store.events.change_status, to_close["id"], "closed", operator="Mario Rossi")
    another_green = make_event(priority="green", ago_s=5)
    load(model, qtbot, wait_tasks, ctx)
    assert model.ids == [red["id"], newer_red["id"], old_green["id"], another_green["id"]]
    assert resets == [] and removed == [(1, 1)] and inserted == [(1, 1), (3, 3)]
    numbers = [model.index(r, COL["number"]).data() for r in range(model.rowCount())]
    assert "…" not in numbers
    # A status change repaints that row only.
    gui_owner.call_blocking(Store.events.change_status, old_green["id"], "waiting", operator="Mario Rossi")
    spans = []
    model.dataChanged.connect(lambda tl, br, roles=(): spans.append((tl.row(), br.row(), tl.column(), br.column())))
    model.refresh()
    settle(model, qtbot, wait_tasks, ctx)
    whole_rows = [(a, b) for a, b, c0, c1 in spans if (c0, c1) == (0, len(COLUMN_KEYS) - 1)]
    assert whole_rows == [(2, 2)]
    settle(model, qtbot, wait_tasks, ctx)
    assert model.index(2, COL["status"]).data() == "in attesa"


def test_rows_far_down_stay_shown_across_refreshes(ctx, qtbot, wait_tasks, make_event, gui_owner):
    """Scrolled far down: a refresh re-reads those rows without flashing placeholders."""
    from emergenza.gui.events.board_model import PAGE as page

    for n in range(3 * page):
        make_event(ago_s=9000 - n)
    model = EventsBoardModel(ctx)
    load(model, qtbot, wait_tasks, ctx)
    far = 3 * page - 5
    model.index(far, 0).data()
    qtbot.waitUntil(lambda: model.index(far, COL["number"]).data() != "…", timeout=5000)
    wait_tasks(ctx)
    target = model.event_id(far)
    gui_owner.call_blocking(Store.events.update, target, {"address": "Via Nuova 1"}, operator="Mario Rossi")
    model.refresh()
    qtbot.waitUntil(lambda: model.loaded and not model.busy, timeout=5000)
    assert model.index(far, COL["number"]).data() != "…"
    qtbot.waitUntil(lambda: model.index(far, COL["address"]).data() == "Via Nuova 1", timeout=5000)
    wait_tasks(ctx)
