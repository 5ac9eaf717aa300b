"""The operators window's table: name, role, whether they have a password, active or not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.enums import Role
from ..widgets.labels import code_label
from ..widgets.table_model import HeaderedTableModel

COLUMN_KEYS = ("name", "role", "password", "active")
OPERATOR_ID_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex
_INACTIVE = QColor("#8a8a8a")


def has_password(row: dict[str, Any]) -> bool:
    return bool(row.get("has_secret"))


class OperatorsModel(HeaderedTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Nome"), self.tr("Ruolo"), self.tr("Password"), self.tr("Stato")]

    def _row_count(self) -> int:
        return len(self._rows)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (not r.get("active", 1), str(r["name"]).casefold()))
        self.endResetModel()

    def operator(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, operator_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r["id"] == operator_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "role":
                return code_label(Role, row.get("role"))
            if key == "password":
                return self.tr("impostata") if has_password(row) else self.tr("manca")
            if key == "active":
                return self.tr("attivo") if row.get("active", 1) else self.tr("disattivato")
            return str(row.get(key) or "")
        if role == Qt.ItemDataRole.ForegroundRole and not row.get("active", 1):
            return QBrush(_INACTIVE)
        if role == OPERATOR_ID_ROLE:
            return row["id"]
        return None
