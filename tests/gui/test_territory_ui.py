"""Territory in the app (pytest-qt, offscreen, real store behind its owner thread): the
registry window, drawing an area on the map by keyboard and clicks, areas and cameras on
the map, the detail's Territorio tab (richiedi filmati), the alerts notice."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest

from emergenza.gui.map.feed import MapFeed
from emergenza.gui.operations import Change, WriteOp
from emergenza.gui.territory.draw_dialog import AreaDrawDialog
from emergenza.gui.territory.menu import install_territory_ui
from emergenza.gui.territory.models import AreasModel, CamerasModel, HitsModel, NearCamerasModel
from emergenza.gui.territory.registry_window import TerritoryWindow
from emergenza.store import Store
from tests.support.factories import OPERATOR, event_data

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")

SQUARE = [[[(9.66, 45.69), (9.68, 45.69), (9.68, 45.70), (9.66, 45.70), (9.66, 45.69)]]]
GATE = {"name": "Varco Seriate", "kind": "gate", "lat": 45.6952, "lon": 9.6701, "owner_kind": "municipality",
        "owner_name": "Comune di Seriate", "footage_request": "PEC al comune"}


def call(gui_owner, fn, *args, **kwargs):
    return gui_owner.call_blocking(fn, *args, **kwargs)


def test_models_pass_the_model_tester(qapp):
    rows = {
        AreasModel: [{"id": "a", "name": "Parco", "category": "parco", "events": 2, "watch_count": 3,
                      "watch_hours": 6, "watch_types": "DIS", "sharing": "shared"}],
        CamerasModel: [{"id": "c", "name": "Cam", "kind": "camera", "status": "working", "owner_kind": "private",
                        "owner_name": None, "direction": "nord", "footage_request": None}],
        NearCamerasModel: [{"id": "c", "name": "Cam", "kind": "gate", "status": "faulty", "distance_m": 40,
                            "footage_request": "PEC"}],
        HitsModel: [{"id": "h", "at": "2026-01-10T09:00:00.000Z", "gate_name": "Varco", "plate": "AB123CD",
                     "hot_list": "rubato", "event_id": None}],
    }
    for cls, data in rows.items():
        model = cls()
        tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        model.set_rows(data)
        assert model.rowCount() == 1 and model.index(0, 0).data()
        assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == data[0]["id"]
        model.set_rows([])
        del tester


def test_registry_window_imports_exports_and_opens_a_gate_event(ctx, gui_owner, qtbot, wait_tasks, tmp_path):
    window = TerritoryWindow(ctx, MapFeed(ctx))
    qtbot.addWidget(window)
    window.show()
    src = tmp_path / "aree.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"nome": "Stazione FS", "categoria": "stazione"},
        "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in SQUARE[0][0]]]}}]}), encoding="utf-8")
    window.import_areas(str(src))
    qtbot.waitUntil(lambda: window.areas_model.rowCount() == 1, timeout=5000)
    assert window.areas_model.index(0, 1).data() == "stazione"
    bad = tmp_path / "rotte.geojson"
    bad.write_text("{", encoding="utf-8")
    window.import_areas(str(bad))
    qtbot.waitUntil(lambda: "JSON" in window.message.text(), timeout=5000)
    out = tmp_path / "export.geojson"
    window.export_areas(str(out))
    qtbot.waitUntil(out.exists, timeout=5000)
    assert json.loads(out.read_text())["features"][0]["properties"]["nome"] == "Stazione FS"

    cams = tmp_path / "telecamere.csv"
    cams.write_text("nome;tipo;lat;lon\nVarco Seriate;varco;45,6952;9,6701\n", encoding="utf-8")
    window.import_cameras(str(cams))
    qtbot.waitUntil(lambda: window.cameras_model.rowCount() == 1, timeout=5000)
    hits = tmp_path / "hits.csv"
    hits.write_text("varco;targa;ora;lista\nVarco Seriate;AB123CD;10/01/2026 10:00;rubato\n", encoding="utf-8")
    window.import_hits(str(hits))
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 1, timeout=5000)
    window.tabs.setCurrentIndex(2)
    window.hits_view.selectRow(0)
    window.open_gate_event()
    qtbot.waitUntil(lambda: "Aperto l'intervento" in window.message.text(), timeout=5000)
    event = call(gui_owner, lambda s: s.db.execute("SELECT type_code, lat FROM events").fetchall())
    assert event == [("CTR.VARCO", 45.6952)]
    window.areas_view.selectRow(0)
    window.disable_selected_area()
    qtbot.waitUntil(lambda: window.areas_model.rowCount() == 0, timeout=5000)
    window.close()
    wait_tasks(ctx)


def _draw_dialog(ctx, qtbot):
    feed = MapFeed(ctx)
    dialog = AreaDrawDialog(ctx, feed)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=15000)
    return dialog


def test_draw_an_area_click_vertices_enter_to_close_then_save(ctx, gui_owner, qtbot, wait_tasks):
    dialog = _draw_dialog(ctx, qtbot)
    view = dialog.view
    centre = view.viewport().rect().center()
    lon, lat = view.lonlat_at(centre)
    for dx, dy in ((-40, -40), (40, -40), (40, 40), (-40, 40), (0, 60)):
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + type(centre)(dx, dy))
    assert len(dialog.vertices) == 5
    QTest.keyClick(view, Qt.Key.Key_Backspace)  # the last click was a slip
    assert len(dialog.vertices) == 4 and not dialog.closed
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert dialog.closed and dialog.name_edit.hasFocus()
    assert not dialog.save_button.isEnabled()
    QTest.keyClicks(dialog.name_edit, "Piazza della movida")
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("movida"))
    dialog.watch_check.setChecked(True)
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)
    (area,) = call(gui_owner, Store.areas.registry)
    assert (area["name"], area["category"], area["watch_count"], area["watch_hours"]) == \
        ("Piazza della movida", "movida", 3, 6)
    ring = json.loads(area["shape"])[0][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    assert min(p[0] for p in ring) < lon < max(p[0] for p in ring)  # the clicks went round the centre
    assert min(p[1] for p in ring) < lat < max(p[1] for p in ring)
    wait_tasks(ctx)


def test_escape_cancels_the_drawing(ctx, gui_owner, qtbot, wait_tasks):
    dialog = _draw_dialog(ctx, qtbot)
    dialog.add_vertex(9.66, 45.69)
    QTest.keyClick(dialog.view, Qt.Key.Key_Return)  # two vertices are not an area
    assert not dialog.closed
    QTest.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert dialog.result() == 0 and not dialog.isVisible()
    assert call(gui_owner, Store.areas.registry) == []
    wait_tasks(ctx)


def test_detail_tab_shows_areas_and_cameras_and_requests_footage(ctx, gui_owner, qtbot, wait_tasks):
    from emergenza.gui.events.detail import EventDetail

    call(gui_owner, Store.areas.add, {"name": "Stazione FS", "category": "stazione", "shape": SQUARE},
         operator=OPERATOR)
    call(gui_owner, Store.cameras.add, GATE, operator=OPERATOR)
    event = call(gui_owner, Store.events.create, event_data(lat=45.6950, lon=9.6700), operator=OPERATOR)
    detail = EventDetail(ctx)
    qtbot.addWidget(detail)
    detail.show()
    detail.show_event(event["id"])
    panel = detail.territory
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    assert panel.areas_label.text() == "Nell'area a rischio: Stazione FS"
    assert panel.model.index(0, 2).data() == "24 m"
    panel.view.selectRow(0)
    QTest.mouseClick(panel.request_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "annotata" in panel.message.text(), timeout=5000)
    texts = [j["text"] for j in call(gui_owner, Store.events.journal, event["id"])]
    assert "Richiesta filmati: varco lettura targhe «Varco Seriate» (Comune di Seriate). Modalità: PEC al comune" \
        in texts
    panel.radius_spin.setValue(50)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    panel.radius_spin.setValue(60)  # still within
    wait_tasks(ctx)


def test_map_draws_areas_and_cameras_and_the_notice_shows_alerts(main_window, ctx, gui_owner, qtbot, wait_tasks):
    ui = install_territory_ui(ctx, main_window)
    assert ui.open_action.shortcut().toString() == "Ctrl+Shift+R"
    main_window.show_view("map")
    page = main_window.map.page
    qtbot.waitUntil(lambda: page.ready, timeout=15000)
    gate = call(gui_owner, Store.cameras.add, GATE, operator=OPERATOR)
    area = call(gui_owner, Store.areas.add, {"name": "Stazione FS", "category": "stazione", "shape": SQUARE},
                operator=OPERATOR)
    WriteOp(ctx, Change.TERRITORY, lambda store: None).run("test.announce")
    qtbot.waitUntil(lambda: area["id"] in page.view.markers.areas and gate["id"] in page.view.cameras.items,
                    timeout=5000)
    assert page.view.cameras.items[gate["id"]][1].toolTip().startswith("Varco Seriate")
    assert not ui.notice.isVisible()
    WriteOp(ctx, Change.TERRITORY, Store.cameras.import_hits,
            "varco;targa;ora;lista\nVarco Seriate;AB123CD;10/01/2026 10:00;rubato\n", operator=OPERATOR).run("t")
    qtbot.waitUntil(ui.notice.isVisible, timeout=5000)
    assert "AB123CD" in ui.notice.label.toolTip() + ui.notice.label.text()
    QTest.mouseClick(ui.notice.ack_button, Qt.MouseButton.LeftButton)
    assert not ui.notice.isVisible()
    qtbot.waitUntil(lambda: call(gui_owner, Store.areas.open_alerts) == [], timeout=5000)
    registry = ui.open_registry()
    qtbot.waitUntil(lambda: registry.cameras_model.rowCount() == 1, timeout=5000)
    registry.close()
    wait_tasks(ctx)


def test_board_and_search_rows_flag_events_in_an_area(main_window, ctx, gui_owner, qtbot, wait_tasks):
    from emergenza.gui.events.board_model import COLUMN_KEYS
    from emergenza.gui.territory.flags import with_area_flag

    call(gui_owner, Store.areas.add, {"name": "Stazione FS", "category": "stazione", "shape": SQUARE},
         operator=OPERATOR)
    WriteOp(ctx, Change.EVENTS, Store.events.create, event_data(lat=45.695, lon=9.67, address="Piazzale Marconi"),
            operator=OPERATOR).run("t")
    model = main_window.board.model
    col = COLUMN_KEYS.index("address")
    flagged = "Piazzale Marconi · ⚑ area a rischio: Stazione FS"
    qtbot.waitUntil(lambda: any(model.index(r, col).data() == flagged for r in range(model.rowCount())),
                    timeout=5000)
    assert with_area_flag("Via Roma 1", None) == "Via Roma 1"
    wait_tasks(ctx)


def test_mnemonics_are_unique_in_the_territory_windows(ctx, gui_owner, qtbot, wait_tasks):
    from emergenza.gui.events.detail import EventDetail
    from tests.gui.test_mnemonics import window_clashes

    window = TerritoryWindow(ctx, MapFeed(ctx))
    qtbot.addWidget(window)
    window.show()
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        assert window_clashes(window) == []
    dialog = _draw_dialog(ctx, qtbot)
    assert window_clashes(dialog) == []
    event = call(gui_owner, Store.events.create, event_data(lat=45.6950, lon=9.6700), operator=OPERATOR)
    detail = EventDetail(ctx)
    qtbot.addWidget(detail)
    detail.show()
    detail.show_event(event["id"])
    detail.tabs.setCurrentWidget(detail.territory)
    assert window_clashes(detail) == []
    wait_tasks(ctx)


def test_the_notice_shows_alerts_in_the_interface_language(ctx, qapp, gui_owner, qtbot, wait_tasks):
    from emergenza.gui.i18n import install_translators
    from emergenza.gui.territory.menu import TerritoryNotice

    call(gui_owner, Store.cameras.add, GATE, operator=OPERATOR)
    call(gui_owner, Store.cameras.import_hits, "varco;targa;ora;lista\nVarco Seriate;AB123CD;10/01/2026 10:00;rubato\n",
         operator=OPERATOR)
    installed = install_translators(qapp, "en")
    try:
        notice = TerritoryNotice(ctx)
        qtbot.addWidget(notice)
        notice.check()
        qtbot.waitUntil(lambda: bool(notice.alerts), timeout=5000)
        assert notice.label.full_text() == "Gate “Varco Seriate”: plate AB123CD (stolen vehicle)."
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    notice.show_alerts(notice.alerts)  # in Italian again once the translator is gone
    assert notice.label.full_text() == "Varco «Varco Seriate»: targa AB123CD (veicolo rubato)."
    wait_tasks(ctx)
