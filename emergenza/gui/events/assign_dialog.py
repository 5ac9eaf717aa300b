"""Assign a unit to an event: free units first, a filter box, Enter assigns.

Shown with ``open()``; a unit busy on another event is refused by the store and the
dialog says so in plain Italian, staying open for another choice. A role that may
divert (coordinatore and above) is asked instead, Sì/No, whether to divert it here:
its assignment there ends and a new one starts on this event (both journals say so).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import AssignmentStatus
from ...domain.roles import Action
from ...store import Store
from ..operations import Change, ReadOp, WriteOp
from ..widgets.confirm import ask_yes_no
from ..widgets.labels import ERROR_STYLE
from ..widgets.tables import select_whole_rows
from .assign_model import AssignUnitsModel


def _load(store: Store, event_id: str) -> dict[str, Any]:
    return {"event": store.events.get(event_id), "units": store.units.overview()}


class AssignDialog(QDialog):
    assigned = Signal(str)  # assignment id

    def __init__(self, ctx, event_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self._busy = False
        self._asking = False  # a divert question is open
        self.setObjectName("assign_dialog")
        self.setWindowTitle(self.tr("Assegna unità"))
        self.resize(560, 420)
        self._setup_ui()
        ctx.signals.changed.connect(self._on_data_changed)
        self._listening = True
        self._reload()

    def _setup_ui(self) -> None:
        col = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        col.addWidget(self.header)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("unit_filter")
        self.filter_edit.setPlaceholderText(self.tr("Filtra per nominativo, tipo o stato…"))
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        col.addWidget(self.filter_edit)
        self.model = AssignUnitsModel(self)
        self.view = QTableView()
        self.view.setObjectName("units")
        self.view.setModel(self.model)
        select_whole_rows(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._on_double_clicked)
        col.addWidget(self.view, 1)
        self.request_only = QCheckBox(self.tr("Solo &richiesta (unità non ancora inviata)"))
        self.request_only.setObjectName("request_only")
        col.addWidget(self.request_only)
        self.message = QLabel()
        self.message.setObjectName("assign_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        col.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Assegna"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Chiudi"))
        self.buttons.accepted.connect(self.assign_selected)
        self.buttons.rejected.connect(self.reject)
        col.addWidget(self.buttons)
        # Enter in the filter box assigns the selected unit (the first, free one unless the
        # operator moved with the arrows: they move the list while the cursor stays in the filter).
        self.filter_edit.returnPressed.connect(self.assign_selected)
        self.filter_edit.installEventFilter(self)

    # key -> (direction, by a page)
    _LIST_KEYS: ClassVar[dict[Qt.Key, tuple[int, bool]]] = {Qt.Key.Key_Up: (-1, False), Qt.Key.Key_Down: (1, False),
                  Qt.Key.Key_PageUp: (-1, True), Qt.Key.Key_PageDown: (1, True)}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            move = self._LIST_KEYS.get(Qt.Key(event.key()))
            if move is not None and self.model.rowCount():
                self._move_selection(*move)
                return True
        return super().eventFilter(watched, event)

    def _move_selection(self, direction: int, by_page: bool) -> None:
        sel = self.view.selectionModel().selectedRows()
        if not sel:
            self.view.selectRow(0)
            return
        page = max(1, self.view.viewport().height() // max(1, self.view.rowHeight(0)) - 1)
        row = sel[0].row() + direction * (page if by_page else 1)
        row = min(self.model.rowCount() - 1, max(0, row))
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    # -------------------------------------------------------------- loading
    def _reload(self) -> None:
        ReadOp(self.ctx, _load, self.event_id).on_done(self._on_loaded).on_error(self._on_error).run("assign.load")

    def _on_data_changed(self, changes: Change) -> None:
        if changes & Change.UNITS and not self._busy:
            self._reload()

    def _on_loaded(self, data: dict[str, Any]) -> None:
        ev = data["event"]
        self.header.setText(self.tr("Intervento {0}: {1}, {2}").format(
            ev["number"], ev.get("municipality_name") or "", ev.get("address") or ""))
        selected = self.selected_unit_id()
        self.model.set_units(data["units"])
        self._select(selected)

    def _on_filter_changed(self, text: str) -> None:
        selected = self.selected_unit_id()
        self.model.set_filter(text)
        self._select(selected)

    def _select(self, unit_id: str | None) -> None:
        row = 0
        for r in range(self.model.rowCount()):
            if self.model.unit(r)["id"] == unit_id:
                row = r
                break
        if self.model.rowCount():
            self.view.selectRow(row)

    def selected_unit_id(self) -> str | None:
        sel = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        unit = self.model.unit(sel[0].row()) if sel else None
        return unit["id"] if unit else None

    def select_unit(self, call_sign: str) -> bool:
        for r in range(self.model.rowCount()):
            if self.model.unit(r)["call_sign"] == call_sign:
                self.view.selectRow(r)
                return True
        return False

    # --------------------------------------------------------------- assign
    def _on_double_clicked(self, _index: QModelIndex) -> None:
        self.assign_selected()

    def assign_selected(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None:
            self.message.setText(self.tr("Selezionare un'unità."))
            return
        if self._busy:
            return
        unit = self._unit(unit_id)
        elsewhere = unit is not None and unit.get("event_id") and unit["event_id"] != self.event_id
        if elsewhere and self.ctx.may(Action.DIVERT):
            if self._asking:  # Enter reaches both the filter and the default button: ask once
                return
            self._asking = True

            def answered(yes: bool) -> None:
                self._asking = False
                if yes:
                    self._divert(unit_id)

            ask_yes_no(self, self.tr("Dirotta unità"), self.tr(
                "L'unità {0} è impegnata sull'intervento {1}. Dirottarla su questo intervento?").format(
                unit["call_sign"], unit.get("event_number") or ""), answered, object_name="confirm_divert")
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self.message.clear()

        status = AssignmentStatus.REQUESTED if self.request_only.isChecked() else AssignmentStatus.SENT
        WriteOp(self.ctx, Change.UNITS | Change.EVENTS, Store.units.assign, self.event_id, unit_id,
                operator=self.ctx.operator_name, status=status.value).on_done(self._on_assigned).on_error(
            self._on_assign_failed).run("assign.run")

    def _unit(self, unit_id: str) -> dict[str, Any] | None:
        for r in range(self.model.rowCount()):
            if self.model.unit(r)["id"] == unit_id:
                return self.model.unit(r)
        return None

    def _divert(self, unit_id: str) -> None:
        if self._busy:
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self.message.clear()
        WriteOp(self.ctx, Change.UNITS | Change.EVENTS | Change.JOURNAL, Store.units.divert, unit_id, self.event_id,
                operator=self.ctx.operator_name).on_done(self._on_assigned).on_error(
            self._on_assign_failed).run("assign.divert")

    def _on_assigned(self, assignment: dict[str, Any]) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.assigned.emit(assignment["id"])
        self.accept()

    def _on_assign_failed(self, text: str) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self._on_error(text)
        self._reload()  # the unit list was stale: show who is busy now

    def _on_error(self, text: str) -> None:
        self.message.setText(text)

    def done(self, result: int) -> None:
        if self._listening:  # once: a second disconnect would warn
            self._listening = False
            self.ctx.signals.changed.disconnect(self._on_data_changed)
        super().done(result)
