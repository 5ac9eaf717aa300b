"""The skeleton of the station's registry windows (File → Operatori…, Unità → Anagrafica
unità…): a table of every entry, inactive ones greyed, a message line, a row of buttons
with their shortcuts; the rows read on the owner thread, read again when a change of their
kind lands, and the current entry kept across reloads.

The windows bring their columns, buttons, actions and every text (translated in their own
context: nothing here is shown to a person).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ..context import AppContext
from ..operations import Change, ReadOp
from .labels import ERROR_STYLE
from .table_model import HeaderedTableModel
from .tables import hide_row_numbers, select_whole_rows

ID_ROLE = Qt.ItemDataRole.UserRole  # an entry's id, for tests and drag sources

_Index = QModelIndex | QPersistentModelIndex
_INACTIVE = QColor("#8a8a8a")


class RegistryListModel(HeaderedTableModel):
    """Rows of dicts with ``id`` and ``active``, one column per key of ``COLUMN_KEYS``;
    subclasses set their titles and say how a cell reads (``display``)."""

    COLUMN_KEYS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def _row_count(self) -> int:
        return len(self._rows)

    def ordered(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return list(rows)  # the store's order

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = self.ordered(rows)
        self.endResetModel()

    def entry(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entry_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r["id"] == entry_id), -1)

    def display(self, row: dict[str, Any], key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, self.COLUMN_KEYS[index.column()])
        if role == Qt.ItemDataRole.ForegroundRole and not row.get("active", 1):
            return QBrush(_INACTIVE)
        if role == ID_ROLE:
            return row["id"]
        return None


class RegistryListWindow(QDialog):
    """Non-modal. Subclasses call ``build(label, buttons, shortcuts)`` once, say what to read
    (``read``, on the owner thread) and which changes call for a new read (``reload_on``),
    and keep their buttons in step in ``update_buttons``."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, model: RegistryListModel, *, object_name: str, name: str,
                 read: Callable[..., Any], reload_on: Change, size: tuple[int, int], parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._name = name  # of its table, message and read
        self._read = read
        self._reload_on = reload_on
        self.dialog: QWidget | None = None  # the last dialog opened from here
        self.setObjectName(object_name)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(*size)
        self.model = model
        self.table = QTableView(self)
        self.message = QLabel(self)

    def build(self, label: str, buttons: Sequence[tuple[QPushButton, Callable[[], Any]]],
              shortcuts: Iterable[tuple[str, Callable[[], Any]]], *, stretch_after: QPushButton) -> None:
        layout = QVBoxLayout(self)
        self.table.setObjectName(f"{self._name}Table")
        self.table.setModel(self.model)
        select_whole_rows(self.table)
        hide_row_numbers(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self.update_buttons)
        title = QLabel(label, self)
        title.setBuddy(self.table)
        layout.addWidget(title)
        layout.addWidget(self.table)
        self.message.setObjectName(f"{self._name}Message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        for button, slot in buttons:
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            if button is stretch_after:
                row.addStretch(1)
        layout.addLayout(row)
        for keys, slot in shortcuts:
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._ctx.signals.changed.connect(self._on_changed)
        self._ctx.signals.operator_changed.connect(self.update_buttons)
        self.update_buttons()
        self.reload()

    def update_buttons(self, *_args: Any) -> None:
        raise NotImplementedError

    # ---------------------------------------------------------------- loading
    def reload(self) -> None:
        ReadOp(self._ctx, self._read).on_done(self._on_loaded).on_error(self.say_error).run(f"{self._name}.read")

    def _on_loaded(self, rows: list[dict[str, Any]]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        row = self.model.row_of(current["id"]) if current else -1
        self.table.selectRow(max(0, row) if rows else -1)
        self.update_buttons()
        self.loaded.emit()

    def _on_changed(self, changes: Change) -> None:
        if changes & self._reload_on and self.isVisible():
            self.reload()

    def current(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def select(self, key: str, value: Any) -> None:
        """Make the first entry whose ``key`` is ``value`` the current one."""
        for row in range(self.model.rowCount()):
            entry = self.model.entry(row)
            if entry and entry[key] == value:
                self.table.selectRow(row)
                return

    # ---------------------------------------------------------------- messages, dialogs
    def say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def say_error(self, text: str) -> None:
        self.say(text, ERROR_STYLE)

    def open_dialog(self, dialog: QDialog) -> QDialog:
        """Open ``dialog`` from here (window-modal, deleted when closed), kept as ``self.dialog``."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.table.setFocus()
