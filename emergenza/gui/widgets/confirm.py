"""Sì/No questions, the same everywhere: shown with ``open()`` (never ``exec()``: the app's
coroutines keep running), answered from the keyboard — Enter takes the default button,
Esc means No, Alt+S / Alt+N press Sì / No."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_yes_no(parent: QWidget, title: str, text: str, on_answer: Callable[[bool], None], *,
               object_name: str, default_yes: bool = False) -> QMessageBox:
    """Open a non-modal-to-the-loop question; ``on_answer(True)`` for Sì, ``False`` otherwise
    (No, Esc, window closed). The box is found under ``object_name`` until answered."""
    yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, text, yes_no, parent)
    box.setObjectName(object_name)
    yes = box.button(QMessageBox.StandardButton.Yes)
    no = box.button(QMessageBox.StandardButton.No)
    yes.setText(QCoreApplication.translate("Confirm", "&Sì"))
    no.setText(QCoreApplication.translate("Confirm", "&No"))
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No)
    box.setEscapeButton(no)

    def answered(_result: int) -> None:
        said_yes = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
        box.setObjectName("")  # gone for findChild at once; deleted when the loop comes back
        box.deleteLater()
        on_answer(said_yes)

    box.finished.connect(answered)
    box.open()
    return box
