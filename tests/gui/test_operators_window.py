"""Operators window: list, add (name, role, password), change role, set a password,
deactivate (Sì/No) and reactivate; what the store refuses is said; the role gate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from emergenza.store import Store
from tests.support.signin import PIN, add_operator
from tests.support.widgets import activate, shown_list_window

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def admin(ctx, gui_owner):
    """Signed in as an amministratore, in the store and in the window."""
    from emergenza.gui.context import Operator

    op = add_operator(gui_owner, "Ada Capo", "administrator")
    gui_owner.call_blocking(Store.people.sign_in, op["id"], PIN)
    ctx.set_operator(Operator(op["id"], op["name"], op["role"]))
    return ctx


@pytest.fixture
def window(admin, qtbot, wait_tasks):
    from emergenza.gui.station.operators_window import OperatorsWindow

    return shown_list_window(OperatorsWindow(admin), admin, qtbot, wait_tasks)


def _rows(w) -> list[tuple[str, ...]]:
    m = w.model
    return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


def _ops(owner) -> dict[str, dict]:
    return {o["name"]: o for o in owner.call_blocking(Store.people.operators, active_only=False)}


def test_list_add_role_password_deactivate(admin, window, qtbot, wait_tasks, gui_owner):
    assert _rows(window) == [("Ada Capo", "amministratore", "impostata", "attivo"),
                             ("Mario Rossi", "operatore", "manca", "attivo")]
    qtbot.keyClick(window.table, Qt.Key.Key_Insert)
    dialog = window.dialog
    assert dialog.windowTitle() == "Nuovo operatore"
    qtbot.keyClicks(dialog.name, "Laura Verdi")
    dialog.role.setCurrentIndex(dialog.role.findData("coordinator"))
    dialog.secret.setText("9876")
    dialog.secret_again.setText("9875")
    dialog.save()
    assert dialog.errors.text("secret_again") == "Le due password non coincidono."
    dialog.secret_again.setText("9876")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    wait_tasks(admin)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    laura = _ops(gui_owner)["Laura Verdi"]
    assert (laura["role"], laura["has_secret"]) == ("coordinator", 1)

    window.select_name("Mario Rossi")
    activate(qtbot, window)
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    dialog = window.dialog
    assert dialog.windowTitle() == "Ruolo di Mario Rossi"
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    wait_tasks(admin)
    assert _ops(gui_owner)["Mario Rossi"]["role"] == "supervisor"

    window.select_name("Mario Rossi")
    activate(qtbot, window)
    qtbot.keyClick(window.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert dialog.windowTitle() == "Password di Mario Rossi"
    dialog.secret.setText("12")
    dialog.save()
    assert dialog.errors.text("secret") == "Password o PIN troppo corto (almeno 4 caratteri)."
    dialog.secret.setText("5555")
    dialog.secret_again.setText("5555")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    wait_tasks(admin)
    assert gui_owner.call_blocking(Store.people.sign_in, _ops(gui_owner)["Mario Rossi"]["id"], "5555")
    gui_owner.call_blocking(Store.people.sign_in, _ops(gui_owner)["Ada Capo"]["id"], PIN)

    window.select_name("Laura Verdi")
    activate(qtbot, window)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    box = window.findChild(QMessageBox, "confirmDeactivateOperator")
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_tasks(admin)
    qtbot.waitUntil(lambda: _rows(window)[-1] == ("Laura Verdi", "coordinatore", "impostata", "disattivato"))
    window.select_name("Laura Verdi")
    assert window.active_button.text() == "&Riattiva (Canc)"


def test_store_refusals_are_said(admin, window, qtbot, wait_tasks):
    window.select_name("Ada Capo")
    dialog = window.change_role()
    dialog.role.setCurrentIndex(dialog.role.findData("operator"))
    dialog.save()
    wait_tasks(admin)
    assert dialog.isVisible()
    assert dialog.errors.text("") == "Nessuno può cambiare il proprio ruolo."


def test_operator_role_sees_the_list_only(ctx, qtbot, wait_tasks):
    from emergenza.gui.station.operators_window import OperatorsWindow

    w = OperatorsWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    wait_tasks(ctx)
    assert w.model.rowCount() == 1
    assert not any(b.isEnabled() for b in (w.add_button, w.role_button, w.password_button, w.active_button))
    assert w.add_operator() is None
