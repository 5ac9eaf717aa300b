"""The parameter dialogs of the "Rapporti" menu: brogliaccio, shift-end report, annual
report, CSV export (their common base is ``report_dialog.ReportDialog``).

Each asks its parameters and a file (PDF or CSV, chosen by its suffix), then writes it
off the UI thread (``jobs.ReportRunner``: the dialog shows a busy bar and the seconds
elapsed; the person keeps working) and says, in Italian, what was written or what went
wrong. "Stampa…" (Ctrl+P) builds the same report and opens the print preview.
Non-modal (``show()``): the operations room keeps working while one is open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.text import QT_TRANSLATE_NOOP
from ...reports import annual_station, brogliaccio, export, shift
from ...reports.localtime import days_bounds, fmt_datetime, local
from ...reports.queries import EventScope
from ...reports.source import StationSource
from ..context import AppContext
from ..i18n import plural
from ..operations import ReadOp
from .jobs import OutputFolder, Work, while_alive
from .permissions import ReportKind
from .report_dialog import Build, ReportDialog, date_edit, pydate, today_local


def shift_choices(store: Any) -> list[dict[str, Any]]:
    """Owner thread: the recent shifts, newest first."""
    return shift.recent_shifts(StationSource.from_store(store), 60)


def unit_choices(store: Any) -> list[str]:
    """Owner thread: every unit's call sign."""
    src = StationSource.from_store(store)
    return [r[0] for r in src.conn.execute("SELECT call_sign FROM resources ORDER BY call_sign COLLATE NOCASE")]


def _shift_label(row: dict[str, Any]) -> str:
    start = fmt_datetime(local(row["started_at"]))
    end = fmt_datetime(local(row["ended_at"])) if row["ended_at"] else None
    return f"{start} → {end or '…'} · {row['operator_name'] or ''}"


class _ShiftCombo(QComboBox):
    """Recent shifts, loaded from the store; ``preferred`` selected once they arrive."""

    def __init__(self, ctx: AppContext, parent: QWidget, preferred: str | None = None):
        super().__init__(parent)
        self.preferred = preferred
        self.addItem(self.tr("Caricamento…"), None)
        ReadOp(ctx, shift_choices).on_done(while_alive(self, self._fill)).on_error(
            while_alive(self, self._failed)).run("reports.shifts")

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.clear()
        for row in rows:
            text = _shift_label(row)
            self.addItem(text + ("" if row["ended_at"] else " " + self.tr("(in corso)")), row["id"])
        if not rows:
            self.addItem(self.tr("Nessun turno registrato"), None)
        index = self.findData(self.preferred) if self.preferred else 0
        self.setCurrentIndex(max(0, index))

    def _failed(self, text: str) -> None:
        self.clear()
        self.addItem(text, None)

    def select(self, shift_id: str) -> None:
        self.preferred = shift_id
        index = self.findData(shift_id)
        if index >= 0:
            self.setCurrentIndex(index)


class BrogliaccioDialog(ReportDialog):
    kind = ReportKind.BROGLIACCIO
    MODES = ("shift", "day", "unit")

    def _build_form(self) -> None:
        self.setWindowTitle(self.tr("Brogliaccio"))
        self.intro.setText(self.tr("Ogni intervento e ogni riga di diario, in ordine di tempo: di un turno, di un "
                                   "giorno, o di un'unità nel corso di un giorno."))
        self.mode = QComboBox(self)
        labels = (self.tr("un turno"), self.tr("un giorno"), self.tr("un'unità in un giorno"))
        for key, text in zip(self.MODES, labels, strict=True):
            self.mode.addItem(text, key)
        self.mode.setCurrentIndex(1)
        self.shift_combo = _ShiftCombo(self._ctx, self)
        self.day = date_edit(self, today_local())
        self.unit = QComboBox(self)
        ReadOp(self._ctx, unit_choices).on_done(while_alive(self.unit, self.unit.addItems)).on_error(
            lambda _t: None).run("reports.units")
        for text, widget in ((self.tr("Brogliaccio &di:"), self.mode), (self.tr("&Turno:"), self.shift_combo),
                             (self.tr("Gior&no:"), self.day), (self.tr("&Unità:"), self.unit)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.mode.currentIndexChanged.connect(self._on_mode)
        for signal in (self.shift_combo.currentIndexChanged, self.day.dateChanged, self.unit.currentIndexChanged):
            signal.connect(self._update_name)
        self._on_mode()

    def _on_mode(self, *_args: object) -> None:
        mode = self.mode.currentData()
        self.shift_combo.setEnabled(mode == "shift")
        self.day.setEnabled(mode in ("day", "unit"))
        self.unit.setEnabled(mode == "unit")
        if hasattr(self, "file_edit"):
            self._update_name()

    def query(self) -> brogliaccio.BrogliaccioQuery:
        mode = self.mode.currentData()
        exercises = self.exercises.isChecked() if hasattr(self, "exercises") else False
        if mode == "shift":
            if not self.shift_combo.currentData():
                raise UserError(QT_TRANSLATE_NOOP("errors", "Indicare un turno oppure un giorno per il brogliaccio."))
            return brogliaccio.BrogliaccioQuery(shift_id=self.shift_combo.currentData(), include_exercises=exercises)
        unit = self.unit.currentText().strip() if mode == "unit" else None
        if mode == "unit" and not unit:
            raise UserError(QT_TRANSLATE_NOOP("errors", "Unità non trovata: {0}"), "—")
        return brogliaccio.BrogliaccioQuery(day=pydate(self.day.date()), unit=unit, include_exercises=exercises)

    def build(self) -> Build:
        query, who = self.query(), self._ctx.operator_name
        return lambda src: brogliaccio.build(src, query, generated_by=who)

    def suggested_name(self) -> str:
        mode = self.mode.currentData()
        if mode == "shift":
            return f"brogliaccio-turno-{(self.shift_combo.currentData() or 'turno')[:13]}.pdf"
        day = pydate(self.day.date()).isoformat()
        if mode == "unit":
            unit = "".join(ch if ch.isalnum() else "-" for ch in self.unit.currentText().strip().lower()) or "unita"
            return f"brogliaccio-{unit}-{day}.pdf"
        return f"brogliaccio-{day}.pdf"


class ShiftReportDialog(ReportDialog):
    kind = ReportKind.SHIFT

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, folder: OutputFolder | None = None,
                 shift_id: str | None = None):
        self._preferred = shift_id
        super().__init__(ctx, parent, folder=folder)

    def _build_form(self) -> None:
        self.setWindowTitle(self.tr("Rapporto di fine turno"))
        self.intro.setText(self.tr("Interventi aperti, chiusi e ancora aperti, unità e assegnazioni, tempi di "
                                   "risposta, note del responsabile e modifiche non ancora inviate."))
        self.shift_combo = _ShiftCombo(self._ctx, self, self._preferred)
        label = QLabel(self.tr("&Turno:"), self)
        label.setBuddy(self.shift_combo)
        self.form.addRow(label, self.shift_combo)
        self.shift_combo.currentIndexChanged.connect(self._update_name)

    def build(self) -> Build:
        shift_id, who = self.shift_combo.currentData(), self._ctx.operator_name
        exercises = self.exercises.isChecked()
        # No shift chosen (none loaded yet): the open shift, else the last one.
        return lambda src: shift.build(src, shift_id, include_exercises=exercises, generated_by=who)

    def suggested_name(self) -> str:
        shift_id = self.shift_combo.currentData()
        return f"rapporto-fineturno-{shift_id}.pdf" if shift_id else "rapporto-fineturno.pdf"


