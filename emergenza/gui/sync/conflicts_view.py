"""Conflict review: every value that lost a merge, with the value kept; keep mine / theirs.

Either choice is written as a new local change through the store (it syncs like any
edit) and closes the conflict (emergenza/sync/review.py). The model holds conflict
ids; their rows come from the owner thread in one background call per reload (the
list is short: open conflicts only, at most ``review.open_conflicts`` limit).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action
from ...store.events import FIELD_LABELS
from ...sync import review
from ..context import AppContext
from ..i18n import plural
from ..operations import ENTITY_CHANGES, Change, ReadOp, WriteOp
from ..widgets.table_model import HeaderedTableModel
from ..widgets.tables import hide_row_numbers, select_whole_rows

_Index = QModelIndex | QPersistentModelIndex


class ConflictsModel(HeaderedTableModel):
    COLUMNS = ("entity", "field", "mine", "theirs", "reason")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, dict[str, Any]] = {}
        self._headers = [self.tr("Dato"), self.tr("Campo"), self.tr("Il mio valore"), self.tr("Il loro valore"),
                         self.tr("Motivo")]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._ids = [r["id"] for r in rows]
        self._rows = {r["id"]: r for r in rows}
        self.endResetModel()

    def conflict_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_data(self, row: int) -> dict[str, Any] | None:
        cid = self.conflict_id(row)
        return self._rows.get(cid) if cid else None

    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if column == "entity":
            return self._entity_text(row)
        if column == "field":
            return self._field_text(row["entity"], row["field"])
        if column == "mine":
            return self._value_text(row["mine"]) + (self.tr(" (in uso)") if row["mine_is_kept"] else "")
        if column == "theirs":
            return self._value_text(row["theirs"]) + ("" if row["mine_is_kept"] else self.tr(" (in uso)"))
        return self._reason_text(row["reason"])

    def _entity_text(self, row: dict[str, Any]) -> str:
        number, call_sign = row.get("event_number"), row.get("call_sign")
        entity = row["entity"]
        if entity == "events":
            return self.tr("Intervento {0}").format(number or "?")
        if entity == "journal":
            return self.tr("Annotazione di {0}").format(number or "?")
        if entity == "assignments":
            return self.tr("Unità {0} su {1}").format(call_sign or "?", number or "?")
        if entity == "risk_areas":
            return self.tr("Area a rischio {0}").format(row["entity_id"])
        if entity == "cameras":
            return self.tr("Telecamera o varco {0}").format(row["entity_id"])
        return self.tr("Risorsa {0}").format(call_sign or "?")

    def _field_text(self, entity: str, name: str) -> str:
        if name == "status":
            return self.tr("stato")
        if name in ("struck_at", "struck_by", "strike_reason"):
            return self.tr("barratura")
        if entity == "events" and name in FIELD_LABELS:
            return FIELD_LABELS[name]
        return name

    def _value_text(self, value: Any) -> str:
        return "—" if value is None or value == "" else str(value)

    def _reason_text(self, reason: str | None) -> str:
        texts = {
            "newer_write": self.tr("modifica contemporanea più recente"),
            "lifecycle": self.tr("lo stato non torna indietro"),
            "first_strike": self.tr("già barrata da altri"),
            "write_once": self.tr("annotazione non modificabile"),
            "unit_busy": self.tr("unità già impegnata su un altro intervento"),
        }
        return texts.get(reason or "", reason or "")


class ConflictsWindow(QWidget):
    """A non-modal window listing open conflicts, with "Tieni il mio" / "Tieni il loro"."""

    resolved = Signal(str)  # conflict id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self._ctx = ctx
        self.setObjectName("conflictsWindow")
        self.model = ConflictsModel(self)
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Conflitti di sincronizzazione"))
        self.resize(860, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Valori modificati contemporaneamente in più sale: la sincronizzazione ne ha "
                               "tenuto uno. Scegliere quale tenere; la scelta viene inviata a tutti."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        select_whole_rows(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hide_row_numbers(self.table)
        layout.addWidget(self.table)
        self.message = QLabel(self)
        self.message.setObjectName("conflictsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.keep_mine_button = QPushButton(self.tr("Tieni il &mio"), self)
        self.keep_theirs_button = QPushButton(self.tr("Tieni il &loro"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        self.keep_mine_button.clicked.connect(self._on_keep_mine)
        self.keep_theirs_button.clicked.connect(self._on_keep_theirs)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.keep_mine_button)
        buttons.addWidget(self.keep_theirs_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._ctx.signals.operator_changed.connect(self._on_selection_changed)
        self._on_selection_changed()

    def reload(self) -> None:
        ReadOp(self._ctx, review.open_conflicts).on_done(self._on_loaded).on_error(self._on_error).run("conflicts.load")

    def _on_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self.message.setText(self.tr("Nessun conflitto aperto.") if not rows else
                             plural(len(rows), self.tr("{0} conflitto da rivedere."),
                                    self.tr("{0} conflitti da rivedere.")).format(len(rows)))
        self._on_selection_changed()

    def _on_error(self, text: str) -> None:
        self.message.setText(text)

    def _on_selection_changed(self, *_args) -> None:
        # Everyone may look; choosing needs the role (the store refuses it anyway).
        has = self._current_id() is not None and self._ctx.may(Action.RESOLVE_CONFLICT)
        self.keep_mine_button.setEnabled(has)
        self.keep_theirs_button.setEnabled(has)

    def _current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.conflict_id(rows[0].row()) if rows else None

    def _on_keep_mine(self) -> None:
        self._resolve(review.KEEP_MINE)

    def _on_keep_theirs(self) -> None:
        self._resolve(review.KEEP_THEIRS)

    def _resolve(self, keep: str) -> None:
        cid = self._current_id()
        if cid is None:
            return
        self.keep_mine_button.setEnabled(False)
        self.keep_theirs_button.setEnabled(False)
        # The choice is a new local change of the conflict's entity.
        WriteOp(self._ctx, lambda result: ENTITY_CHANGES.get(result["entity"], Change.NONE) | Change.SYNC,
                review.resolve_conflict, cid, keep, operator=self._ctx.operator_name).on_done(
            lambda _result, cid=cid: self._on_resolved(cid)).on_error(self._on_resolve_failed).run("conflicts.resolve")

    def _on_resolved(self, cid: str) -> None:
        self.resolved.emit(cid)
        if self._ctx.sync is not None:
            self._ctx.sync.wake()  # send the choice at once
        self.reload()

    def _on_resolve_failed(self, text: str) -> None:
        self.message.setText(text)
        self._on_selection_changed()
