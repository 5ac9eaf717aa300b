"""The event detail's "Territorio" tab: the at-risk areas holding the event, the cameras
and gates within a radius of it (nearest first), and "Richiedi filmati", which records
the request (and how footage of that camera is asked for) in the event's journal."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget

from ...domain.cameras import NEAR_RADIUS_M
from ...store import Store
from ..context import AppContext
from ..operations import Change, ReadOp, WriteOp
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .models import NearCamerasModel


def _load(store: Store, event_id: str, radius_m: int) -> dict[str, Any]:
    event = store.events.get(event_id)
    return {"areas": store.areas.of_event(event_id), "cameras": store.cameras.near_event(event_id, radius_m),
            "placed": event["lat"] is not None}


class EventTerritoryPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("event_territory")
        self._ctx = ctx
        self.event_id: str | None = None
        self._generation = 0
        layout = QVBoxLayout(self)
        self.areas_label = QLabel(self)
        self.areas_label.setObjectName("event_areas")
        self.areas_label.setWordWrap(True)
        layout.addWidget(self.areas_label)
        row = QHBoxLayout()
        radius_label = QLabel(self.tr("Telecamere e varchi entro (&m):"), self)
        self.radius_spin = QSpinBox(self)
        self.radius_spin.setRange(50, 5000)
        self.radius_spin.setSingleStep(50)
        self.radius_spin.setValue(NEAR_RADIUS_M)
        radius_label.setBuddy(self.radius_spin)
        self.radius_spin.valueChanged.connect(self.reload)
        row.addWidget(radius_label)
        row.addWidget(self.radius_spin)
        row.addStretch(1)
        layout.addLayout(row)
        self.model = NearCamerasModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("near_cameras")
        self.view.setModel(self.model)
        select_whole_rows(self.view)
        hide_row_numbers(self.view)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.request_button = QPushButton(self.tr("Richiedi fi&lmati"), self)
        self.request_button.setObjectName("request_footage")
        self.request_button.setToolTip(self.tr("Annota nel diario la richiesta dei filmati della telecamera scelta"))
        self.request_button.clicked.connect(self.request_footage)
        buttons.addWidget(self.request_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def show_event(self, event_id: str) -> None:
        if event_id != self.event_id:
            self.message.clear()
        self.event_id = event_id
        self.reload()

    def reload(self) -> None:
        if not self.event_id:
            return
        self._generation += 1
        generation = self._generation

        def loaded(data: dict[str, Any]) -> None:
            if generation == self._generation:
                self._on_loaded(data)

        ReadOp(self._ctx, _load, self.event_id, self.radius_spin.value()).on_done(loaded).on_error(
            self.message.setText).run("detail.territory")

    def _on_loaded(self, data: dict[str, Any]) -> None:
        names = ", ".join(a["name"] for a in data["areas"])
        if names:
            self.areas_label.setText(self.tr("Nell'area a rischio: {0}").format(names))
        elif data["placed"]:
            self.areas_label.setText(self.tr("Fuori dalle aree a rischio."))
        else:
            self.areas_label.setText(self.tr("Senza coordinate: aree e telecamere vicine non si possono cercare."))
        self.model.set_rows(data["cameras"])
        self.request_button.setEnabled(bool(data["cameras"]))

    def request_footage(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        camera_id = self.model.row_id(rows[0].row()) if rows else self.model.row_id(0)
        if camera_id is None or self.event_id is None:
            return
        WriteOp(self._ctx, Change.JOURNAL | Change.EVENTS, Store.cameras.request_footage, self.event_id, camera_id,
                operator=self._ctx.operator_name).on_done(
            lambda _entry: self.message.setText(self.tr("Richiesta dei filmati annotata nel diario."))).on_error(
            self.message.setText).run("detail.request_footage")