class AnnualDialog(ReportDialog):
    kind = ReportKind.ANNUAL

    def _build_form(self) -> None:
        self.setWindowTitle(self.tr("Relazione annuale"))
        self.intro.setText(self.tr("La relazione per la Prefettura, secondo le azioni dell'accordo sulla sicurezza "
                                   "integrata: scambio di informazioni, interconnessione, gestione delle emergenze, "
                                   "aree a rischio, sistemi tecnologici, analisi del territorio, esercitazioni."))
        self.year = QSpinBox(self)
        self.year.setRange(1970, 2100)
        self.year.setValue(today_local().year)
        label = QLabel(self.tr("&Anno:"), self)
        label.setBuddy(self.year)
        self.form.addRow(label, self.year)
        self.year.valueChanged.connect(self._update_name)

    def build(self) -> Build:
        year, who, exercises = self.year.value(), self._ctx.operator_name, self.exercises.isChecked()
        return lambda src: annual_station.build(src, year, include_exercises=exercises, generated_by=who)

    def suggested_name(self) -> str:
        return f"relazione-{self.year.value()}.pdf"


class ExportCsvDialog(ReportDialog):
    kind = ReportKind.EXPORT
    formats = ("csv",)
    printable = False

    def _build_form(self) -> None:
        self.setWindowTitle(self.tr("Esporta CSV"))
        self.intro.setText(self.tr("Un intervento per riga, per Excel (impostazioni italiane): orari, canale, "
                                   "tipologia, codice, comune, stato, tempi di risposta, unità, esito. Senza nome e "
                                   "telefono di chi ha chiamato."))
        today = today_local()
        self.everything = QCheckBox(self.tr("&Tutto l'archivio"), self)
        self.date_from = date_edit(self, today.replace(day=1))
        self.date_to = date_edit(self, today)
        self.form.addRow("", self.everything)
        for text, widget in ((self.tr("&Dal:"), self.date_from), (self.tr("&Al:"), self.date_to)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.everything.toggled.connect(self._on_everything)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._update_name)

    def _on_everything(self, on: bool) -> None:
        self.date_from.setEnabled(not on)
        self.date_to.setEnabled(not on)
        self._update_name()

    def scope(self) -> EventScope:
        exercises = self.exercises.isChecked()
        if self.everything.isChecked():
            return EventScope("", "\uffff", include_exercises=exercises)
        first, last = pydate(self.date_from.date()), pydate(self.date_to.date())
        if last < first:
            raise UserError(QT_TRANSLATE_NOOP("errors", "La data finale precede quella iniziale."))
        start, end = days_bounds(first, last)
        return EventScope(start, end, include_exercises=exercises)

    def build(self) -> Build:
        raise NotImplementedError  # not printable: the export is a data file

    def work_for(self, target: Path) -> Work:
        scope = self.scope()
        return lambda src: (target, export.write(src, scope, target))

    def done_text(self, result: Any) -> str:
        target, count = result
        done = plural(count, self.tr("Esportato {0} intervento in {1}"), self.tr("Esportati {0} interventi in {1}"))
        return done.format(count, target)

    def suggested_name(self) -> str:
        if self.everything.isChecked():
            return "interventi.csv"
        first, last = pydate(self.date_from.date()), pydate(self.date_to.date())
        return f"interventi-{first.isoformat()}-{last.isoformat()}.csv"
