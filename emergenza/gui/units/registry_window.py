"""The units registry (Unità → Anagrafica unità…, Ctrl+Shift+U; also from the units board's
context menu): every unit, retired ones greyed, with add, edit, retire/reactivate, import
from CSV and the crew of the shift. Non-modal; the store checks the role on every write,
the buttons follow ``ctx.may`` so a role that may not manage units sees them disabled.

Keys: Ins new, Enter/F2 edit, Del retire or reactivate, Ctrl+I import, Ctrl+E crew.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action
from ..context import AppContext
from ..operations import Change, ReadOp, WriteOp
from ..widgets.confirm import ask_yes_no
from ..widgets.labels import ERROR_STYLE
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .crews_dialog import CrewDialog
from .registry_dialog import UnitDialog
from .registry_import import UnitsImporter
from .registry_model import UnitsRegistryModel
from .registry_ops import registry_rows, set_retired


class UnitsRegistryWindow(QDialog):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.dialog: QWidget | None = None  # the unit or crew dialog open from here
        self.setObjectName("unitsRegistry")
        self.setWindowTitle(self.tr("Anagrafica unità"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(820, 460)
        self.model = UnitsRegistryModel(self)
        self.importer = UnitsImporter(ctx, self)
        self._setup_ui()
        ctx.signals.changed.connect(self._on_changed)
        ctx.signals.operator_changed.connect(self._update_buttons)
        self.reload()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.table = QTableView(self)
        self.table.setObjectName("unitsRegistryTable")
        self.table.setModel(self.model)
        select_whole_rows(self.table)
        hide_row_numbers(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_unit())
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        label = QLabel(self.tr("&Unità:"), self)
        label.setBuddy(self.table)
        layout.addWidget(label)
        layout.addWidget(self.table)
        self.message = QLabel(self)
        self.message.setObjectName("unitsRegistryMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Nuova… (Ins)"), self)
        self.edit_button = QPushButton(self.tr("&Modifica… (Invio)"), self)
        self.retire_button = QPushButton(self.tr("&Ritira (Canc)"), self)
        self.import_button = QPushButton(self.tr("&Importa CSV… (Ctrl+I)"), self)
        self.crew_button = QPushButton(self.tr("&Equipaggio… (Ctrl+E)"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        for button, slot in ((self.add_button, self.add_unit), (self.edit_button, self.edit_unit),
                             (self.retire_button, self.toggle_retired), (self.import_button, self.import_csv),
                             (self.crew_button, self.edit_crew), (self.close_button, self.close)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            if button is self.crew_button:
                row.addStretch(1)
        layout.addLayout(row)
        for keys, slot in (("Ins", self.add_unit), ("Return", self.edit_unit), ("Enter", self.edit_unit),
                           ("F2", self.edit_unit), ("Del", self.toggle_retired), ("Ctrl+I", self.import_csv),
                           ("Ctrl+E", self.edit_crew)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()

    # ---------------------------------------------------------------- loading
    def reload(self) -> None:
        ReadOp(self._ctx, registry_rows).on_done(self._on_loaded).on_error(self._say_error).run("units.registry")

    def _on_loaded(self, rows: list[dict[str, Any]]) -> None:
        current = self.current_unit()
        self.model.set_rows(rows)
        row = self.model.row_of(current["id"]) if current else -1
        self.table.selectRow(max(0, row) if rows else -1)
        self._update_buttons()
        self.loaded.emit()

    def _on_changed(self, changes: Change) -> None:
        if changes & (Change.UNITS | Change.SHIFT) and self.isVisible():
            self.reload()

    def current_unit(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.unit(index.row()) if index.isValid() else None

    def select_call_sign(self, call_sign: str) -> None:
        for row in range(self.model.rowCount()):
            unit = self.model.unit(row)
            if unit and unit["call_sign"] == call_sign:
                self.table.selectRow(row)
                return

    def _update_buttons(self, *_args) -> None:
        manage = self._ctx.may(Action.MANAGE_UNITS)
        unit = self.current_unit()
        for button in (self.add_button, self.import_button):
            button.setEnabled(manage)
        self.edit_button.setEnabled(manage and unit is not None)
        self.retire_button.setEnabled(manage and unit is not None)
        self.crew_button.setEnabled(self._ctx.may(Action.MANAGE_CREWS) and unit is not None
                                    and bool(unit.get("active", 1)))
        retired = unit is not None and not unit.get("active", 1)
        self.retire_button.setText(self.tr("&Riattiva (Canc)") if retired else self.tr("&Ritira (Canc)"))
        if not manage:
            self._say(self.tr("L'anagrafica delle unità si modifica dal ruolo responsabile in su."), "")

    def _say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def _say_error(self, text: str) -> None:
        self._say(text, ERROR_STYLE)

    # ---------------------------------------------------------------- actions
    def add_unit(self) -> UnitDialog | None:
        return self._open_unit_dialog(None)

    def edit_unit(self) -> UnitDialog | None:
        unit = self.current_unit()
        return self._open_unit_dialog(unit) if unit else None

    def _open_unit_dialog(self, unit: dict[str, Any] | None) -> UnitDialog | None:
        if not self._ctx.may(Action.MANAGE_UNITS):
            return None
        dialog = UnitDialog(self._ctx, unit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_saved(self, unit: dict[str, Any]) -> None:
        self._say(self.tr("Unità {0} salvata.").format(unit.get("call_sign", "")))
        self.reload()

    def toggle_retired(self) -> None:
        unit = self.current_unit()
        if unit is None or not self._ctx.may(Action.MANAGE_UNITS):
            return
        retire = bool(unit.get("active", 1))
        if not retire:
            self._set_retired(unit, False)
            return
        ask_yes_no(self, self.tr("Ritira unità"),
                   self.tr("Ritirare l'unità {0}? Non comparirà più tra le unità da inviare; lo storico "
                           "resta.").format(unit["call_sign"]),
                   lambda yes: yes and self._set_retired(unit, True), object_name="confirmRetireUnit")

    def _set_retired(self, unit: dict[str, Any], retired: bool) -> None:
        WriteOp(self._ctx, Change.UNITS, set_retired, unit["id"], retired).on_done(
            lambda _r: self._say(self.tr("Unità {0} ritirata.").format(unit["call_sign"]) if retired
                                 else self.tr("Unità {0} di nuovo in servizio.").format(unit["call_sign"]))
        ).on_error(self._say_error).run("units.retire")

    def import_csv(self) -> QWidget | None:
        if not self._ctx.may(Action.MANAGE_UNITS):
            return None
        return self.importer.choose()

    def edit_crew(self) -> CrewDialog | None:
        unit = self.current_unit()
        if unit is None or not unit.get("active", 1) or not self._ctx.may(Action.MANAGE_CREWS):
            return None
        dialog = CrewDialog(self._ctx, unit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.setFocus()


