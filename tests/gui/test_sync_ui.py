"""Sync in the GUI, against a REAL server process: status bar, sync now, conflict review,
shift end, and the notice of a shared event arriving from another station."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QLabel

from emergenza.store import Store
from emergenza.sync.engine import enroll
from tests.support.factories import EVENT, OPERATOR
from tests.support.servers import ServerProcess
from tests.support.stations import Station
from tests.support.widgets import in_thread

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture
def window(sync_window):
    return sync_window


def _enroll(ctx, server: ServerProcess, corps: str = "Polizia Locale di Bergamo") -> None:
    code = server.enrollment_code(corps, "GUI")

    def run():
        async def go():
            async with httpx.AsyncClient(timeout=10) as client:
                await enroll(ctx.owner, client, server.url, code)
        asyncio.run(go())
    in_thread(run)


@pytest.fixture
def other(server, tmp_path, catalogs):
    st = Station(tmp_path / "other.db", catalogs, "OTH1", "Polizia Locale di Bergamo")
    in_thread(st.enroll, server.url, server.enrollment_code("Polizia Locale di Bergamo", "Altra"))
    yield st
    st.close()


def test_status_widgets_not_enrolled_then_online(ctx, window, sync_ui, server, qtbot, wait_tasks):
    controller = sync_ui.controller
    connection = window.findChild(QLabel, "connection")
    conflicts = window.findChild(QLabel, "openConflicts")
    assert connection.isVisibleTo(window) and conflicts.isVisibleTo(window)
    with qtbot.waitSignal(controller.failed, timeout=5000):
        ctx.tasks.run(controller.sync_once(), on_error=lambda _e: None)
    wait_tasks(ctx)
    assert connection.text() == "Non registrata"
    _enroll(ctx, server)
    controller.start()
    qtbot.waitUntil(lambda: connection.text() == "In linea", timeout=5000)
    assert conflicts.text() == "Conflitti: 0"
    server.kill()
    qtbot.waitUntil(lambda: connection.text() == "Non in linea", timeout=8000)
    assert "non raggiungibile" in connection.toolTip()


def test_sync_now_shows_counts_and_empties_the_outbox(ctx, window, sync_ui, server, qtbot, make_event, wait_tasks):
    _enroll(ctx, server)
    make_event()
    action = next(a for a in window.menu("sync").actions() if a.objectName() == "action_sync_now")
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    action.trigger()
    dialog = sync_ui.progress_dialog
    assert dialog.isVisible() and not dialog.isModal()
    qtbot.waitUntil(lambda: "completata" in dialog.result_label.text(), timeout=10000)
    wait_tasks(ctx)
    assert int(dialog.pushed_label.text()) >= 2  # the event and its journal entry
    assert ctx.owner.call_blocking(Store.outbox.count) == 0
    assert ctx.owner.call_blocking(lambda s: s.meta.get("last_sync_at"))


def test_conflict_review_keep_mine_and_keep_theirs(ctx, window, sync_ui, server, other, qtbot, make_event,
                                                   wait_tasks):
    from emergenza.gui.context import Operator
    from emergenza.gui.sync.conflicts_view import ConflictsWindow

    _enroll(ctx, server)
    controller = sync_ui.controller
    event = make_event()

    def sync_here():
        ctx.tasks.run(controller.sync_once())
        wait_tasks(ctx, 10000)

    sync_here()
    in_thread(other.sync)
    ctx.owner.call_blocking(Store.events.update, event["id"], {"address": "via Nostra 1", "description": "Mia"},
                            operator=OPERATOR)
    other.events.update(event["id"], {"address": "via Loro 2", "description": "Loro"}, operator=OPERATOR)
    sync_here()
    in_thread(other.sync)
    sync_here()
    view = ConflictsWindow(ctx, window)
    assert not view.keep_mine_button.isEnabled()  # an operatore may look, not choose
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "coordinator"))
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    fields = {view.model.row_data(r)["field"]: r for r in range(2)}
    view.table.selectRow(fields["address"])
    qtbot.mouseClick(view.keep_mine_button, qtbot_button())
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    row = view.model.row_data(0)
    assert row["field"] == "description"
    view.table.selectRow(0)
    qtbot.mouseClick(view.keep_theirs_button, qtbot_button())
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    wait_tasks(ctx)
    got = ctx.owner.call_blocking(Store.events.get, event["id"])
    assert (got["address"], got["description"]) == ("via Nostra 1", "Loro")
    resolutions = ctx.owner.call_blocking(lambda s: sorted(r[0] for r in s.db.execute(
        "SELECT resolution FROM conflicts WHERE resolved_by IS NOT NULL")))
    assert resolutions == ["keep_mine", "keep_theirs"]
    assert ctx.owner.call_blocking(Store.outbox.count) >= 2  # each choice is a new change
    sync_here()
    in_thread(other.sync)
    theirs = other.events.get(event["id"])
    assert (theirs["address"], theirs["description"]) == ("via Nostra 1", "Loro")
    assert other.q("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL") == [(0,)]


def qtbot_button():
    from PySide6.QtCore import Qt
    return Qt.MouseButton.LeftButton


def test_shift_end_refuses_with_unsent_changes_unless_the_reason_is_written(ctx, window, qtbot, make_event,
                                                                           wait_tasks):
    from emergenza.gui.context import Operator
    from emergenza.gui.sync.shift_end import ShiftEndDialog

    # Closing with unsent changes by choice is a responsabile's (below: the handover,
    # tests/gui/test_shift_handover_ui.py).
    ctx.operator = Operator(ctx.operator.id, ctx.operator.name, "supervisor")
    shift = ctx.owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    make_event()
    dialog = ShiftEndDialog(ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.isModal()
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.summary.get("pending", 0) > 0, timeout=5000)
    assert dialog.note_edit.isVisible()
    qtbot.mouseClick(dialog.close_shift_button, qtbot_button())
    assert "non inviate" in dialog.message.text()
    wait_tasks(ctx)
    assert ctx.owner.call_blocking(Store.people.current_shift)["id"] == shift["id"]  # still open
    dialog.note_edit.setPlainText("Server regionale fermo per manutenzione")
    with qtbot.waitSignal(dialog.shift_closed, timeout=5000):
        qtbot.mouseClick(dialog.close_shift_button, qtbot_button())
    wait_tasks(ctx)
    assert ctx.owner.call_blocking(Store.people.current_shift) is None
    row = ctx.owner.call_blocking(lambda s: dict(s.db["shifts"].get(shift["id"])))
    assert row["close_note"] == "Server regionale fermo per manutenzione" and row["pending_at_close"] > 0


def test_a_new_shared_event_from_another_station_is_noticed_within_two_seconds(ctx, window, sync_ui, server, other,
                                                                               qtbot, wait_tasks):
    _enroll(ctx, server)
    controller = sync_ui.controller
    controller.poll_s = 1.0
    controller.start()
    qtbot.waitUntil(lambda: controller.online is True, timeout=5000)
    announced = []
    controller.shared_events_arrived.connect(announced.append)
    created = other.events.create(EVENT | {"sharing": "shared"}, operator=OPERATOR)
    with qtbot.waitSignal(controller.shared_events_arrived, timeout=4000) as blocker:
        in_thread(other.sync)
        pushed_at = time.monotonic()
    arrived_at = time.monotonic()
    assert blocker.args[0] == [created["number"]]
    assert arrived_at - pushed_at <= 2.0
    assert created["number"] in sync_ui.shared_notice.label.full_text() and sync_ui.shared_notice.isVisible()
    # A reserved event of the same corps is visible but is not announced as shared.
    other.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    in_thread(other.sync)
    qtbot.waitUntil(lambda: ctx.owner.call_blocking(Store.maintenance.counts).events == 2, timeout=4000)
    wait_tasks(ctx, 4000) if controller.state.get("pending") else None
    assert announced == [[created["number"]]]


def test_the_background_sync_logs_state_changes_and_data_rounds_not_every_round(
        ctx, window, sync_ui, server, qtbot, make_event, wait_tasks, caplog, tmp_path):
    import logging

    from emergenza.config import Paths
    from emergenza.logs import setup_logging, teardown_logging

    setup_logging(Paths(tmp_path / "data"))
    try:
        caplog.set_level(logging.INFO)
        controller = sync_ui.controller
        rounds, failures = [], []
        controller.finished.connect(rounds.append)
        controller.failed.connect(failures.append)
        _enroll(ctx, server)
        make_event()
        controller.start()
        qtbot.waitUntil(lambda: len(rounds) >= 6, timeout=15000)  # idle rounds after the first
        assert sum(1 for r in rounds if r.pushed) == 1
        lines = [r.getMessage() for r in caplog.records if r.name.startswith(("emergenza", "httpx"))]
        assert lines[0] == "sync online"
        assert len(lines) == 2 and lines[1].startswith("sync: sent ")
        server.kill()
        qtbot.waitUntil(lambda: len(failures) >= 2, timeout=15000)
        lines = [r.getMessage() for r in caplog.records if r.name.startswith(("emergenza", "httpx"))]
        assert len(lines) == 3 and lines[2].startswith("sync offline: ")
    finally:
        teardown_logging()


def test_another_corps_shared_event_raises_a_lasting_notice_not_the_alarm(ctx, window, sync_ui, server, tmp_path,
                                                                          catalogs, qtbot, wait_tasks, make_event):
    from emergenza.gui.events.alerts import AlertMonitor
    from emergenza.gui.settings import alert_after_key

    milano = Station(tmp_path / "milano.db", catalogs, "MI01", "Polizia Locale di Milano")
    try:
        in_thread(milano.enroll, server.url, server.enrollment_code("Polizia Locale di Milano", "Milano"))
        _enroll(ctx, server)
        ours = make_event(priority="red", ago_s=600)
        theirs = milano.events.create(EVENT | {"sharing": "shared", "priority": "red",
                                               "received_at": ours["received_at"]}, operator=OPERATOR)
        in_thread(milano.sync)
    finally:
        milano.close()
    controller = sync_ui.controller
    with qtbot.waitSignal(controller.shared_events_arrived, timeout=10000):
        ctx.tasks.run(controller.sync_once())
    wait_tasks(ctx, 10000)
    assert ctx.owner.call_blocking(Store.events.get, theirs["id"])["corps"] == "Polizia Locale di Milano"
    ctx.settings.setValue(alert_after_key("red"), 120)
    monitor = AlertMonitor(ctx, beep=lambda: None, poll_ms=60_000)
    with qtbot.waitSignal(monitor.alerts_changed, timeout=5000):
        monitor.check()
    wait_tasks(ctx)
    assert monitor.active == {ours["id"]}  # ours alarms, theirs does not
    notice = sync_ui.shared_notice
    assert notice.isVisible() and theirs["number"] in notice.label.full_text()
    window.statusBar().showMessage("altro messaggio", 10)  # a passing message does not remove it
    qtbot.wait(50)
    assert notice.isVisible()
    qtbot.mouseClick(notice.ack_button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible() and notice.numbers == []
