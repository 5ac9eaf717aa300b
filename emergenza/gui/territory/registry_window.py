"""The territory registry window (Territorio → Aree a rischio e telecamere…): at-risk
areas (draw on the map, import/export GeoJSON, switch off), cameras and gates (import the
registry CSV) and the gates' hot-list hits (import, open a "controllo varco" event).

Non-modal; every store call goes through ReadOp/WriteOp; file choices use ``open()``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.geo import BBox
from ...domain.geojson import parse_areas
from ...domain.text import QT_TRANSLATE_NOOP
from ...domain.validation import LAT_RANGE, LON_RANGE
from ...store import Store
from ..context import AppContext
from ..map.feed import MapFeed
from ..operations import Change, ReadOp, WriteOp
from ..widgets.file_dialog import file_dialog
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .draw_dialog import AreaDrawDialog
from .models import AreasModel, CamerasModel, HitsModel

WITHIN = BBox(LON_RANGE[0], LAT_RANGE[0], LON_RANGE[1], LAT_RANGE[1])


def _read_file(path: str) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: il file non è in UTF-8."), path) from None
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP("errors", "File non leggibile: {0}"), exc) from None


def import_areas_file(store: Store, path: str, *, operator: str) -> list[dict[str, Any]]:
    return store.areas.import_areas(parse_areas(_read_file(path), within=WITHIN), operator=operator)


def export_areas_file(store: Store, path: str) -> int:
    doc = store.areas.export_geojson()
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(target)
    return len(doc["features"])


def import_cameras_file(store: Store, path: str, *, operator: str) -> list[dict[str, Any]]:
    return store.cameras.import_csv(_read_file(path), operator=operator)


def import_hits_file(store: Store, path: str, *, operator: str) -> list[dict[str, Any]]:
    return store.cameras.import_hits(_read_file(path), operator=operator)


def _read_all(store: Store) -> tuple[list, list, list]:
    return store.areas.registry(), store.cameras.registry(), store.cameras.hits()


class TerritoryWindow(QDialog):
    def __init__(self, ctx: AppContext, feed: MapFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("territory_window")
        self.setWindowTitle(self.tr("Aree a rischio, telecamere e varchi"))
        self._ctx = ctx
        self._feed = feed
        self.draw_dialog: AreaDrawDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.areas_model = AreasModel(self)
        self.cameras_model = CamerasModel(self)
        self.hits_model = HitsModel(self)
        self._setup_ui()
        ctx.signals.changed.connect(self._on_changed)
        self.reload()

    # ------------------------------------------------------------------ layout
    def _table(self, model: Any) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        select_whole_rows(view)
        hide_row_numbers(view)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _button(self, text: str, slot: Any, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _setup_ui(self) -> None:
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        areas = QWidget(self)
        box = QVBoxLayout(areas)
        self.areas_view = self._table(self.areas_model)
        box.addWidget(self.areas_view)
        row = QHBoxLayout()
        self.new_area_button = self._button(self.tr("&Nuova area sulla mappa…"), self.open_draw, row)
        self._button(self.tr("&Importa GeoJSON…"), self._choose_areas_import, row)
        self._button(self.tr("&Esporta GeoJSON…"), self._choose_areas_export, row)
        self.disable_button = self._button(self.tr("&Disattiva area"), self.disable_selected_area, row)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(areas, self.tr("&Aree a rischio"))

        cams = QWidget(self)
        box = QVBoxLayout(cams)
        self.cameras_view = self._table(self.cameras_model)
        box.addWidget(self.cameras_view)
        row = QHBoxLayout()
        self._button(self.tr("Importa &CSV…"), self._choose_cameras_import, row)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(cams, self.tr("&Telecamere e varchi"))

        hits = QWidget(self)
        box = QVBoxLayout(hits)
        self.hits_view = self._table(self.hits_model)
        box.addWidget(self.hits_view)
        row = QHBoxLayout()
        self._button(self.tr("Importa se&gnalazioni…"), self._choose_hits_import, row)
        self.open_event_button = self._button(self.tr("A&pri intervento «controllo varco»"), self.open_gate_event, row)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(hits, self.tr("Segnala&zioni dei varchi"))

        self.message = QLabel(self)
        self.message.setObjectName("territory_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self._button(self.tr("C&hiudi"), self.close, bottom)
        layout.addLayout(bottom)

    # -------------------------------------------------------------------- data
    def reload(self) -> None:
        ReadOp(self._ctx, _read_all).on_done(self._on_rows).on_error(self.message.setText).run("territory.read")

    def _on_rows(self, rows: tuple[list, list, list]) -> None:
        areas, cameras, hits = rows
        self.areas_model.set_rows(areas)
        self.cameras_model.set_rows(cameras)
        self.hits_model.set_rows(hits)

    def _on_changed(self, changes: Change) -> None:
        if changes & (Change.TERRITORY | Change.EVENTS) and self.isVisible():
            self.reload()

    def _selected(self, view: QTableView, model: Any) -> str | None:
        rows = view.selectionModel().selectedRows()
        return model.row_id(rows[0].row()) if rows else None

    def _done(self, text: str) -> Any:
        return lambda _result: self.message.setText(text)

    # ------------------------------------------------------------------- areas
    def open_draw(self) -> None:
        self.draw_dialog = AreaDrawDialog(self._ctx, self._feed, self)
        self.draw_dialog.saved.connect(lambda area: self.message.setText(
            self.tr("Area «{0}» salvata.").format(area["name"])))
        self.draw_dialog.open()

    def disable_selected_area(self) -> None:
        area_id = self._selected(self.areas_view, self.areas_model)
        if area_id is None:
            self.message.setText(self.tr("Selezionare un'area."))
            return
        WriteOp(self._ctx, Change.TERRITORY | Change.EVENTS, Store.areas.update, area_id, {"active": 0},
                operator=self._ctx.operator_name).on_done(self._done(self.tr("Area disattivata."))).on_error(
            self.message.setText).run("territory.area_disable")

    def import_areas(self, path: str) -> None:
        WriteOp(self._ctx, Change.TERRITORY | Change.EVENTS, import_areas_file, path,
                operator=self._ctx.operator_name).on_done(
            lambda rows: self.message.setText(self.tr("Aree importate: {0}.").format(len(rows)))).on_error(
            self.message.setText).run("territory.areas_import")

    def export_areas(self, path: str) -> None:
        ReadOp(self._ctx, export_areas_file, path).on_done(
            lambda n: self.message.setText(self.tr("Aree esportate: {0}.").format(n))).on_error(
            self.message.setText).run("territory.areas_export")

    # ----------------------------------------------------------------- cameras
    def import_cameras(self, path: str) -> None:
        WriteOp(self._ctx, Change.TERRITORY, import_cameras_file, path, operator=self._ctx.operator_name).on_done(
            lambda rows: self.message.setText(self.tr("Telecamere importate: {0}.").format(len(rows)))).on_error(
            self.message.setText).run("territory.cameras_import")

    def import_hits(self, path: str) -> None:
        WriteOp(self._ctx, Change.TERRITORY, import_hits_file, path, operator=self._ctx.operator_name).on_done(
            lambda rows: self.message.setText(self.tr("Segnalazioni nuove: {0}.").format(len(rows)))).on_error(
            self.message.setText).run("territory.hits_import")

    def open_gate_event(self) -> None:
        hit_id = self._selected(self.hits_view, self.hits_model)
        if hit_id is None:
            self.message.setText(self.tr("Selezionare una segnalazione."))
            return
        WriteOp(self._ctx, Change.TERRITORY | Change.EVENTS, Store.cameras.open_gate_event, hit_id,
                operator=self._ctx.operator_name).on_done(
            lambda event: self.message.setText(self.tr("Aperto l'intervento {0}.").format(event["number"]))).on_error(
            self.message.setText).run("territory.gate_event")

    # ------------------------------------------------------------------- files
    def _choose(self, title: str, pattern: str, slot: Any, *, save: bool = False) -> None:
        dialog = file_dialog(self, title, pattern, slot, save=save)
        self.file_dialog = dialog
        dialog.open()

    def _choose_areas_import(self) -> None:
        self._choose(self.tr("Importa aree GeoJSON"), self.tr("GeoJSON (*.geojson *.json)"), self.import_areas)

    def _choose_areas_export(self) -> None:
        self._choose(self.tr("Esporta aree GeoJSON"), self.tr("GeoJSON (*.geojson)"), self.export_areas, save=True)

    def _choose_cameras_import(self) -> None:
        self._choose(self.tr("Importa telecamere"), self.tr("CSV (*.csv)"), self.import_cameras)

    def _choose_hits_import(self) -> None:
        self._choose(self.tr("Importa segnalazioni dei varchi"), self.tr("CSV (*.csv)"), self.import_hits)
