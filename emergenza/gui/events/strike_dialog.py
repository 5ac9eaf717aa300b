"""The small dialog that asks why a journal entry of the event detail is struck through."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class StrikeDialog(QDialog):
    """Asks why an entry is struck through (non-modal: shown with ``open()``)."""

    def __init__(self, entry_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("strike_dialog")
        self._setup_ui(entry_text)

    def _setup_ui(self, entry_text: str) -> None:
        self.setWindowTitle(self.tr("Barra annotazione"))
        col = QVBoxLayout(self)
        shown = QLabel(entry_text)
        shown.setWordWrap(True)
        col.addWidget(shown)
        label = QLabel(self.tr("&Motivo:"))
        col.addWidget(label)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("strike_reason")
        label.setBuddy(self.reason_edit)
        col.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Barra"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annulla"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        col.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._on_reason_changed)
        self._on_reason_changed("")

    def _on_reason_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def reason(self) -> str:
        return self.reason_edit.text().strip()
