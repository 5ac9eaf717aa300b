"""The setup wizard's last page: the station's first units, typed in (call sign, kind;
Enter adds the one typed) or imported from a CSV file; both optional — units can be
added later from Unità → Anagrafica unità…. They are written when the wizard finishes,
by the first operator just created (the store checks the role)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ...domain.enums import ResourceKind
from ...domain.validation import CALL_SIGN_RE
from ..context import AppContext
from ..i18n import enum_label
from ..widgets.file_dialog import units_csv_dialog
from ..widgets.labels import ERROR_STYLE


class UnitsPage(QWizardPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._units: list[dict[str, Any]] = []
        self.csv_path = ""
        self.file_dialog: QFileDialog | None = None
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setTitle(self.tr("Prime unità (facoltativo)"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Le unità che la sala può inviare: scrivere il nominativo radio e premere Invio "
                               "per aggiungerlo, oppure importarle da un file CSV (colonne tipo;nominativo;targa;"
                               "canale_radio;note). Si possono aggiungere anche dopo (Unità → Anagrafica unità)."),
                       self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.call_sign = QLineEdit(self)
        self.call_sign.setObjectName("unit_call_sign")
        self.call_sign.setMaxLength(30)
        self.call_sign.setPlaceholderText(self.tr("es. Alfa 1"))
        self.call_sign.installEventFilter(self)
        label = QLabel(self.tr("N&ominativo:"), self)
        label.setBuddy(self.call_sign)
        form.addRow(label, self.call_sign)
        self.kind = QComboBox(self)
        self.kind.setObjectName("unit_kind")
        for kind in ResourceKind:
            self.kind.addItem(enum_label(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(ResourceKind.CAR.value))
        label = QLabel(self.tr("&Tipo:"), self)
        label.setBuddy(self.kind)
        form.addRow(label, self.kind)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("A&ggiungi unità"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button = QPushButton(self.tr("Togli dall'&elenco"), self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(self.tr("Importa da &CSV…"), self)
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.choose_csv)
        for button in (self.add_button, self.remove_button, self.import_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.list = QListWidget(self)
        self.list.setObjectName("setupUnits")
        layout.addWidget(self.list)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def units(self) -> list[dict[str, Any]]:
        return list(self._units)

    def add_unit(self, call_sign: str, kind: str) -> bool:
        call_sign = " ".join(call_sign.split())
        if not call_sign:
            return False
        if not CALL_SIGN_RE.match(call_sign):
            self.say(self.tr("Nominativo non valido (massimo 30 caratteri)."), ERROR_STYLE)
            return False
        if any(u["call_sign"].casefold() == call_sign.casefold() for u in self._units):
            self.say(self.tr("{0} è già nell'elenco.").format(call_sign), ERROR_STYLE)
            return False
        self._units.append({"kind": kind, "call_sign": call_sign})
        self.list.addItem(f"{call_sign} ({enum_label(ResourceKind(kind))})")
        self.say(self.tr("Unità da aggiungere: {0}.").format(len(self._units)))
        return True

    def add_typed(self) -> None:
        if self.add_unit(self.call_sign.text(), self.kind.currentData()):
            self.call_sign.clear()
        self.call_sign.setFocus()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._units):
            self.list.takeItem(row)
            del self._units[row]

    def choose_csv(self) -> QFileDialog:
        dialog = units_csv_dialog(self, self.set_csv)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def set_csv(self, path: str) -> None:
        self.csv_path = path
        self.say(self.tr("Alla fine saranno importate anche le unità di {0}.").format(path))

    def say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the call sign field adds the unit typed (with nothing typed, it finishes)."""
        if (watched is self.call_sign and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.call_sign.text().strip()):
            self.add_typed()
            return True
        return super().eventFilter(watched, event)
