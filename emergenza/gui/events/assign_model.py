"""Units offered by the assign dialog: free ones first, then the busy ones (with their event)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.enums import ResourceKind, ResourceStatus
from ..widgets.labels import code_label, fmt_time, matches
from ..widgets.table_model import HeaderedTableModel
from ..widgets.unit_status import shown_status, status_colors, status_name

ResourceIdRole = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


def unit_order(r: dict[str, Any]) -> tuple:
    free = r["status"] == ResourceStatus.AVAILABLE and not r.get("assignment_id")
    out = r["status"] == ResourceStatus.OUT_OF_SERVICE
    return (0 if free else 2 if out else 1, (r.get("call_sign") or "").lower())


class AssignUnitsModel(HeaderedTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[dict[str, Any]] = []
        self._rows: list[dict[str, Any]] = []
        self._filter = ""
        self._headers = [self.tr("Unità"), self.tr("Tipo"), self.tr("Stato"), self.tr("Intervento"),
                         self.tr("Dalle")]

    def set_units(self, rows: list[dict[str, Any]]) -> None:
        self._all = sorted(rows, key=unit_order)
        self._apply()

    def set_filter(self, text: str) -> None:
        self._filter = text
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = [r for r in self._all if matches(
            self._filter, r.get("call_sign"), code_label(ResourceKind, r.get("kind")),
            status_name(shown_status(r)), r.get("event_number"), r.get("plate"))]
        self.endResetModel()

    def unit(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return r.get("call_sign") or ""
            if col == 1:
                return code_label(ResourceKind, r.get("kind"))
            if col == 2:
                return status_name(shown_status(r))
            if col == 3:
                return r.get("event_number") or ""
            if col == 4:
                return fmt_time(r.get("since"), with_date=False)
            return None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = status_colors(shown_status(r))
            if colours is None:
                return None
            return QBrush(QColor(colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]))
        if role == ResourceIdRole:
            return r["id"]
        return None
