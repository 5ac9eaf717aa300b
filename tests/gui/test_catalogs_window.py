"""File → Cataloghi: the station's priority scale and event types, edited by keyboard,
saved in the store, and followed at once by the board, the alerts and the intake."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from emergenza.gui.context import Operator
from emergenza.gui.operations import Change
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture
def admin_ctx(ctx, gui_owner):
    """The context with the store's own catalogs and an amministratore on shift."""
    ctx.catalogs = gui_owner.call_blocking(Store.catalog_settings.current)
    ctx.set_operator(Operator(ctx.operator.id, "Elena Neri", "administrator"))
    return ctx


@pytest.fixture
def window(admin_ctx, qtbot, wait_tasks):
    from emergenza.gui.catalogs.window import CatalogsWindow

    w = CatalogsWindow(admin_ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)  # mnemonics reach the active window
    wait_tasks(admin_ctx)
    qtbot.waitUntil(lambda: w.scale_model.rowCount() == 4 and w.types_model.rowCount() > 10)
    return w


def saved(ctx, qtbot, wait_tasks, window, action):
    with qtbot.waitSignal(window.saved, timeout=3000):
        action()
    wait_tasks(ctx)


def test_models_pass_the_tester(window, qtmodeltester):
    qtmodeltester.check(window.scale_model)
    qtmodeltester.check(window.types_model)
    window.scale_model.add_level()
    window.scale_model.move_level(4, -1)
    qtmodeltester.check(window.scale_model)


def test_a_new_level_by_keyboard_alerts_and_sorts_the_board(admin_ctx, qtbot, wait_tasks, window, make_event):
    from emergenza.gui.events.alerts import AlertMonitor, alert_thresholds

    ctx = admin_ctx
    monitor = AlertMonitor(ctx, beep=lambda: None, poll_ms=60_000)
    changes = []
    ctx.signals.changed.connect(changes.append)
    view, model = window.scale_view, window.scale_model
    qtbot.mouseClick(window.add_level_button, Qt.MouseButton.LeftButton)  # a new last row, its code being edited
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "purple")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.levels()[4]["code"] == "purple")  # the delegate commits on the next turn
    for column, text in ((1, "viola"), (2, "purple"), (3, "#d0b0ff"), (4, "#200040")):
        assert model.setData(model.index(4, column), text)
    model.setData(model.index(4, 5), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(4, 6), 60)
    view.setFocus()
    view.setCurrentIndex(model.index(4, 0))
    # Alt+U is "Più urgente" (QTest cannot press a mnemonic offscreen: the button is clicked).
    assert window.up_button.shortcut().toString() == "Alt+U"
    for _ in range(4):
        window.up_button.click()
    assert model.levels()[0]["code"] == "purple"
    ctx.settings.setValue("alerts/purple_after_s", 999)  # an older personal choice: the catalog's wins
    assert window.save_scale_button.shortcut().toString() == "Alt+S"
    saved(ctx, qtbot, wait_tasks, window, window.save_scale_button.click)
    assert any(c & Change.CATALOGS for c in changes)
    assert ctx.catalogs.priorities["purple"].rank == 4
    assert list(alert_thresholds(ctx)) == ["purple", "red", "yellow"]
    assert alert_thresholds(ctx)["purple"] == 60
    old = make_event(ago_s=600, priority="red")
    urgent = make_event(ago_s=120, priority="purple")
    assert ctx.owner.call_blocking(Store.board.ids)[:2] == [urgent["id"], old["id"]]
    with qtbot.waitSignal(monitor.alerts_changed, timeout=3000):
        monitor.check()
    assert {urgent["id"], old["id"]} <= monitor.active
    stored = ctx.owner.call_blocking(lambda s: s.db.execute("SELECT name FROM catalog_settings").fetchall())
    assert stored == [("priorities",)]


def test_a_bad_colour_is_refused_and_said(admin_ctx, qtbot, wait_tasks, window):
    model = window.scale_model
    model.setData(model.index(0, 3), "rosso")
    qtbot.mouseClick(window.save_scale_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (wait_tasks(admin_ctx), "Colore non valido" in window.message.text())[1])
    assert admin_ctx.catalogs.priorities["red"].color == "#ffb3b3"


