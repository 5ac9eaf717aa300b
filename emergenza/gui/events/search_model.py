"""Search results as a lazy table: pages of rows fetched through the store owner as the
view scrolls (``canFetchMore``/``fetchMore``), never the whole result set at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush

from ...domain.enums import EventStatus
from ...store import Store
from ...store.queries import EventFilter
from ..operations import ReadOp
from ..territory.flags import with_area_flag
from ..widgets.labels import code_label, fmt_time, priority_colors, priority_label, type_label
from ..widgets.table_model import HeaderedTableModel

EventIdRole = Qt.ItemDataRole.UserRole
PAGE_SIZE = 100

_Index = QModelIndex | QPersistentModelIndex


class SearchModel(HeaderedTableModel):
    loading_changed = Signal(bool)
    failed = Signal(str)

    COLUMNS = ("number", "received_at", "closed_at", "status", "priority", "type_code", "municipality_name",
               "address", "description")
    WIDTHS = (150, 140, 140, 90, 70, 240, 130, 190, 200)

    def __init__(self, ctx, parent=None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self.ctx = ctx
        self.page_size = page_size
        self._ids: list[str] = []
        self._rows: dict[str, dict[str, Any]] = {}
        self._text = ""
        self._filter: EventFilter | None = None
        self._generation = 0
        self._fetching = False
        self._exhausted = True
        self._headers = [self.tr("Numero"), self.tr("Ricevuto"), self.tr("Chiuso"), self.tr("Stato"),
                         self.tr("Priorità"), self.tr("Tipologia"), self.tr("Comune"), self.tr("Indirizzo"),
                         self.tr("Descrizione")]

    # ---------------------------------------------------------------- query
    def set_query(self, text: str, flt: EventFilter) -> None:
        """New search: drop what was shown and fetch the first page."""
        self._generation += 1
        self.beginResetModel()
        self._ids, self._rows = [], {}
        self._text, self._filter = text, flt
        self._exhausted = False
        self._fetching = False
        self.endResetModel()
        self._fetch_page()

    @property
    def loading(self) -> bool:
        return self._fetching

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def event_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _fetch_page(self) -> None:
        if self._fetching or self._exhausted or self._filter is None:
            return
        self._fetching = True
        self.loading_changed.emit(True)
        generation, offset = self._generation, len(self._ids)
        text, flt, limit = self._text, self._filter, self.page_size

        def arrived(rows: list[dict[str, Any]]) -> None:
            if generation != self._generation:  # a newer search replaced this one
                return
            self._fetching = False
            fresh = [r for r in rows if r["id"] not in self._rows]
            if fresh:
                first = len(self._ids)
                self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
                self._ids.extend(r["id"] for r in fresh)
                self._rows.update((r["id"], r) for r in fresh)
                self.endInsertRows()
            if len(rows) < limit:
                self._exhausted = True
            self.loading_changed.emit(False)

        def broken(text: str) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            self._exhausted = True
            self.loading_changed.emit(False)
            self.failed.emit(text)

        ReadOp(self.ctx, Store.search.find, text, flt, limit=limit, offset=offset).on_done(arrived).on_error(
            broken).run("search.page")

    def refresh_rows(self) -> None:
        """Re-read the rows already shown (status, priority... changed elsewhere) in place,
        without re-running the search: the operator keeps their scroll position."""
        if not self._ids:
            return
        generation, ids = self._generation, list(self._ids)

        def arrived(fresh: dict[str, dict[str, Any]]) -> None:
            if generation != self._generation or not self._ids:
                return
            for event_id, row in fresh.items():
                if event_id in self._rows:
                    self._rows[event_id] = {**self._rows[event_id], **row}
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.COLUMNS) - 1))

        ReadOp(self.ctx, Store.board.rows, ids).on_done(arrived).on_error(self.failed.emit).run("search.refresh")

    # ------------------------------------------------------------- Qt model
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching and self._filter is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if not parent.isValid():
            self._fetch_page()

    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids) or not 0 <= index.column() < len(self.COLUMNS):
            return None
        r = self._rows[self._ids[index.row()]]
        name = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = r.get(name)
            if name in ("received_at", "closed_at"):
                return fmt_time(value)
            if name == "status":
                return code_label(EventStatus, value)
            if name == "priority":
                return priority_label(self.ctx, value)
            if name == "type_code":
                return type_label(self.ctx, value)
            if name == "description":
                return (value or "").splitlines()[0][:120] if value else ""
            if name == "address":  # flagged when inside an at-risk area (issue 12)
                return with_area_flag(value or "", r.get("areas"))
            return "" if value is None else str(value)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = priority_colors(self.ctx.catalogs, r.get("priority"))
            if colours is None:
                return None
            return QBrush(colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1])
        if role == Qt.ItemDataRole.ToolTipRole and name == "description":
            return r.get("description") or ""
        if role == EventIdRole:
            return r["id"]
        return None
