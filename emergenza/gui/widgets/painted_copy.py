"""Tables that paint from a C++ copy of their model's visible cells.

Painting a screen of rows asks the model for every painted role of every cell; answered by
Python (a model's ``data``) that is thousands of calls back from C++ per paint, measured at
half the cost of a full repaint of the events board (10–30 ms on the stations' machines).
``PaintCopy`` is a ``QStandardItemModel`` whose items hold the values the source model
prepared once per row, so the table (``PaintCopyTable``) paints without calling Python per cell.

The copy follows the source's rows (inserted, removed, reset: the same signals, the same
row numbers) and copies cells lazily: the table calls ``sync(first, last)`` before each
paint and only the rows painted are copied, those changed since (``dataChanged``) in full,
the others for their ticking columns (elapsed-time timers) only. The source stays the one
source of truth (ids, rows, fetching, sorting, drags and drops); the copy only mirrors it
for painting. A source offers ``cell(row, col)`` (the painted values of one cell by role)
and ``tooltip(row)`` (the tool tip of every cell of the row).

The table repaints no more than a frame's work per event-loop turn: only the on-screen
part of a change, a big one in bands of rows (``PAINT_BAND_CELLS`` cells per turn), and
after rows are inserted or removed only the rows that moved on screen (Qt repaints the
whole viewport then, even for a row far below those shown).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Protocol, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPaintEvent, QRegion, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

_Index = QModelIndex | QPersistentModelIndex
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TICK_ONLY = [_DISPLAY]
# The roles a table's default delegate paints with, and the tool tip.
PAINTED_ROLES: tuple[Qt.ItemDataRole, ...] = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole)
# Cells repainted per event-loop turn after a change (a band of rows as wide as the change).
PAINT_BAND_CELLS = 110


class PaintedCells(Protocol):
    """What a source model offers its copy besides the Qt model API."""

    def cell(self, row: int, col: int) -> Mapping[int, Any]: ...

    def tooltip(self, row: int) -> str | None: ...


class PaintCopy(QStandardItemModel):
    """A painting copy of ``source``, a flat table model that also offers ``PaintedCells``.

    ``ticking_columns`` have their display role re-copied at every paint (a change of it alone
    marks no row out of date); ``item_flags`` are the flags of every cell, as the source's
    ``flags()`` says; ``roles`` are those the source's cells may set (each copy clears the
    others, so an item keeps no value of an older row); ``parent`` (the source by default)
    may be the view's owner, so that the copy goes with it."""

    def __init__(self, source: QAbstractItemModel, *, ticking_columns: Iterable[int] = (),
                 item_flags: Qt.ItemFlag = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable,
                 roles: Sequence[Qt.ItemDataRole] = PAINTED_ROLES, parent: QObject | None = None):
        columns = source.columnCount()
        super().__init__(0, columns, parent if parent is not None else source)
        self._source = source
        self._cells = cast(PaintedCells, source)
        self._columns = range(columns)
        self._ticking = tuple(sorted(ticking_columns))
        self._clear: dict[int, Any] = {int(r.value): None for r in roles}
        self._dirty: set[int] = set()  # rows whose copy is out of date (ticking columns aside)
        self.invisibleRootItem().setFlags(Qt.ItemFlag.NoItemFlags)  # drops land ON a row
        prototype = QStandardItem()  # the cells created by sync(): as the source's flags()
        prototype.setFlags(item_flags)
        self.setItemPrototype(prototype)
        for col in self._columns:
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                self.setHeaderData(col, Qt.Orientation.Horizontal,
                                   source.headerData(col, Qt.Orientation.Horizontal, role), role)
        self.setRowCount(source.rowCount())
        self._dirty.update(range(source.rowCount()))
        source.rowsInserted.connect(self._on_rows_inserted)
        source.rowsRemoved.connect(self._on_rows_removed)
        source.modelReset.connect(self._on_reset)
        source.dataChanged.connect(self._on_data_changed)

    # ---------------------------------------------------------------- painting
    def sync(self, first: int, last: int, columns: Collection[int] | None = None) -> None:
        """Bring rows ``first``..``last`` up to date before they are painted (signals blocked:
        the paint under way shows them); only their ``columns`` when given (a row out of
        date stays so for its other columns)."""
        cells = self._cells
        last = min(last, self.rowCount() - 1, self._source.rowCount() - 1)
        if first < 0 or last < first:
            return
        whole = columns is None
        wanted: Sequence[int] = self._columns if columns is None else [c for c in self._columns if c in columns]
        ticking = [c for c in self._ticking if c in wanted]
        was = self.blockSignals(True)
        try:
            for row in range(first, last + 1):
                if row not in self._dirty:  # up to date but for its timers: their text alone
                    for col in ticking:
                        self.setData(self.index(row, col), cells.cell(row, col).get(_DISPLAY), _DISPLAY)
                    continue
                if whole:
                    self._dirty.discard(row)
                tooltip = cells.tooltip(row)
                for col in wanted:
                    values = {**self._clear, **cells.cell(row, col)}
                    values[_TOOLTIP] = tooltip
                    self.setItemData(self.index(row, col), values)
        finally:
            self.blockSignals(was)

    # ------------------------------------------------- the source's rows, mirrored
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
        self.setRowCount(self._source.rowCount())
        self._dirty = set(range(self._source.rowCount()))

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()) -> None:
        first, last = top_left.row(), bottom_right.row()
        ticking_only = (bool(self._ticking) and [int(r) for r in roles] == _TICK_ONLY
                        and all(c in self._ticking for c in range(top_left.column(), bottom_right.column() + 1)))
        if not ticking_only:  # ticking columns are copied at every paint anyway
            self._dirty.update(range(first, last + 1))
        self.dataChanged.emit(self.index(first, top_left.column()), self.index(last, bottom_right.column()))

    # ------------------------------------------------------ the source decides
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)  # the rows follow its signals

    def mimeTypes(self) -> list[str]:
        return self._source.mimeTypes()

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return self._source.mimeData([self._source_index(i) for i in indexes])

    def supportedDragActions(self) -> Qt.DropAction:
        return self._source.supportedDragActions()

    def supportedDropActions(self) -> Qt.DropAction:
        return self._source.supportedDropActions()

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return self._source.canDropMimeData(data, action, row, column, self._source_index(parent))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        return self._source.dropMimeData(data, action, row, column, self._source_index(parent))

    def _source_index(self, index: _Index) -> QModelIndex:
        return self._source.index(index.row(), index.column()) if index.isValid() else QModelIndex()


