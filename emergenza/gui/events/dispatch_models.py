"""Table models of an event's dispatch details: the events linked under a major event,
and the agencies informed or requested (both shown in the event detail)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...domain.catalogs import Catalogs
from ...domain.enums import EventStatus
from ..widgets.labels import code_label, fmt_time
from ..widgets.table_model import HeaderedTableModel

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


class ChildrenModel(HeaderedTableModel):
    """The events linked under a major event: number, status, type, address."""

    def __init__(self, catalogs: Catalogs, parent=None):
        super().__init__(parent)
        self._catalogs = catalogs
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Numero"), self.tr("Stato"), self.tr("Tipologia"), self.tr("Indirizzo")]

    def set_rows(self, rows: list[dict[str, Any]], catalogs: Catalogs | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._catalogs = catalogs or self._catalogs
        self.endResetModel()

    def event_at(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        role = Qt.ItemDataRole(role)  # views pass a plain int
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or role != _DISPLAY:
            return None
        e = self._rows[index.row()]
        return (e["number"], code_label(EventStatus, e["status"]), self._catalogs.type_label(e["type_code"]),
                e.get("address") or e.get("municipality_name") or "")[index.column()] if index.column() < 4 else None


class AgenciesModel(HeaderedTableModel):
    """Agencies informed or requested on the event, oldest first, with time and operator."""

    def __init__(self, catalogs: Catalogs, parent=None):
        super().__init__(parent)
        self._catalogs = catalogs
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Ente"), self.tr("Azione"), self.tr("Ora"), self.tr("Operatore")]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        role = Qt.ItemDataRole(role)  # views pass a plain int
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or role != _DISPLAY:
            return None
        r = self._rows[index.row()]
        agency = self._catalogs.agencies.get(r["agency"])
        kind = self.tr("richiesto") if r["kind"] == "requested" else self.tr("informato")
        values = (agency.name if agency else r["agency"], kind, fmt_time(r["at"]), r["by"])
        return values[index.column()] if index.column() < len(values) else None
