"""The whole workflow through the widgets: intake → assign → en route → on scene → close,
with the journal checked at each step, then found again by the search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from emergenza.store import Store
from tests.support.widgets import pick

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def test_intake_assign_en_route_on_scene_close(ctx, qtbot, wait_tasks):
    from emergenza.gui.context import Operator
    from emergenza.gui.events.assign_dialog import AssignDialog
    from emergenza.gui.events.detail import EventDetail
    from emergenza.gui.events.intake import IntakeForm
    from emergenza.gui.events.search_view import SearchView

    # A coordinatore: closing an event is theirs (an operatore is not offered it).
    ctx.set_operator(Operator(ctx.operator.id, ctx.operator.name, "coordinator"))
    intake = IntakeForm(ctx)
    detail = EventDetail(ctx)
    search = SearchView(ctx)
    for w in (intake, detail, search):
        qtbot.addWidget(w)
        w.resize(1200, 700)
        w.show()
    intake.event_created.connect(detail.show_event)
    dialogs: list[AssignDialog] = []

    def on_assign_requested(event_id: str) -> None:
        dialog = AssignDialog(ctx, event_id, detail)
        dialogs.append(dialog)
        dialog.open()

    detail.assign_requested.connect(on_assign_requested)

    def journal():
        m = detail.journal_model
        return [m.entry(r)["text"] for r in range(m.rowCount())]

    def settle(predicate):
        qtbot.waitUntil(lambda: (wait_tasks(ctx), predicate())[1], timeout=4000)

    def stored_journal(event_id):
        return [(j["text"], j["author"]) for j in ctx.owner.call_blocking(Store.events.journal, event_id)]

    # 1. intake (keyboard)
    intake.activateWindow()  # three top-level windows here; in the app they share one
    intake.new_event()
    wait_tasks(ctx)
    f = intake.fields
    pick(qtbot, f.type_edit, f.type_completer, "con feriti", "Incidente stradale › con feriti")
    pick(qtbot, f.municipality_edit, f.muni_completer, "seriate", "Seriate (BG)")
    qtbot.keyClicks(f.address_edit, "Via Nazionale 12")
    qtbot.keyClicks(f.caller_phone_edit, "333 7654321")
    qtbot.keyClicks(f.description_edit, "Auto contro moto, un ferito")
    with qtbot.waitSignal(intake.event_created) as created:
        qtbot.keyClick(f.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    event_id = created.args[0]
    settle(lambda: detail.event_row is not None and detail.event_row["id"] == event_id)
    assert detail.event_row["status"] == "new" and detail.event_row["priority"] == "red"
    assert journal() == ["Intervento ricevuto (telefono): Incidente stradale › con feriti."]

    # 2. assign Alfa 1 through the dialog (F3 in the main window emits the same request)
    qtbot.mouseClick(detail.assign_button, Qt.MouseButton.LeftButton)
    dialog = dialogs[-1]
    settle(lambda: dialog.model.rowCount() == 4)
    assert dialog.select_unit("Alfa 1")
    with qtbot.waitSignal(dialog.assigned):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(lambda: detail.event_row["status"] == "assigned")
    assert journal()[1:] == ["Unità Alfa 1: inviata.", "Stato: nuovo → assegnato."]
    assert detail.assignments_model.index(0, 1).data() == "inviata"

    # 3. en route
    qtbot.mouseClick(detail.advance_button, Qt.MouseButton.LeftButton)
    settle(lambda: journal()[-1] == "Unità Alfa 1: in viaggio.")
    assert detail.assignments_model.index(0, 4).data()  # en route time shown
    assert detail.event_row["status"] == "assigned"

    # 4. on scene: the event follows the unit
    qtbot.mouseClick(detail.advance_button, Qt.MouseButton.LeftButton)
    settle(lambda: detail.event_row["status"] == "on_scene")
    assert journal()[-2:] == ["Unità Alfa 1: sul posto.", "Stato: assegnato → sul posto."]
    assert detail.assignments_model.index(0, 5).data()

    # 5. a note, then close with outcome and confirmation
    detail.add_note()
    qtbot.keyClicks(detail.note_edit, "Ferito affidato al 118")
    qtbot.mouseClick(detail.note_button, Qt.MouseButton.LeftButton)
    settle(lambda: journal()[-1] == "Ferito affidato al 118")
    detail.status_combo.setCurrentIndex(detail.status_combo.findData("closed"))
    qtbot.keyClicks(detail.status_reason, "Rilievi eseguiti, verbale redatto")
    qtbot.mouseClick(detail.status_button, Qt.MouseButton.LeftButton)
    box = detail.findChild(QMessageBox, "confirm_status")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    settle(lambda: detail.event_row["status"] == "closed")
    assert journal()[-2:] == ["Stato: sul posto → chiuso. Esito: Rilievi eseguiti, verbale redatto",
                              "Unità Alfa 1: libera."]
    assert detail.assignments_model.index(0, 1).data() == "libera"
    assert detail.assignments_model.index(0, 6).data()

    # the record: every step attributed to the operator on shift
    entries = stored_journal(event_id)
    assert len(entries) == 9 and {a for _t, a in entries} == {"Mario Rossi"}
    units = {r["call_sign"]: r["status"] for r in ctx.owner.call_blocking(Store.units.overview)}
    assert units["Alfa 1"] == "available"

    # 6. found again by the search, closed
    search.status_combo.setCurrentIndex(search.status_combo.findData("closed"))
    search.text_edit.setText("ferito")
    search._on_search_now()
    settle(lambda: search.model.rowCount() == 1 and not search.model.loading)
    assert search.model.event_id(0) == event_id
    assert search.model.index(0, 3).data() == "chiuso"