class PaintCopyTable(QTableView):
    """A read-only table on a ``PaintCopy``: each paint copies its rows first, and a change
    repaints only its on-screen part."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # The lowest row inserted or removed since the view's last layout (None: none, or
        # something else changed too: the layout repaints the whole viewport, as Qt does).
        self._moved_from: int | None = None
        self._moved_only = True
        # What is left to repaint of a change too big for one frame, painted a band per turn.
        self._later = QRegion()
        self._band_timer = QTimer(self)
        self._band_timer.setSingleShot(True)
        self._band_timer.setInterval(0)
        self._band_timer.timeout.connect(self._repaint_next_band)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            for signal, slot in self._row_signals(old):
                signal.disconnect(slot)
        super().setModel(model)
        if model is not None:
            for signal, slot in self._row_signals(model):
                signal.connect(slot)
        self._moved_from, self._moved_only = None, False

    def _row_signals(self, model: QAbstractItemModel) -> list[tuple[Any, Any]]:
        return [(model.rowsInserted, self._on_rows_moved), (model.rowsAboutToBeRemoved, self._on_rows_moved),
                (model.modelReset, self._on_layout_changed), (model.layoutChanged, self._on_layout_changed),
                (model.columnsInserted, self._on_layout_changed), (model.columnsRemoved, self._on_layout_changed)]

    def _on_rows_moved(self, _parent: QModelIndex, first: int, _last: int) -> None:
        self._moved_from = first if self._moved_from is None else min(first, self._moved_from)

    def _on_layout_changed(self, *_args: Any) -> None:
        self._moved_only = False

    def doItemsLayout(self) -> None:
        """After rows were inserted or removed, repaint only the rows that moved on screen.

        Qt lays the view out again after every change of the row count and then repaints
        the whole viewport: a full paint of the events board (10-40 ms of CPU on a slow
        station PC) for each new event, even one far below the rows shown. The rows above
        the first one inserted or removed stay where they were; only those from it down
        (and the empty space under the last row) are painted again."""
        moved_from, moved_only = self._moved_from, self._moved_only
        self._moved_from, self._moved_only = None, True
        if moved_from is None or not moved_only or not self.isVisible():
            super().doItemsLayout()
            return
        # What QTableView::doItemsLayout does (the delayed layout is already interrupted by
        # its callers), but the viewport update: scroll bars, the rows' header and its offset.
        self.updateGeometries()
        header, bar = self.verticalHeader(), self.verticalScrollBar()
        offset = header.offset()
        if self.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel:
            header.setOffset(bar.value())
        elif 0 < bar.maximum() == bar.value():
            header.setOffsetToLastSection()
        else:
            header.setOffsetToSectionPosition(bar.value())
        if not header.updatesEnabled():  # QTableView turns it off while rows are removed
            header.setUpdatesEnabled(True)
        if header.offset() != offset:  # the rows shown moved
            moved_from = 0
        rows = self.model().rowCount()
        if moved_from < rows:  # negative above the viewport: every row shown moved
            top = self.rowViewportPosition(moved_from)
        else:  # the last rows were removed: from the end of the rows left
            top = self.rowViewportPosition(rows - 1) + self.rowHeight(rows - 1) if rows else 0
        top, height = max(0, top), self.viewport().height()
        if top < height:
            self._repaint(QRect(0, top, self.viewport().width(), height - top))

    def _repaint(self, rect: QRect) -> None:
        """Repaint ``rect`` of the viewport, at most ``PAINT_BAND_CELLS`` cells per turn.

        A full paint of the events board is 275 cells of text laid out by Qt: 7-15 ms of
        CPU on a slow station PC, more than a frame with the copy of its rows. A change
        covering more cells (the urgent rows' blink every second, a new row among the
        first ones) is painted in bands of rows from the top, one per event-loop turn; the
        operator sees it whole a frame or two later, and input is never held up longer."""
        last_column = self.columnAt(rect.right())
        columns = ((last_column if last_column >= 0 else self.model().columnCount() - 1)
                   - max(0, self.columnAt(rect.left())) + 1)
        band = max(1, PAINT_BAND_CELLS // max(1, columns)) * max(1, self.verticalHeader().defaultSectionSize())
        if rect.height() <= band:
            self.viewport().update(rect)
            return
        self.viewport().update(QRect(rect.left(), rect.top(), rect.width(), band))
        self._later = self._later.united(QRect(rect.left(), rect.top() + band, rect.width(), rect.height() - band))
        self._band_timer.start()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if not self._later.isEmpty():  # its rows moved with the pixels: the rest of the screen, in bands
            self._later = QRegion(self.viewport().rect())

    def _repaint_next_band(self) -> None:
        if self._later.isEmpty():
            return
        bounds = self._later.boundingRect()
        self._later = QRegion()
        self._repaint(bounds)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The rows about to be painted are copied from the source first: the paint itself
        then runs in C++ without calling Python per cell."""
        copy = self.model()
        if isinstance(copy, PaintCopy):
            for rect in event.region():  # a change painted with the timers' tick: two rectangles
                first = self.rowAt(rect.top())
                if first >= 0:
                    last = self.rowAt(rect.bottom())
                    copy.sync(first, last if last >= 0 else copy.rowCount() - 1, self._columns_in(rect))
        super().paintEvent(event)

    def _columns_in(self, rect: QRect) -> set[int] | None:
        """The columns ``rect`` shows part of; None when it shows every column not hidden."""
        header = self.horizontalHeader()
        first, last = header.visualIndexAt(rect.left()), header.visualIndexAt(rect.right())
        shown = {header.logicalIndex(v) for v in range(max(0, first), (last if last >= 0 else header.count() - 1) + 1)}
        every = all(c in shown or header.isSectionHidden(c) for c in range(header.count()))
        return None if every else shown

    def dataChanged(self, topLeft, bottomRight, roles=()) -> None:
        """Repaint only the changed cells that are on screen.

        Qt repaints the whole viewport for any change wider than one cell (measured with the
        GUI benchmark: the timers' tick every second cost a full paint of the events table,
        11-30 ms). The table is read-only (no editors to update), so the changed block's
        rectangle, clipped to the viewport, is all that needs painting."""
        if topLeft == bottomRight or not topLeft.isValid() or not bottomRight.isValid():
            super().dataChanged(topLeft, bottomRight, roles)
            return
        if not self.isVisible():
            return
        top = self.rowViewportPosition(topLeft.row())
        bottom = self.rowViewportPosition(bottomRight.row()) + self.rowHeight(bottomRight.row())
        # A hidden column (the compact units panel hides some) keeps its position, 0 wide.
        left = self.columnViewportPosition(topLeft.column())
        right = self.columnViewportPosition(bottomRight.column()) + self.columnWidth(bottomRight.column())
        rect = QRect(left, top, right - left, bottom - top).intersected(self.viewport().rect())
        if not rect.isEmpty():
            self._repaint(rect)
