"""Import units from a CSV file: choose the file, import all rows or none, and say what
happened — how many units were added, or every bad row by its line number.

Expected columns (header row, Excel-Italian ``;`` or ``,``): ``nominativo;tipo;targa;canale;note``
(the store's ``units.import_csv`` reads them and decides what is valid).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ..context import AppContext
from ..i18n import error_text, plural
from ..operations import Change, WriteOp
from .registry_ops import import_units


def bad_rows(exc: BaseException) -> list[str]:
    """One translated line per bad row of a refused import."""
    if isinstance(exc, ValidationError):
        return [QCoreApplication.translate("validation", e.message) if not e.field else
                f"{e.field}: {QCoreApplication.translate('validation', e.message)}" for e in exc.errors]
    return [error_text(exc)]


class ImportReportDialog(QDialog):
    """What an import did: the count, or the rows to fix (nothing was imported then)."""

    def __init__(self, parent: QWidget | None, *, added: int | None = None, problems: list[str] | None = None,
                 path: str = ""):
        super().__init__(parent)
        self.setObjectName("unitsImportReport")
        self.setWindowTitle(self.tr("Importazione unità"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.rows = QListWidget(self)
        self.rows.setObjectName("importProblems")
        layout.addWidget(self.rows)
        if problems:
            self.summary.setText(plural(len(problems),
                                        self.tr("Nessuna unità importata da {1}: {0} riga da correggere."),
                                        self.tr("Nessuna unità importata da {1}: {0} righe da correggere."))
                                 .format(len(problems), path))
            self.rows.addItems(problems)
        else:
            n = added or 0
            self.summary.setText(plural(n, self.tr("{0} unità importata da {1}."),
                                        self.tr("{0} unità importate da {1}.")).format(n, path))
            self.rows.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Chiudi"))
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)


def added_count(result: Any) -> int:
    if isinstance(result, int):
        return result
    if isinstance(result, dict):
        return int(result.get("added", len(result.get("units", []))))
    return len(result)


class UnitsImporter(QWidget):
    """Runs one import (``start(path)``) and shows its report; ``done`` once it is shown."""

    done = Signal(object)  # the report dialog

    def __init__(self, ctx: AppContext, parent: QWidget):
        super().__init__(parent)
        self.hide()
        self._ctx = ctx
        self._parent = parent
        self.report: ImportReportDialog | None = None

    def choose(self) -> QFileDialog:
        dialog = QFileDialog(self._parent, self.tr("Importa unità da CSV"), "",
                             self.tr("File CSV (*.csv);;Tutti i file (*)"))
        dialog.setObjectName("unitsImportFile")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.start)
        dialog.open()
        return dialog

    def start(self, path: str) -> None:
        WriteOp(self._ctx, Change.UNITS, import_units, path).on_done(
            lambda result: self._show(path, added=added_count(result))).on_exception(
            lambda exc: self._show(path, problems=bad_rows(exc))).run("units.import")

    def _show(self, path: str, *, added: int | None = None, problems: list[str] | None = None) -> None:
        self.report = ImportReportDialog(self._parent, added=added, problems=problems, path=path)
        self.report.open()
        self.done.emit(self.report)
