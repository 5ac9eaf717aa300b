"""The events board model: active event ids, rows fetched lazily in pages.

The model holds the ordered id list of the active events (filtered and sorted in SQL
on the owner thread) and a cache of rows. ``data()`` never waits: a row not cached yet
shows a placeholder and schedules a page fetch around it. Timer columns are recomputed
each second from the cached times, without touching the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.enums import EventStatus, Sharing
from ...store import Store
from ...store.queries import EventFilter
from ..context import AppContext
from ..operations import Change, ReadOp, WriteOp
from ..territory.flags import with_area_flag
from ..widgets.labels import code_label, priority_label, type_label
from ..widgets.mime import UNIT_MIME, unit_from_mime
from ..widgets.table_model import HeaderedTableModel
from ..widgets.timefmt import format_elapsed, local_clock, parse_ts

PAGE = 120  # rows fetched per round trip (a screen holds ~30)
# Rows removed, inserted or re-prepared per event-loop turn: a few milliseconds of model and
# view work, so that a burst of changes never costs the UI thread more than one frame.
SLICE_ROWS = 60
# ...and at most this long (wall time, so that a slow or busy PC does fewer rows per turn):
# the rest of the frame is the view's, which repaints what changed after the slice.
SLICE_BUDGET_S = 0.004
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
URGENT_ROLE = Qt.ItemDataRole.UserRole + 2

# Column keys in display order; the timers sit near the left, where the eye starts.
COLUMNS: tuple[str, ...] = (
    "number", "priority", "status", "since_received", "since_sent", "type", "municipality", "address",
    "units", "received", "sharing",
)
COLUMN_KEYS = list(COLUMNS)
TIMER_COLUMNS = (COLUMN_KEYS.index("since_received"), COLUMN_KEYS.index("since_sent"))

URGENT_BLINK = QColor("#c62828")
_N_COLUMNS = len(COLUMNS)
_COL_SINCE_RECEIVED, _COL_SINCE_SENT = TIMER_COLUMNS
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex
# The roles a delegate paints with: answered from each row's prepared cells (``_cell``).
_PAINT_ROLES = frozenset({_DISPLAY, _BACKGROUND, _FOREGROUND, _FONT, _ALIGN})
_SERVED_ROLES = frozenset({*_PAINT_ROLES, _TOOLTIP, EVENT_ID_ROLE, ROW_ROLE, URGENT_ROLE,
                           *(int(r) for r in (EVENT_ID_ROLE, ROW_ROLE, URGENT_ROLE))})
_NO_VALUES: dict[int, Any] = {}
_PLACEHOLDER: dict[int, Any] = {_DISPLAY: "…"}  # a row not fetched yet (its first cell)


def _headers() -> list[str]:
    # Written out literally so that pyside6-lupdate finds every header.
    names = {
        "number": EventsBoardModel.tr("Numero"), "priority": EventsBoardModel.tr("Codice"),
        "status": EventsBoardModel.tr("Stato"), "type": EventsBoardModel.tr("Tipologia"),
        "municipality": EventsBoardModel.tr("Comune"), "address": EventsBoardModel.tr("Indirizzo"),
        "units": EventsBoardModel.tr("Unità"), "received": EventsBoardModel.tr("Ricevuto"),
        "since_received": EventsBoardModel.tr("Da ricezione"), "since_sent": EventsBoardModel.tr("Da invio"),
        "sharing": EventsBoardModel.tr("Condivisione"),
    }
    return [names[key] for key in COLUMNS]


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7, 8] -> [(1, 3), (7, 8)]: one dataChanged per contiguous block."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


class EventsBoardModel(HeaderedTableModel):
    refreshed = Signal()  # after each refresh has landed
    counts_changed = Signal(dict)  # active events per status
    error = Signal(str)  # a translated message for the operator (e.g. unit busy)
    slice_applied = Signal(int)  # rows removed, inserted or re-read in one event-loop turn
    assigned = Signal(str, str)  # event id, resource id (after a drop)

    def __init__(self, ctx: AppContext, parent=None, *, now: Callable[[], float] = time.time,
                 slice_rows: int = SLICE_ROWS, slice_budget_s: float = SLICE_BUDGET_S):
        super().__init__(parent)
        self._ctx = ctx
        self._slice_rows = max(1, slice_rows)
        self._slice_budget_s = slice_budget_s
        self._target: dict[str, Any] | None = None  # the last snapshot, not applied in full yet
        self._target_set: set[str] = set()
        self._fresh: dict[str, dict[str, Any]] = {}  # its re-read rows not compared yet
        self._slice_timer = QTimer(self)
        self._slice_timer.setSingleShot(True)
        self._slice_timer.setInterval(0)
        self._slice_timer.timeout.connect(self._apply_slice)
        self._now = now
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._rows: dict[str, dict[str, Any]] = {}
        self._pending: set[str] = set()
        self._filter = EventFilter()
        self._sort_key: str | None = None
        self._descending = False
        self._refreshing = False
        self._dirty = False
        self._urgent: set[str] = set()
        self._blink_on = False
        self._loaded_once = False
        self._headers = _headers()
        self._blink_bg = QBrush(URGENT_BLINK)
        self._blink_fg = QBrush(QColor("#ffffff"))
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes: dict[str, tuple[QBrush | None, QBrush | None]] = {}
        self._italic = QFont()
        self._italic.setItalic(True)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()
        ctx.signals.changed.connect(self._on_data_changed)

    # ------------------------------------------------------------ Qt model API
    def _row_count(self) -> int:
        return len(self._ids)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        # The table asks once per painted cell: one Python call, not two.
        return 0 if parent.isValid() else len(self._ids)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS) and COLUMN_KEYS[section] == "since_sent"):
            return self.tr("Tempo trascorso dall'invio della prima unità")
        return super().headerData(section, orientation, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        # Asked once per painted cell; the inherited one calls rowCount() and columnCount()
        # back in Python to check the bounds: one call here instead of two.
        if parent.isValid() or not (0 <= row < len(self._ids) and 0 <= column < _N_COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # The roles the board never answers (decoration, check state...) leave at once.
        if role not in _SERVED_ROLES:
            return None
        row_n, col = index.row(), index.column()
        if not index.isValid() or row_n >= len(self._ids) or col >= _N_COLUMNS:
            return None
        event_id = self._ids[row_n]
        if role == EVENT_ID_ROLE:
            return event_id
        values = self._cell(row_n, col)
        if role in _PAINT_ROLES:
            return values.get(role)
        if role == _TOOLTIP:
            return self.tooltip(row_n)
        row = self._rows.get(event_id)
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == URGENT_ROLE:
            return event_id in self._urgent
        return None

    def tooltip(self, row_n: int) -> str | None:
        """The tool tip of every cell of row ``row_n`` (None before the row is fetched)."""
        row = self._rows.get(self._ids[row_n])
        if row is None:
            return None
        if row.get("exercise"):
            return self.tr("Esercitazione: {0}").format(row.get("description") or "")
        return row.get("description") or None

    def cell(self, row_n: int, col: int) -> dict[int, Any]:
        """The painted values of one cell by role (display, colours, font, alignment), for
        ``BoardDisplay``; a row not fetched yet is asked for (its first cell shows "…")."""
        return self._cell(row_n, col)

    def _cell(self, row_n: int, col: int) -> dict[int, Any]:
        """The painted values of one cell by role: prepared once per fetch (``_prepare``);
        only the timers and the urgent rows' looks are computed here, at paint time."""
        event_id = self._ids[row_n]
        row = self._rows.get(event_id)
        # A row already asked for is not scanned for again on each of its cells.
        if row is None:
            if event_id not in self._pending:
                self._fetch_around(row_n)
            return _PLACEHOLDER if col == 0 else _NO_VALUES
        if "_stale" in row and event_id not in self._pending:
            self._fetch_around(row_n)
        values: dict[int, Any] = row["_cells"][col]
        if col in TIMER_COLUMNS:
            ts = row["_received_ts" if col == _COL_SINCE_RECEIVED else "_sent_ts"]
            values = {**values, _DISPLAY: format_elapsed(self._now() - ts) if ts else values[_DISPLAY]}
        if event_id in self._urgent:
            values = {**values, _FONT: self._bold}
            if self._blink_on:
                values[_BACKGROUND], values[_FOREGROUND] = self._blink_bg, self._blink_fg
        return values

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMN_KEYS[column] if 0 <= column < len(COLUMN_KEYS) else None
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending) and self._loaded_once:
            return
        self._sort_key, self._descending = key, descending
        self.refresh()

    # drag and drop: a unit dropped on an event row assigns it
    def mimeTypes(self) -> list[str]:
        return [UNIT_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data, action, row: int, column: int, parent: _Index) -> bool:
        return unit_from_mime(data) is not None and self._drop_target(row, parent) is not None

    def dropMimeData(self, data, action, row: int, column: int, parent: _Index) -> bool:
        resource_id = unit_from_mime(data)
        event_id = self._drop_target(row, parent)
        if resource_id is None or event_id is None or action == Qt.DropAction.IgnoreAction:
            return False
        self.assign(event_id, resource_id)
        return True

    def _drop_target(self, row: int, parent: _Index) -> str | None:
        target = parent.row() if parent.isValid() else row
        return self._ids[target] if 0 <= target < len(self._ids) else None

    # ----------------------------------------------------------------- public
    @property
    def event_filter(self) -> EventFilter:
        return self._filter

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    @property
    def loaded(self) -> bool:
        return self._loaded_once

    @property
    def busy(self) -> bool:
        """A refresh is running or queued, or its result is still being applied."""
        return self._refreshing or self._dirty or self._target is not None

    def event_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, event_id: str) -> int:
        return self._row_of.get(event_id, -1)

    def cached_row(self, event_id: str) -> dict[str, Any] | None:
        return self._rows.get(event_id)

    def set_filter(self, flt: EventFilter) -> None:
        self._filter = flt
        self.refresh()

    def set_urgent(self, event_ids: set[str]) -> None:
        """Events to show as urgent alerts (unassigned too long and not acknowledged)."""
        if event_ids == self._urgent:
            return
        changed = self._urgent ^ event_ids
        self._urgent = set(event_ids)
        for event_id in changed:
            self._emit_row_changed(event_id)

    def refresh(self) -> None:
        """Re-read ids and visible rows in the background; coalesces bursts of requests."""
        if self._refreshing:
            self._dirty = True
            return
        self._refreshing = True
        self._dirty = False
        # Besides the first page, re-read the rows fetched last (where the operator is looking);
        # bounded, the other cached rows are marked stale and re-read when painted.
        first_page = set(self._ids[:PAGE])
        keep = [i for i in self._rows if i in self._row_of and i not in first_page][-PAGE:]
        ReadOp(self._ctx, Store.board.snapshot, self._filter, self._sort_key, self._descending, PAGE, keep).on_done(
            self._on_snapshot).on_error(self._on_refresh_failed).run("board.refresh")

    def assign(self, event_id: str, resource_id: str) -> None:
        WriteOp(self._ctx, Change.UNITS | Change.EVENTS, Store.units.assign, event_id, resource_id,
                operator=self._ctx.operator_name).on_done(
            lambda _a: self.assigned.emit(event_id, resource_id)).on_error(self.error.emit).run("board.assign")

    # ---------------------------------------------------------------- private
    def _display(self, row: dict[str, Any], key: str) -> str:
        if key == "number":  # an exercise is marked where the eye starts reading the row
            return self.tr("{0} · ESERC.").format(row["number"]) if row.get("exercise") else row["number"]
        if key == "priority":
            return priority_label(self._ctx, row["priority"])
        if key == "status":
            return code_label(EventStatus, row["status"])
        if key == "type":
            return type_label(self._ctx, row["type_code"])
        if key == "municipality":
            return row.get("municipality_name") or ""
        if key == "address":  # flagged when inside an at-risk area (issue 12)
            return with_area_flag(row.get("address") or "", row.get("areas"))
        if key == "units":
            return row.get("units") or ""
        if key == "received":
            return local_clock(row["received_at"])
        if key == "since_received":
            return ""  # computed at paint time (they tick); this shows with no time known
        if key == "since_sent":
            return "—"
        if key == "sharing":
            return code_label(Sharing, row["sharing"])
        return ""

    def _on_data_changed(self, changes: Any) -> None:
        """The station changed its catalogs: labels, colours and the order follow at once."""
        if not changes & Change.CATALOGS:
            return
        self._brushes.clear()
        for row in self._rows.values():
            self._prepare(row)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, _N_COLUMNS - 1))
        self.refresh()

    def _prepare(self, row: dict[str, Any]) -> dict[str, Any]:
        """Compute once per fetch what painting needs: each cell's values by role, shared
        brushes and fonts. Only the timers and the urgent rows' looks are computed per paint."""
        row["_received_ts"] = parse_ts(row.get("received_at"))
        row["_sent_ts"] = parse_ts(row.get("first_sent_at"))
        priority = row.get("priority") or ""
        if priority not in self._brushes:
            level = self._ctx.catalogs.priorities.get(priority)
            self._brushes[priority] = ((QBrush(QColor(level.color)), QBrush(QColor(level.text_color)))
                                       if level else (None, None))
        bg, fg = self._brushes[priority]
        common: dict[int, Any] = {}
        if bg is not None:
            common[_BACKGROUND] = bg
        if fg is not None:
            common[_FOREGROUND] = fg
        if row.get("exercise"):
            common[_FONT] = self._italic
        cells = []
        for col, key in enumerate(COLUMN_KEYS):
            cell = {**common, _DISPLAY: self._display(row, key)}
            if col in TIMER_COLUMNS:
                cell[_ALIGN] = _RIGHT
            cells.append(cell)
        row["_cells"] = cells
        return row

    def _on_snapshot(self, snap: dict[str, Any]) -> None:
        """Keep the store's answer as the target; the rows move toward it one slice per turn."""
        self._refreshing = False
        self._target = snap
        self._target_set = set(snap["ids"])
        self._fresh = {i: r for i, r in snap["rows"].items()}
        self._schedule_slice()

    def _schedule_slice(self) -> None:
        if not self._slice_timer.isActive():
            self._slice_timer.start()

    def _apply_slice(self) -> None:
        """One bounded step toward the target: at most ``slice_rows`` rows removed, inserted
        or re-prepared, and no more once ``slice_budget_s`` is spent (one row at least), then
        back to the event loop (the next step is the next turn)."""
        snap = self._target
        if snap is None:
            return
        deadline = time.perf_counter() + self._slice_budget_s
        ids: list[str] = snap["ids"]
        budget = self._slice_rows
        if ids != self._ids:
            old_set = set(self._ids)
            if [i for i in self._ids if i in self._target_set] != [i for i in ids if i in old_set]:
                # Order changed (new sort, changed priority): start over. A reset costs the view
                # one layout of the rows shown (uniform heights), not of the whole board.
                self.beginResetModel()
                self._set_ids(ids)
                self._rows = {}
                self._pending.clear()
                self.endResetModel()
                budget = 0
            else:
                budget -= self._remove_some(budget)
                if budget == self._slice_rows or (budget > 0 and time.perf_counter() < deadline):
                    budget -= self._insert_some(ids, old_set, budget)
        if budget > 0 and ids == self._ids and (budget == self._slice_rows or time.perf_counter() < deadline):
            budget -= self._refresh_some_rows(budget, deadline)
        self.slice_applied.emit(self._slice_rows - budget)
        if ids == self._ids and not self._fresh:
            self._finish_target(snap)
        else:
            self._schedule_slice()

    def _remove_some(self, budget: int) -> int:
        """The lowest run of rows gone from the target, at most ``budget`` of them."""
        n = len(self._ids) - 1
        while n >= 0 and self._ids[n] in self._target_set:
            n -= 1
        if n < 0:
            return 0
        first = n
        while first > 0 and n - first + 1 < budget and self._ids[first - 1] not in self._target_set:
            first -= 1
        self.beginRemoveRows(QModelIndex(), first, n)
        for gone in self._ids[first:n + 1]:
            self._rows.pop(gone, None)
            self._pending.discard(gone)
        self._set_ids(self._ids[:first] + self._ids[n + 1:])
        self.endRemoveRows()
        return n - first + 1

    def _insert_some(self, ids: list[str], old_set: set[str], budget: int) -> int:
        """The first run of rows new in the target, at most ``budget`` of them (only once
        every removal is done: the surviving rows then prefix-match the target)."""
        if any(i not in self._target_set for i in self._ids):
            return 0
        k = 0
        while k < len(ids) and k < len(self._ids) and self._ids[k] == ids[k]:
            k += 1
        if k >= len(ids):
            return 0
        last = k
        while last + 1 < len(ids) and last - k + 1 < budget and ids[last + 1] not in old_set:
            last += 1
        self.beginInsertRows(QModelIndex(), k, last)
        self._set_ids(self._ids[:k] + ids[k:last + 1] + self._ids[k:])
        self.endInsertRows()
        return last - k + 1

    def _refresh_some_rows(self, budget: int, deadline: float) -> int:
        """Re-prepare up to ``budget`` re-read rows (until ``deadline``, one at least);
        repaint only those whose content changed."""
        changed: list[int] = []
        done = 0
        while self._fresh and done < budget and (not done or time.perf_counter() < deadline):
            event_id, row = self._fresh.popitem()
            n = self._row_of.get(event_id)
            if n is None:
                continue
            done += 1
            old = self._rows.get(event_id)
            if old is not None and all(old.get(k) == v for k, v in row.items()):
                old.pop("_stale", None)
                continue
            self._rows[event_id] = self._prepare(row)
            changed.append(n)
        for first, last in _runs(sorted(changed)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, _N_COLUMNS - 1))
        return done

    def _finish_target(self, snap: dict[str, Any]) -> None:
        # Rows not re-read are shown as they were until painted again (no flashing placeholders).
        reread = set(snap["rows"])
        for event_id, old in self._rows.items():
            if event_id not in reread:
                old["_stale"] = True
        self._rows = {i: r for i, r in self._rows.items() if i in self._row_of}
        self._target = None
        self._loaded_once = True
        self.counts_changed.emit(snap["counts"])
        self.refreshed.emit()
        if self._dirty:
            self.refresh()

    def _set_ids(self, ids: list[str]) -> None:
        self._ids = list(ids)
        self._row_of = {event_id: n for n, event_id in enumerate(self._ids)}

    def _on_refresh_failed(self, text: str) -> None:
        self._refreshing = False
        self.error.emit(text)

    def _fetch_around(self, row: int) -> None:
        start = max(0, row - PAGE // 4)
        wanted = [i for i in self._ids[start:start + PAGE]
                  if (i not in self._rows or "_stale" in self._rows[i]) and i not in self._pending]
        if not wanted:
            return
        self._pending.update(wanted)
        ReadOp(self._ctx, Store.board.rows, wanted).on_done(lambda rows: self._on_page(wanted, rows)).on_error(
            lambda text: self._on_page_failed(wanted, text)).run("board.page")

    def _on_page(self, wanted: list[str], rows: dict[str, dict[str, Any]]) -> None:
        self._pending.difference_update(wanted)
        touched = []
        for event_id in wanted:
            if event_id not in self._row_of:
                continue
            if event_id in rows:
                self._rows[event_id] = self._prepare(rows[event_id])
                touched.append(self._row_of[event_id])
            elif event_id in self._rows:  # gone from the store: stop asking for it
                self._rows[event_id].pop("_stale", None)
        for first, last in _runs(sorted(touched)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, _N_COLUMNS - 1))

    def _on_page_failed(self, wanted: list[str], text: str) -> None:
        self._pending.difference_update(wanted)
        self.error.emit(text)

    def _emit_row_changed(self, event_id: str) -> None:
        row = self._row_of.get(event_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _on_tick(self) -> None:
        if not self._ids:
            return
        self._blink_on = not self._blink_on
        last = len(self._ids) - 1
        # Blinking rows in contiguous blocks (the view paints them once, with the timers).
        rows = sorted(self._row_of[i] for i in self._urgent if i in self._row_of)
        for first, end in _runs(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(end, _N_COLUMNS - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                                   Qt.ItemDataRole.ForegroundRole])
        self.dataChanged.emit(self.index(0, _COL_SINCE_RECEIVED), self.index(last, _COL_SINCE_SENT),
                              [Qt.ItemDataRole.DisplayRole])
