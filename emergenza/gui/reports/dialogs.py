"""The parameter dialogs of the "Rapporti" menu: brogliaccio, shift-end report, annual
report, CSV export.

Each asks its parameters and a file (PDF or CSV, chosen by its suffix), then writes it
off the UI thread (``jobs.ReportRunner``: the dialog shows a busy bar and the seconds
elapsed; the person keeps working) and says, in Italian, what was written or what went
wrong. "Stampa…" (Ctrl+P) builds the same report and opens the print preview.
Non-modal (``show()``): the operations room keeps working while one is open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.text import QT_TRANSLATE_NOOP
from ...reports import annual_station, brogliaccio, export, shift
from ...reports import document as d
from ...reports.localtime import days_bounds, fmt_datetime, local
from ...reports.output import check_target
from ...reports.queries import EventScope
from ...reports.source import StationSource
from ..context import AppContext
from ..i18n import error_text, plural
from ..operations import ReadOp
from ..widgets.labels import DONE_STYLE, ERROR_STYLE
from .jobs import OutputFolder, ReportRunner, Work, choose_output, while_alive, write_document
from .permissions import ReportKind, may_run_report, refusal_text
from .printing import open_print_preview

Build = Callable[[StationSource], d.Document]


def today_local() -> date:
    return local(datetime.now(UTC)).date()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(parent: QWidget, day: date) -> QDateEdit:
    edit = QDateEdit(_qdate(day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def shift_choices(store: Any) -> list[dict[str, Any]]:
    """Owner thread: the recent shifts, newest first."""
    return shift.recent_shifts(StationSource.from_store(store), 60)


def unit_choices(store: Any) -> list[str]:
    """Owner thread: every unit's call sign."""
    src = StationSource.from_store(store)
    return [r[0] for r in src.conn.execute("SELECT call_sign FROM resources ORDER BY call_sign COLLATE NOCASE")]


