"""The units registry's table: every unit of the station, retired ones included (greyed),
ordered by call sign. A station has tens of units: the whole list comes in one owner call."""

from __future__ import annotations

from typing import Any

from ...domain.enums import ResourceKind
from ..widgets.labels import code_label
from ..widgets.registry_list import RegistryListModel


class UnitsRegistryModel(RegistryListModel):
    COLUMN_KEYS = ("call_sign", "kind", "plate", "radio_channel", "crew", "notes", "active")

    def __init__(self, parent=None):
        super().__init__(parent)  # the rows in the store's order: in service first, by call sign
        self._headers = [self.tr("Nominativo"), self.tr("Tipo"), self.tr("Targa"), self.tr("Canale radio"),
                         self.tr("Equipaggio"), self.tr("Note"), self.tr("Stato")]

    def unit(self, row: int) -> dict[str, Any] | None:
        return self.entry(row)

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "kind":
            return code_label(ResourceKind, row.get("kind"))
        if key == "active":
            return self.tr("in servizio") if row.get("active", 1) else self.tr("ritirata")
        if key == "call_sign":
            return row.get("shown_as") or row["call_sign"]
        return super().display(row, key)
