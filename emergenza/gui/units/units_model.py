"""The units board model: every active resource with its current assignment.

A station has tens of units, not millions: the whole list comes in one owner call
per refresh. Rows are keyed by resource id so a refresh with the same units keeps the
selection (no reset). Units are drag sources for assigning them on the events board.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from ...domain.enums import ResourceKind, ResourceStatus
from ...store import Store
from ..context import AppContext
from ..operations import Change, ReadOp, WriteOp
from ..widgets.labels import code_label
from ..widgets.mime import UNIT_MIME, unit_mime
from ..widgets.table_model import HeaderedTableModel
from ..widgets.timefmt import format_elapsed, parse_ts
from ..widgets.unit_status import shown_status, status_colors, status_name

RESOURCE_ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMN_KEYS = ("call_sign", "kind", "status", "event", "since", "plate", "radio")
SINCE_COLUMN = COLUMN_KEYS.index("since")  # the one timer: re-drawn every second

_N_COLUMNS = len(COLUMN_KEYS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)

_Index = QModelIndex | QPersistentModelIndex


class UnitsModel(HeaderedTableModel):
    refreshed = Signal()
    error = Signal(str)

    def __init__(self, ctx: AppContext, parent=None, *, now: Callable[[], float] = time.time):
        super().__init__(parent)
        self._ctx = ctx
        self._now = now
        self._ids: list[str] = []
        self._rows: dict[str, dict[str, Any]] = {}
        self._refreshing = False
        self._dirty = False
        self._loaded_once = False
        self._brush_cache: dict[str | None, tuple[QBrush, QBrush] | None] = {}
        self._headers = [self.tr("Nominativo"), self.tr("Tipo"), self.tr("Stato"), self.tr("Intervento"),
                         self.tr("Da"), self.tr("Targa"), self.tr("Radio")]
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()

    # ------------------------------------------------------------ Qt model API
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._ids) or index.column() >= _N_COLUMNS:
            return None
        if role == RESOURCE_ID_ROLE:
            return self._ids[index.row()]
        if role == ROW_ROLE:
            return self._rows[self._ids[index.row()]]
        if role == _TOOLTIP:
            return self.tooltip(index.row())
        return self.cell(index.row(), index.column()).get(role)

    def cell(self, row_n: int, col: int) -> dict[int, Any]:
        """The painted values of one cell by role (display, colours), for the table's
        ``PaintCopy``: prepared once per refreshed row (``_prepare``), the timer at paint time."""
        row = self._rows[self._ids[row_n]]
        values: dict[int, Any] = row["_cells"][col]
        if col == SINCE_COLUMN:
            since = row["_since_ts"]
            values = {**values, _DISPLAY: format_elapsed(self._now() - since) if since else ""}
        return values

    def tooltip(self, row_n: int) -> str | None:
        """The tool tip of every cell of row ``row_n``: the unit's notes."""
        return self._rows[self._ids[row_n]].get("notes") or None

    def _prepare(self, row: dict[str, Any]) -> None:
        """Every cell's painted values, computed once when the row arrives."""
        row["_since_ts"] = parse_ts(row.get("since"))
        brushes = self._brushes(shown_status(row))
        colours = {_BACKGROUND: brushes[0], _FOREGROUND: brushes[1]} if brushes else {}
        row["_cells"] = [{_DISPLAY: self._display(row, key), **colours} for key in COLUMN_KEYS]

    def _brushes(self, status: Any) -> tuple[QBrush, QBrush] | None:
        """One pair of brushes per status, made once."""
        key = str(status) if status is not None else None
        if key not in self._brush_cache:
            colours = status_colors(status)
            self._brush_cache[key] = (QBrush(QColor(colours[0])), QBrush(QColor(colours[1]))) if colours else None
        return self._brush_cache[key]

    def mimeTypes(self) -> list[str]:
        return [UNIT_MIME]

    def mimeData(self, indexes):
        rows = {i.row() for i in indexes if i.isValid()}
        if len(rows) != 1:
            return None
        return unit_mime(self._ids[rows.pop()])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    # ----------------------------------------------------------------- public
    @property
    def loaded(self) -> bool:
        return self._loaded_once

    def resource_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, resource_id: str) -> int:
        try:
            return self._ids.index(resource_id)
        except ValueError:
            return -1

    def unit(self, resource_id: str) -> dict[str, Any] | None:
        return self._rows.get(resource_id)

    def refresh(self) -> None:
        if self._refreshing:
            self._dirty = True
            return
        self._refreshing = True
        self._dirty = False
        ReadOp(self._ctx, Store.units.overview).on_done(self._on_rows).on_error(self._on_failed).run("units.refresh")

    def advance(self, resource_id: str) -> bool:
        """Move the unit's assignment one step along; False (and a message) if it has none."""
        unit = self._rows.get(resource_id)
        if unit is None:
            return False
        if not unit.get("assignment_id"):
            self.error.emit(self.tr("L'unità {0} non ha un intervento in corso.").format(unit["call_sign"]))
            return False
        # The event moves along with its unit (on scene, first unit sent).
        self._write(Change.UNITS | Change.EVENTS, Store.units.advance, unit["assignment_id"])
        return True

    def toggle_out_of_service(self, resource_id: str) -> bool:
        unit = self._rows.get(resource_id)
        if unit is None:
            return False
        target = (ResourceStatus.AVAILABLE if unit["status"] == ResourceStatus.OUT_OF_SERVICE
                  else ResourceStatus.OUT_OF_SERVICE)
        self._write(Change.UNITS, Store.units.set_status, resource_id, target.value)
        return True

    # ---------------------------------------------------------------- private
    def _write(self, changes: Change, fn, *args) -> None:
        WriteOp(self._ctx, changes, fn, *args, operator=self._ctx.operator_name).on_error(
            self.error.emit).run("units.write")

    def _display(self, row: dict[str, Any], key: str) -> str:
        if key == "call_sign":
            return row["call_sign"]
        if key == "kind":
            return code_label(ResourceKind, row["kind"])
        if key == "status":
            return status_name(shown_status(row))
        if key == "event":
            return row.get("event_number") or ""
        if key == "plate":
            return row.get("plate") or ""
        if key == "radio":
            return row.get("radio_channel") or ""
        return ""

    def _on_rows(self, rows: list[dict[str, Any]]) -> None:
        self._refreshing = False
        for r in rows:
            self._prepare(r)
        ids = [r["id"] for r in rows]
        if ids == self._ids:
            # Same units: repaint only those whose row changed.
            for n, r in enumerate(rows):
                old = self._rows.get(r["id"])
                self._rows[r["id"]] = r
                if old is None or any(old.get(k) != v for k, v in r.items() if k != "_cells"):
                    self.dataChanged.emit(self.index(n, 0), self.index(n, len(COLUMN_KEYS) - 1))
        else:
            self.beginResetModel()
            self._ids = ids
            self._rows = {r["id"]: r for r in rows}
            self.endResetModel()
        self._loaded_once = True
        self.refreshed.emit()
        if self._dirty:
            self.refresh()

    def _on_failed(self, text: str) -> None:
        self._refreshing = False
        self.error.emit(text)

    def _on_tick(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, SINCE_COLUMN), self.index(len(self._ids) - 1, SINCE_COLUMN),
                                  [Qt.ItemDataRole.DisplayRole])

