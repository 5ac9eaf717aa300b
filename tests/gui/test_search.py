"""Search and history: full text, filters (closed events included), lazy paging, activation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from emergenza.gui.operations import Change
from emergenza.store import Store
from tests.support.widgets import on_screen

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def istat(ctx, name):
    return next(m.istat for m in ctx.catalogs.municipalities.values() if m.name == name)


def make_event(ctx, *, type_code="LIT.LITE", town="Bergamo", description="Rissa in piazza", **over):
    return ctx.owner.call_blocking(Store.events.create, {
        "type_code": type_code, "municipality_istat": istat(ctx, town), "address": "Via Roma 1",
        "description": description, **over}, operator="Mario Rossi")


@pytest.fixture
def view(ctx, qtbot):
    from emergenza.gui.events.search_view import SearchView

    return on_screen(qtbot, SearchView(ctx), 1200, 600)


def numbers(view):
    m = view.model
    return sorted(m.index(r, 0).data() for r in range(m.rowCount()))


def run(ctx, qtbot, wait_tasks, view):
    view._on_search_now()
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: not view.model.loading)


@pytest.fixture
def events(ctx):
    a = make_event(ctx, description="Rissa davanti al bar Sport")
    b = make_event(ctx, type_code="INC.FERITI", town="Cantù", description="Scontro auto moto", sharing="shared")
    c = make_event(ctx, type_code="INC.DANNI", description="Tamponamento lieve",
                   received_at="2025-03-10T09:00:00.000Z")
    ctx.owner.call_blocking(Store.events.change_status, c["id"], "closed", operator="Mario Rossi",
                            outcome="constatazione")
    d = make_event(ctx, type_code="DIS.RUMORE", description="Musica alta", exercise=True)
    ctx.owner.call_blocking(Store.events.change_status, d["id"], "cancelled", operator="Mario Rossi", note="doppione")
    return {"bar": a, "cantu": b, "closed": c, "exercise": d}


def test_text_search_finds_fields_and_journal_incl_closed(ctx, qtbot, wait_tasks, view, events, qtmodeltester):
    view.focus_search()
    wait_tasks(ctx)
    assert len(numbers(view)) == 4  # no text: every event, closed and cancelled included
    assert view.count_label.text() == "4 interventi trovati"
    qtbot.keyClicks(view.text_edit, "tamponamento")
    qtbot.waitUntil(lambda: numbers(view) == [events["closed"]["number"]], timeout=3000)
    assert view.model.index(0, 3).data() == "chiuso"
    ctx.owner.call_blocking(Store.events.add_note, events["bar"]["id"], "Fermato un giovane con tamponamento",
                            operator="M")
    run(ctx, qtbot, wait_tasks, view)
    assert numbers(view) == sorted([events["closed"]["number"], events["bar"]["number"]])  # journal text too
    qtmodeltester.check(view.model)


def test_filters(ctx, qtbot, wait_tasks, view, events):
    def only(**combo_values):
        for name, value in combo_values.items():
            combo = getattr(view, name)
            combo.setCurrentIndex(combo.findData(value))
        run(ctx, qtbot, wait_tasks, view)
        result = numbers(view)
        for name in combo_values:
            getattr(view, name).setCurrentIndex(0)
        return result

    n = {k: e["number"] for k, e in events.items()}
    assert only(status_combo="__ended__") == sorted([n["closed"], n["exercise"]])
    assert only(status_combo="closed") == [n["closed"]]
    assert only(status_combo="__active__") == sorted([n["bar"], n["cantu"]])
    assert only(priority_combo="red") == [n["cantu"]]
    assert only(type_combo="INC") == sorted([n["cantu"], n["closed"]])  # a type includes its sub-types
    assert only(sharing_combo="shared") == [n["cantu"]]
    view.exercise_check.setChecked(False)
    run(ctx, qtbot, wait_tasks, view)
    assert n["exercise"] not in numbers(view)
    view.exercise_check.setChecked(True)
    qtbot.keyClicks(view.municipality_edit, "Cantu")
    run(ctx, qtbot, wait_tasks, view)
    assert numbers(view) == [n["cantu"]]
    view.municipality_edit.clear()
    view.municipality_edit.textEdited.emit("")
    view.to_check.setChecked(True)
    view.to_date.setDate(QDate(2025, 12, 31))
    run(ctx, qtbot, wait_tasks, view)
    assert numbers(view) == [n["closed"]]
    view.to_check.setChecked(False)
    view.from_check.setChecked(True)
    view.from_date.setDate(QDate(2025, 3, 11))
    run(ctx, qtbot, wait_tasks, view)
    assert n["closed"] not in numbers(view) and len(numbers(view)) == 3


def test_lazy_pages_and_activation(ctx, qtbot, wait_tasks, view, qtmodeltester):
    for i in range(25):
        make_event(ctx, description=f"Evento numero {i}")
    view.model.page_size = 10
    view.view.setFixedHeight(150)  # ten rows overflow it: the view asks for more only when scrolled
    run(ctx, qtbot, wait_tasks, view)
    m = view.model
    assert m.rowCount() == 10 and m.canFetchMore()
    assert "Primi 10" in view.count_label.text()
    m.fetchMore()
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: m.rowCount() == 20)
    view.view.scrollToBottom()  # the view asks for more by itself when scrolled to the end
    qtbot.waitUntil(lambda: (wait_tasks(ctx), m.rowCount() == 25)[1], timeout=3000)
    assert not m.canFetchMore()
    assert len({m.event_id(r) for r in range(25)}) == 25
    assert view.count_label.text() == "25 interventi trovati"
    qtmodeltester.check(m)

    activated = []
    view.event_activated.connect(activated.append)
    view.view.doubleClicked.emit(m.index(3, 1))
    view.activateWindow()
    view.focus_search()
    qtbot.keyClick(view.text_edit, Qt.Key.Key_Down)  # from the box to the first result
    assert view.view.hasFocus() and view.view.currentIndex().row() == 0
    qtbot.keyClick(view.view, Qt.Key.Key_Down)
    qtbot.keyClick(view.view, Qt.Key.Key_Return)
    assert activated == [m.event_id(3), m.event_id(1)]


def test_model_tester_while_pages_arrive(ctx, qtbot, wait_tasks, qtmodeltester):
    from emergenza.gui.events.search_model import SearchModel
    from emergenza.store.queries import EventFilter

    for i in range(7):
        make_event(ctx, description=f"Furto {i}")
    model = SearchModel(ctx, page_size=3)
    model.set_query("furto", EventFilter())
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), model.rowCount() == 3)[1])
    while model.canFetchMore():
        model.fetchMore()
        wait_tasks(ctx)
    assert model.rowCount() == 7
    qtmodeltester.check(model)


def test_rows_shown_follow_changes_in_place(ctx, qtbot, wait_tasks, view, events):
    view.status_combo.setCurrentIndex(view.status_combo.findData("__active__"))
    run(ctx, qtbot, wait_tasks, view)
    m = view.model
    row = next(r for r in range(m.rowCount()) if m.event_id(r) == events["bar"]["id"])
    assert m.index(row, 3).data() == "nuovo"
    resets = []
    m.modelReset.connect(lambda: resets.append(1))
    ctx.owner.call_blocking(Store.events.change_status, events["bar"]["id"], "waiting", operator="Mario Rossi")
    ctx.signals.changed.emit(Change.EVENTS)
    qtbot.waitUntil(lambda: (wait_tasks(ctx), m.index(row, 3).data() == "in attesa")[1], timeout=3000)
    assert resets == []  # refreshed in place: the operator keeps the position
