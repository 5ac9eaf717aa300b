"""Help → Informazioni: version, purpose, licence (a non-modal message box)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ... import __version__


def about_text() -> str:
    purpose = QCoreApplication.translate(
        "About", "Sala operativa della Polizia Locale: interventi, unità e diario, anche senza rete.")
    licence = QCoreApplication.translate("About", "Licenza EUPL-1.2. Elenco dei comuni: ISTAT (CC BY 4.0).")
    version = QCoreApplication.translate("About", "Versione {0}").format(__version__)
    return f"<h3>Emergenza</h3><p><b>{version}</b></p><p>{purpose}</p><p>{licence}</p>"


def about_box(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("About", "Informazioni su Emergenza"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box
