"""The base of the "Rapporti" dialogs: parameters (added by each subclass), a file,
Genera / Stampa / Chiudi.

It asks a file (PDF or CSV, chosen by its suffix), then writes it off the UI thread
(``jobs.ReportRunner``: the dialog shows a busy bar and the seconds elapsed; the person
keeps working) and says, in Italian, what was written or what went wrong. "Stampa…"
(Ctrl+P) builds the same report and opens the print preview. Non-modal (``show()``):
the operations room keeps working while one is open.
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
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.text import QT_TRANSLATE_NOOP
from ...reports import document as d
from ...reports.localtime import local
from ...reports.output import check_target
from ...reports.source import StationSource
from ..context import AppContext
from ..i18n import error_text
from ..widgets.labels import DONE_STYLE, ERROR_STYLE
from .jobs import OutputFolder, ReportRunner, Work, choose_output, write_document
from .permissions import ReportKind, may_run_report, refusal_text
from .printing import open_print_preview

Build = Callable[[StationSource], d.Document]


def today_local() -> date:
    return local(datetime.now(UTC)).date()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget, day: date) -> QDateEdit:
    edit = QDateEdit(_qdate(day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


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
