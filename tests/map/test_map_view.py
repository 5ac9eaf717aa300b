"""The map view (pytest-qt, offscreen): markers from plain records, clicks, drag to assign, navigation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from emergenza.gui.map import AreaOverlay, EventMarker, MapView, UnitMarker

BERGAMO = (9.6700, 45.6950)
SERIATE = (9.7260, 45.6850)


@pytest.fixture
def view(qtbot, territory):
    widget = MapView(territory)
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_home(territory.of_province("BG"))
    yield widget
    widget.close()


def viewport_pos(view, item) -> QPoint:
    return view.mapFromScene(item.scenePos())


def test_markers_appear_where_their_records_put_them(view, territory):
    stats = view.set_events([
        EventMarker("e1", "#ffb3b3", *BERGAMO, label="BG01-2026-000001 Incidente"),
        EventMarker("e2", "#fff3a0", municipality="016198", exercise=True),  # Seriate, no coordinates
        EventMarker("e3", "#c8e6c9"),                                         # nowhere to put it
    ])
    assert (stats.added, stats.unplaced) == (2, 1)
    assert set(view.markers.events) == {"e1", "e2"}
    item1 = view.markers.events["e1"][1]
    assert item1.scenePos() == QPointF(*view.projection.forward(*BERGAMO))
    assert item1.toolTip() == "BG01-2026-000001 Incidente"
    item2 = view.markers.events["e2"][1]
    assert item2.scenePos() == QPointF(*view.projection.forward(*territory.municipalities["016198"].placement))
    assert "Esercitazione" in item2.toolTip() and "approssimata" in item2.toolTip()
    # Different styles, different pictures; same style shares the picture.
    assert item1.pixmap().cacheKey() != item2.pixmap().cacheKey()
    view.update_events([EventMarker("e4", "#ffb3b3", *SERIATE)])
    assert view.markers.events["e4"][1].pixmap().cacheKey() == item1.pixmap().cacheKey()
    view.set_units([UnitMarker("u1", "Alfa 1", "#3f7fbf", *SERIATE), UnitMarker("u2", "Alfa 2", "#3f7fbf")])
    assert set(view.markers.units) == {"u1"}
    assert view.markers.units["u1"][1].zValue() > item1.zValue()


def test_click_on_an_event_emits_its_id(view, qtbot):
    view.set_events([EventMarker("e1", "#ffb3b3", *BERGAMO), EventMarker("e2", "#ffb3b3", *SERIATE)])
    view.zoom_to_municipalities(["016024", "016198"])
    item = view.markers.events["e2"][1]
    with qtbot.waitSignal(view.event_clicked, timeout=1000) as blocker:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_pos(view, item))
    assert blocker.args == ["e2"]
    with qtbot.waitSignal(view.event_activated, timeout=1000) as blocker:
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_pos(view, item))
    assert blocker.args == ["e2"]


def test_click_on_the_background_emits_nothing(view, qtbot):
    view.set_events([EventMarker("e1", "#ffb3b3", *BERGAMO)])
    clicked = []
    view.event_clicked.connect(clicked.append)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert clicked == []


def drag(view, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        QTest.mouseMove(view.viewport(), start + (end - start) * step / 5)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)


def test_dragging_a_unit_onto_an_event_requests_the_assignment(view, qtbot):
    view.set_events([EventMarker("e1", "#ffb3b3", *BERGAMO)])
    view.set_units([UnitMarker("u1", "Alfa 1", "#3f7fbf", *SERIATE)])
    view.zoom_to_municipalities(["016024", "016198"])
    unit = view.markers.units["u1"][1]
    home = unit.scenePos()
    with qtbot.waitSignal(view.assign_requested, timeout=1000) as blocker:
        drag(view, viewport_pos(view, unit), viewport_pos(view, view.markers.events["e1"][1]))
    assert blocker.args == ["u1", "e1"]
    assert unit.scenePos() == home  # back home until the caller moves it


def test_dragging_a_unit_onto_nothing_requests_nothing(view, qtbot):
    view.set_events([EventMarker("e1", "#ffb3b3", *BERGAMO)])
    view.set_units([UnitMarker("u1", "Alfa 1", "#3f7fbf", *SERIATE)])
    view.zoom_to_municipalities(["016024", "016198"])
    requested, clicked = [], []
    view.assign_requested.connect(lambda *args: requested.append(args))
    view.unit_clicked.connect(clicked.append)
    unit = viewport_pos(view, view.markers.units["u1"][1])
    drag(view, unit, unit + QPoint(0, 120))
    assert requested == [] and clicked == []
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=unit)
    assert clicked == ["u1"]


def test_a_unit_removed_while_pressed_ends_the_gesture(view, qtbot):
    view.set_events([EventMarker("e1", "#ffb3b3", *BERGAMO)])
    view.set_units([UnitMarker("u1", "Alfa 1", "#3f7fbf", *SERIATE)])
    view.zoom_to_municipalities(["016024", "016198"])
    requested = []
    view.assign_requested.connect(lambda *args: requested.append(args))
    start = viewport_pos(view, view.markers.units["u1"][1])
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    view.remove_units(["u1"])
    end = viewport_pos(view, view.markers.events["e1"][1])
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert requested == []


def test_updating_100_markers_touches_only_those(view, territory):
    box = territory.bounds(territory.of_province("BG"))
    markers = [EventMarker(f"e{i}", "#c8e6c9", box.min_x + box.width * (i % 50) / 50,
                           box.min_y + box.height * (i // 50) / 40) for i in range(2000)]
    view.set_events(markers)
    before = {ident: (item, item.scenePos(), item.pixmap().cacheKey())
              for ident, (_, item) in view.markers.events.items()}
    changed = {f"e{i}" for i in range(0, 2000, 20)}
    updates = []
    for m in markers:
        if m.id in changed:
            moved = int(m.id[1:]) % 40 == 0  # half move, half change priority
            updates.append(EventMarker(m.id, "#c8e6c9" if moved else "#ffb3b3",
                                       m.lon + (0.01 if moved else 0), m.lat))
        else:
            updates.append(m)
    stats = view.set_events(updates)
    assert (stats.added, stats.moved, stats.restyled, stats.removed) == (0, 50, 50, 0)
    for ident, (item, pos, key) in before.items():
        now = view.markers.events[ident][1]
        assert now is item
        if ident not in changed:
            assert (now.scenePos(), now.pixmap().cacheKey()) == (pos, key)
        else:
            assert (now.scenePos(), now.pixmap().cacheKey()) != (pos, key)
    assert view.set_events(updates).moved == 0  # the same records again: nothing to do
    stats = view.set_events(updates[:1900])
    assert stats.removed == 100 and len(view.markers.events) == 1900
    assert view.remove_events(["e0", "missing"]).removed == 1


def test_units_and_areas_update_by_id(view):
    view.set_units([UnitMarker("u1", "Alfa 1", "#3f7fbf", *SERIATE)])
    item = view.markers.units["u1"][1]
    stats = view.update_units([UnitMarker("u1", "Alfa 1", "#c0392b", *BERGAMO)])
    assert (stats.moved, stats.restyled) == (1, 1) and view.markers.units["u1"][1] is item
    assert item.scenePos() == QPointF(*view.projection.forward(*BERGAMO))
    assert view.remove_units(["u1"]).removed == 1 and item.scene() is None
    ring = [(9.6, 45.6), (9.7, 45.6), (9.7, 45.7), (9.6, 45.7)]
    view.set_areas([AreaOverlay("a1", "Esondazione Brembo", [[ring]])])
    area = view.markers.areas["a1"][1]
    assert area.toolTip() == "Esondazione Brembo" and area.zValue() < item.zValue()
    view.set_areas([])
    assert view.markers.areas == {} and area.scene() is None


def test_wheel_keys_and_home(view, qtbot):
    home = view.pixels_per_unit
    bg = view._scene_rect_of(view.territory.bounds(view.territory.of_province("BG")))
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(bg.center())
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.pixels_per_unit == pytest.approx(home * 1.25)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.pixels_per_unit == pytest.approx(home / 1.25)
    centre = view.mapToScene(view.viewport().rect().center())
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.mapToScene(view.viewport().rect().center()).x() > centre.x()
    QTest.keyClick(view, Qt.Key.Key_Up)
    assert view.mapToScene(view.viewport().rect().center()).y() < centre.y()
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert view.pixels_per_unit == pytest.approx(home)
    # The scene point under the pointer stays under it while zooming.
    at = QPoint(600, 150)
    before = view.mapToScene(at)
    view.zoom_by(2.0, at)
    after = view.mapToScene(at)
    tolerance = 2 / view.pixels_per_unit
    assert abs(after.x() - before.x()) < tolerance and abs(after.y() - before.y()) < tolerance


def test_names_follow_the_zoom(view):
    provinces = view.labels._provinces
    assert any(item.isVisible() for item in provinces) and view.labels.visible_count == 0
    view.zoom_to_municipalities(["016024"])
    assert not any(item.isVisible() for item in provinces)
    names = {item.text() for item, _, _ in view.labels._municipal if item.isVisible()}
    assert "Bergamo" in names
    assert 20_000 < view.scale_denominator() < 120_000  # a town fills the window


def test_tiles_render_after_the_frame_not_during_it(view, qtbot):
    view.settle()
    rendered = view.vector_source.rendered
    assert rendered > 0 and view.vector_layer.waiting == 0
    view.zoom_by(4.0)
    view.viewport().repaint()  # a frame right after zooming: stand-ins only
    assert view.vector_source.rendered == rendered and view.vector_layer.waiting > 0
    qtbot.waitUntil(lambda: view.vector_layer.waiting == 0, timeout=10_000)
    assert view.vector_source.rendered > rendered
    image = view.grab().toImage()
    land = QColor(view.vector_source.style.land)
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre == land or centre.lightness() < land.lightness()  # land or a border, not the background


def test_a_unit_row_dropped_on_an_event_requests_the_assignment(view, qtbot):
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from emergenza.gui.widgets.mime import unit_mime

    view.set_events([EventMarker("e1", "#ffb3b3", *BERGAMO)])
    view.zoom_to_municipalities(["016024", "016198"])
    on_event = QPointF(viewport_pos(view, view.markers.events["e1"][1]))
    buttons, mods, copy = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, Qt.DropAction.CopyAction
    unit, other = unit_mime("u7"), QMimeData()  # kept alive: the events do not own them
    enter = QDragEnterEvent(on_event.toPoint(), copy, unit, buttons, mods)
    view.dragEnterEvent(enter)
    assert enter.isAccepted()
    foreign = QDragEnterEvent(on_event.toPoint(), copy, other, buttons, mods)
    view.dragEnterEvent(foreign)
    assert not foreign.isAccepted()  # not a unit: not ours
    off_event = QDragMoveEvent(QPoint(5, 5), copy, unit, buttons, mods)
    view.dragMoveEvent(off_event)
    assert not off_event.isAccepted()  # nothing to drop on there
    requested = []
    view.assign_requested.connect(lambda *args: requested.append(args))
    view.dropEvent(QDropEvent(QPointF(5, 5), copy, unit, buttons, mods))
    assert requested == []
    view.dropEvent(QDropEvent(on_event, copy, unit, buttons, mods))
    assert requested == [("u7", "e1")]


def test_a_click_on_the_background_gives_its_place_and_a_pan_does_not(view, qtbot):
    clicks = []
    view.map_clicked.connect(lambda lon, lat: clicks.append((lon, lat)))
    at = QPoint(400, 300)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert clicks == [pytest.approx(view.lonlat_at(at))]
    lon, lat = clicks[0]
    assert view.territory.municipality_at((lon, lat)) in view.territory.of_province("BG")
    drag(view, at, at + QPoint(80, 0))
    assert len(clicks) == 1


def test_units_at_an_event_stand_beside_it_and_the_ring_follows_the_selection(view):
    view.set_events([EventMarker("e1", "#ffb3b3", municipality="016198")])
    view.set_units([UnitMarker("u1", "Alfa 1", "#3f7fbf", municipality="016198", beside=0),
                    UnitMarker("u2", "Alfa 2", "#3f7fbf", municipality="016198", beside=1)])
    event = view.markers.events["e1"][1]
    first, second = view.markers.units["u1"][1], view.markers.units["u2"][1]
    assert first.pos() == second.pos() == event.pos()  # same place...
    assert first.offset().x() > 0 and second.offset().y() > first.offset().y()  # ...drawn beside, one per row
    assert view.highlighted is None
    view.set_highlight("e1")
    assert view.highlighted == "e1"
    view.update_events([EventMarker("e1", "#ffb3b3", *BERGAMO)])
    assert view._highlight.pos() == view.markers.events["e1"][1].pos()
    view.remove_events(["e1"])
    assert view.highlighted is None


def test_slices_run_a_step_at_least_per_turn_and_report_the_end(qtbot):
    from emergenza.gui.map.slices import Slices

    done, seen = [], []

    def steps():
        for n in range(5):
            seen.append(n)
            yield

    slices = Slices(steps(), lambda: done.append(True), budget_ms=0)
    slices.start()
    assert seen == []  # nothing before the event loop turns
    qtbot.waitUntil(lambda: done == [True], timeout=5000)
    assert seen == [0, 1, 2, 3, 4] and slices.slices == 6 and not slices.running
    cancelled = Slices(steps(), lambda: done.append("cancelled"), budget_ms=0)
    cancelled.start()
    cancelled.cancel()
    qtbot.wait(20)
    assert done == [True] and not cancelled.running


def test_a_view_built_in_slices_lets_the_event_loop_run_and_matches_one_built_at_once(qtbot, territory):
    from PySide6.QtCore import QTimer

    from emergenza.gui.map.slices import Slices

    whole = MapView(territory)
    sliced = MapView(territory, build=False)
    assert not sliced.built
    ticks = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: ticks.append(slices.slices))
    slices = Slices(sliced.build_steps(), ticker.stop, budget_ms=4)
    ticker.start()
    slices.start()
    qtbot.waitUntil(lambda: sliced.built, timeout=30000)
    # The loop turned between slices: the ticker ran while the build was under way.
    assert slices.slices > 5 and len({t for t in ticks if 0 < t < slices.slices}) > 1
    assert sliced.vector_source.municipal_boxes == whole.vector_source.municipal_boxes
    assert len(sliced.vector_source._province_outlines) == len(whole.vector_source._province_outlines)
    assert sliced.vector_source.bounds == whole.vector_source.bounds
    assert len(sliced.labels._municipal) == len(whole.labels._municipal) == len(territory.municipalities)
    assert sliced.scene().sceneRect() == whole.scene().sceneRect()
    for widget in (whole, sliced):
        widget.deleteLater()


def test_a_step_yielding_end_slice_ends_its_slice(qtbot):
    from emergenza.gui.map.slices import END_SLICE, Slices

    done = []

    def steps():
        yield
        yield END_SLICE
        yield
        yield END_SLICE

    slices = Slices(steps(), lambda: done.append(True), budget_ms=10_000)  # the budget alone: one slice
    slices.start()
    qtbot.waitUntil(lambda: done == [True], timeout=5000)
    assert slices.slices == 3


def test_markers_made_warm_are_drawn_offscreen_then_behave_as_any_other(view, qtbot):
    stats = view.update_events([EventMarker("e1", "#ffb3b3", *BERGAMO), EventMarker("e2", "#ffb3b3", *SERIATE),
                                EventMarker("e3", "#c8e6c9")], warm=True)
    assert (stats.added, stats.unplaced) == (2, 1)
    for ident in ("e1", "e2"):
        assert view.markers.events[ident][1].scene() is view.scene()  # none left in the staging scene
    assert view._staging is not None and view._staging.items() == []
    view.zoom_to_municipalities(["016024", "016198"])
    item = view.markers.events["e2"][1]
    with qtbot.waitSignal(view.event_clicked, timeout=1000) as blocker:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_pos(view, item))
    assert blocker.args == ["e2"]
    assert view.remove_events(["e1"]).removed == 1 and item.scene() is view.scene()


def test_a_hidden_view_fitted_at_its_coming_size_matches_one_fitted_when_shown(qtbot, territory):
    from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

    def fitted(before_shown: bool):
        window = QWidget()  # no layout: the stack's size hints stay out of the (offscreen) window
        qtbot.addWidget(window)
        window.resize(700, 500)
        stack = QStackedWidget(window)
        placeholder = QLabel("…")
        stack.addWidget(placeholder)
        stack.resize(700, 500)
        window.show()
        qtbot.waitExposed(window)
        view = MapView(territory, stack)
        stack.addWidget(view)
        if before_shown:
            view.prepare_size(placeholder.size())
            view.set_home(territory.of_province("BG"))
            view.warm_paint()
            stack.setCurrentWidget(view)
        else:
            stack.setCurrentWidget(view)
            view.set_home(territory.of_province("BG"))
        qtbot.wait(10)
        centre = view.mapToScene(view.viewport().rect().center())
        return view.viewport().size(), round(view.pixels_per_unit, 9), round(centre.x()), round(centre.y())

    assert fitted(True) == fitted(False)
