"""The station in the main window: menus follow the role, quitting during a shift asks,
the idle lock, the handover after a shift is closed, enrollment from the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from emergenza.store import Store
from tests.support.signin import PIN, add_operator, give_pin

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture
def full_window(ctx, main_window, http_client):
    from emergenza.gui.reports.menu import install_reports_ui
    from emergenza.gui.sync.sync_ui import install_sync_ui

    install_reports_ui(ctx, main_window)
    sync = install_sync_ui(ctx, main_window, http_client, start=False)
    main_window.station.http = http_client
    yield main_window
    sync.controller.stop()


def _enabled(window, *names: str) -> dict[str, bool]:
    from PySide6.QtGui import QAction

    actions = {a.objectName(): a for a in window.findChildren(QAction)}
    return {n: actions[f"action_{n}"].isEnabled() for n in names}


GATED = ("new_event", "assign", "units_registry", "operators", "report_brogliaccio", "report_statistics",
         "settings", "enroll", "sync_now", "conflicts")


def test_menus_follow_the_role_on_shift(ctx, full_window):
    from emergenza.gui.context import Operator

    op = ctx.operator
    assert _enabled(full_window, *GATED) == {
        "new_event": True, "assign": True, "units_registry": False, "operators": False,
        "report_brogliaccio": False, "report_statistics": False, "settings": False, "enroll": False,
        "sync_now": True, "conflicts": True}
    ctx.set_operator(Operator(op.id, op.name, "supervisor"))
    assert _enabled(full_window, "units_registry", "operators", "report_brogliaccio", "settings", "enroll") == {
        "units_registry": True, "operators": True, "report_brogliaccio": True, "settings": False, "enroll": False}
    ctx.set_operator(Operator(op.id, op.name, "administrator"))
    assert all(_enabled(full_window, *GATED).values())
    ctx.set_operator(None)  # nobody signed in: nothing guarded
    assert not any(_enabled(full_window, "new_event", "assign", "units_registry", "settings").values())


def test_reports_need_the_role(ctx):
    from emergenza.gui.context import Operator
    from emergenza.gui.reports.permissions import ReportKind, may_run_report, refusal_text

    assert not may_run_report(ctx, ReportKind.BROGLIACCIO)
    assert refusal_text() == "Questo rapporto non è consentito all'operatore in turno: serve il ruolo responsabile."
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "supervisor"))
    assert all(may_run_report(ctx, kind) for kind in ReportKind)


def test_units_registry_from_the_menu_and_the_units_board(ctx, main_window, qtbot):
    from emergenza.gui.context import Operator

    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "supervisor"))
    action = main_window.actions_by_name["units_registry"]
    assert action.shortcut().toString() == "Ctrl+Shift+U"
    action.trigger()
    registry = main_window.station.registry
    assert registry is not None and registry.isVisible()
    registry.close()
    main_window.show_view("units")
    main_window.units_board.registry_button.click()
    assert registry.isVisible()


def test_quit_during_an_open_shift_asks_first(ctx, main_window, qtbot):
    main_window.station.confirm_quit = True
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    box = main_window.findChild(QMessageBox, "confirmQuit")
    assert box is not None and "Il turno di Mario Rossi è aperto" in box.text()
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default is No
    qtbot.waitUntil(lambda: main_window.findChild(QMessageBox, "confirmQuit") is None)
    assert main_window.isVisible()
    main_window.close()
    box = main_window.findChild(QMessageBox, "confirmQuit")
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    with qtbot.waitSignal(main_window.closed, timeout=5000):
        qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Sì
    assert not main_window.isVisible()


def test_idle_lock_needs_the_password_to_resume(ctx, main_window, qtbot, wait_tasks, gui_owner):
    from emergenza.gui.station.operator_dialog import SignInMode

    give_pin(gui_owner, ctx.operator.id)
    shift = gui_owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    main_window.station.idle.set_interval_ms(50)
    qtbot.waitUntil(lambda: main_window.station.sign_in is not None, timeout=5000)
    dialog = main_window.station.sign_in
    assert dialog.mode is SignInMode.LOCKED and dialog.isModal()
    wait_tasks(ctx)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # only a password opens it
    qtbot.keyClicks(dialog.password, PIN)
    with qtbot.waitSignal(dialog.operator_chosen, timeout=5000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_tasks(ctx)
    assert main_window.station.sign_in is None
    assert gui_owner.call_blocking(Store.people.current_shift)["id"] == shift["id"]
    assert main_window.station.idle.timer.isActive()  # timing again


def test_closing_the_shift_hands_over_to_the_next_operator(ctx, main_window, qtbot, wait_tasks, gui_owner):
    from emergenza.gui.station.operator_dialog import SignInMode
    from emergenza.gui.sync.shift_end import ShiftEndDialog

    first = gui_owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    anna = add_operator(gui_owner, "Anna Neri", "operator")
    dialog = ShiftEndDialog(ctx, None, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.summary.get("shift") is not None, timeout=5000)
    # An operatore with unsent changes (the fixture's units) hands over; the next sign-in closes the shift.
    assert not dialog.close_shift_button.isEnabled()
    with qtbot.waitSignal(dialog.handover_requested, timeout=5000):
        dialog.handover_button.click()
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: main_window.station.sign_in is not None, timeout=5000)
    sign_in = main_window.station.sign_in
    assert sign_in.mode is SignInMode.HANDOVER and ctx.operator is None
    assert gui_owner.call_blocking(lambda s: s.actor.role) is None  # nobody acts until someone signs in
    assert not main_window.actions_by_name["new_event"].isEnabled()
    wait_tasks(ctx)
    sign_in.operator.setCurrentIndex(sign_in.operator.findData(anna["id"]))
    qtbot.keyClicks(sign_in.password, PIN)
    with qtbot.waitSignal(sign_in.operator_chosen, timeout=5000):
        qtbot.keyClick(sign_in.password, Qt.Key.Key_Return)
    wait_tasks(ctx)
    shift = gui_owner.call_blocking(Store.people.current_shift)
    assert shift["operator_name"] == "Anna Neri" and shift["id"] != first["id"]
    closed = gui_owner.call_blocking(lambda s: dict(s.db["shifts"].get(first["id"])))
    assert closed["ended_at"] and closed["handed_to"] == anna["id"] and closed["pending_at_close"] > 0
    assert main_window.actions_by_name["new_event"].isEnabled()
    assert main_window.status.operator_label.text() == "Operatore: Anna Neri (operatore)"


def test_enrollment_from_the_app_updates_title_and_status_at_once(ctx, full_window, qtbot, wait_tasks, server):
    from emergenza.gui.context import Operator

    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "administrator"))
    full_window.actions_by_name["enroll"].trigger()
    dialog = full_window.station.enroll_dialog
    wait_tasks(ctx)
    dialog.server_url.setText("ftp://x")
    dialog.start()
    assert dialog.errors.text("server_url").startswith("Indirizzo non valido")
    assert dialog.errors.text("enroll_code") == "Indicare il codice di registrazione."
    dialog.server_url.setText(server.url)
    dialog.enroll_code.setText("SBAGLIATO")
    dialog.start()
    assert dialog.progress.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=15000)
    assert dialog.errors.text("enroll_code").startswith("Registrazione non riuscita:")
    dialog.enroll_code.setText(server.enrollment_code("Polizia Locale di Lecco", "Sala LC"))
    dialog.station_code.setText("lc01")
    with qtbot.waitSignal(dialog.enrolled, timeout=15000):
        dialog.start()
    assert "Postazione registrata sul server regionale" in dialog.message.text()
    qtbot.waitUntil(lambda: "Polizia Locale di Lecco" in full_window.windowTitle(), timeout=5000)
    qtbot.waitUntil(lambda: ctx.sync.state.get("enrolled") is True, timeout=5000)
    wait_tasks(ctx)
