"""The priority scale being edited: one row per level, most urgent first.

Edited in place (F2 or typing on a cell); the order of the rows is the urgency (the
top row the most urgent), turned into ranks when saved. "Allarma" is a check box: a
level without it never alerts; with it, after "Allarme dopo (s)" seconds unassigned.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.validation import COLOR_RE
from ..widgets.table_model import HeaderedTableModel

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("code", "label", "label_en", "color", "text_color", "alerts", "alert_after_s")
DEFAULT_ALERT_S = 300


class PriorityScaleModel(HeaderedTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Codice"), self.tr("Nome"), self.tr("Nome (inglese)"), self.tr("Colore"),
                         self.tr("Colore del testo"), self.tr("Allarma"), self.tr("Allarme dopo (s)")]

    # ------------------------------------------------------------ contents
    def set_levels(self, levels: list[dict[str, Any]]) -> None:
        """Levels most urgent first (as ``catalog_settings.priority_scale()`` gives them)."""
        self.beginResetModel()
        self._rows = [dict(level) for level in levels]
        self.endResetModel()

    def levels(self) -> list[dict[str, Any]]:
        """The scale to save: the top row gets the highest rank."""
        n = len(self._rows)
        return [{**row, "rank": n - 1 - i} for i, row in enumerate(self._rows)]

    def add_level(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append({"code": "", "label": "", "label_en": "", "color": "#e0e0e0", "text_color": "#000000",
                           "alert_after_s": None})
        self.endInsertRows()
        return row

    def remove_level(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def move_level(self, row: int, delta: int) -> int:
        """Move a level up (-1, more urgent) or down (+1); returns its new row."""
        target = row + delta
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if delta > 0 else target)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        return target

    # ------------------------------------------------------------ Qt model API
    def _row_count(self) -> int:
        return len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()] == "alerts":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if COLUMNS[index.column()] == "alert_after_s" and self._rows[index.row()].get("alert_after_s") is None:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = Qt.ItemDataRole(role)  # views pass a plain int
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, key = self._rows[index.row()], COLUMNS[index.column()]
        if key == "alerts":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.get("alert_after_s") is not None else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = row.get(key)
            if key == "alert_after_s":
                return value if role == Qt.ItemDataRole.EditRole or value is not None else "—"
            return value or ""
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and key in ("code", "label"):
            colour = row.get("color" if role == Qt.ItemDataRole.BackgroundRole else "text_color")
            return QBrush(QColor(colour)) if isinstance(colour, str) and COLOR_RE.match(colour) else None
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        role = Qt.ItemDataRole(role)  # views pass a plain int
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row, key = self._rows[index.row()], COLUMNS[index.column()]
        if key == "alerts" and role == Qt.ItemDataRole.CheckStateRole:
            on = Qt.CheckState(value) == Qt.CheckState.Checked
            row["alert_after_s"] = (row.get("alert_after_s") or DEFAULT_ALERT_S) if on else None
        elif key == "alert_after_s" and role == Qt.ItemDataRole.EditRole:
            try:
                row["alert_after_s"] = int(value)
            except (TypeError, ValueError):
                return False
        elif role == Qt.ItemDataRole.EditRole and key != "alerts":
            row[key] = str(value).strip()
        else:
            return False
        first = self.index(index.row(), 0)
        self.dataChanged.emit(first, self.index(index.row(), len(COLUMNS) - 1))
        return True
