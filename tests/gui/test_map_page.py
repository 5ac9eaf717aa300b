"""The map in the main window (pytest-qt, offscreen, real store behind its owner thread):
lazy page and dock, markers from the store with the catalog's colours, selection, drag to
assign, incremental updates, the board's filters, unit positions, the pick dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest

from emergenza.gui.map.pick_dialog import MapPickDialog, format_degrees
from emergenza.gui.operations import Change, WriteOp
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")

BERGAMO = (9.6700, 45.6950)  # lon, lat
SERIATE_ISTAT = "016198"


def show_map(window, qtbot):
    window.show_view("map")
    page = window.map.page
    qtbot.waitUntil(lambda: page.ready, timeout=15000)
    return page


def on_screen(view, item) -> QPoint:
    """Viewport pixel at the middle of a marker's picture (markers ignore the view's scale)."""
    return item.deviceTransform(view.viewportTransform()).map(item.boundingRect().center()).toPoint()


def drag(view, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        QTest.mouseMove(view.viewport(), start + (end - start) * step / 5)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)


def wait_for(qtbot, condition, timeout=5000):
    qtbot.waitUntil(condition, timeout=timeout)


def test_the_map_page_and_dock_are_built_only_when_shown(main_window, qtbot):
    wiring = main_window.map
    assert wiring.page.view is None and wiring.dock_panel.view is None
    assert wiring.feed.territory is None  # not even decoded before a map is wanted
    assert main_window.actions_by_name["view_map"].shortcut().toString() == "Ctrl+4"
    main_window.show_view("map")
    assert wiring.page.stack.currentWidget() is wiring.page.placeholder  # at once, before the build
    qtbot.waitUntil(lambda: wiring.page.ready, timeout=15000)
    assert wiring.page.stack.currentWidget() is wiring.page.view
    assert wiring.dock_panel.view is None
    main_window.show_view("board")
    wiring.dock.show()
    qtbot.waitUntil(lambda: wiring.dock_panel.view is not None, timeout=5000)
    main_window.show_view("map")  # the page shows the map in full: the dock steps aside
    assert not wiring.dock.isVisible()
    main_window.show_view("board")
    assert wiring.dock.isVisible()


def test_events_are_drawn_with_the_catalogs_colours(main_window, qtbot, make_event, catalogs):
    red = make_event(priority="red", lat=BERGAMO[1], lon=BERGAMO[0])
    vague = make_event(priority="green", municipality_istat=SERIATE_ISTAT)  # no coordinates
    drill = make_event(priority="yellow", lat=45.70, lon=9.60, exercise=True)
    page = show_map(main_window, qtbot)
    view, feed = page.view, page.feed
    events = view.markers.events
    assert set(events) == {red["id"], vague["id"], drill["id"]}
    for event in (red, vague, drill):
        marker = events[event["id"]][0]
        assert marker.color == catalogs.priorities[event["priority"]].color
        assert event["number"] in marker.label
    assert events[drill["id"]][0].exercise and not events[red["id"]][0].exercise
    assert events[red["id"]][1].scenePos() == QPointF(*view.projection.forward(*BERGAMO))
    # Without coordinates: at its municipality's placement point, marked approximate.
    placement = feed.territory.municipalities[SERIATE_ISTAT].placement
    assert events[vague["id"]][1].scenePos() == QPointF(*view.projection.forward(*placement))
    assert "approssimata" in events[vague["id"]][1].toolTip()
    assert "Esercitazione" in events[drill["id"]][1].toolTip()
    assert "3 interventi sulla mappa, 1 con posizione approssimata" in page.counts_label.text()
    # The home area is the corps' province (Polizia Locale di Bergamo).
    assert set(feed.home) == set(feed.territory.of_province("BG"))


def test_click_selects_the_event_and_double_click_opens_it(main_window, qtbot, make_event):
    first = make_event(lat=45.69, lon=9.66)
    second = make_event(lat=45.70, lon=9.72)
    main_window.refresh()
    wait_for(qtbot, lambda: main_window.board.model.row_of(second["id"]) >= 0)
    page = show_map(main_window, qtbot)
    view = page.view
    view.zoom_to_municipalities(["016024", SERIATE_ISTAT])
    item = view.markers.events[second["id"]][1]
    with qtbot.waitSignal(main_window.current_event_changed, timeout=2000):
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(view, item))
    assert main_window.board.current_event_id() == second["id"]
    assert main_window.current_event_id() == second["id"]
    assert view.highlighted == second["id"]
    wait_for(qtbot, lambda: second["number"] in page.card.text())
    # Selecting on the board rings it on the map too.
    main_window.board.select_event(first["id"])
    assert view.highlighted == first["id"]
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(view, item))
    assert main_window.current_view() == "detail"
    assert main_window.detail.event_id == second["id"]


def test_dragging_a_unit_onto_an_event_assigns_it_like_the_board(main_window, qtbot, make_event, gui_owner,
                                                               unit_ids, ctx):
    target = make_event(lat=45.69, lon=9.66)
    elsewhere = make_event(lat=45.70, lon=9.75)
    gui_owner.call_blocking(Store.units.set_position, unit_ids["Alfa 1"], 45.68, 9.70, operator="Mario Rossi")
    gui_owner.call_blocking(Store.units.assign, elsewhere["id"], unit_ids["Alfa 2"], operator="Mario Rossi")
    page = show_map(main_window, qtbot)
    view = page.view
    view.zoom_to_municipalities(["016024", SERIATE_ISTAT])
    units = view.markers.units
    assert {unit_ids["Alfa 1"], unit_ids["Alfa 2"]} <= set(units)
    event_item = view.markers.events[target["id"]][1]

    drag(view, on_screen(view, units[unit_ids["Alfa 1"]][1]), on_screen(view, event_item))
    wait_for(qtbot, lambda: any(a["resource_id"] == unit_ids["Alfa 1"]
                                for a in gui_owner.call_blocking(Store.units.for_event, target["id"])))
    # The unit now stands beside its event.
    wait_for(qtbot, lambda: view.markers.units[unit_ids["Alfa 1"]][0].beside == 0)
    assert view.markers.units[unit_ids["Alfa 1"]][1].pos() == event_item.pos()

    with qtbot.waitSignal(main_window.message_shown, timeout=5000) as blocker:
        drag(view, on_screen(view, view.markers.units[unit_ids["Alfa 2"]][1]), on_screen(view, event_item))
    assert blocker.args == [f"L'unità Alfa 2 è già impegnata sull'intervento {elsewhere['number']}."]
    assigned = gui_owner.call_blocking(Store.units.for_event, target["id"])
    assert [a["resource_id"] for a in assigned] == [unit_ids["Alfa 1"]]


def test_a_change_touches_only_the_marker_of_the_changed_event(main_window, qtbot, make_event, ctx, catalogs):
    events = [make_event(priority="green", lat=45.69 + i / 100, lon=9.66) for i in range(3)]
    page = show_map(main_window, qtbot)
    view = page.view
    before = {e["id"]: (view.markers.events[e["id"]][1], view.markers.events[e["id"]][1].pos(),
                        view.markers.events[e["id"]][1].pixmap().cacheKey()) for e in events}
    changed = events[1]
    with qtbot.waitSignal(page.feed.delta_ready, timeout=5000) as blocker:
        WriteOp(ctx, Change.EVENTS, Store.events.update, changed["id"], {"lat": 45.75, "lon": 9.80, "priority": "red"},
                operator="Mario Rossi").run("test.edit")
    delta = blocker.args[0]
    assert [m.id for m in delta.events] == [changed["id"]]
    assert delta.events_removed == [] and delta.units == [] and delta.units_removed == []
    assert (view.markers.last.moved, view.markers.last.restyled, view.markers.last.added) == (1, 1, 0)
    item, pos, key = before[changed["id"]]
    assert view.markers.events[changed["id"]][1] is item
    assert item.pos() == QPointF(*view.projection.forward(9.80, 45.75)) != pos
    assert item.pixmap().cacheKey() != key
    assert view.markers.events[changed["id"]][0].color == catalogs.priorities["red"].color
    for other in (events[0], events[2]):
        item, pos, key = before[other["id"]]
        assert view.markers.events[other["id"]][1] is item
        assert (item.pos(), item.pixmap().cacheKey()) == (pos, key)
    # Closing it takes it off the map.
    with qtbot.waitSignal(page.feed.delta_ready, timeout=5000) as blocker:
        WriteOp(ctx, Change.EVENTS, Store.events.change_status, changed["id"], "cancelled", note="prova",
                operator="Mario Rossi").run("test.cancel")
    assert blocker.args[0].events_removed == [changed["id"]]
    assert changed["id"] not in view.markers.events


def test_a_burst_of_writes_is_one_refresh(main_window, qtbot, make_event, ctx):
    events = [make_event(lat=45.69, lon=9.66 + i / 100) for i in range(5)]
    page = show_map(main_window, qtbot)
    refreshes = []
    page.feed.refreshed.connect(lambda: refreshes.append(1))
    for n, event in enumerate(events):
        WriteOp(ctx, Change.EVENTS, Store.events.update, event["id"], {"lat": 45.60 + n / 100},
                operator="Mario Rossi").run("test.burst")
    wait_for(qtbot, lambda: all(page.view.markers.events[e["id"]][0].lat < 45.69 for e in events))
    qtbot.wait(300)
    assert len(refreshes) <= 2  # the writes of one burst coalesce (two if one lands mid-refresh)


def test_a_refresh_reads_nothing_while_the_store_is_unchanged(main_window, gui_owner, make_event, catalogs):
    """The window's periodic refresh on an unchanged store keeps the previous snapshot as it
    is (the units' query, seconds at a million events, is not run); a write of the app, a
    commit of another program and another filter are read."""
    from emergenza.gui.map.feed import _Snapshot, compute_delta
    from emergenza.store.queries import EventFilter
    from tests.support.factories import OPERATOR, open_store

    first = make_event(lat=45.69, lon=9.66)
    feed = main_window.map.feed
    styles = feed._styles()
    state, delta = gui_owner.call_blocking(compute_delta, feed.filter, styles, _Snapshot())
    assert [m.id for m in delta.events] == [first["id"]] and delta.units
    again, delta = gui_owner.call_blocking(compute_delta, feed.filter, styles, state)
    assert again is state and not delta

    second = make_event(lat=45.70, lon=9.67)
    state, delta = gui_owner.call_blocking(compute_delta, feed.filter, styles, state)
    assert [m.id for m in delta.events] == [second["id"]]

    other = open_store(gui_owner.path, catalogs)  # another program on the same file
    try:
        other.events.update(first["id"], {"lat": 45.71}, operator=OPERATOR)
    finally:
        other.close()
    state, delta = gui_owner.call_blocking(compute_delta, feed.filter, styles, state)
    assert [(m.id, m.lat) for m in delta.events] == [(first["id"], 45.71)]

    _, delta = gui_owner.call_blocking(compute_delta, EventFilter(municipality_istat=SERIATE_ISTAT), styles, state)
    assert sorted(delta.events_removed) == sorted([first["id"], second["id"]])


def test_the_map_shows_the_boards_filtered_subset(main_window, qtbot, make_event):
    red = make_event(priority="red", lat=45.69, lon=9.66)
    green = make_event(priority="green", municipality_istat=SERIATE_ISTAT)
    page = show_map(main_window, qtbot)
    assert set(page.view.markers.events) == {red["id"], green["id"]}
    board = main_window.board
    board.priority_filter.setCurrentIndex(board.priority_filter.findData("red"))
    wait_for(qtbot, lambda: set(page.view.markers.events) == {red["id"]})
    wait_for(qtbot, lambda: set(board.model.ids) == {red["id"]})
    assert board.priority_filter.currentText() in page.filter_label.text()
    assert page.clear_button.isEnabled()
    board.municipality_filter.setText("Seriate")
    board.municipality_filter.editingFinished.emit()
    wait_for(qtbot, lambda: not page.view.markers.events)
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)  # clears the board's filters
    wait_for(qtbot, lambda: set(page.view.markers.events) == {red["id"], green["id"]})
    assert board.priority_filter.currentIndex() == 0 and not board.municipality_filter.text()


def test_a_unit_is_placed_from_the_units_board_menu(main_window, qtbot, unit_ids, gui_owner):
    main_window.show_view("units")
    board = main_window.units_board
    assert board.select_unit(unit_ids["Moto 1"])
    menu = board.context_menu()
    action = next(a for a in menu.actions() if a.objectName() == "place_on_map")
    action.trigger()
    menu.close()
    dialog = next(d for d in main_window.open_dialogs() if isinstance(d, MapPickDialog))
    assert "Moto 1" in dialog.windowTitle()
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=15000)
    QTest.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=dialog.view.viewport().rect().center())
    assert dialog.picked is not None and dialog.ok_button.isEnabled()
    lon, lat = dialog.picked
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: gui_owner.call_blocking(Store.units.get, unit_ids["Moto 1"])["lat"] is not None)
    row = gui_owner.call_blocking(Store.units.get, unit_ids["Moto 1"])
    assert (row["lon"], row["lat"]) == pytest.approx((lon, lat))
    page = show_map(main_window, qtbot)
    marker = page.view.markers.units[unit_ids["Moto 1"]][0]
    assert (marker.lon, marker.lat) == pytest.approx((lon, lat)) and marker.beside is None
    assert "posizione indicata a mano" in marker.label


def test_right_click_on_the_map_places_a_unit_there(main_window, qtbot, unit_ids, gui_owner):
    page = show_map(main_window, qtbot)
    view = page.view
    pos = view.viewport().rect().center() + QPoint(40, -30)
    lon, lat = view.lonlat_at(pos)
    QCoreApplication.sendEvent(view.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos)))
    menu = page._menu
    submenu = menu.actions()[0].menu()
    next(a for a in submenu.actions() if a.text() == "Agente 7").trigger()
    menu.close()
    wait_for(qtbot, lambda: unit_ids["Agente 7"] in view.markers.units)
    row = gui_owner.call_blocking(Store.units.get, unit_ids["Agente 7"])
    assert (row["lon"], row["lat"]) == pytest.approx((lon, lat))
    # ...and its own menu forgets it again.
    item = view.markers.units[unit_ids["Agente 7"]][1]
    at = on_screen(view, item)
    QCoreApplication.sendEvent(view.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at)))
    forget = page._menu.actions()[-1]
    assert forget.text() == "Dimentica la posizione indicata"
    forget.trigger()
    page._menu.close()
    wait_for(qtbot, lambda: unit_ids["Agente 7"] not in view.markers.units)


def test_pick_on_the_map_fills_the_intake_form(main_window, qtbot, ctx, wait_tasks):
    main_window.new_event()
    fields = main_window.intake.fields
    wait_tasks(ctx)
    assert fields.map_button.shortcut().toString() == "Alt+M"  # out of the Tab chain, on a key
    qtbot.mouseClick(fields.map_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in main_window.open_dialogs() if isinstance(d, MapPickDialog))
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=15000)
    view = dialog.view
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.viewport().rect().center())
    lon, lat = dialog.picked
    assert fields.lat_edit.text() == format_degrees(lat, "it") and fields.lon_edit.text() == format_degrees(lon, "it")
    istat = main_window.map.feed.territory.municipality_at((lon, lat))
    assert istat is not None and fields.municipality_istat == istat  # the empty municipality follows the point
    assert "pick" not in view.markers.events and len(view.markers.events) == 1  # the pin
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    chosen = fields.coordinate_texts()

    # A second choice cancelled with Esc leaves the first one in the form.
    qtbot.mouseClick(fields.map_button, Qt.MouseButton.LeftButton)
    again = next(d for d in main_window.open_dialogs() if isinstance(d, MapPickDialog))
    qtbot.waitUntil(lambda: again.view is not None, timeout=15000)
    QTest.mouseClick(again.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=again.view.viewport().rect().center() + QPoint(60, 40))
    assert fields.coordinate_texts() != chosen
    QTest.keyClick(again.view, Qt.Key.Key_Escape)
    assert not again.isVisible()
    assert fields.coordinate_texts() == chosen

    # The form saves them: the store's own rules accept what the map put there.
    f = fields
    f.type_edit.setText("Incidente stradale › con feriti")
    f.type_edit.textEdited.emit(f.type_edit.text())
    f.description_edit.setPlainText("Tamponamento")
    with qtbot.waitSignal(main_window.intake.event_created, timeout=5000) as blocker:
        main_window.intake.save()
    event = ctx.owner.call_blocking(Store.events.get, blocker.args[0])
    assert (event["lat"], event["lon"]) == (round(lat, 5), round(lon, 5))
    assert event["municipality_istat"] == istat


def test_a_point_outside_the_rules_is_refused_in_the_form(main_window):
    fields = main_window.intake.fields
    assert not fields.set_coordinates(60.0, 9.6)  # a latitude out of the territory's range
    assert fields.error_text("lat") == "Latitudine fuori dal territorio (attesa tra 35 e 48)."
    assert fields.lat_edit.text() == ""


def test_the_detail_moves_an_event_chosen_on_the_map(main_window, qtbot, make_event, ctx, wait_tasks):
    event = make_event(municipality_istat=SERIATE_ISTAT)  # known only by its municipality
    main_window.open_event(event["id"])
    detail = main_window.detail
    wait_for(qtbot, lambda: detail.event_row is not None and detail.event_row["id"] == event["id"])
    dialog = main_window.map.pick_coordinates(detail.fields)
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=15000)
    assert dialog.view.markers.events == {}  # nothing typed yet: no pin, the municipality shown
    dialog.pick(9.7260, 45.6850)
    assert detail.fields.municipality_istat == SERIATE_ISTAT  # kept: it was not empty
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    row = ctx.owner.call_blocking(Store.events.get, event["id"])
    assert (row["lat"], row["lon"]) == (45.685, 9.726)
