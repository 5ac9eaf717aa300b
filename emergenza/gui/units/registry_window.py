"""The units registry (Unità → Anagrafica unità…, Ctrl+Shift+U; also from the units board's
context menu): every unit, retired ones greyed, with add, edit, retire/reactivate, import
from CSV and the crew of the shift. Non-modal; the store checks the role on every write,
the buttons follow ``ctx.may`` so a role that may not manage units sees them disabled.
The list window itself is the registries' (widgets/registry_list.py).

Keys: Ins new, Enter/F2 edit, Del retire or reactivate, Ctrl+I import, Ctrl+E crew.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from ...domain.roles import Action
from ..context import AppContext
from ..operations import Change, WriteOp
from ..widgets.confirm import ask_yes_no
from ..widgets.registry_list import RegistryListWindow
from .crews_dialog import CrewDialog
from .registry_dialog import UnitDialog
from .registry_import import UnitsImporter
from .registry_model import UnitsRegistryModel
from .registry_ops import registry_rows, set_retired


class UnitsRegistryWindow(RegistryListWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, UnitsRegistryModel(), object_name="unitsRegistry", name="unitsRegistry",
                         read=registry_rows, reload_on=Change.UNITS | Change.SHIFT, size=(820, 460), parent=parent)
        self.model.setParent(self)
        self.setWindowTitle(self.tr("Anagrafica unità"))
        self.importer = UnitsImporter(ctx, self)
        self.add_button = QPushButton(self.tr("&Nuova… (Ins)"), self)
        self.edit_button = QPushButton(self.tr("&Modifica… (Invio)"), self)
        self.retire_button = QPushButton(self.tr("&Ritira (Canc)"), self)
        self.import_button = QPushButton(self.tr("&Importa CSV… (Ctrl+I)"), self)
        self.crew_button = QPushButton(self.tr("&Equipaggio… (Ctrl+E)"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        self.table.doubleClicked.connect(lambda _i: self.edit_unit())
        self.build(self.tr("&Unità:"),
                   ((self.add_button, self.add_unit), (self.edit_button, self.edit_unit),
                    (self.retire_button, self.toggle_retired), (self.import_button, self.import_csv),
                    (self.crew_button, self.edit_crew), (self.close_button, self.close)),
                   (("Ins", self.add_unit), ("Return", self.edit_unit), ("Enter", self.edit_unit),
                    ("F2", self.edit_unit), ("Del", self.toggle_retired), ("Ctrl+I", self.import_csv),
                    ("Ctrl+E", self.edit_crew)), stretch_after=self.crew_button)

    def current_unit(self) -> dict[str, Any] | None:
        return self.current()

    def select_call_sign(self, call_sign: str) -> None:
        self.select("call_sign", call_sign)

    def update_buttons(self, *_args: Any) -> None:
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
            self.say(self.tr("L'anagrafica delle unità si modifica dal ruolo responsabile in su."), "")

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
        dialog.saved.connect(self._on_saved)
        self.open_dialog(dialog)
        return dialog

    def _on_saved(self, unit: dict[str, Any]) -> None:
        self.say(self.tr("Unità {0} salvata.").format(unit.get("call_sign", "")))
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
            lambda _r: self.say(self.tr("Unità {0} ritirata.").format(unit["call_sign"]) if retired
                                else self.tr("Unità {0} di nuovo in servizio.").format(unit["call_sign"]))
        ).on_error(self.say_error).run("units.retire")

    def import_csv(self) -> QWidget | None:
        if not self._ctx.may(Action.MANAGE_UNITS):
            return None
        return self.importer.choose()

    def edit_crew(self) -> CrewDialog | None:
        unit = self.current_unit()
        if unit is None or not unit.get("active", 1) or not self._ctx.may(Action.MANAGE_CREWS):
            return None
        dialog = CrewDialog(self._ctx, unit, self)
        self.open_dialog(dialog)
        return dialog