def test_add_edit_and_retire_a_type(admin_ctx, qtbot, wait_tasks, window):
    from emergenza.gui.events.event_fields import EventFields

    ctx = admin_ctx
    fields = EventFields(ctx)
    qtbot.addWidget(fields)
    window.tabs.setCurrentIndex(1)
    qtbot.keyClicks(window.new_code, "VIA.DRONE")
    qtbot.keyClicks(window.new_label, "drone in volo")
    window.new_parent.setCurrentIndex(window.new_parent.findData("VIA"))
    window.new_priority.setCurrentIndex(window.new_priority.findData("yellow"))
    saved(ctx, qtbot, wait_tasks, window, lambda: qtbot.mouseClick(window.add_type_button, Qt.MouseButton.LeftButton))
    assert ctx.catalogs.event_types["VIA.DRONE"].parent == "VIA"
    qtbot.waitUntil(lambda: window._selected_code == "VIA.DRONE" and window.type_label.text() == "drone in volo")
    assert any("drone" in label for label in fields._type_by_label)  # the intake offers it at once
    window.type_protocol.setPlainText("Chiedere quota e posizione del drone.")
    saved(ctx, qtbot, wait_tasks, window, lambda: qtbot.mouseClick(window.save_type_button, Qt.MouseButton.LeftButton))
    assert ctx.catalogs.event_types["VIA.DRONE"].protocol == "Chiedere quota e posizione del drone."
    saved(ctx, qtbot, wait_tasks, window, lambda: qtbot.mouseClick(window.retire_button, Qt.MouseButton.LeftButton))
    assert ctx.catalogs.event_types["VIA.DRONE"].retired
    assert not any("drone" in label for label in fields._type_by_label)  # no longer offered
    assert window.retire_button.text() == "Annulla &dismissione"


def test_other_roles_only_look(ctx, gui_owner, qtbot, wait_tasks):
    from emergenza.gui.catalogs.window import CatalogsWindow

    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "supervisor"))
    w = CatalogsWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    wait_tasks(ctx)
    assert not w.save_scale_button.isEnabled() and not w.add_type_button.isEnabled()
    assert "amministratore" in w.message.text()


def test_unique_mnemonics_on_both_pages(window):
    from tests.gui.test_mnemonics import window_clashes

    for page in range(window.tabs.count()):
        window.tabs.setCurrentIndex(page)
        assert window_clashes(window) == []


def test_the_file_menu_opens_it_and_the_detail_tab_has_unique_mnemonics(ctx, main_window, qtbot, wait_tasks,
                                                                         make_event):
    from emergenza.gui.catalogs.window import CatalogsWindow
    from tests.gui.test_mnemonics import window_clashes

    event = make_event()
    main_window.open_event(event["id"])
    wait_tasks(ctx)
    detail = main_window.detail
    detail.tabs.setCurrentWidget(detail.dispatch)
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "coordinator"))  # link controls shown too
    qtbot.waitUntil(lambda: detail.dispatch.link_button.isVisible())
    assert window_clashes(main_window) == []
    assert not main_window.actions_by_name["catalogs"].isEnabled()  # the amministratore's
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "administrator"))
    main_window.actions_by_name["catalogs"].trigger()
    opened = main_window.findChild(CatalogsWindow)
    assert opened is not None and opened.isVisible()
    wait_tasks(ctx)
    opened.close()


def test_the_board_filters_follow_a_new_type(admin_ctx, qtbot, wait_tasks, window):
    from emergenza.gui.events.board_view import EventsBoard

    board = EventsBoard(admin_ctx)
    qtbot.addWidget(board)
    window.tabs.setCurrentIndex(1)
    qtbot.keyClicks(window.new_code, "DRONE")
    qtbot.keyClicks(window.new_label, "Drone")
    saved(admin_ctx, qtbot, wait_tasks, window, window.add_type_button.click)
    assert board.type_filter.findData("DRONE") > 0
