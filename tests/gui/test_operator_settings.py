"""Operator on shift (who every action is attributed to) and the settings dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from emergenza.gui.settings import LANGUAGE, alert_after_key
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

RED_KEY, YELLOW_KEY = alert_after_key("red"), alert_after_key("yellow")


def test_new_operator_starts_a_shift_and_becomes_the_author(ctx, qtbot, wait_tasks, gui_owner, make_event):
    from emergenza.gui.station.operator_dialog import OperatorDialog

    ctx.operator = None
    dialog = OperatorDialog(ctx, startup=True)
    qtbot.addWidget(dialog)
    dialog.open()
    wait_tasks(ctx)
    assert dialog.operator.count() == 2  # "new operator" + Mario Rossi
    dialog.operator.setCurrentIndex(0)
    dialog.name.setText("Giulia Bianchi")
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    with qtbot.waitSignal(dialog.operator_chosen, timeout=5000):
        dialog.buttons.accepted.emit()
    wait_tasks(ctx)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (ctx.operator.name, ctx.operator.role) == ("Giulia Bianchi", "supervisor")
    shift = gui_owner.call_blocking(Store.people.current_shift)
    assert shift["operator_name"] == "Giulia Bianchi"
    # What the GUI writes next is signed by the operator on shift.
    from emergenza.gui.events.board_model import EventsBoardModel
    from emergenza.gui.widgets.mime import unit_mime
    event = make_event()
    model = EventsBoardModel(ctx)
    model.refresh()
    qtbot.waitUntil(lambda: model.loaded and not model.busy, timeout=5000)
    unit = gui_owner.call_blocking(Store.units.overview)[0]
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        model.dropMimeData(unit_mime(unit["id"]), Qt.DropAction.CopyAction, -1, -1, model.index(0, 0))
    wait_tasks(ctx)
    assert gui_owner.call_blocking(Store.events.journal, event["id"])[-1]["author"] == "Giulia Bianchi"


def test_existing_operator_on_the_open_shift_is_kept(ctx, qtbot, wait_tasks, gui_owner):
    from emergenza.gui.station.operator_dialog import OperatorDialog

    op = gui_owner.test_operator
    first = gui_owner.call_blocking(Store.people.start_shift, op["id"])
    dialog = OperatorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    wait_tasks(ctx)
    assert dialog.operator.currentData() == op["id"]
    assert not dialog.name.isEnabled()
    with qtbot.waitSignal(dialog.operator_chosen, timeout=5000):
        dialog.buttons.accepted.emit()
    wait_tasks(ctx)
    assert gui_owner.call_blocking(Store.people.current_shift)["id"] == first["id"]  # no second shift


def test_missing_name_is_refused_in_italian(ctx, qtbot, wait_tasks):
    from emergenza.gui.station.operator_dialog import OperatorDialog

    dialog = OperatorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    wait_tasks(ctx)
    dialog.operator.setCurrentIndex(0)
    dialog.name.setText("  ")
    dialog.buttons.accepted.emit()
    wait_tasks(ctx)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Indicare il nome dell'operatore."


def test_settings_dialog_saves_language_and_thresholds(ctx, qtbot):
    from emergenza.gui.shell.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.language.currentData() == "it"
    assert "prossimo avvio" in dialog.restart_note.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.alert_after["red"].setValue(90)
    dialog.alert_after["yellow"].setValue(600)
    with qtbot.waitSignal(dialog.settings_saved):
        dialog._on_save()
    assert ctx.settings.value(LANGUAGE.key) == "en"
    assert int(ctx.settings.value(RED_KEY)) == 90 and int(ctx.settings.value(YELLOW_KEY)) == 600
