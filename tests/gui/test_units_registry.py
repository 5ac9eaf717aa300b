"""Units registry window: the list (retired too), add/edit with inline errors, retire and
reactivate (Sì/No), CSV import with its report, the crew dialog, and the role gate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from emergenza.store import Store
from tests.support.widgets import activate, shown_list_window

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def supervisor(ctx):
    from emergenza.gui.context import Operator

    ctx.set_operator(Operator(ctx.operator.id, "Mario Rossi", "supervisor"))
    return ctx


@pytest.fixture
def registry(supervisor, qtbot, wait_tasks):
    from emergenza.gui.units.registry_window import UnitsRegistryWindow

    return shown_list_window(UnitsRegistryWindow(supervisor), supervisor, qtbot, wait_tasks)


def _call_signs(window) -> list[str]:
    return [window.model.index(r, 0).data() for r in range(window.model.rowCount())]


def _units(owner) -> dict[str, dict]:
    return {u["call_sign"]: u for u in owner.call_blocking(Store.units.registry)}


def test_add_and_edit_by_keyboard_with_inline_errors(supervisor, registry, qtbot, wait_tasks, gui_owner):
    assert _call_signs(registry) == ["Agente 7", "Alfa 1", "Alfa 2", "Moto 1"]
    activate(qtbot, registry)
    qtbot.keyClick(registry.table, Qt.Key.Key_Insert)
    dialog = registry.dialog
    assert dialog.windowTitle() == "Nuova unità"
    qtbot.keyClicks(dialog.call_sign, "alfa 1")
    qtbot.keyClick(dialog.call_sign, Qt.Key.Key_Return)
    wait_tasks(supervisor)
    assert dialog.isVisible()
    assert dialog.errors.text("call_sign") == "Esiste già una risorsa con questo nominativo."
    qtbot.keyClick(dialog.call_sign, Qt.Key.Key_Backspace)
    assert dialog.errors.text("call_sign") == ""  # cleared as soon as the field is edited
    qtbot.keyClicks(dialog.call_sign, "3")
    dialog.plate.setText("ab123cd")
    dialog.radio_channel.setText("CH 4")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.keyClick(dialog.call_sign, Qt.Key.Key_Return)
    wait_tasks(supervisor)
    unit = _units(gui_owner)["alfa 3"]
    assert (unit["kind"], unit["plate"], unit["radio_channel"]) == ("car", "AB123CD", "CH 4")
    assert "alfa 3" in _call_signs(registry)

    registry.select_call_sign("alfa 3")
    activate(qtbot, registry)
    qtbot.keyClick(registry.table, Qt.Key.Key_F2)
    dialog = registry.dialog
    assert dialog.windowTitle() == "Modifica unità" and dialog.plate.text() == "AB123CD"
    dialog.call_sign.setText("Alfa 3")
    dialog.kind.setCurrentIndex(dialog.kind.findData("van"))
    dialog.notes.setPlainText("Furgone attrezzato")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    wait_tasks(supervisor)
    unit = _units(gui_owner)["Alfa 3"]
    assert (unit["kind"], unit["notes"]) == ("van", "Furgone attrezzato")


def test_the_list_keeps_its_current_unit_and_greys_retired_ones(supervisor, registry, qtbot, gui_owner):
    """The registries' list window (widgets/registry_list.py): a change of units read again
    keeps the unit the operator was on, wherever it moves; a retired unit is grey."""
    from PySide6.QtGui import QBrush

    from emergenza.gui.operations import Change, WriteOp
    from emergenza.gui.units.registry_ops import set_retired
    from emergenza.gui.widgets.registry_list import ID_ROLE
    from emergenza.store.meta import MetaKey

    registry.select_call_sign("Alfa 2")
    with qtbot.waitSignal(registry.loaded):  # a write elsewhere (the units board, another window)
        WriteOp(supervisor, Change.UNITS, set_retired, _units(gui_owner)["Alfa 1"]["id"], True).run("test.retire")
    assert _call_signs(registry) == ["Agente 7", "Alfa 2", "Moto 1", "Alfa 1"]
    assert registry.current_unit()["call_sign"] == "Alfa 2"
    last = registry.model.index(3, 0)
    assert last.data(ID_ROLE) == _units(gui_owner)["Alfa 1"]["id"]
    assert isinstance(last.data(Qt.ItemDataRole.ForegroundRole), QBrush)
    assert registry.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    with qtbot.assertNotEmitted(registry.loaded, wait=200):  # not a change of units: nothing read again
        WriteOp(supervisor, Change.SETTINGS, lambda store: store.meta.set(MetaKey.STATION_NAME, "Sala BG")
                ).run("test.settings")
        qtbot.waitUntil(lambda: gui_owner.call_blocking(lambda store: store.meta.get(MetaKey.STATION_NAME))
                        == "Sala BG")


def test_retire_asks_then_reactivate(supervisor, registry, qtbot, wait_tasks, gui_owner):
    registry.select_call_sign("Moto 1")
    activate(qtbot, registry)
    qtbot.keyClick(registry.table, Qt.Key.Key_Delete)
    box = registry.findChild(QMessageBox, "confirmRetireUnit")
    assert box is not None and "Ritirare l'unità Moto 1?" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_tasks(supervisor)
    qtbot.waitUntil(lambda: _call_signs(registry)[-1] == "Moto 1")  # retired ones last
    assert not _units(gui_owner)["Moto 1"]["active"]
    assert registry.model.index(registry.model.rowCount() - 1, 6).data() == "ritirata"
    assert "Moto 1" not in {u["call_sign"] for u in gui_owner.call_blocking(Store.units.overview)}
    registry.select_call_sign("Moto 1")
    activate(qtbot, registry)
    assert registry.retire_button.text() == "&Riattiva (Canc)"
    assert not registry.crew_button.isEnabled()  # no crew for a retired unit
    qtbot.keyClick(registry.table, Qt.Key.Key_Delete)  # reactivating needs no question
    wait_tasks(supervisor)
    qtbot.waitUntil(lambda: bool(_units(gui_owner)["Moto 1"]["active"]))


def test_csv_import_reports_bad_rows_and_imports_nothing_then_all(supervisor, registry, qtbot, wait_tasks,
                                                                   gui_owner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("tipo;nominativo;targa\nauto;Bravo 1;\nelicottero;Bravo 2;\nauto;Alfa 1;\n", encoding="utf-8")
    registry.importer.start(str(bad))
    wait_tasks(supervisor)
    report = registry.importer.report
    assert report is not None and report.windowTitle() == "Importazione unità"
    assert report.summary.text().startswith("Nessuna unità importata da ") and "2 righe da correggere" in \
        report.summary.text()
    rows = [report.rows.item(i).text() for i in range(report.rows.count())]
    assert rows == ["riga 3: Tipo di risorsa sconosciuto.",
                    "riga 4: esiste già una risorsa con il nominativo «Alfa 1»."]
    assert "Bravo 1" not in _units(gui_owner)
    report.close()

    good = tmp_path / "good.csv"
    good.write_text("tipo;nominativo;targa;canale_radio;note\nauto;Bravo 1;AA111AA;2;\nmoto;Bravo 2;;;\n",
                    encoding="utf-8")
    registry.importer.start(str(good))
    wait_tasks(supervisor)
    assert registry.importer.report.summary.text() == f"2 unità importate da {good}."
    assert registry.importer.report.rows.isHidden()
    qtbot.waitUntil(lambda: {"Bravo 1", "Bravo 2"} <= set(_call_signs(registry)))


def test_import_file_is_chosen_in_a_dialog(supervisor, registry, qtbot):
    from PySide6.QtWidgets import QFileDialog

    dialog = registry.import_csv()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.reject()


def test_crew_of_a_unit_is_set_and_shown(supervisor, registry, qtbot, wait_tasks, gui_owner, make_event):
    units = _units(gui_owner)
    event = make_event()
    gui_owner.call_blocking(Store.units.assign, event["id"], units["Alfa 2"]["id"], operator="Mario Rossi")
    registry.select_call_sign("Alfa 2")
    activate(qtbot, registry)
    qtbot.keyClick(registry.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = registry.dialog
    wait_tasks(supervisor)
    assert dialog.windowTitle() == "Equipaggio di Alfa 2"
    dialog.members.setPlainText("Mario Rossi; 1234\n  Laura   Verdi \n\n")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    wait_tasks(supervisor)
    assert gui_owner.call_blocking(Store.crews.current, units["Alfa 2"]["id"])[0]["badge"] == "1234"
    row = registry.model.row_of(units["Alfa 2"]["id"])
    qtbot.waitUntil(lambda: registry.model.index(row, 4).data() == "Mario Rossi (matr. 1234), Laura Verdi")
    journal = gui_owner.call_blocking(Store.events.journal, event["id"])
    assert journal[-1]["text"] == "Unità Alfa 2 — Equipaggio: Mario Rossi (matr. 1234), Laura Verdi."


def test_operator_role_sees_the_registry_but_cannot_change_it(ctx, qtbot, wait_tasks):
    from emergenza.gui.units.registry_window import UnitsRegistryWindow

    assert ctx.operator.role == "operator"
    window = UnitsRegistryWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    wait_tasks(ctx)
    assert window.model.rowCount() == 4
    buttons = (window.add_button, window.edit_button, window.retire_button, window.import_button, window.crew_button)
    assert not any(b.isEnabled() for b in buttons)
    assert window.add_unit() is None and window.import_csv() is None
    assert "responsabile" in window.message.text()
