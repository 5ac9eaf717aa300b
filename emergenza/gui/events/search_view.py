"""Search and history: full text plus filters over every event, closed ones included."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalogs import fold
from ...domain.entities import utc_now_iso
from ...domain.enums import ACTIVE_EVENT_STATUSES, EventStatus, Sharing
from ...store.queries import EventFilter
from ..i18n import enum_label, plural
from ..operations import Change
from ..widgets.labels import ERROR_STYLE, municipality_label, priority_label, type_label
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .search_model import SearchModel

SEARCH_DELAY_MS = 250
REFRESH_DELAY_MS = 300
_ACTIVE = "__active__"
_ENDED = "__ended__"


class _ResultsView(QTableView):
    """Enter opens the current event (a table view would otherwise ignore it)."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class SearchView(QWidget):
    event_activated = Signal(str)  # event id

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._istat: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._on_search_timer)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._on_refresh_timer)
        self._setup_ui()
        ctx.signals.changed.connect(self._on_data_changed)

    def _setup_ui(self) -> None:
        col = QVBoxLayout(self)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("search_text")
        self.text_edit.setPlaceholderText(self.tr("Cerca in numero, indirizzo, chiamante, descrizione e diario…"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.textChanged.connect(self._on_filters_changed)
        self.text_edit.returnPressed.connect(self._on_search_now)
        self.text_edit.installEventFilter(self)
        col.addWidget(self.text_edit)

        grid = QGridLayout()
        self.from_check = QCheckBox(self.tr("Dal"))
        self.from_date = QDateEdit(QDate.currentDate().addDays(-30))
        self.to_check = QCheckBox(self.tr("Al"))
        self.to_date = QDateEdit(QDate.currentDate())
        for d in (self.from_date, self.to_date):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
            d.dateChanged.connect(self._on_filters_changed)
        for c in (self.from_check, self.to_check):
            c.toggled.connect(self._on_filters_changed)
        grid.addWidget(self.from_check, 0, 0)
        grid.addWidget(self.from_date, 0, 1)
        grid.addWidget(self.to_check, 0, 2)
        grid.addWidget(self.to_date, 0, 3)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("filter_status")
        self.status_combo.addItem(self.tr("Tutti gli stati"), None)
        self.status_combo.addItem(self.tr("Attivi"), _ACTIVE)
        self.status_combo.addItem(self.tr("Chiusi o annullati"), _ENDED)
        for s in EventStatus:
            self.status_combo.addItem(enum_label(s), s.value)
        self.priority_combo = QComboBox()
        self.priority_combo.setObjectName("filter_priority")
        self.priority_combo.addItem(self.tr("Tutte le priorità"), None)
        for level in self.ctx.catalogs.priorities_by_urgency():
            self.priority_combo.addItem(priority_label(self.ctx, level.code), level.code)
        self.sharing_combo = QComboBox()
        self.sharing_combo.setObjectName("filter_sharing")
        self.sharing_combo.addItem(self.tr("Riservati e condivisi"), None)
        for sh in Sharing:
            self.sharing_combo.addItem(enum_label(sh), sh.value)
        grid.addWidget(QLabel(self.tr("Stato")), 1, 0)
        grid.addWidget(self.status_combo, 1, 1)
        grid.addWidget(QLabel(self.tr("Priorità")), 1, 2)
        grid.addWidget(self.priority_combo, 1, 3)
        grid.addWidget(QLabel(self.tr("Condivisione")), 1, 4)
        grid.addWidget(self.sharing_combo, 1, 5)

        self.type_combo = QComboBox()
        self.type_combo.setObjectName("filter_type")
        self.type_combo.addItem(self.tr("Tutte le tipologie"), None)
        for code in sorted(self.ctx.catalogs.event_types, key=lambda c: type_label(self.ctx, c).lower()):
            self.type_combo.addItem(type_label(self.ctx, code), code)
        self.municipality_edit = QLineEdit()
        self.municipality_edit.setObjectName("filter_municipality")
        self.municipality_edit.setPlaceholderText(self.tr("Tutti i comuni"))
        self._muni_model = QStringListModel(self)
        completer = QCompleter(self._muni_model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated.connect(self._on_municipality_activated)
        self.municipality_edit.setCompleter(completer)
        self.municipality_edit.textEdited.connect(self._on_municipality_edited)
        self.exercise_check = QCheckBox(self.tr("Includi esercitazioni"))
        self.exercise_check.setChecked(True)
        for combo in (self.status_combo, self.priority_combo, self.sharing_combo, self.type_combo):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.exercise_check.toggled.connect(self._on_filters_changed)
        grid.addWidget(QLabel(self.tr("Tipologia")), 2, 0)
        grid.addWidget(self.type_combo, 2, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Comune")), 2, 4)
        grid.addWidget(self.municipality_edit, 2, 5)
        grid.addWidget(self.exercise_check, 0, 4, 1, 2)
        col.addLayout(grid)

        info = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("search_count")
        info.addWidget(self.count_label, 1)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        info.addWidget(self.message)
        col.addLayout(info)

        self.model = SearchModel(self.ctx, self)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.model.modelReset.connect(self._on_rows_changed)
        self.model.loading_changed.connect(self._on_rows_changed)
        self.model.failed.connect(self.message.setText)
        self.view = _ResultsView()
        self.view.setObjectName("search_results")
        self.view.setModel(self.model)
        select_whole_rows(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        hide_row_numbers(self.view)
        self.view.setWordWrap(False)
        for column, width in enumerate(SearchModel.WIDTHS):
            self.view.setColumnWidth(column, width)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.activated_row.connect(self._on_row_activated)
        col.addWidget(self.view, 1)

    # ---------------------------------------------------------------- public
    def focus_search(self) -> None:
        """Ctrl+F: to the text box, ready to type over."""
        self.text_edit.setFocus()
        self.text_edit.selectAll()
        if self.model.rowCount() == 0 and not self.model.loading:
            self._on_search_now()

    def current_filter(self) -> EventFilter:
        status = self.status_combo.currentData()
        if status == _ACTIVE:
            statuses: tuple[str, ...] = ACTIVE_EVENT_STATUSES
        elif status == _ENDED:
            statuses = (EventStatus.CLOSED.value, EventStatus.CANCELLED.value)
        else:
            statuses = (status,) if status else ()
        priority = self.priority_combo.currentData()
        return EventFilter(
            statuses=statuses,
            priorities=(priority,) if priority else (),
            type_code=self.type_combo.currentData(),
            municipality_istat=self._istat,
            sharing=self.sharing_combo.currentData(),
            received_from=_day_start(self.from_date.date()) if self.from_check.isChecked() else None,
            received_to=_day_start(self.to_date.date().addDays(1)) if self.to_check.isChecked() else None,
            include_exercises=self.exercise_check.isChecked(),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down arrow from the search box goes to the results (keyboard only).
        if (watched is self.text_edit and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.model.rowCount()):
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------- reactions
    def _on_filters_changed(self, *_args) -> None:
        self._timer.start()

    def _on_search_timer(self) -> None:
        self._on_search_now()

    def _on_search_now(self) -> None:
        self._timer.stop()
        self.message.clear()
        self.model.set_query(self.text_edit.text(), self.current_filter())

    def _on_data_changed(self, changes: Change) -> None:
        # Rows shown may be stale: re-read them in place (debounced), only while on screen.
        if changes & (Change.EVENTS | Change.JOURNAL | Change.UNITS) and self.isVisible() and self.model.rowCount():
            self._refresh_timer.start()

    def _on_refresh_timer(self) -> None:
        self.model.refresh_rows()

    def _on_municipality_edited(self, text: str) -> None:
        hits = self.ctx.catalogs.search_municipalities(text, limit=20)
        self._muni_model.setStringList([municipality_label(self.ctx.catalogs, m.istat) for m in hits])
        exact = [m for m in hits if fold(m.name) == fold(text.rsplit(" (", 1)[0])]
        self._istat = exact[0].istat if len(exact) == 1 else None
        if not text.strip() or self._istat:
            self._on_filters_changed()

    def _on_municipality_activated(self, text: str) -> None:
        QTimer.singleShot(0, lambda: self.municipality_edit.setText(text))
        for istat in self.ctx.catalogs.municipalities:
            if municipality_label(self.ctx.catalogs, istat) == text:
                self._istat = istat
                break
        self._on_filters_changed()

    def _on_rows_changed(self, *_args) -> None:
        n = self.model.rowCount()
        if self.model.loading:
            self.count_label.setText(self.tr("Ricerca in corso…"))
        elif self.model.exhausted:
            found = plural(n, self.tr("{0} intervento trovato"), self.tr("{0} interventi trovati"))
            self.count_label.setText(found.format(n))
        else:
            self.count_label.setText(self.tr("Primi {0} interventi (scorrere per altri)").format(n))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self._on_row_activated(index.row())

    def _on_row_activated(self, row: int) -> None:
        event_id = self.model.event_id(row)
        if event_id:
            self.event_activated.emit(event_id)


def _day_start(day: QDate) -> str:
    """Local midnight of a calendar day, as the store's UTC ISO text."""
    local = datetime(day.year(), day.month(), day.day()).astimezone()
    return utc_now_iso(local)

