"""Assign dialog: free units first, filter, assign, and a busy unit refused in Italian."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from emergenza.gui.operations import Change
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def make_event(ctx, address="Via Roma 1"):
    bergamo = next(m.istat for m in ctx.catalogs.municipalities.values() if m.name == "Bergamo")
    return ctx.owner.call_blocking(Store.events.create, {
        "type_code": "LIT.RISSA", "municipality_istat": bergamo, "address": address,
        "description": "Rissa in strada"}, operator="Mario Rossi")


def unit_id(ctx, call_sign):
    return next(r["id"] for r in ctx.owner.call_blocking(Store.units.overview) if r["call_sign"] == call_sign)


def open_dialog(ctx, qtbot, wait_tasks, event_id):
    from emergenza.gui.events.assign_dialog import AssignDialog

    dialog = AssignDialog(ctx, event_id)
    qtbot.addWidget(dialog)
    dialog.open()
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    return dialog


def call_signs(dialog):
    return [dialog.model.unit(r)["call_sign"] for r in range(dialog.model.rowCount())]


def test_free_units_first_filter_and_assign(ctx, qtbot, wait_tasks, qtmodeltester):
    busy_event = make_event(ctx, "Via Verdi 2")
    ctx.owner.call_blocking(Store.units.assign, busy_event["id"], unit_id(ctx, "Alfa 1"), operator="Mario Rossi")
    ev = make_event(ctx)
    dialog = open_dialog(ctx, qtbot, wait_tasks, ev["id"])
    assert ev["number"] in dialog.header.text()
    assert call_signs(dialog) == ["Agente 7", "Alfa 2", "Moto 1", "Alfa 1"]  # the busy one last
    m = dialog.model
    assert m.index(3, 2).data() == "inviata" and m.index(3, 3).data() == busy_event["number"]
    assert m.index(0, 2).data() == "libera"
    qtmodeltester.check(m)
    changed = []
    ctx.signals.changed.connect(changed.append)
    qtbot.keyClicks(dialog.filter_edit, "alfa")
    assert call_signs(dialog) == ["Alfa 2", "Alfa 1"]
    qtmodeltester.check(m)
    with qtbot.waitSignal(dialog.assigned) as got:
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)  # Enter: the first (free) unit
    wait_tasks(ctx)
    assignments = ctx.owner.call_blocking(Store.units.for_event, ev["id"])
    assert [(a["id"], a["call_sign"], a["status"], a["created_by"]) for a in assignments] == [
        (got.args[0], "Alfa 2", "sent", "Mario Rossi")]
    assert any(Change.EVENTS in c for c in changed) and any(Change.UNITS in c for c in changed)
    assert not dialog.isVisible()
    journal = ctx.owner.call_blocking(Store.events.journal, ev["id"])
    assert journal[-2]["text"] == "Unità Alfa 2: inviata."


def test_busy_unit_is_refused_with_clear_message(ctx, qtbot, wait_tasks):
    other = make_event(ctx, "Via Verdi 2")
    ev = make_event(ctx)
    dialog = open_dialog(ctx, qtbot, wait_tasks, ev["id"])
    # meanwhile another operator sends Moto 1 elsewhere: the list shown is stale
    ctx.owner.call_blocking(Store.units.assign, other["id"], unit_id(ctx, "Moto 1"), operator="Luca Verdi")
    assert dialog.select_unit("Moto 1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    assert dialog.message.text() == f"L'unità Moto 1 è già impegnata sull'intervento {other['number']}."
    assert dialog.isVisible()
    assert ctx.owner.call_blocking(Store.units.for_event, ev["id"]) == []
    qtbot.waitUntil(lambda: call_signs(dialog)[-1] == "Moto 1")  # refreshed: now listed as busy
    # another unit can still be chosen
    assert dialog.select_unit("Agente 7")
    with qtbot.waitSignal(dialog.assigned):
        dialog.view.doubleClicked.emit(dialog.view.currentIndex())
    wait_tasks(ctx)
    assert [a["call_sign"] for a in ctx.owner.call_blocking(Store.units.for_event, ev["id"])] == ["Agente 7"]


def test_request_only_then_sent_from_the_detail(ctx, qtbot, wait_tasks):
    ev = make_event(ctx)
    dialog = open_dialog(ctx, qtbot, wait_tasks, ev["id"])
    dialog.request_only.setChecked(True)
    assert dialog.select_unit("Alfa 2")
    with qtbot.waitSignal(dialog.assigned):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    [a] = ctx.owner.call_blocking(Store.units.for_event, ev["id"])
    assert a["status"] == "requested" and a["sent_at"] is None
    assert ctx.owner.call_blocking(Store.events.journal, ev["id"])[-2]["text"] == "Unità Alfa 2: richiesta."


def test_arrow_keys_in_the_filter_move_the_list_and_enter_assigns_the_selected(ctx, qtbot, wait_tasks):
    ev = make_event(ctx)
    dialog = open_dialog(ctx, qtbot, wait_tasks, ev["id"])
    assert call_signs(dialog) == ["Agente 7", "Alfa 1", "Alfa 2", "Moto 1"]
    dialog.filter_edit.setFocus()
    assert dialog.selected_unit_id() == unit_id(ctx, "Agente 7")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.selected_unit_id() == unit_id(ctx, "Alfa 2")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Up)
    assert dialog.selected_unit_id() == unit_id(ctx, "Alfa 1")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_PageDown)
    assert dialog.selected_unit_id() == unit_id(ctx, "Moto 1")  # a page is more than the four rows
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_PageUp)
    assert dialog.selected_unit_id() == unit_id(ctx, "Agente 7")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Up)  # stays on the first row
    assert dialog.selected_unit_id() == unit_id(ctx, "Agente 7")
    qtbot.keyClicks(dialog.filter_edit, "a")  # typing still goes to the filter
    assert dialog.filter_edit.text() == "a"
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    picked = dialog.model.unit(1)["call_sign"]
    with qtbot.waitSignal(dialog.assigned):
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    wait_tasks(ctx)
    assert [a["call_sign"] for a in ctx.owner.call_blocking(Store.units.for_event, ev["id"])] == [picked]
