"""Statistiche: counts, response times and unit utilisation of any period and filters.

The figures are ``reports.statistics.compute`` run in a worker thread on its own read-only
connection (``jobs.in_worker``, as the report files): a year of a large store still reads
~80k index entries several times (~80 ms of CPU at 100k events), and on the owner thread
every operator's save would wait for it. The UI thread only applies the result.
Requests coalesce: while one computes, only the newest of the requests made meanwhile
runs next, and a result whose request was superseded is never shown. The window
recomputes when its filters change and, while it is visible, when events change.
Export (PDF/CSV) and printing use the figures on screen (``statistics.document``).
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...reports import document as d
from ...reports import statistics
from ...reports.formats import pdf_text
from ...reports.source import StationSource
from ...reports.statistics import Statistics, StatsQuery
from ..context import AppContext
from ..i18n import error_text, plural
from ..operations import Change
from ..widgets.labels import DONE_STYLE, ERROR_STYLE
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .charts import BarChartWidget
from .jobs import OutputFolder, ReportRunner, choose_output, in_worker, while_alive, write_document
from .permissions import ReportKind, may_run_report, refusal_text
from .printing import open_print_preview
from .stats_filters import StatsFilters
from .stats_models import CountsModel, ResponseModel, UnitUseModel

FILTER_DEBOUNCE_MS = 150
DATA_DEBOUNCE_MS = 2000  # live figures, without recomputing on every keystroke of the room


def compute_statistics(src: StationSource, query: StatsQuery) -> Statistics:
    """Worker thread: the statistics of ``query`` from a read-only connection to the store."""
    return statistics.compute(src, query)


def _table(model: Any, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    select_whole_rows(view)
    hide_row_numbers(view, row_height=view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, model.columnCount()):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return view


class CountsPage(QWidget):
    """One breakdown: its bar chart beside its table (the table has every row)."""

    def __init__(self, label_title: str, chart_title: str, parent: QWidget | None = None, *,
                 horizontal: bool = True):
        super().__init__(parent)
        self.model = CountsModel(label_title, self)
        self.chart = BarChartWidget(self, horizontal=horizontal, title=chart_title)
        self.table = _table(self.model, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        splitter.addWidget(scroll)
        splitter.addWidget(self.table)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_counts(self, pairs: list[tuple[str, int]], total: int) -> None:
        self.model.set_counts(pairs, total)
        self.chart.set_data([k for k, _n in pairs], [n for _k, n in pairs])


class StatisticsWindow(QWidget):
    computed = Signal(object)  # Statistics, once shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: Any = None,
                 folder: OutputFolder | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self._ctx = ctx
        self._folder = folder or OutputFolder()
        self.statistics: Statistics | None = None
        self.shown_query: StatsQuery | None = None
        self._in_flight: StatsQuery | None = None
        self._pending: StatsQuery | None = None
        self._requested_at = 0.0
        self._ui_s = 0.0
        self.timings: dict[str, float] = {}  # last refresh: request -> shown, and UI-thread time
        self.setObjectName("statisticsWindow")
        self.setWindowTitle(self.tr("Statistiche degli interventi"))
        self.resize(1240, 760)
        self.runner = ReportRunner(ctx, self)
        self.filters = StatsFilters(ctx, self, today=today)
        self._setup_ui()
        self._filter_timer = self._debounce(FILTER_DEBOUNCE_MS)
        self._data_timer = self._debounce(DATA_DEBOUNCE_MS)
        self.filters.edited.connect(self._filter_timer.start)
        ctx.signals.changed.connect(self._on_data_changed)
        self.runner.busy_changed.connect(self._update_buttons)
        self.runner.failed.connect(lambda text: self._say(text, ERROR_STYLE))

    def _debounce(self, ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(self.refresh)
        return timer

    # ------------------------------------------------------------------- UI
    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        status = QHBoxLayout()
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("statsTotals")
        font = self.totals_label.font()
        font.setBold(True)
        self.totals_label.setFont(font)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("statsBusy")
        self.busy_bar.setRange(0, 0)  # indeterminate: a computation has no steps to count
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.message = QLabel(self)
        self.message.setObjectName("statsMessage")
        self.message.setWordWrap(True)
        status.addWidget(self.totals_label, 1)
        status.addWidget(self.busy_bar)
        status.addWidget(self.message, 1)
        layout.addLayout(status)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._summary_page(), self.tr("Riepilogo"))
        self.by_type = CountsPage(self.tr("Tipologia"), self.tr("Interventi per tipologia"), self)
        self.by_priority = CountsPage(self.tr("Codice"), self.tr("Interventi per codice di priorità"), self)
        self.by_municipality = CountsPage(self.tr("Comune"), self.tr("Interventi per comune"), self)
        self.by_channel = CountsPage(self.tr("Canale"), self.tr("Interventi per canale di ricezione"), self)
        for page, title in ((self.by_type, self.tr("Tipologie")), (self.by_priority, self.tr("Codici")),
                            (self.by_municipality, self.tr("Comuni")), (self.by_channel, self.tr("Canali"))):
            self.tabs.addTab(page, title)
        times = QWidget(self)
        grid = QHBoxLayout(times)
        self.hours_model = CountsModel(self.tr("Ora"), self)
        self.weekdays_model = CountsModel(self.tr("Giorno"), self)
        grid.addWidget(_table(self.hours_model, times))
        grid.addWidget(_table(self.weekdays_model, times))
        self.tabs.addTab(times, self.tr("Ore e giorni"))
        self.units_model = UnitUseModel(self)
        self.units_table = _table(self.units_model, self)
        self.tabs.addTab(self.units_table, self.tr("Impiego unità"))
        layout.addWidget(self.tabs, 1)

        buttons = QHBoxLayout()
        self.export_pdf_button = QPushButton(self.tr("Esporta PD&F…"), self)
        self.export_csv_button = QPushButton(self.tr("Esporta &CSV…"), self)
        self.print_button = QPushButton(self.tr("&Stampa…"), self)
        self.print_button.setToolTip(self.tr("Anteprima e stampa (Ctrl+P)"))
        self.refresh_button = QPushButton(self.tr("A&ggiorna"), self)
        self.refresh_button.setToolTip(self.tr("Ricalcola (Ctrl+R)"))
        self.close_button = QPushButton(self.tr("C&hiudi"), self)
        self.export_pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.export_csv_button.clicked.connect(lambda: self.ask_export("csv"))
        self.print_button.clicked.connect(self.print_preview)
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.close)
        for b in (self.export_pdf_button, self.export_csv_button, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        for keys, slot in (("Ctrl+P", self.print_preview), ("Ctrl+R", self.refresh), ("Ctrl+W", self.close)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self._update_buttons()

    def _summary_page(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        facts = QFormLayout()
        self.total_labels: dict[str, QLabel] = {}
        for key, text in (("total", self.tr("Interventi:")), ("closed", self.tr("Chiusi:")),
                          ("cancelled", self.tr("Annullati:")), ("still_open", self.tr("Ancora aperti:"))):
            label = QLabel("—", page)
            label.setObjectName(f"stats_{key}")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.total_labels[key] = label
            facts.addRow(text, label)
        box = QWidget(page)
        box.setLayout(facts)
        self.response_model = ResponseModel(self)
        self.response_table = _table(self.response_model, page)
        rows = self.response_table.verticalHeader().defaultSectionSize() * 3
        self.response_table.setFixedHeight(rows + self.response_table.horizontalHeader().sizeHint().height()
                                           + 2 * self.response_table.frameWidth())
        self.response_chart = BarChartWidget(page, horizontal=True, kind=d.DURATION,
                                             title=self.tr("Mediana dei tempi di risposta (minuti)"))
        self.hour_chart = BarChartWidget(page, title=self.tr("Interventi per ora del giorno (ora locale)"))
        self.weekday_chart = BarChartWidget(page, title=self.tr("Interventi per giorno della settimana"))
        left = QVBoxLayout()
        left.addWidget(box)
        left.addWidget(QLabel(self.tr("Tempi di risposta:"), page))
        left.addWidget(self.response_table)
        left.addWidget(self.response_chart)
        left.addStretch(1)
        grid.addLayout(left, 0, 0, 2, 1)
        grid.addWidget(self.hour_chart, 0, 1)
        grid.addWidget(self.weekday_chart, 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        return page

    def weekday_names(self) -> list[str]:
        return [self.tr("lun"), self.tr("mar"), self.tr("mer"), self.tr("gio"), self.tr("ven"), self.tr("sab"),
                self.tr("dom")]

    # -------------------------------------------------------------- refresh
    @property
    def busy(self) -> bool:
        return self._in_flight is not None

    def refresh(self) -> None:
        """Compute the statistics of the filters shown (a newer request supersedes this one)."""
        started = time.perf_counter()
        self._filter_timer.stop()
        self._data_timer.stop()
        query = self.filters.query()
        if query is None:
            self._say(self.filters.problem, ERROR_STYLE)
            return
        if not may_run_report(self._ctx, ReportKind.STATISTICS):
            self._say(refusal_text(), ERROR_STYLE)
            return
        self._requested_at = started
        self._ui_s = 0.0
        if self._in_flight is not None:
            self._pending = query
        else:
            self._start(query)
        self._ui_s += time.perf_counter() - started

    def _start(self, query: StatsQuery) -> None:
        self._in_flight = query
        self.busy_bar.show()
        self._say(self.tr("Calcolo in corso…"))
        self._update_buttons()
        self._ctx.tasks.run(in_worker(self._ctx, functools.partial(compute_statistics, query=query)),
                            on_done=while_alive(self, self._on_computed),
                            on_error=while_alive(self, lambda exc: self._on_failed(error_text(exc))),
                            name="stats.compute")

    def _on_computed(self, result: Statistics) -> None:
        started = time.perf_counter()
        self._in_flight = None
        if self._pending is not None:  # superseded: only the newest request is worth showing
            query, self._pending = self._pending, None
            self._start(query)
            self._ui_s += time.perf_counter() - started
            return
        self._show(result)
        self.busy_bar.hide()
        self._update_buttons()
        shown = time.perf_counter()
        self._ui_s += shown - started
        self.timings = {"request_to_shown_s": shown - self._requested_at, "ui_thread_s": self._ui_s}
        self._say(self.tr("Aggiornato in {0} ms.").format(round(self.timings["request_to_shown_s"] * 1000)))
        self.computed.emit(result)

    def _on_failed(self, text: str) -> None:
        self._in_flight = None
        if self._pending is not None:
            query, self._pending = self._pending, None
            self._start(query)
            return
        self.busy_bar.hide()
        self._update_buttons()
        self._say(text, ERROR_STYLE)

    def _show(self, st: Statistics) -> None:
        self.statistics, self.shown_query = st, st.query
        for key, label in self.total_labels.items():
            label.setText(pdf_text(getattr(st, key), d.INT))
        self.totals_label.setText(plural(st.total, self.tr("{0} intervento nel periodo"),
                                         self.tr("{0} interventi nel periodo")).format(pdf_text(st.total, d.INT)))
        self.by_type.set_counts(st.by_type, st.total)
        self.by_priority.set_counts(st.by_priority, st.total)
        self.by_municipality.set_counts(st.by_municipality, st.total)
        self.by_channel.set_counts(st.by_channel, st.total)
        hours = [(f"{h:02d}", n) for h, n in enumerate(st.by_hour)]
        days = list(zip(self.weekday_names(), st.by_weekday, strict=False))
        self.hours_model.set_counts(hours, st.total)
        self.weekdays_model.set_counts(days, st.total)
        self.hour_chart.set_data([h for h, _n in hours], [n for _h, n in hours])
        self.weekday_chart.set_data([k for k, _n in days], [n for _k, n in days])
        self.response_model.set_response(st.response)
        labels = self.response_model.interval_labels()
        self.response_chart.set_data(list(labels.values()),
                                     [getattr(st.response, name).median_s or 0 for name in labels])
        self.units_model.set_units(st.units)

    def _say(self, text: str, style: str = "") -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def _update_buttons(self, *_args: object) -> None:
        ready = self.statistics is not None and not self.busy and not self.runner.busy
        for b in (self.export_pdf_button, self.export_csv_button, self.print_button):
            b.setEnabled(ready)

    def _on_data_changed(self, changes: Change) -> None:
        if self.isVisible() and changes & (Change.EVENTS | Change.UNITS):
            self._data_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.statistics is None and not self.busy:
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._filter_timer.stop()
        self._data_timer.stop()
        super().closeEvent(event)

    # -------------------------------------------------------- export, print
    def suggested_name(self, fmt: str) -> str:
        q = self.shown_query or self.filters.query()
        if q is None:
            return f"statistiche.{fmt}"
        return f"statistiche-{q.date_from.isoformat()}-{q.date_to.isoformat()}.{fmt}"

    def ask_export(self, fmt: str) -> None:
        if self.statistics is None:
            return
        choose_output(self, self.tr("Esporta le statistiche"), self._folder.folder / self.suggested_name(fmt),
                      self.export, formats=(fmt, "csv" if fmt == "pdf" else "pdf"))

    def _document_work(self):
        st, who = self.statistics, self._ctx.operator_name
        return lambda src: statistics.document(src, st, generated_by=who)

    def export(self, path: Path) -> bool:
        """Write the figures shown to ``path`` (PDF or CSV after its suffix), off the UI thread."""
        if self.statistics is None or not may_run_report(self._ctx, ReportKind.STATISTICS):
            return False
        self._folder.remember(Path(path))
        started = self.runner.run(write_document(self._document_work(), Path(path)), "stats.export",
                                  then=self._on_exported)
        if started:
            self._say(self.tr("Scrittura di {0}…").format(Path(path).name))
        return started

    def _on_exported(self, path: Path) -> None:
        self._say(self.tr("Rapporto scritto: {0}").format(path), DONE_STYLE)

    def print_preview(self) -> bool:
        """The print preview of the figures shown (the document is built off the UI thread)."""
        if self.statistics is None or not may_run_report(self._ctx, ReportKind.STATISTICS):
            return False
        return self.runner.run(self._document_work(), "stats.print", then=self._open_preview)

    def _open_preview(self, doc: d.Document) -> None:
        self.preview = open_print_preview(self, doc)

