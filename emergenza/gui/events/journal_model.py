"""Models of one event's timeline: journal entries, assignments with their times, history.

They hold the small per-event row lists the detail view loads through the store owner
(an event has tens of entries, not millions) and are replaced whole on each refresh.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.enums import AssignmentStatus
from ..widgets.labels import fmt_time
from ..widgets.table_model import HeaderedTableModel
from ..widgets.unit_status import status_colors, status_name

EntryId = Qt.ItemDataRole.UserRole
Struck = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class JournalModel(QAbstractListModel):
    """The journal as a timeline; struck entries keep their text, struck out, with who/when/why."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, dict[str, Any]] = {}

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._ids = [e["id"] for e in entries]
        self._rows = {e["id"]: e for e in entries}
        self.endResetModel()

    def entry_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def entry(self, row: int) -> dict[str, Any] | None:
        eid = self.entry_id(row)
        return self._rows.get(eid) if eid else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids) or index.column() != 0:
            return None
        e = self._rows[self._ids[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            head = "{0} · {1}".format(fmt_time(e["at"]), e["author"])
            text = f"{head}\n{e['text']}"
            if e.get("struck_at"):
                text += "\n" + self.tr("Barrata da {0} il {1}: {2}").format(
                    e.get("struck_by") or "", fmt_time(e["struck_at"]), e.get("strike_reason") or "")
            return text
        if role == Qt.ItemDataRole.ToolTipRole and e.get("struck_at"):
            return self.tr("Motivo: {0}").format(e.get("strike_reason") or "")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(bool(e.get("struck_at")))
            font.setItalic(bool(e.get("automatic")))
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if e.get("struck_at"):
                return QBrush(QColor("#888888"))
            return None
        if role == EntryId:
            return e["id"]
        if role == Struck:
            return bool(e.get("struck_at"))
        return None


class AssignmentsModel(HeaderedTableModel):
    """Units on the event with their time of each step."""

    TIME_FIELDS = ("requested_at", "sent_at", "en_route_at", "on_scene_at", "cleared_at")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Unità"), self.tr("Stato"), self.tr("Richiesta"), self.tr("Inviata"),
                         self.tr("In viaggio"), self.tr("Sul posto"), self.tr("Libera")]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def assignment(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return a.get("call_sign") or ""
            if col == 1:
                return status_name(_assignment_status(a))
            if 2 <= col < 2 + len(self.TIME_FIELDS):
                return fmt_time(a.get(self.TIME_FIELDS[col - 2]), with_date=False)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and col == 1:
            colours = status_colors(_assignment_status(a))
            if colours is None:
                return None
            return QBrush(QColor(colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]))
        if role == EntryId:
            return a["id"]
        return None


class HistoryModel(HeaderedTableModel):
    """Who changed what and when (the store's audit trail for this event)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Quando"), self.tr("Operatore"), self.tr("Azione")]
        self._labels = self._action_labels()

    def _action_labels(self) -> dict[str, str]:
        """Italian wording of audit actions (the audit stores stable English codes)."""
        return {
            "event.create": self.tr("intervento creato"),
            "event.update": self.tr("dati modificati"),
            "event.status": self.tr("cambio di stato"),
            "event.sent": self.tr("prima unità inviata"),
            "event.touch": self.tr("intervento aggiornato"),
            "journal.note": self.tr("annotazione"),
            "journal.status": self.tr("annotazione di stato"),
            "journal.assignment": self.tr("annotazione di assegnazione"),
            "journal.field": self.tr("annotazione di modifica"),
            "journal.system": self.tr("annotazione di sistema"),
            "journal.strike": self.tr("annotazione barrata"),
            "assignment.create": self.tr("unità assegnata"),
            "assignment.advance": self.tr("avanzamento unità"),
        }

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        h = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return fmt_time(h["at"])
            if col == 1:
                return h["operator"]
            if col == 2:
                return self._labels.get(h["action"], h["action"])
        return None


def _assignment_status(a: dict[str, Any]) -> AssignmentStatus | None:
    try:
        return AssignmentStatus(a["status"])
    except ValueError:
        return None
