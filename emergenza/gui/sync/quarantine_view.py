"""*Non condivise e in attesa* (read-only): what sync could not do, so nothing is lost or
parked silently (issue 9).

Three kinds of rows (emergenza/sync/issues.py): our changes the server refused (the
local data stays, "non condivisa", with the server's reason), received changes kept in
quarantine (they could not be applied here; retried at every sync) and received
changes still waiting for what they refer to. One background read per reload.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...sync import issues
from ..context import AppContext
from ..i18n import plural
from ..operations import ReadOp
from ..widgets.table_model import HeaderedTableModel
from ..widgets.tables import hide_row_numbers, select_whole_rows
from ..widgets.timefmt import local_clock

_Index = QModelIndex | QPersistentModelIndex


class SyncIssuesModel(HeaderedTableModel):
    COLUMNS = ("kind", "entity", "reason", "at")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("Stato"), self.tr("Dato"), self.tr("Motivo"), self.tr("Quando")]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_data(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if column == "kind":
            return self.kind_text(row["kind"])
        if column == "entity":
            return self._entity_text(row)
        if column == "reason":
            return row["reason"]
        return local_clock(row["at"]) if role == Qt.ItemDataRole.DisplayRole else row["at"]

    def kind_text(self, kind: str) -> str:
        return {issues.REFUSED: self.tr("non condivisa"), issues.QUARANTINED: self.tr("in quarantena"),
                issues.WAITING: self.tr("in attesa")}.get(kind, kind)

    def _entity_text(self, row: dict[str, Any]) -> str:
        handle = row.get("handle") or row["entity_id"]
        return {"events": self.tr("Intervento {0}"), "journal": self.tr("Annotazione di {0}"),
                "assignments": self.tr("Assegnazione {0}"),
                "resources": self.tr("Unità {0}"), "risk_areas": self.tr("Area a rischio {0}"),
                "cameras": self.tr("Telecamera o varco {0}")}.get(row["entity"], "{0}").format(handle)


class QuarantineWindow(QWidget):
    """A non-modal, read-only window: refused, quarantined and waiting changes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self._ctx = ctx
        self.setObjectName("quarantineWindow")
        self.model = SyncIssuesModel(self)
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Modifiche non condivise e in attesa"))
        self.resize(860, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Non condivisa: modifica fatta qui e rifiutata dal server regionale (resta in questo archivio, "
            "gli altri non la vedono). In quarantena: modifica ricevuta che non si è potuta applicare (si "
            "riprova a ogni sincronizzazione). In attesa: modifica ricevuta che aspetta il dato a cui si "
            "riferisce."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        select_whole_rows(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hide_row_numbers(self.table)
        layout.addWidget(self.table)
        self.message = QLabel(self)
        self.message.setObjectName("quarantineMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.reload_button = QPushButton(self.tr("&Aggiorna"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        self.reload_button.clicked.connect(self.reload)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def reload(self) -> None:
        ReadOp(self._ctx, issues.sync_issue_rows).on_done(self._on_loaded).on_error(
            self.message.setText).run("sync.issues")

    def _on_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()
        self.message.setText(self.tr("Tutto condiviso, nulla in attesa.") if not rows else
                             plural(len(rows), self.tr("{0} modifica da verificare."),
                                    self.tr("{0} modifiche da verificare.")).format(len(rows)))
