"""Table models of the territory registry: areas, cameras and gates, plate hits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from ...domain.areas import AreaCategory
from ...domain.cameras import CameraKind, CameraOwner, CameraStatus, HotList
from ...domain.enums import Sharing
from ..i18n import enum_label
from ..widgets.labels import fmt_time
from ..widgets.table_model import HeaderedTableModel, Index

ID_ROLE = Qt.ItemDataRole.UserRole


def _label(enum: Any, code: str | None) -> str:
    try:
        return enum_label(enum(code))
    except ValueError:
        return code or ""


class _RowsModel(HeaderedTableModel):
    """Rows (dicts with an ``id``) replaced whole; ``_cells(row)`` gives a row's texts."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def _row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_id(self, row: int) -> str | None:
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def _cells(self, row: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._cells(row)
            return cells[index.column()] if 0 <= index.column() < len(cells) else None
        if role == ID_ROLE:
            return row["id"]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def index_of(self, ident: str) -> QModelIndex:
        for n, row in enumerate(self.rows):
            if row["id"] == ident:
                return self.index(n, 0)
        return QModelIndex()


class AreasModel(_RowsModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._headers = [self.tr("Nome"), self.tr("Categoria"), self.tr("Interventi"), self.tr("Sorveglianza"),
                         self.tr("Condivisione")]

    def _cells(self, row: dict[str, Any]) -> list[str]:
        rule = ""
        if row.get("watch_count"):
            rule = self.tr("{0} in {1} h").format(row["watch_count"], row["watch_hours"])
            if row.get("watch_types"):
                rule += f" ({row['watch_types']})"
        return [row["name"], _label(AreaCategory, row["category"]), str(row.get("events", 0)), rule,
                _label(Sharing, row["sharing"])]


class CamerasModel(_RowsModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._headers = [self.tr("Nome"), self.tr("Tipo"), self.tr("Stato"), self.tr("Proprietario"),
                         self.tr("Direzione"), self.tr("Richiesta filmati")]

    def _cells(self, row: dict[str, Any]) -> list[str]:
        owner = row.get("owner_name") or _label(CameraOwner, row["owner_kind"])
        return [row["name"], _label(CameraKind, row["kind"]), _label(CameraStatus, row["status"]), owner,
                row.get("direction") or "", row.get("footage_request") or ""]


class NearCamerasModel(_RowsModel):
    """Cameras near an event (``distance_m`` from the store's radius query)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._headers = [self.tr("Nome"), self.tr("Tipo"), self.tr("Distanza"), self.tr("Stato"),
                         self.tr("Richiesta filmati")]

    def _cells(self, row: dict[str, Any]) -> list[str]:
        return [row["name"], _label(CameraKind, row["kind"]), self.tr("{0} m").format(row["distance_m"]),
                _label(CameraStatus, row["status"]), row.get("footage_request") or ""]


class HitsModel(_RowsModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._headers = [self.tr("Ora"), self.tr("Varco"), self.tr("Targa"), self.tr("Lista"), self.tr("Intervento")]

    def _cells(self, row: dict[str, Any]) -> list[str]:
        return [fmt_time(row["at"]), row["gate_name"], row["plate"], _label(HotList, row["hot_list"]),
                self.tr("aperto") if row.get("event_id") else ""]
