"""The units board: status colours, one key to advance, drag a unit onto an event.

The table paints from a ``PaintCopy`` of the shared ``UnitsModel`` (``widgets/painted_copy``,
as the events board): a paint copies the rows it shows, so it calls no Python per cell.

Freeing the last unit on an event from here (F5, Space, "Avanza") offers to close it, as
the event detail does (``events/close_prompt.offer_close``; only for a role that may close).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import AssignmentStatus
from ...domain.lifecycle import next_assignment_status
from ..context import AppContext
from ..events.close_prompt import offer_close
from ..widgets.painted_copy import PaintCopy, PaintCopyTable
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .units_model import COLUMN_KEYS, SINCE_COLUMN, UnitsModel


def _frees_the_unit(assignment_status: str) -> bool:
    """Whether the next step of this assignment ends it (the unit becomes free)."""
    following = next_assignment_status(assignment_status)
    return following is not None and not AssignmentStatus(following).is_active


class UnitsTable(PaintCopyTable):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        select_whole_rows(self)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        hide_row_numbers(self, row_height=24)
        self.setWordWrap(False)
        # Every row the same fixed height: painting rows never measures their contents.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


class UnitsBoard(QWidget):
    """A view on the shared UnitsModel; ``compact`` shows only call sign, status, event."""

    current_unit_changed = Signal(str)
    event_activated = Signal(str)  # double click on a busy unit opens its event
    position_requested = Signal(str)  # context menu "Posiziona sulla mappa…": the window opens the map
    registry_requested = Signal()  # "Anagrafica unità…" (button, context menu): the window opens it

    def __init__(self, ctx: AppContext, model: UnitsModel, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self._ctx = ctx
        self._remember: str | None = None
        self.model = model
        self.compact = compact
        self._setup_ui()
        model.modelAboutToBeReset.connect(self._on_about_to_reset)
        model.modelReset.connect(self._on_reset)

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        if not self.compact:
            bar = QHBoxLayout()
            self.advance_button = QPushButton(self.tr("Avanza (F5)"), self)
            self.advance_button.clicked.connect(self.advance_selected)
            self.service_button = QPushButton(self.tr("Fuori servizio / in servizio (F6)"), self)
            self.service_button.clicked.connect(self.toggle_selected_service)
            hint = QLabel(self.tr("Trascinare un'unità su un intervento del quadro per assegnarla."), self)
            hint.setStyleSheet("color: #555;")
            bar.addWidget(self.advance_button)
            bar.addWidget(self.service_button)
            self.registry_button = QPushButton(self.tr("Anagrafica unità… (Ctrl+Shift+U)"), self)
            self.registry_button.setObjectName("unitsRegistryButton")
            self.registry_button.clicked.connect(self.registry_requested)
            bar.addWidget(self.registry_button)
            bar.addStretch(1)
            bar.addWidget(hint)
            layout.addLayout(bar)
        self.table = UnitsTable(self)
        # What the table paints from (each board its own: the full board and the docked panel).
        self.display = PaintCopy(self.model, ticking_columns=(SINCE_COLUMN,), item_flags=(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled), parent=self)
        self.table.setModel(self.display)
        header = self.table.horizontalHeader()
        widths = {"call_sign": 72 if self.compact else 110, "kind": 90, "status": 92, "event": 136, "since": 58,
                  "plate": 90, "radio": 70}
        for col, key in enumerate(COLUMN_KEYS):
            self.table.setColumnWidth(col, widths[key])
            if self.compact and key not in ("call_sign", "status", "event", "since"):
                self.table.setColumnHidden(col, True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.doubleClicked.connect(self._on_double_clicked)
        # Space advances too, but only while the table has focus (it types spaces elsewhere).
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.advance_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        layout.addWidget(self.table, 1)
        if self.compact:
            self.setMinimumWidth(370)

    def current_unit_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.resource_id(index.row()) if index.isValid() else None

    def select_unit(self, resource_id: str) -> bool:
        row = self.model.row_of(resource_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.display.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def focus_table(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.display.index(0, 0))

    def advance_selected(self) -> bool:
        unit = self.current_unit_id()
        if unit is None:
            self.model.error.emit(self.tr("Selezionare un'unità."))
            return False
        row = self.model.unit(unit) or {}
        frees = bool(row.get("assignment_status")) and _frees_the_unit(row["assignment_status"])
        if not self.model.advance(unit):
            return False
        if frees and row.get("event_id"):
            # The owner thread runs calls in the order they were made: this check reads the
            # store after the advance above, and asks only if no unit is left on the event.
            offer_close(self, self._ctx, row["event_id"])
        return True

    def toggle_selected_service(self) -> bool:
        unit = self.current_unit_id()
        if unit is None:
            self.model.error.emit(self.tr("Selezionare un'unità."))
            return False
        return self.model.toggle_out_of_service(unit)

    def _on_about_to_reset(self) -> None:
        self._remember = self.current_unit_id()

    def _on_reset(self) -> None:
        if self._remember:
            self.select_unit(self._remember)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_unit_changed.emit(self.model.resource_id(current.row()) or "" if current.isValid() else "")

    def context_menu(self) -> QMenu | None:
        """The menu of the selected unit (None without one): advance, service, place on the map."""
        unit = self.model.unit(self.current_unit_id() or "")
        if unit is None:
            return None
        menu = QMenu(self)
        menu.setObjectName("unit_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        advance = menu.addAction(self.tr("Avanza (F5)"))
        advance.setEnabled(bool(unit.get("assignment_id")))
        advance.triggered.connect(self.advance_selected)
        menu.addAction(self.tr("Fuori servizio / in servizio (F6)")).triggered.connect(self.toggle_selected_service)
        menu.addSeparator()
        place = menu.addAction(self.tr("Posiziona sulla mappa…"))
        place.setObjectName("place_on_map")
        place.triggered.connect(lambda _checked=False, u=unit["id"]: self.position_requested.emit(u))
        registry = menu.addAction(self.tr("Anagrafica unità…"))
        registry.setObjectName("open_units_registry")
        registry.triggered.connect(self.registry_requested)
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.setCurrentIndex(index)
        menu = self.context_menu()
        if menu is not None:
            menu.popup(self.table.viewport().mapToGlobal(pos))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        unit = self.model.unit(self.model.resource_id(index.row()) or "")
        if unit and unit.get("event_id"):
            self.event_activated.emit(unit["event_id"])
