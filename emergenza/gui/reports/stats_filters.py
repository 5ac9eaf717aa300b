"""The statistics window's period and filters, turned into a ``StatsQuery``.

Periods are local (Europe/Rome) calendar days, the dates the reports count by; the
default is the current month. Every change emits ``edited`` (the window debounces it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ...domain.catalogs import fold
from ...domain.enums import Channel
from ...reports.localtime import local
from ...reports.statistics import StatsQuery
from ..context import AppContext
from ..i18n import enum_label
from ..widgets.labels import municipality_label, priority_label, type_label

PRESETS = ("this_month", "last_month", "this_year", "last_year", "custom")


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def preset_bounds(preset: str, today: date) -> tuple[date, date] | None:
    if preset == "this_month":
        return month_bounds(today)
    if preset == "last_month":
        return month_bounds(today.replace(day=1) - timedelta(days=1))
    if preset == "this_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if preset == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class StatsFilters(QWidget):
    edited = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._today = today or local(datetime.now(UTC)).date()
        self.problem = ""  # why the filters give no query (shown by the window)
        self._setup_ui()
        self.reset()

    def _setup_ui(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.preset = QComboBox(self)
        for key, text in zip(PRESETS, (self.tr("Mese corrente"), self.tr("Mese precedente"), self.tr("Anno corrente"),
                                       self.tr("Anno precedente"), self.tr("Personalizzato")), strict=False):
            self.preset.addItem(text, key)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        ctx = self._ctx
        self.type_filter = QComboBox(self)
        self.type_filter.addItem(self.tr("Tutte le tipologie"), None)
        for t in sorted(ctx.catalogs.event_types.values(), key=lambda t: ctx.catalogs.type_label(t.code)):
            self.type_filter.addItem(type_label(ctx, t.code), t.code)
        self.type_filter.setMaximumWidth(260)
        self.priority_filter = QComboBox(self)
        self.priority_filter.addItem(self.tr("Tutti i codici"), None)
        for level in ctx.catalogs.priorities_by_urgency():
            self.priority_filter.addItem(priority_label(ctx, level.code), level.code)
        self.municipality_filter = QLineEdit(self)
        self.municipality_filter.setPlaceholderText(self.tr("Tutti i comuni"))
        self.municipality_filter.setClearButtonEnabled(True)
        self._municipalities = {municipality_label(ctx.catalogs, m.istat): m.istat
                                for m in ctx.catalogs.municipalities.values()}
        completer = QCompleter(sorted(self._municipalities), self.municipality_filter)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.municipality_filter.setCompleter(completer)
        self.channel_filter = QComboBox(self)
        self.channel_filter.addItem(self.tr("Tutti i canali"), None)
        for channel in Channel:
            self.channel_filter.addItem(enum_label(channel), channel.value)
        self.exercises = QCheckBox(self.tr("Includi le &esercitazioni"), self)
        self.clear_button = QPushButton(self.tr("Azze&ra filtri"), self)
        self.clear_button.clicked.connect(self.reset)

        row = [(self.tr("&Periodo:"), self.preset), (self.tr("&Dal:"), self.date_from), (self.tr("&Al:"), self.date_to)]
        column = 0
        for text, widget in row:
            label = QLabel(text, self)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 0, column + 1)
            column += 2
        grid.addWidget(self.exercises, 0, column, 1, 2)
        column = 0
        for text, widget in ((self.tr("&Tipologia:"), self.type_filter),
                             (self.tr("C&odice:"), self.priority_filter),
                             (self.tr("Co&mune:"), self.municipality_filter),
                             (self.tr("Ca&nale:"), self.channel_filter)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            grid.addWidget(label, 1, column)
            grid.addWidget(widget, 1, column + 1)
            column += 2
        grid.addWidget(self.clear_button, 1, column)
        grid.setColumnStretch(column + 1, 1)

        self.preset.currentIndexChanged.connect(self._on_preset)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._on_date_edited)
        for combo in (self.type_filter, self.priority_filter, self.channel_filter):
            combo.currentIndexChanged.connect(self.edited)
        self.exercises.toggled.connect(self.edited)
        self.municipality_filter.editingFinished.connect(self._on_municipality)
        completer.activated.connect(self._on_municipality)
        self._last_municipality = ""

    # ------------------------------------------------------------------ state
    def reset(self) -> None:
        """The current month, no filters, exercises left out."""
        widgets = (self.preset, self.date_from, self.date_to, self.type_filter, self.priority_filter,
                   self.channel_filter, self.exercises, self.municipality_filter)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.preset.setCurrentIndex(0)
            self._set_dates(*month_bounds(self._today))
            for combo in (self.type_filter, self.priority_filter, self.channel_filter):
                combo.setCurrentIndex(0)
            self.exercises.setChecked(False)
            self.municipality_filter.clear()
            self._last_municipality = ""
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.edited.emit()

    def set_period(self, first: date, last: date) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(PRESETS.index("custom"))
        self.preset.blockSignals(False)
        self._set_dates(first, last)
        self.edited.emit()

    def _set_dates(self, first: date, last: date) -> None:
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _on_preset(self) -> None:
        bounds = preset_bounds(self.preset.currentData(), self._today)
        if bounds is not None:
            self._set_dates(*bounds)
            self.edited.emit()

    def _on_date_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(PRESETS.index("custom"))
        self.preset.blockSignals(False)
        self.edited.emit()

    def _on_municipality(self, *_args: object) -> None:
        text = self.municipality_filter.text().strip()
        if text != self._last_municipality:
            self._last_municipality = text
            self.edited.emit()

    def municipality_code(self) -> str | None:
        """ISTAT code of the municipality typed ("" for any); raises ValueError when unknown."""
        text = self.municipality_filter.text().strip()
        if not text:
            return None
        if text in self._municipalities:
            return self._municipalities[text]
        matches = [code for label, code in self._municipalities.items()
                   if fold(label.rsplit(" (", 1)[0]) == fold(text)]
        if len(matches) != 1:
            raise ValueError(text)
        return matches[0]

    def query(self) -> StatsQuery | None:
        """The statistics asked for, or None (``problem`` says why)."""
        first, last = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        self.problem = ""
        if last < first:
            self.problem = self.tr("La data finale precede quella iniziale.")
            return None
        try:
            istat = self.municipality_code()
        except ValueError:
            self.problem = self.tr("Comune non trovato in Lombardia: {0}").format(self.municipality_filter.text())
            return None
        return StatsQuery(first, last, include_exercises=self.exercises.isChecked(),
                          type_code=self.type_filter.currentData(), priority=self.priority_filter.currentData(),
                          municipality_istat=istat, channel=self.channel_filter.currentData())

