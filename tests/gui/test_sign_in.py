"""Sign-in with a password or PIN (no role to choose), throttling shown, handover of an open
shift, the lock modes; all through the real store, which sets the actor it checks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog

from emergenza.store import Store
from emergenza.store.passwords import FREE_ATTEMPTS
from tests.support.signin import PIN, add_operator, give_pin

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _actor(store: Store):
    return store.actor


@pytest.fixture
def dialog_for(ctx, qtbot, wait_tasks):
    from emergenza.gui.station.operator_dialog import OperatorDialog

    def _open(mode):
        dialog = OperatorDialog(ctx, mode=mode)
        qtbot.addWidget(dialog)
        dialog.open()
        wait_tasks(ctx)
        return dialog

    return _open


def _type_and_enter(qtbot, dialog, secret: str) -> None:
    dialog.password.setFocus()
    qtbot.keyClicks(dialog.password, secret)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_sign_in_sets_the_store_actor_starts_a_shift_and_signs_the_work(ctx, qtbot, wait_tasks, gui_owner,
                                                                      dialog_for, make_event):
    from emergenza.domain.roles import NOBODY
    from emergenza.gui.station.operator_dialog import SignInMode

    giulia = add_operator(gui_owner, "Giulia Bianchi", "supervisor")
    gui_owner.call_blocking(lambda s: s.act_as(NOBODY))
    ctx.operator = None
    dialog = dialog_for(SignInMode.STARTUP)
    # No role to pick: only who and the password.
    assert [c.objectName() for c in dialog.findChildren(QComboBox)] == ["signInOperator"]
    assert dialog.operator.count() == 2
    dialog.operator.setCurrentIndex(dialog.operator.findData(giulia["id"]))
    with qtbot.waitSignal(dialog.operator_chosen, timeout=5000):
        _type_and_enter(qtbot, dialog, PIN)
    wait_tasks(ctx)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (ctx.operator.name, ctx.operator.role) == ("Giulia Bianchi", "supervisor")
    actor = gui_owner.call_blocking(_actor)
    assert (actor.name, actor.role, actor.operator_id) == ("Giulia Bianchi", "supervisor", giulia["id"])
    assert gui_owner.call_blocking(Store.people.current_shift)["operator_name"] == "Giulia Bianchi"
    event = make_event()
    unit = gui_owner.call_blocking(Store.units.overview)[0]
    gui_owner.call_blocking(Store.units.assign, event["id"], unit["id"], operator="Giulia Bianchi")
    assert gui_owner.call_blocking(Store.events.journal, event["id"])[-1]["author"] == "Giulia Bianchi"


def test_wrong_pin_is_refused_then_throttled_with_the_wait_shown(ctx, qtbot, wait_tasks, gui_owner, dialog_for):
    from emergenza.gui.station.operator_dialog import SignInMode

    give_pin(gui_owner, gui_owner.test_operator["id"])
    dialog = dialog_for(SignInMode.SWITCH)
    for _ in range(FREE_ATTEMPTS - 1):
        _type_and_enter(qtbot, dialog, "0000")
        wait_tasks(ctx)
        assert dialog.error_label.text() == "Password o PIN errato."
        assert dialog.password.text() == ""  # cleared for the next try
    _type_and_enter(qtbot, dialog, "0000")
    wait_tasks(ctx)
    assert dialog.error_label.text() == "Password o PIN errato: riprovare tra 2 secondi."
    assert not dialog.wait_label.isHidden()
    assert dialog.wait_label.text() == "Troppi tentativi errati: nuovo tentativo tra 2 s."
    assert not dialog.sign_in_button.isEnabled()
    qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=5000)  # the countdown ends
    assert dialog.wait_label.isHidden()
    with qtbot.waitSignal(dialog.operator_chosen, timeout=5000):
        _type_and_enter(qtbot, dialog, PIN)
    audit = [r["action"] for r in gui_owner.call_blocking(lambda s: list(s.db.query(
        "SELECT action FROM audit WHERE action LIKE 'signin.%' ORDER BY rowid")))]
    assert audit == ["signin.fail"] * FREE_ATTEMPTS + ["signin.ok"]


def test_the_open_shift_is_kept_for_its_operator_and_handed_over_to_another(ctx, qtbot, wait_tasks, gui_owner,
                                                                           dialog_for):
    from emergenza.gui.station.operator_dialog import SignInMode

    op = gui_owner.test_operator
    give_pin(gui_owner, op["id"])
    first = gui_owner.call_blocking(Store.people.start_shift, op["id"])
    dialog = dialog_for(SignInMode.LOCKED)
    assert dialog.operator.currentData() == op["id"]  # the operator on shift resumes
    with qtbot.waitSignal(dialog.operator_chosen, timeout=5000):
        _type_and_enter(qtbot, dialog, PIN)
    wait_tasks(ctx)
    assert gui_owner.call_blocking(Store.people.current_shift)["id"] == first["id"]  # no second shift

    # The shift has unsent changes (the fixture's units): an operatore takes it over anyway (a
    # handover, not closing with them by choice); the closed shift counts them and names who took over.
    pending = gui_owner.call_blocking(lambda s: s.outbox.count())
    assert pending > 0
    luca = add_operator(gui_owner, "Luca Gialli", "operator")
    dialog = dialog_for(SignInMode.SWITCH)
    dialog.operator.setCurrentIndex(dialog.operator.findData(luca["id"]))
    with qtbot.waitSignal(dialog.operator_chosen, timeout=5000):
        _type_and_enter(qtbot, dialog, PIN)
    wait_tasks(ctx)
    assert ctx.operator.name == "Luca Gialli"
    assert gui_owner.call_blocking(_actor).operator_id == luca["id"]
    shifts = gui_owner.call_blocking(lambda s: list(s.db.query(
        "SELECT operator_id, ended_at, close_note, pending_at_close, handed_to FROM shifts ORDER BY started_at")))
    assert [(s["operator_id"], s["ended_at"] is None) for s in shifts] == [(op["id"], False), (luca["id"], True)]
    assert shifts[0]["close_note"] == "Passaggio di consegne a Luca Gialli"
    assert (shifts[0]["pending_at_close"], shifts[0]["handed_to"]) == (pending, luca["id"])
    assert gui_owner.call_blocking(lambda s: s.outbox.count()) == pending  # still waiting for the sync


def test_lock_modes_cannot_be_dismissed_and_handover_can_lock(ctx, qtbot, wait_tasks, dialog_for):
    from emergenza.gui.station.operator_dialog import SignInMode

    dialog = dialog_for(SignInMode.HANDOVER)
    assert dialog.windowTitle() == "Passaggio di consegne"
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # &Blocca (an animated click)
    qtbot.waitUntil(lambda: dialog.mode is SignInMode.LOCKED)
    assert dialog.windowTitle() == "Postazione bloccata"
    assert dialog.other_button.isHidden()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    startup = dialog_for(SignInMode.STARTUP)
    qtbot.keyClick(startup, Qt.Key.Key_Escape)
    assert startup.result() == QDialog.DialogCode.Rejected and not startup.isVisible()


def test_operator_without_password_is_told_to_ask_for_one(ctx, qtbot, wait_tasks, dialog_for):
    from emergenza.gui.station.operator_dialog import SignInMode

    dialog = dialog_for(SignInMode.STARTUP)
    _type_and_enter(qtbot, dialog, "1234")
    wait_tasks(ctx)
    assert dialog.error_label.text() == ("L'operatore Mario Rossi non ha ancora una password: chiederla a un "
                                         "responsabile.")
    assert dialog.isVisible()
