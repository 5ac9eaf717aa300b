"""What the events table paints from: a C++ copy of the board's visible cells.

Painting a full screen of rows asks the model for seven roles of every cell; answered by
Python (``EventsBoardModel.data``) that is thousands of calls back from C++ per paint,
measured at half the cost of a full repaint of the board (10–30 ms on the stations'
machines). ``BoardDisplay`` is a ``QStandardItemModel`` whose items hold the values the
board prepared once per fetched row, so the table paints without calling Python per cell.

It follows the board model's rows (inserted, removed, reset: the same signals, the same
row numbers) and copies cells lazily: the table calls ``sync(first, last)`` before each
paint and only the rows painted are copied, those changed since (``dataChanged``) in full,
the others for their two timers only. The board model stays the one source of truth (ids,
rows, fetching, sorting, drops); this model only mirrors it for painting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from .board_model import COLUMN_KEYS, TIMER_COLUMNS, EventsBoardModel

_Index = QModelIndex | QPersistentModelIndex
_N_COLUMNS = len(COLUMN_KEYS)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
# Every role a copied cell sets; None clears it (the item keeps no value of an older row).
_CLEAR: dict[int, Any] = {int(r.value): None for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole)}
_TIMER_ONLY = [int(Qt.ItemDataRole.DisplayRole.value)]


class BoardDisplay(QStandardItemModel):
    def __init__(self, board: EventsBoardModel):
        super().__init__(0, _N_COLUMNS, board)
        self._board = board
        self._dirty: set[int] = set()  # rows whose copy is out of date (timers aside)
        self.invisibleRootItem().setFlags(Qt.ItemFlag.NoItemFlags)  # drops land ON a row
        prototype = QStandardItem()  # the cells created by sync(): as the board's flags()
        prototype.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled)
        self.setItemPrototype(prototype)
        for col in range(_N_COLUMNS):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                self.setHeaderData(col, Qt.Orientation.Horizontal,
                                   board.headerData(col, Qt.Orientation.Horizontal, role), role)
        self.setRowCount(board.rowCount())
        self._dirty.update(range(board.rowCount()))
        board.rowsInserted.connect(self._on_rows_inserted)
        board.rowsRemoved.connect(self._on_rows_removed)
        board.modelReset.connect(self._on_reset)
        board.dataChanged.connect(self._on_data_changed)

    # ---------------------------------------------------------------- painting
    def sync(self, first: int, last: int) -> None:
        """Bring rows ``first``..``last`` up to date before they are painted (signals blocked:
        the paint under way shows them)."""
        board = self._board
        last = min(last, self.rowCount() - 1, board.rowCount() - 1)
        if first < 0 or last < first:
            return
        was = self.blockSignals(True)
        try:
            for row in range(first, last + 1):
                columns = range(_N_COLUMNS) if row in self._dirty else TIMER_COLUMNS
                self._dirty.discard(row)
                tooltip = board.tooltip(row)
                for col in columns:
                    values = {**_CLEAR, **board.cell(row, col)}
                    values[_TOOLTIP] = tooltip
                    self.setItemData(self.index(row, col), values)
        finally:
            self.blockSignals(was)

    # ------------------------------------------------- the board's rows, mirrored
    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._dirty = {r + count if r >= first else r for r in self._dirty}
        self.insertRows(first, count)
        self._dirty.update(range(first, last + 1))

    def _on_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._dirty = {r - count if r > last else r for r in self._dirty if not first <= r <= last}
        self.removeRows(first, count)

    def _on_reset(self) -> None:
        self.setRowCount(0)
        self.setRowCount(self._board.rowCount())
        self._dirty = set(range(self._board.rowCount()))

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()) -> None:
        first, last = top_left.row(), bottom_right.row()
        timers_only = (list(roles) == _TIMER_ONLY and top_left.column() >= min(TIMER_COLUMNS)
                       and bottom_right.column() <= max(TIMER_COLUMNS))
        if not timers_only:  # timers are copied at every paint anyway
            self._dirty.update(range(first, last + 1))
        self.dataChanged.emit(self.index(first, top_left.column()), self.index(last, bottom_right.column()))

    # ------------------------------------------------------ the board decides
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._board.sort(column, order)  # in SQL, by the board; the rows follow its signals

    def mimeTypes(self) -> list[str]:
        return self._board.mimeTypes()

    def supportedDropActions(self) -> Qt.DropAction:
        return self._board.supportedDropActions()

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return self._board.canDropMimeData(data, action, row, column, self._board_index(parent))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        return self._board.dropMimeData(data, action, row, column, self._board_index(parent))

    def _board_index(self, index: _Index) -> QModelIndex:
        return self._board.index(index.row(), index.column()) if index.isValid() else QModelIndex()
