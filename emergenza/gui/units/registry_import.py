"""Import units from a CSV file: choose the file, import all rows or none, and say what
happened — how many units were added, or every bad row by its line number.

Columns (a header row; ``;`` as Excel in Italian writes, or ``,``): ``tipo;nominativo;targa;
canale_radio;note`` (or kind, call_sign, plate, radio_channel, notes): ``store/unit_csv.py``.
"""

from __future__ import annotations

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

from ...domain.errors import RowsError
from ..context import AppContext
from ..i18n import error_text, plural
from ..operations import Change, WriteOp
from ..widgets.file_dialog import units_csv_dialog
from .registry_ops import import_units


def bad_rows(exc: BaseException) -> list[str]:
    """One translated line per bad row of a refused import (or the one reason it failed)."""
    if isinstance(exc, RowsError):
        row = QCoreApplication.translate("errors", RowsError.ROW)
        return [row.format(line, QCoreApplication.translate("validation", message)) for line, message in exc.rows]
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
        dialog = units_csv_dialog(self._parent, self.start, object_name="unitsImportFile")
        dialog.open()
        return dialog

    def start(self, path: str) -> None:
        WriteOp(self._ctx, Change.UNITS, import_units, path).on_done(
            lambda units: self._show(path, added=len(units))).on_exception(
            lambda exc: self._show(path, problems=bad_rows(exc))).run("units.import")

    def _show(self, path: str, *, added: int | None = None, problems: list[str] | None = None) -> None:
        self.report = ImportReportDialog(self._parent, added=added, problems=problems, path=path)
        self.report.open()
        self.done.emit(self.report)
