"""The units registry's table: every unit of the station, retired ones included (greyed),
ordered by call sign. A station has tens of units: the whole list comes in one owner call."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.enums import ResourceKind
from ..widgets.labels import code_label
from ..widgets.table_model import HeaderedTableModel

COLUMN_KEYS = ("call_sign", "kind", "plate", "radio_channel", "crew", "notes", "active")
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex
_RETIRED = QColor("#8a8a8a")


class UnitsRegistryModel(HeaderedTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Nominativo"), self.tr("Tipo"), self.tr("Targa"), self.tr("Canale radio"),
                         self.tr("Equipaggio"), self.tr("Note"), self.tr("Stato")]

    def _row_count(self) -> int:
        return len(self._rows)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)  # the store's order: in service first, by call sign
        self.endResetModel()

    def unit(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, unit_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r["id"] == unit_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "kind":
                return code_label(ResourceKind, row.get("kind"))
            if key == "active":
                return self.tr("in servizio") if row.get("active", 1) else self.tr("ritirata")
            if key == "call_sign":
                return row.get("shown_as") or row["call_sign"]
            value = row.get(key)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and not row.get("active", 1):
            return QBrush(_RETIRED)
        if role == UNIT_ID_ROLE:
            return row["id"]
        return None
