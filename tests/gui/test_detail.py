"""Event detail: fields, journal (note, strike with reason), status changes with
confirmation, assigned units with their times, history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from emergenza.gui.operations import Change
from emergenza.store import Store
from tests.support.widgets import open_detail, show_in_detail

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def make_event(ctx, **over):
    bergamo = next(m.istat for m in ctx.catalogs.municipalities.values() if m.name == "Bergamo")
    data = {"type_code": "INC.FERITI", "municipality_istat": bergamo, "address": "Via Roma 1",
            "description": "Tamponamento", "caller_phone": "035 123456", **over}
    return ctx.owner.call_blocking(Store.events.create, data, operator="Mario Rossi")


def unit_id(ctx, call_sign):
    return next(r["id"] for r in ctx.owner.call_blocking(Store.units.overview) if r["call_sign"] == call_sign)


@pytest.fixture
def detail(ctx, qtbot):
    from emergenza.gui.context import Operator

    # A coordinatore: close, cancel, reopen and strike are theirs (tests/gui/test_dispatch.py
    # shows an operatore is not offered them).
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "coordinator"))
    return open_detail(ctx, qtbot)


shown = show_in_detail


def journal_texts(detail):
    m = detail.journal_model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def refreshed(ctx, qtbot, wait_tasks, detail, predicate):
    qtbot.waitUntil(lambda: (wait_tasks(ctx), predicate())[1], timeout=3000)


def test_shows_fields_journal_history(ctx, qtbot, wait_tasks, detail, qtmodeltester):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)
    assert ev["number"] in detail.header.text()
    assert "Incidente stradale › con feriti" in detail.header.text()
    assert detail.fields.type_code == "INC.FERITI"
    assert detail.fields.municipality_edit.text() == "Bergamo (BG)"
    assert detail.fields.address_edit.text() == "Via Roma 1"
    assert "Stato: nuovo" in detail.status_label.text()
    assert detail.times_label.text().startswith("Ricevuto il ") and "Mario Rossi" in detail.times_label.text()
    texts = journal_texts(detail)
    assert len(texts) == 1 and "Intervento ricevuto" in texts[0] and "Mario Rossi" in texts[0]
    # only the lifecycle's allowed targets are offered
    targets = {detail.status_combo.itemData(i) for i in range(detail.status_combo.count())}
    assert targets == {"waiting", "assigned", "suspended", "closed", "cancelled"}
    history = [detail.history_model.index(r, 2).data() for r in range(detail.history_model.rowCount())]
    assert "intervento creato" in history
    qtmodeltester.check(detail.journal_model)
    qtmodeltester.check(detail.history_model)
    qtmodeltester.check(detail.assignments_model)


def test_note_with_f4_box_and_ctrl_enter(ctx, qtbot, wait_tasks, detail):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)
    detail.activateWindow()
    detail.add_note()
    qtbot.waitUntil(detail.note_edit.hasFocus)
    qtbot.keyClicks(detail.note_edit, "Richiamato il chiamante")
    qtbot.keyClick(detail.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: len(journal_texts(detail)) == 2)
    assert "Richiamato il chiamante" in journal_texts(detail)[1]
    entries = ctx.owner.call_blocking(Store.events.journal, ev["id"])
    assert entries[-1]["text"] == "Richiamato il chiamante" and entries[-1]["author"] == "Mario Rossi"
    assert detail.note_edit.toPlainText() == ""
    # an empty note is refused with the store's Italian message
    detail._on_note_save()
    wait_tasks(ctx)
    assert detail.message.text() == "L'annotazione è vuota."


def test_strike_entry_with_reason(ctx, qtbot, wait_tasks, detail, qtmodeltester):
    from emergenza.gui.events.journal_model import Struck
    from emergenza.gui.events.strike_dialog import StrikeDialog

    ev = make_event(ctx)
    ctx.owner.call_blocking(Store.events.add_note, ev["id"], "Targa AB123CD", operator="Mario Rossi")
    shown(ctx, qtbot, wait_tasks, detail, ev)
    detail.journal_view.setCurrentIndex(detail.journal_model.index(1, 0))
    # a refresh from elsewhere (another note) keeps the operator's selection
    ctx.owner.call_blocking(Store.events.add_note, ev["id"], "Altra nota", operator="Luca Verdi")
    ctx.signals.changed.emit(Change.JOURNAL)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: detail.journal_model.rowCount() == 3)
    assert detail.journal_view.currentIndex().row() == 1
    qtbot.mouseClick(detail.strike_button, Qt.MouseButton.LeftButton)
    dialog = detail.findChild(StrikeDialog, "strike_dialog")
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason, no strike
    qtbot.keyClicks(dialog.reason_edit, "targa errata")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    refreshed(ctx, qtbot, wait_tasks, detail,
              lambda: detail.journal_model.index(1, 0).data(Struck) is True)
    index = detail.journal_model.index(1, 0)
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not detail.journal_model.index(0, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    text = index.data()
    assert "Targa AB123CD" in text and "Barrata da Mario Rossi" in text and "targa errata" in text
    entry = ctx.owner.call_blocking(Store.events.journal, ev["id"])[1]
    assert entry["struck_by"] == "Mario Rossi" and entry["strike_reason"] == "targa errata"
    qtmodeltester.check(detail.journal_model)
    # striking it again is refused
    detail.journal_view.setCurrentIndex(detail.journal_model.index(1, 0))
    detail._on_strike_clicked()
    assert detail.message.text() == "L'annotazione è già barrata."


def test_status_change_without_confirmation(ctx, qtbot, wait_tasks, detail):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)
    detail.status_combo.setCurrentIndex(detail.status_combo.findData("waiting"))
    qtbot.keyClicks(detail.status_reason, "in attesa di pattuglia")
    qtbot.mouseClick(detail.status_button, Qt.MouseButton.LeftButton)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: detail.event_row["status"] == "waiting")
    assert detail.findChild(QMessageBox, "confirm_status") is None
    assert "Stato: nuovo → in attesa. in attesa di pattuglia" in journal_texts(detail)[-1]
    targets = {detail.status_combo.itemData(i) for i in range(detail.status_combo.count())}
    assert targets == {"assigned", "suspended", "closed", "cancelled"}


def test_close_needs_outcome_and_confirmation(ctx, qtbot, wait_tasks, detail):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)
    detail.status_combo.setCurrentIndex(detail.status_combo.findData("closed"))
    qtbot.mouseClick(detail.status_button, Qt.MouseButton.LeftButton)
    assert detail.message.text() == "Indicare l'esito della chiusura."
    assert detail.findChild(QMessageBox, "confirm_status") is None
    qtbot.keyClicks(detail.status_reason, "Rilievi eseguiti")
    qtbot.mouseClick(detail.status_button, Qt.MouseButton.LeftButton)
    box = detail.findChild(QMessageBox, "confirm_status")
    assert box is not None and box.isVisible() and ev["number"] in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    assert ctx.owner.call_blocking(Store.events.get, ev["id"])["status"] == "new"
    qtbot.waitUntil(lambda: detail.findChild(QMessageBox, "confirm_status") is None)
    qtbot.mouseClick(detail.status_button, Qt.MouseButton.LeftButton)
    box = detail.findChild(QMessageBox, "confirm_status")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: detail.event_row["status"] == "closed")
    stored = ctx.owner.call_blocking(Store.events.get, ev["id"])
    assert stored["outcome"] == "Rilievi eseguiti" and stored["closed_at"]
    assert "Esito: Rilievi eseguiti" in journal_texts(detail)[-1]
    assert [detail.status_combo.itemData(i) for i in range(detail.status_combo.count())] == ["reopened"]
    assert not detail.assign_button.isEnabled()


def test_cancel_needs_reason_and_confirmation(ctx, qtbot, wait_tasks, detail):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)
    detail.status_combo.setCurrentIndex(detail.status_combo.findData("cancelled"))
    qtbot.mouseClick(detail.status_button, Qt.MouseButton.LeftButton)
    assert detail.message.text() == "Indicare il motivo dell'annullamento."
    qtbot.keyClicks(detail.status_reason, "chiamata duplicata")
    qtbot.keyClick(detail.status_reason, Qt.Key.Key_Return)
    box = detail.findChild(QMessageBox, "confirm_status")
    assert "Annullare l'intervento" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: detail.event_row["status"] == "cancelled")
    assert "Stato: nuovo → annullato. chiamata duplicata" in journal_texts(detail)[-1]


def test_assignments_with_timestamps_and_advance(ctx, qtbot, wait_tasks, detail, qtmodeltester):
    ev = make_event(ctx)
    ctx.owner.call_blocking(Store.units.assign, ev["id"], unit_id(ctx, "Alfa 1"), operator="Mario Rossi")
    shown(ctx, qtbot, wait_tasks, detail, ev)
    m = detail.assignments_model
    assert m.rowCount() == 1
    assert m.index(0, 0).data() == "Alfa 1" and m.index(0, 1).data() == "inviata"
    assert m.index(0, 2).data() and m.index(0, 3).data()  # requested, sent
    assert m.index(0, 4).data() == "" and m.index(0, 5).data() == ""
    requested = []
    detail.assign_requested.connect(requested.append)
    qtbot.mouseClick(detail.assign_button, Qt.MouseButton.LeftButton)
    assert requested == [ev["id"]]
    qtbot.mouseClick(detail.advance_button, Qt.MouseButton.LeftButton)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: m.rowCount() == 1 and m.index(0, 1).data() == "in viaggio")
    assert m.index(0, 4).data()
    detail.assignments_view.selectRow(0)
    qtbot.mouseClick(detail.advance_button, Qt.MouseButton.LeftButton)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: m.index(0, 1).data() == "sul posto")
    assert m.index(0, 5).data()
    assert detail.event_row["status"] == "on_scene"
    assert "prima unità inviata alle" in detail.times_label.text()
    qtmodeltester.check(m)


def test_edit_fields_saves_and_validates(ctx, qtbot, wait_tasks, detail):
    ev = make_event(ctx)
    shown(ctx, qtbot, wait_tasks, detail, ev)
    f = detail.fields
    f.address_edit.clear()
    qtbot.keyClicks(f.address_edit, "Via Verdi 9")
    f.description_edit.clear()
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    assert f.error_text("description") == "Descrivere brevemente l'accaduto."
    assert ctx.owner.call_blocking(Store.events.get, ev["id"])["address"] == "Via Roma 1"
    qtbot.keyClicks(f.description_edit, "Tamponamento a catena")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    refreshed(ctx, qtbot, wait_tasks, detail, lambda: detail.event_row["address"] == "Via Verdi 9")
    assert detail.event_row["description"] == "Tamponamento a catena"
    assert "Dati modificati" in journal_texts(detail)[-1]
    assert "«Via Roma 1» → «Via Verdi 9»" in journal_texts(detail)[-1]
