"""The events board: filters, counts per status, the alert banner and the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalogs import fold
from ...domain.enums import ACTIVE_EVENT_STATUSES, EventStatus, Sharing
from ...store.queries import EventFilter
from ..context import AppContext
from ..exchange.files import ExchangeFiles, importable
from ..i18n import enum_label
from ..operations import Change
from ..widgets.elided_label import ElidedLabel
from ..widgets.painted_copy import PaintCopyTable
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .alerts import AlertMonitor
from .board_display import BoardDisplay
from .board_model import COLUMN_KEYS, EventsBoardModel

COLUMN_TITLE_PADDING = 18  # the header's margins (the sort arrow overlaps the title's end)
COLUMN_VALUE_PADDING = 14  # the cell's margins


def _dropped_files(data: QMimeData | None) -> list[str]:
    """The local .xml/.json files of a drop (CAP alerts, EMSI messages); [] for anything else."""
    if data is None or not data.hasUrls():
        return []
    paths = [url.toLocalFile() for url in data.urls() if url.isLocalFile()]
    return paths if paths and len(paths) == len(data.urls()) and all(importable(p) for p in paths) else []


class EventsTable(PaintCopyTable):
    """The board's table: row selection, drops of units onto event rows, and of CAP/EMSI
    files anywhere on it (imported as events: ``files_dropped``). It paints from
    ``BoardDisplay`` (``PaintCopyTable``: the rows are copied just before each paint)."""

    files_dropped = Signal(list)  # local paths

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        select_whole_rows(self)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDragDropOverwriteMode(True)  # drop ON a row, not between rows
        self.setDropIndicatorShown(True)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        hide_row_numbers(self, row_height=24)
        # Every row the same fixed height: inserting or painting rows never measures their contents.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = _dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            super().dropEvent(event)


class EventsBoard(QWidget):
    current_event_changed = Signal(str)  # "" when nothing is selected
    event_activated = Signal(str)  # Enter / double click
    filter_changed = Signal(object)  # EventFilter: the map shows the same subset

    def __init__(self, ctx: AppContext, alerts: AlertMonitor | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._alerts = alerts
        self._remember: str | None = None
        self.model = EventsBoardModel(ctx, self)
        self._setup_ui()
        self.model.counts_changed.connect(self._on_counts_changed)
        self.model.modelAboutToBeReset.connect(self._on_about_to_reset)
        self.model.modelReset.connect(self._on_reset)
        if alerts is not None:
            alerts.alerts_changed.connect(self._on_alerts_changed)

    # ----------------------------------------------------------------- set-up
    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)

        self.alert_banner = QFrame(self)
        self.alert_banner.setObjectName("alertBanner")
        self.alert_banner.setStyleSheet(
            "#alertBanner { background: #c62828; border-radius: 3px; } #alertBanner QLabel { color: white; "
            "font-weight: bold; }")
        banner = QHBoxLayout(self.alert_banner)
        banner.setContentsMargins(8, 4, 8, 4)
        # Long texts must not widen the window: they end in "…" (full text in the tool tip).
        self.alert_label = ElidedLabel(self.alert_banner)
        self.ack_button = QPushButton(self.tr("Presa visione (F8)"), self.alert_banner)
        self.ack_button.clicked.connect(self._on_ack_clicked)
        banner.addWidget(self.alert_label, 1)
        banner.addWidget(self.ack_button)
        self.alert_banner.hide()
        layout.addWidget(self.alert_banner)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Tutti gli stati"), None)
        for code in ACTIVE_EVENT_STATUSES:
            self.status_filter.addItem(enum_label(EventStatus(code)), code)
        self.priority_filter = QComboBox(self)
        self.type_filter = QComboBox(self)
        self._fill_catalog_filters()
        self._ctx.signals.changed.connect(self._on_catalogs_changed)
        self.type_filter.setMaximumWidth(230)
        self.municipality_filter = QLineEdit(self)
        self.municipality_filter.setPlaceholderText(self.tr("Comune"))
        self.municipality_filter.setClearButtonEnabled(True)
        names = sorted(m.name for m in self._ctx.catalogs.municipalities.values())
        completer = QCompleter(names, self.municipality_filter)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.municipality_filter.setCompleter(completer)
        self.municipality_filter.setMaximumWidth(160)
        self.sharing_filter = QComboBox(self)
        self.sharing_filter.addItem(self.tr("Riservati e condivisi"), None)
        for s in Sharing:
            self.sharing_filter.addItem(enum_label(s), s.value)
        self.clear_button = QPushButton(self.tr("Azzera filtri"), self)
        self.clear_button.clicked.connect(self.clear_filters)
        label = QLabel(self.tr("Filtri:"), self)
        filters.addWidget(label)
        for w in (self.status_filter, self.priority_filter, self.type_filter, self.municipality_filter,
                  self.sharing_filter, self.clear_button):
            filters.addWidget(w)
        filters.addStretch(1)
        layout.addLayout(filters)
        for combo in (self.status_filter, self.priority_filter, self.type_filter, self.sharing_filter):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.municipality_filter.editingFinished.connect(self._on_filter_changed)
        completer.activated.connect(self._on_filter_changed)

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("statusCounts")
        self.counts_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.counts_label)

        self.table = EventsTable(self)
        self.display = BoardDisplay(self.model)  # what the table paints from
        self.table.setModel(self.display)
        header = self.table.horizontalHeader()
        self._fit_columns()
        # Default order = the store's: most urgent code first, then oldest.
        header.setSortIndicator(COLUMN_KEYS.index("priority"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.activated.connect(self._on_row_activated)
        self.exchange = ExchangeFiles(self._ctx, self)  # also File → Importa CAP/EMSI…
        self.table.files_dropped.connect(self.exchange.import_paths)
        layout.addWidget(self.table, 1)

    def _fit_columns(self) -> None:
        """Every column fits in the viewport from 1366×768 up (the units dock beside it): the
        fixed ones are as wide as their header or their widest value (measured, not guessed),
        type and address share the rest and elide."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        bold = QFont(self.table.font())
        bold.setBold(True)  # unseen urgent rows are bold
        values = QFontMetrics(bold)
        titles = QFontMetrics(header.font())
        samples = {
            "number": ["BG01-2026-000000"],
            "priority": [self.priority_filter.itemText(i) for i in range(1, self.priority_filter.count())],
            "status": [enum_label(EventStatus(code)) for code in ACTIVE_EVENT_STATUSES],
            "since_received": ["00:00:00"], "since_sent": ["00:00:00"],
            "municipality": ["Brusaporto"], "units": ["Alfa 12"],
            "received": ["00:00", "00/00 00:00"],  # the date shows once the day has changed (timefmt.local_clock)
            "sharing": [enum_label(s) for s in Sharing],
        }
        for col, key in enumerate(COLUMN_KEYS):
            if key in ("type", "address"):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
                continue
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
            width = max([titles.horizontalAdvance(title) + COLUMN_TITLE_PADDING]
                        + [values.horizontalAdvance(v) + COLUMN_VALUE_PADDING for v in samples[key]])
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)

    # ----------------------------------------------------------------- public
    def current_event_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.event_id(index.row()) if index.isValid() else None

    def select_event(self, event_id: str) -> bool:
        row = self.model.row_of(event_id)
        if row < 0:
            return False
        index = self.display.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def refresh(self) -> None:
        self.model.refresh()

    def _fill_catalog_filters(self) -> None:
        """The code and type filters from the station's catalogs (the choice is kept)."""
        english = self._ctx.language == "en"
        cat = self._ctx.catalogs
        for combo, first, items in (
                (self.priority_filter, self.tr("Tutti i codici"),
                 [(p.label_en if english else p.label, p.code) for p in cat.priorities_by_urgency()]),
                (self.type_filter, self.tr("Tutte le tipologie"),
                 [(cat.type_label(t.code, english=english), t.code)
                  for t in sorted(cat.event_types.values(), key=lambda t: cat.type_label(t.code))])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, code in items:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def _on_catalogs_changed(self, changes: Change) -> None:
        if changes & Change.CATALOGS:
            self._fill_catalog_filters()

    def clear_filters(self) -> None:
        for combo in (self.status_filter, self.priority_filter, self.type_filter, self.sharing_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.municipality_filter.clear()
        self._on_filter_changed()

    def focus_table(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.display.index(0, 0))

    def current_filter(self) -> EventFilter:
        status = self.status_filter.currentData()
        priority = self.priority_filter.currentData()
        return EventFilter(
            statuses=(status,) if status else (),
            priorities=(priority,) if priority else (),
            type_code=self.type_filter.currentData(),
            municipality_istat=self._municipality_code(),
            sharing=self.sharing_filter.currentData(),
        )

    def filter_summary(self) -> str:
        """The filters in use, in words ("" when none): what the map says it shows."""
        parts = [combo.currentText() for combo in (self.status_filter, self.priority_filter, self.type_filter,
                                                   self.sharing_filter) if combo.currentIndex() > 0]
        if self.current_filter().municipality_istat:
            parts.append(self.municipality_filter.text().strip())
        return " · ".join(parts)

    # ---------------------------------------------------------------- private
    def _municipality_code(self) -> str | None:
        text = fold(self.municipality_filter.text())
        if not text:
            return None
        for m in self._ctx.catalogs.municipalities.values():
            if fold(m.name) == text:
                return m.istat
        return None

    def _on_filter_changed(self, *_args) -> None:
        flt = self.current_filter()
        unknown = bool(self.municipality_filter.text().strip()) and flt.municipality_istat is None
        self.municipality_filter.setStyleSheet("border: 1px solid #c62828;" if unknown else "")
        self.municipality_filter.setToolTip(self.tr("Comune non trovato nell'elenco") if unknown else "")
        if flt != self.model.event_filter:
            self.model.set_filter(flt)
            self.filter_changed.emit(flt)

    def _on_counts_changed(self, counts: dict) -> None:
        parts = [self.tr("Attivi: {0}").format(sum(counts.values()))]
        for code in ACTIVE_EVENT_STATUSES:
            if counts.get(code):
                parts.append(f"{enum_label(EventStatus(code))}: {counts[code]}")
        self.counts_label.setText("   ·   ".join(parts))

    def _on_alerts_changed(self) -> None:
        assert self._alerts is not None
        active = self._alerts.events()
        self.model.set_urgent({e["id"] for e in active})
        if not active:
            self.alert_banner.hide()
            return
        numbers = ", ".join(e["number"] for e in active[:4]) + (" …" if len(active) > 4 else "")
        self.alert_label.set_full_text(
            self.tr("Interventi urgenti senza unità da troppo tempo: {0} ({1})").format(len(active), numbers))
        self.alert_banner.show()

    def _on_ack_clicked(self) -> None:
        if self._alerts is not None:
            self._alerts.acknowledge()

    def _on_about_to_reset(self) -> None:
        self._remember = self.current_event_id()

    def _on_reset(self) -> None:
        if self._remember:
            self.select_event(self._remember)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_event_changed.emit(self.model.event_id(current.row()) or "" if current.isValid() else "")

    def _on_row_activated(self, index: QModelIndex) -> None:
        event_id = self.model.event_id(index.row())
        if event_id:
            self.event_activated.emit(event_id)