class ReportDialog(QDialog):
    """Parameters, a file, Genera / Stampa / Chiudi. Subclasses add their fields."""

    kind: ReportKind = ReportKind.BROGLIACCIO
    formats: tuple[str, ...] = ("pdf", "csv")
    printable = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, folder: OutputFolder | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._folder = folder or OutputFolder()
        self._auto_name = True  # the file name follows the parameters until the person types one
        self.runner = ReportRunner(ctx, self)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self._build_form()
        self.exercises = QCheckBox(self.tr("Includi le &esercitazioni"), self)
        self.form.addRow("", self.exercises)
        file_row = QHBoxLayout()
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("reportFile")
        self.file_edit.textEdited.connect(self._on_file_typed)
        self.browse_button = QPushButton(self.tr("&Sfoglia…"), self)
        self.browse_button.clicked.connect(self._browse)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        file_label = QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.file_edit)
        self.form.addRow(file_label, file_row)
        busy_row = QHBoxLayout()
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.hide()
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        busy_row.addWidget(self.busy_bar)
        busy_row.addWidget(self.message, 1)
        layout.addLayout(busy_row)
        buttons = QHBoxLayout()
        self.generate_button = QPushButton(self.tr("&Genera"), self)
        self.generate_button.setDefault(True)
        self.print_button = QPushButton(self.tr("Stam&pa…"), self)
        self.print_button.setToolTip(self.tr("Anteprima e stampa (Ctrl+P)"))
        self.print_button.setVisible(self.printable)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        self.generate_button.clicked.connect(self.generate)
        self.print_button.clicked.connect(self.print_preview)
        self.close_button.clicked.connect(self.close)
        buttons.addStretch(1)
        for b in (self.generate_button, self.print_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        if self.printable:
            action = QAction(self)
            action.setShortcut(QKeySequence("Ctrl+P"))
            action.triggered.connect(self.print_preview)
            self.addAction(action)
        self.runner.busy_changed.connect(self._on_busy)
        self.runner.elapsed.connect(lambda s: self._say(self.tr("In corso… {0} s").format(s)))
        self.runner.failed.connect(lambda text: self._say(text, ERROR_STYLE))
        self._update_name()

    # ------------------------------------------------------- for subclasses
    def _build_form(self) -> None:
        raise NotImplementedError

    def build(self) -> Build:
        """The report for the parameters shown; UserError when they are not valid."""
        raise NotImplementedError

    def suggested_name(self) -> str:
        raise NotImplementedError

    def work_for(self, target: Path) -> Work:
        return write_document(self.build(), target)

    def done_text(self, result: Any) -> str:
        return self.tr("Rapporto scritto: {0}").format(result)

    # ----------------------------------------------------------------- flow
    def _say(self, text: str, style: str = "") -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def _on_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.generate_button.setEnabled(not busy)
        self.print_button.setEnabled(not busy)

    def _on_file_typed(self, _text: str) -> None:
        self._auto_name = False

    def _update_name(self, *_args: object) -> None:
        if self._auto_name:
            self.file_edit.setText(str(self._folder.folder / self.suggested_name()))

    def _browse(self) -> None:
        current = self.file_edit.text().strip()
        suggested = Path(current) if current else self._folder.folder / self.suggested_name()
        self.file_dialog = choose_output(self, self.windowTitle(), suggested, self._on_chosen, formats=self.formats)

    def _on_chosen(self, path: Path) -> None:
        self._auto_name = False
        self.file_edit.setText(str(path))
        self._folder.remember(path)

    def _allowed(self) -> bool:
        if may_run_report(self._ctx, self.kind):
            return True
        self._say(refusal_text(), ERROR_STYLE)
        return False

    def generate(self) -> bool:
        """Write the report to the file shown (in the background); False when it did not start."""
        text = self.file_edit.text().strip()
        if not text:
            self._say(self.tr("Indicare il file da scrivere."), ERROR_STYLE)
            return False
        if not self._allowed():
            return False
        try:
            target = check_target(text)
            if target.suffix.lower().lstrip(".") not in self.formats:
                raise UserError(QT_TRANSLATE_NOOP(
                    "errors", "L'esportazione è in CSV: il file deve finire in .csv ({0})."), target)
            work = self.work_for(target)
        except UserError as exc:
            self._say(error_text(exc), ERROR_STYLE)
            return False
        self._folder.remember(target)
        self._say(self.tr("Scrittura di {0}…").format(target.name))
        return self.runner.run(work, f"report.{self.kind.value}", then=lambda r: self._say(self.done_text(r),
                                                                                           DONE_STYLE))

    def print_preview(self) -> bool:
        """Build the report and open its print preview (no file written)."""
        if not self.printable or not self._allowed():
            return False
        try:
            build = self.build()
        except UserError as exc:
            self._say(error_text(exc), ERROR_STYLE)
            return False
        self._say(self.tr("Preparazione della stampa…"))
        return self.runner.run(build, f"report.{self.kind.value}.print", then=self._open_preview)

    def _open_preview(self, doc: d.Document) -> None:
        self._say("")
        self.preview = open_print_preview(self, doc)


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
        self.day = _date_edit(self, today_local())
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
        return brogliaccio.BrogliaccioQuery(day=_pydate(self.day.date()), unit=unit, include_exercises=exercises)

    def build(self) -> Build:
        query, who = self.query(), self._ctx.operator_name
        return lambda src: brogliaccio.build(src, query, generated_by=who)

    def suggested_name(self) -> str:
        mode = self.mode.currentData()
        if mode == "shift":
            return f"brogliaccio-turno-{(self.shift_combo.currentData() or 'turno')[:13]}.pdf"
        day = _pydate(self.day.date()).isoformat()
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
        self.date_from = _date_edit(self, today.replace(day=1))
        self.date_to = _date_edit(self, today)
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
        first, last = _pydate(self.date_from.date()), _pydate(self.date_to.date())
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
        first, last = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        return f"interventi-{first.isoformat()}-{last.isoformat()}.csv"
