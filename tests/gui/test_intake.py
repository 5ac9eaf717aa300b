"""Intake form: validation per field, type → priority + protocol, municipality completion,
112 contact id, prior events, save, and the draft surviving a crash."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from emergenza.gui.operations import Change
from emergenza.store import Store, StoreOwner
from tests.support.widgets import pick

# The offscreen platform warns when a top-level window is shown; nothing to fix in the app.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def _form(ctx, qtbot):
    from emergenza.gui.events.intake import IntakeForm

    form = IntakeForm(ctx)
    qtbot.addWidget(form)
    form.show()
    form.new_event()
    return form


def _fill(qtbot, form, *, municipality="Bergamo", address="Via Roma 1",
          description="Tamponamento tra due auto"):
    f = form.fields
    pick(qtbot, f.type_edit, f.type_completer, "con feriti", "Incidente stradale › con feriti")
    qtbot.keyClicks(f.municipality_edit, municipality)
    qtbot.keyClicks(f.address_edit, address)
    qtbot.keyClicks(f.description_edit, description)


def test_empty_form_shows_italian_message_next_to_each_field(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    f = form.fields
    assert f.error_text("type_code") == "Scegliere la tipologia dell'intervento."
    assert f.error_text("municipality_istat") == "Indicare il comune."
    assert f.error_text("address") == "Indicare l'indirizzo o le coordinate del luogo."
    assert f.error_text("description") == "Descrivere brevemente l'accaduto."
    assert f.error_text("caller_phone") == ""
    assert "Correggere" in form.message.text()
    assert ctx.owner.call_blocking(Store.maintenance.counts).events == 0


def test_bad_phone_and_coordinates_are_named(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    _fill(qtbot, form)
    qtbot.keyClicks(form.fields.caller_phone_edit, "abc")
    qtbot.keyClicks(form.fields.lat_edit, "9,5")
    qtbot.keyClicks(form.fields.lon_edit, "45,7")
    qtbot.keyClick(form.fields.caller_phone_edit, Qt.Key.Key_Return)  # Enter saves
    wait_tasks(ctx)
    assert form.fields.error_text("caller_phone") == "Numero di telefono non valido."
    assert "Latitudine fuori dal territorio" in form.fields.error_text("lat")
    assert "Longitudine fuori dal territorio" in form.fields.error_text("lat")
    assert form.fields.error_text("type_code") == ""


def test_type_sets_priority_and_protocol(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    f = form.fields
    qtbot.keyClicks(f.type_edit, "Incidente stradale")
    assert f.type_code == "INC"
    assert f.priority_combo.currentData() == "yellow"
    f.type_edit.clear()
    pick(qtbot, f.type_edit, f.type_completer, "feriti", "Incidente stradale › con feriti")
    assert f.type_code == "INC.FERITI"
    assert f.priority_combo.currentData() == "red"
    assert f.protocol_label.isVisibleTo(form)
    assert "118/AREU" in f.protocol_label.text()
    # the completer offers "Parent › child" labels, filtered by what is typed
    f.type_completer.setCompletionPrefix("feriti")
    offered = [f.type_completer.completionModel().index(i, 0).data()
               for i in range(f.type_completer.completionCount())]
    assert "Incidente stradale › con feriti" in offered
    # the operator may still change the colour by hand
    f.priority_combo.setCurrentIndex(f.priority_combo.findData("green"))
    assert f.values()["priority"] == "green"


def test_municipality_completion_is_accent_insensitive(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    f = form.fields
    qtbot.keyClicks(f.municipality_edit, "CANT")
    assert "Cantù (CO)" in f.muni_model.stringList()
    assert all("cant" in name.lower() for name in f.muni_model.stringList())
    f.municipality_edit.clear()
    pick(qtbot, f.municipality_edit, f.muni_completer, "cantu", "Cantù (CO)")
    assert ctx.catalogs.municipalities[f.municipality_istat].name == "Cantù"
    # an unambiguous partial name is completed when the operator moves on
    f.municipality_edit.clear()
    qtbot.keyClicks(f.municipality_edit, "Caravag")
    assert f.municipality_istat is None
    f.muni_completer.popup().hide()
    f.municipality_edit.editingFinished.emit()
    assert f.municipality_edit.text() == "Caravaggio (BG)"
    assert ctx.catalogs.municipalities[f.municipality_istat].name == "Caravaggio"


def test_112_reveals_contact_id_and_requires_it(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    f = form.fields
    assert not f.nue_edit.isVisibleTo(form)
    _fill(qtbot, form)
    f.channel_combo.setCurrentIndex(f.channel_combo.findData("nue112"))
    assert f.channel_combo.currentText() == "112 NUE"
    assert f.nue_edit.isVisibleTo(form)
    form.save()
    wait_tasks(ctx)
    assert f.error_text("nue_contact_id") == "Per una chiamata dal 112 NUE indicare l'identificativo del contatto."
    qtbot.keyClicks(f.nue_edit, "NUE-2026-42")
    with qtbot.waitSignal(form.event_created) as created:
        qtbot.keyClick(f.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    event = ctx.owner.call_blocking(Store.events.get, created.args[0])
    assert event["channel"] == "nue112" and event["nue_contact_id"] == "NUE-2026-42"


def test_save_creates_event_attributed_to_operator_and_clears(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    changed = []
    ctx.signals.changed.connect(changed.append)
    _fill(qtbot, form)
    f = form.fields
    qtbot.keyClicks(f.lat_edit, "45,6983")
    qtbot.keyClicks(f.lon_edit, "9.6773")
    qtbot.keyClicks(f.caller_name_edit, "Giulia Bianchi")
    qtbot.keyClicks(f.caller_phone_edit, "035 123456")
    f.sharing_combo.setCurrentIndex(f.sharing_combo.findData("shared"))
    f.exercise_check.setChecked(True)
    with qtbot.waitSignal(form.event_created) as created:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    ev = ctx.owner.call_blocking(Store.events.get, created.args[0])
    assert ev["type_code"] == "INC.FERITI" and ev["priority"] == "red"
    assert ev["municipality_name"] == "Bergamo" and ev["address"] == "Via Roma 1"
    assert (ev["lat"], ev["lon"]) == (45.6983, 9.6773)
    assert ev["caller_name"] == "Giulia Bianchi" and ev["caller_phone"] == "035 123456"
    assert ev["sharing"] == "shared" and ev["exercise"] == 1
    assert ev["created_by"] == "Mario Rossi"
    assert any(Change.EVENTS in c for c in changed)
    assert f.type_edit.text() == "" and f.description_edit.toPlainText() == ""
    assert ev["number"] in form.message.text()
    assert ctx.owner.call_blocking(Store.drafts.load, "intake") is None


def test_prior_events_at_same_address_or_phone(ctx, qtbot, wait_tasks):
    bergamo = next(m.istat for m in ctx.catalogs.municipalities.values() if m.name == "Bergamo")
    old = ctx.owner.call_blocking(Store.events.create, {
        "type_code": "LITE", "municipality_istat": bergamo, "address": "Via Roma 1",
        "description": "Lite condominiale", "caller_phone": "333 1234567"}, operator="Mario Rossi") \
        if "LITE" in ctx.catalogs.event_types else ctx.owner.call_blocking(Store.events.create, {
            "type_code": "INC", "municipality_istat": bergamo, "address": "Via Roma 1",
            "description": "Lite condominiale", "caller_phone": "333 1234567"}, operator="Mario Rossi")
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    f = form.fields
    qtbot.keyClicks(f.municipality_edit, "Bergamo")
    qtbot.keyClicks(f.address_edit, "via roma 1")
    qtbot.waitUntil(lambda: form.prior_list.count() == 1, timeout=3000)
    assert old["number"] in form.prior_list.item(0).text()
    assert "stesso indirizzo" in form.prior_list.item(0).text()
    with qtbot.waitSignal(form.prior_event_activated) as opened:
        form.prior_list.itemActivated.emit(form.prior_list.item(0))
    assert opened.args == [old["id"]]
    f.address_edit.clear()
    f.address_edit.textEdited.emit("")
    qtbot.keyClicks(f.caller_phone_edit, "333 1234567")
    qtbot.waitUntil(lambda: form.prior_list.count() == 1 and "stesso telefono" in form.prior_list.item(0).text(),
                    timeout=3000)


def test_escape_clears_after_confirmation(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    qtbot.keyClicks(form.fields.address_edit, "Via Roma 1")
    qtbot.keyClick(form.fields.address_edit, Qt.Key.Key_Escape)
    box = form.findChild(QMessageBox, "confirm_clear")
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert form.fields.address_edit.text() == "Via Roma 1"
    qtbot.waitUntil(lambda: form.findChild(QMessageBox, "confirm_clear") is None)
    qtbot.keyClick(form.fields.address_edit, Qt.Key.Key_Escape)
    box = form.findChild(QMessageBox, "confirm_clear")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert form.fields.address_edit.text() == ""
    wait_tasks(ctx)
    assert ctx.owner.call_blocking(Store.drafts.load, "intake") is None


def test_draft_survives_a_crash(ctx, qtbot, wait_tasks, tmp_path, catalogs):
    from emergenza.config import Paths
    from emergenza.gui.context import AppContext, DataSignals, Operator
    from emergenza.gui.events.intake import IntakeForm
    from emergenza.gui.tasks import TaskRunner

    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    f = form.fields
    pick(qtbot, f.type_edit, f.type_completer, "feriti", "Incidente stradale › con feriti")
    qtbot.keyClicks(f.municipality_edit, "Cantu")
    qtbot.keyClicks(f.address_edit, "Via Milano 3")
    f.channel_combo.setCurrentIndex(f.channel_combo.findData("nue112"))
    qtbot.keyClicks(f.nue_edit, "C-77")
    qtbot.keyClicks(f.description_edit, "Auto ribaltata")
    qtbot.waitUntil(lambda: (ctx.owner.call_blocking(Store.drafts.load, "intake") or {}).get("description")
                    == "Auto ribaltata", timeout=3000)
    wait_tasks(ctx)
    # "crash": the widget goes away without saving; a new process opens the same file
    form.close()
    form.deleteLater()
    qtbot.wait(10)
    owner2 = StoreOwner(lambda: Store.open(tmp_path / "gui.db", catalogs))
    try:
        op = ctx.operator
        ctx2 = AppContext(owner=owner2, catalogs=catalogs, tasks=TaskRunner(), signals=DataSignals(),
                          settings=QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat),
                          paths=Paths(tmp_path), operator=Operator(op.id, op.name, op.role))
        form2 = IntakeForm(ctx2)
        qtbot.addWidget(form2)
        form2.show()  # first shown: the draft comes back without being asked
        wait_tasks(ctx2)
        g = form2.fields
        assert g.type_code == "INC.FERITI" and g.type_edit.text() == "Incidente stradale › con feriti"
        assert g.priority_combo.currentData() == "red"
        assert ctx.catalogs.municipalities[g.municipality_istat].name == "Cantù"
        assert g.address_edit.text() == "Via Milano 3"
        assert g.channel_combo.currentData() == "nue112" and g.nue_edit.text() == "C-77"
        assert g.description_edit.toPlainText() == "Auto ribaltata"
        assert "Bozza" in form2.draft_label.text()
        with qtbot.waitSignal(form2.event_created):
            form2.save()
        wait_tasks(ctx2)
        assert owner2.call_blocking(Store.drafts.load, "intake") is None
    finally:
        ctx2.tasks.cancel_all()
        owner2.close()


def test_tab_order_follows_the_call(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    form.activateWindow()
    f = form.fields
    f.channel_combo.setCurrentIndex(f.channel_combo.findData("nue112"))
    f.type_edit.setFocus()
    qtbot.waitUntil(f.type_edit.hasFocus)
    order = [f.type_edit.objectName()]
    for _ in range(12):
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        order.append(form.focusWidget().objectName())
    assert order == ["type", "priority", "municipality", "address", "lat", "lon", "caller_name", "caller_phone",
                     "channel", "nue_contact_id", "sharing", "exercise", "description"]


def test_english_catalog_labels_when_language_is_english(ctx, qtbot, wait_tasks):
    ctx.language = "en"
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    f = form.fields
    pick(qtbot, f.type_edit, f.type_completer, "injuries", "Road accident › with injuries")
    assert f.type_code == "INC.FERITI"
    assert f.protocol_label.text().startswith("Alert 118/AREU")
    assert f.priority_combo.currentText() == "red"


def test_a_field_error_goes_as_soon_as_the_value_is_valid(ctx, qtbot, wait_tasks):
    form = _form(ctx, qtbot)
    wait_tasks(ctx)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    f = form.fields
    assert f.error_text("address") and f.error_text("description") and f.error_text("municipality_istat")
    qtbot.keyClicks(f.address_edit, "V")  # one letter is a valid address
    assert f.error_text("address") == ""
    assert f.error_text("description") == "Descrivere brevemente l'accaduto."  # others stay until fixed
    qtbot.keyClicks(f.description_edit, "Lite")
    assert f.error_text("description") == ""
    qtbot.keyClicks(f.municipality_edit, "Berg")  # not a municipality yet: the error stays
    assert f.error_text("municipality_istat") == "Indicare il comune."
    qtbot.keyClicks(f.municipality_edit, "amo")
    assert f.error_text("municipality_istat") == ""
    # a wrong value typed after a save shows again only at the next save, a fixed one goes at once
    qtbot.keyClicks(f.caller_phone_edit, "abc")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    assert f.error_text("caller_phone") == "Numero di telefono non valido."
    f.caller_phone_edit.clear()
    qtbot.keyClicks(f.caller_phone_edit, "035 123456")
    assert f.error_text("caller_phone") == ""
    assert f.error_text("type_code") == "Scegliere la tipologia dell'intervento."
