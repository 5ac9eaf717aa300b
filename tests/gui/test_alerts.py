"""Alerts: urgent events unassigned too long turn urgent, sound, and can be acknowledged."""

from __future__ import annotations

import pytest

from emergenza.gui.events.alerts import AlertMonitor
from emergenza.gui.operations import Change
from emergenza.gui.settings import alert_after_key
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

RED_KEY, YELLOW_KEY = alert_after_key("red"), alert_after_key("yellow")


@pytest.fixture
def beeps():
    return []


@pytest.fixture
def monitor(ctx, beeps):
    ctx.settings.setValue(RED_KEY, 120)
    ctx.settings.setValue(YELLOW_KEY, 300)
    m = AlertMonitor(ctx, beep=lambda: beeps.append(1), poll_ms=60_000)
    yield m
    m.stop()


def check(monitor, ctx, qtbot, wait_tasks):
    monitor.check()
    wait_tasks(ctx)


def test_red_and_yellow_past_their_threshold_alert_and_sound(ctx, qtbot, wait_tasks, make_event, monitor, beeps):
    red_old = make_event(priority="red", ago_s=200)
    make_event(priority="red", ago_s=30)  # too recent
    yellow_old = make_event(priority="yellow", ago_s=400)
    make_event(priority="yellow", ago_s=200)  # under the yellow threshold
    make_event(priority="green", ago_s=3000)  # never alerts
    with qtbot.waitSignal(monitor.alerts_changed, timeout=5000):
        monitor.check()
    wait_tasks(ctx)
    assert monitor.active == {red_old["id"], yellow_old["id"]}
    assert len(beeps) == 1
    check(monitor, ctx, qtbot, wait_tasks)
    assert len(beeps) == 1  # nothing new: no second sound right away


def test_threshold_comes_from_the_settings(ctx, qtbot, wait_tasks, make_event, monitor):
    event = make_event(priority="red", ago_s=200)
    ctx.settings.setValue(RED_KEY, 600)
    check(monitor, ctx, qtbot, wait_tasks)
    assert monitor.active == set()
    ctx.settings.setValue(RED_KEY, 100)
    check(monitor, ctx, qtbot, wait_tasks)
    assert monitor.active == {event["id"]}


def test_acknowledge_silences_and_assignment_clears(ctx, qtbot, wait_tasks, make_event, monitor, beeps,
                                                    gui_owner, unit_ids):
    a = make_event(priority="red", ago_s=500)
    b = make_event(priority="red", ago_s=400)
    check(monitor, ctx, qtbot, wait_tasks)
    assert monitor.active == {a["id"], b["id"]}
    with qtbot.waitSignal(monitor.alerts_changed):
        assert monitor.acknowledge([a["id"]]) == 1
    assert monitor.active == {b["id"]}
    check(monitor, ctx, qtbot, wait_tasks)
    assert monitor.active == {b["id"]}  # the acknowledgement holds across polls
    gui_owner.call_blocking(Store.units.assign, b["id"], unit_ids["Alfa 1"], operator="Mario Rossi")
    with qtbot.waitSignal(monitor.alerts_changed, timeout=5000):
        ctx.signals.changed.emit(Change.UNITS | Change.EVENTS)  # a data change triggers a check
    wait_tasks(ctx)
    assert monitor.active == set()


def test_board_shows_banner_and_f8_acknowledges(main_window, ctx, qtbot, wait_tasks, make_event):
    from PySide6.QtCore import Qt

    ctx.settings.setValue(RED_KEY, 60)
    event = make_event(priority="red", ago_s=300)
    main_window.alerts.check()
    ctx.signals.changed.emit(Change.EVENTS)
    qtbot.waitUntil(lambda: main_window.board.alert_banner.isVisible(), timeout=5000)
    assert event["number"] in main_window.board.alert_label.full_text()
    model = main_window.board.model
    qtbot.waitUntil(lambda: model.row_of(event["id"]) >= 0, timeout=5000)
    from emergenza.gui.events.board_model import URGENT_ROLE
    assert model.index(model.row_of(event["id"]), 0).data(URGENT_ROLE)
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: not main_window.board.alert_banner.isVisible(), timeout=3000)
    assert not model.index(model.row_of(event["id"]), 0).data(URGENT_ROLE)
    wait_tasks(ctx)
