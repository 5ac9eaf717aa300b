"""The station's event types as a table (read-only: a type is edited in the form beside it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ..widgets.table_model import HeaderedTableModel

_Index = QModelIndex | QPersistentModelIndex


class EventTypesModel(HeaderedTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._labels: dict[str, str] = {}
        self._priorities: dict[str, str] = {}
        self._headers = [self.tr("Codice"), self.tr("Tipologia"), self.tr("Priorità"), self.tr("Stato"),
                         self.tr("Interventi aperti")]
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def set_types(self, rows: list[dict[str, Any]], labels: dict[str, str], priorities: dict[str, str]) -> None:
        """``labels``: code -> full label (parent › child); ``priorities``: level code -> its name."""
        self.beginResetModel()
        self._rows = list(rows)
        self._labels = labels
        self._priorities = priorities
        self.endResetModel()

    def type_at(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, code: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r["code"] == code), -1)

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = Qt.ItemDataRole(role)  # views pass a plain int
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        t = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (t["code"], self._labels.get(t["code"], t["label"]),
                      self._priorities.get(t["priority"], t["priority"]),
                      self.tr("dismessa") if t["retired"] else self.tr("in uso"), str(t.get("open_events", 0)))
            return values[index.column()] if index.column() < len(values) else None
        if role == Qt.ItemDataRole.FontRole and t["retired"]:
            return self._struck
        return None
