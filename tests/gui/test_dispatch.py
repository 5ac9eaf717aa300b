"""Dispatch details in the GUI: divert a busy unit (Sì/No by keyboard), link and unlink
under a major event, agencies, the close prompt after the last unit is freed, exercise
marks on the board, and the actions a role may not do hidden from it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from emergenza.gui.context import Operator
from emergenza.store import Store
from tests.support.widgets import open_detail, show_in_detail

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def make_event(ctx, address="Via Roma 1", **over):
    bergamo = next(m.istat for m in ctx.catalogs.municipalities.values() if m.name == "Bergamo")
    data = {"type_code": "LIT.RISSA", "municipality_istat": bergamo, "address": address,
            "description": "Rissa in strada", **over}
    return ctx.owner.call_blocking(Store.events.create, data, operator="Mario Rossi")


def unit_id(ctx, call_sign):
    return next(r["id"] for r in ctx.owner.call_blocking(Store.units.overview) if r["call_sign"] == call_sign)


def sign_in(ctx, role):
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, role))


def answer(qtbot, box, key, modifier=Qt.KeyboardModifier.NoModifier):
    """Press a key in a Sì/No box once it has the keyboard (as a person would)."""
    from PySide6.QtWidgets import QApplication

    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(box, key, modifier)


def texts(ctx, event_id):
    return [e["text"] for e in ctx.owner.call_blocking(Store.events.journal, event_id)]


@pytest.fixture
def detail(ctx, qtbot):
    return open_detail(ctx, qtbot)


shown = show_in_detail


def test_divert_a_busy_unit_by_keyboard(ctx, qtbot, wait_tasks):
    from emergenza.gui.events.assign_dialog import AssignDialog

    sign_in(ctx, "coordinator")
    first, second = make_event(ctx, "Via Verdi 2"), make_event(ctx)
    ctx.owner.call_blocking(Store.units.assign, first["id"], unit_id(ctx, "Moto 1"), operator="Mario Rossi")
    dialog = AssignDialog(ctx, second["id"])
    qtbot.addWidget(dialog)
    dialog.open()
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4)
    qtbot.keyClicks(dialog.filter_edit, "moto")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    box = dialog.findChild(QMessageBox, "confirm_divert")
    assert box is not None and first["number"] in box.text() and "Moto 1" in box.text()
    answer(qtbot, box, Qt.Key.Key_Escape)  # Esc is No: nothing moves
    wait_tasks(ctx)
    assert ctx.owner.call_blocking(Store.units.for_event, second["id"]) == []
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirm_divert") is None)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    box = dialog.findChild(QMessageBox, "confirm_divert")
    with qtbot.waitSignal(dialog.assigned):
        answer(qtbot, box, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Alt+S: Sì
    wait_tasks(ctx)
    [moved] = ctx.owner.call_blocking(Store.units.for_event, second["id"])
    assert moved["call_sign"] == "Moto 1" and moved["status"] == "sent"
    [ended] = ctx.owner.call_blocking(Store.units.for_event, first["id"])
    assert ended["status"] in ("cleared", "cancelled")
    assert f"Unità Moto 1 dirottata sull'intervento {second['number']}." in texts(ctx, first["id"])


def test_an_operatore_is_not_offered_a_divert(ctx, qtbot, wait_tasks):
    from emergenza.gui.events.assign_dialog import AssignDialog

    first, second = make_event(ctx, "Via Verdi 2"), make_event(ctx)
    ctx.owner.call_blocking(Store.units.assign, first["id"], unit_id(ctx, "Moto 1"), operator="Mario Rossi")
    dialog = AssignDialog(ctx, second["id"])
    qtbot.addWidget(dialog)
    dialog.open()
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4)
    assert dialog.select_unit("Moto 1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    assert dialog.findChild(QMessageBox, "confirm_divert") is None
    assert dialog.message.text() == f"L'unità Moto 1 è già impegnata sull'intervento {first['number']}."


def test_link_unlink_and_see_the_children(ctx, qtbot, wait_tasks, detail, qtmodeltester):
    sign_in(ctx, "coordinator")
    major, child = make_event(ctx, "Piazza Vecchia"), make_event(ctx, "Via Colleoni 3")
    shown(ctx, qtbot, wait_tasks, detail, child)
    panel = detail.dispatch
    assert panel.link_button.isHidden() is False
    qtbot.keyClicks(panel.parent_edit, major["number"].lower())
    qtbot.keyClick(panel.parent_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), major["number"] in panel.parent_label.text())[1], timeout=3000)
    assert ctx.owner.call_blocking(Store.events.get, child["id"])["parent_id"] == major["id"]
    assert f"Collegato l'intervento {child['number']}." in texts(ctx, major["id"])
    shown(ctx, qtbot, wait_tasks, detail, major)
    qtbot.waitUntil(lambda: panel.children_model.rowCount() == 1)
    qtmodeltester.check(panel.children_model)
    assert panel.children_model.index(0, 0).data() == child["number"]
    panel.children_view.setCurrentIndex(panel.children_model.index(0, 0))
    panel.children_view.activated.emit(panel.children_view.currentIndex())  # Enter on a child opens it
    qtbot.waitUntil(lambda: detail.event_row["id"] == child["id"])
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: panel.unlink_button.isEnabled())
    qtbot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), "Non collegato" in panel.parent_label.text())[1], timeout=3000)
    assert ctx.owner.call_blocking(Store.events.get, child["id"])["parent_id"] is None


def test_agencies_recorded_in_the_detail(ctx, qtbot, wait_tasks, detail, qtmodeltester):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)
    panel = detail.dispatch
    panel.agency_combo.setCurrentIndex(panel.agency_combo.findData("VVF"))
    panel.agency_kind.setCurrentIndex(panel.agency_kind.findData("requested"))
    qtbot.mouseClick(panel.agency_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), panel.agencies_model.rowCount() == 1)[1], timeout=3000)
    qtmodeltester.check(panel.agencies_model)
    assert panel.agencies_model.index(0, 0).data() == "Vigili del Fuoco"
    assert panel.agencies_model.index(0, 1).data() == "richiesto"
    assert panel.agencies_model.index(0, 3).data() == ctx.operator_name
    assert "Richiesto l'intervento di Vigili del Fuoco." in texts(ctx, ev["id"])


def test_freeing_the_last_unit_prompts_to_close(ctx, qtbot, wait_tasks, detail):
    sign_in(ctx, "coordinator")
    ev = make_event(ctx)
    a = ctx.owner.call_blocking(Store.units.assign, ev["id"], unit_id(ctx, "Alfa 1"), operator="Mario Rossi")
    for _ in range(2):  # en route, on scene
        ctx.owner.call_blocking(Store.units.advance, a["id"], operator="Mario Rossi")
    shown(ctx, qtbot, wait_tasks, detail, ev)
    qtbot.mouseClick(detail.advance_button, Qt.MouseButton.LeftButton)  # on scene -> free
    qtbot.waitUntil(lambda: (wait_tasks(ctx), detail.findChild(QMessageBox, "confirm_close_freed") is not None)[1],
                    timeout=3000)
    box = detail.findChild(QMessageBox, "confirm_close_freed")
    assert ev["number"] in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    answer(qtbot, box, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), detail.event_row["status"] == "closed")[1], timeout=3000)
    stored = ctx.owner.call_blocking(Store.events.get, ev["id"])
    assert stored["outcome"] == "Concluso: nessuna unità più impegnata."


def test_no_close_prompt_for_an_operatore(ctx, qtbot, wait_tasks, detail):
    ev = make_event(ctx)
    a = ctx.owner.call_blocking(Store.units.assign, ev["id"], unit_id(ctx, "Alfa 1"), operator="Mario Rossi")
    ctx.owner.call_blocking(Store.units.advance, a["id"], operator="Mario Rossi", to="on_scene")
    shown(ctx, qtbot, wait_tasks, detail, ev)
    qtbot.mouseClick(detail.advance_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), detail.message.text() == "Unità: libera.")[1], timeout=3000)
    wait_tasks(ctx)
    assert detail.findChild(QMessageBox, "confirm_close_freed") is None
    assert ctx.owner.call_blocking(Store.events.get, ev["id"])["status"] != "closed"


def test_the_role_hides_what_it_may_not_do(ctx, qtbot, wait_tasks, detail):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)

    def targets():
        return {detail.status_combo.itemData(i) for i in range(detail.status_combo.count())}

    assert targets() == {"waiting", "assigned", "suspended"}  # an operatore: no close, no cancel
    assert detail.strike_button.isHidden()
    assert detail.dispatch.link_button.isHidden()
    sign_in(ctx, "coordinator")  # the change of operator applies at once
    assert targets() == {"waiting", "assigned", "suspended", "closed", "cancelled"}
    assert detail.strike_button.isHidden() is False
    assert detail.dispatch.link_button.isHidden() is False


def test_exercises_are_marked_on_the_board(ctx, qtbot, wait_tasks):
    from emergenza.gui.events.board_model import COLUMN_KEYS, EventsBoardModel

    real, drill = make_event(ctx), make_event(ctx, "Via Esercizio 1", exercise=True)
    model = EventsBoardModel(ctx)
    model.refresh()
    qtbot.waitUntil(lambda: (wait_tasks(ctx), model.rowCount() == 2 and model.cached_row(drill["id"]) is not None)[1])
    number = COLUMN_KEYS.index("number")
    shown_numbers = {model.index(r, number).data() for r in range(model.rowCount())}
    assert shown_numbers == {real["number"], f"{drill['number']} · ESERC."}
    row = model.row_of(drill["id"]) if hasattr(model, "row_of") else None
    if row is None:
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() != real["number"])
    assert model.index(row, number).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(row, number).data(Qt.ItemDataRole.ToolTipRole).startswith("Esercitazione:")


def test_a_parent_reserved_to_another_corps_is_shown_as_reserved(ctx, qtbot, wait_tasks, detail, tmp_path, catalogs):
    """A shared child pulled from another corps whose major event is reserved to that corps:
    the real sync apply keeps the link aside, the tab says so instead of a number."""
    import json

    from emergenza.sync.quarantine import apply_page_safely
    from tests.support.factories import EVENT, OPERATOR, open_store

    other = open_store(tmp_path / "other.db", catalogs, station_code="BGZ", corps="pl-seriate")
    try:
        parent = other.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
        other.outbox.ack([r["change_id"] for r in other.outbox.pending(100_000)])  # never reaches this station
        child = other.events.create(EVENT | {"parent_id": parent["id"], "address": "via Po 3"}, operator=OPERATOR)
        page = [{k: r[k] for k in ("change_id", "entity", "entity_id", "fields", "hlc", "origin")}
                for r in other.outbox.pending(100_000)]
    finally:
        other.close()
    ctx.owner.call_blocking(apply_page_safely, json.loads(json.dumps(page)), cursor=1)
    assert ctx.owner.call_blocking(lambda s: s.sync_issues.reserved_parent(child["id"])) == parent["id"]
    sign_in(ctx, "coordinator")
    shown(ctx, qtbot, wait_tasks, detail, child)
    panel = detail.dispatch
    qtbot.waitUntil(lambda: "riservato (altro comando)" in panel.parent_label.text(), timeout=3000)
    assert panel.parent_label.text() == "Collegato a un evento principale riservato (altro comando)."
    assert not panel.unlink_button.isEnabled()  # the link is not this station's to undo
    own = make_event(ctx, "Via Tasso 8")
    shown(ctx, qtbot, wait_tasks, detail, own)
    qtbot.waitUntil(lambda: panel.parent_label.text() == "Non collegato a un evento principale.", timeout=3000)
