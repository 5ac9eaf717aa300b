"""Add or edit one unit of the registry: kind, call sign, plate, radio channel, notes
(non-modal; the store validates and checks the call sign is free in the corps)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import ResourceKind
from ..context import AppContext
from ..i18n import enum_label, error_text
from ..operations import Change, WriteOp
from ..station.inline_errors import InlineErrors
from .registry_ops import save_unit


class UnitDialog(QDialog):
    saved = Signal(dict)

    def __init__(self, ctx: AppContext, unit: dict[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._unit = unit
        self._busy = False
        self.setObjectName("unitDialog")
        self.setWindowTitle(self.tr("Modifica unità") if unit else self.tr("Nuova unità"))
        self.setMinimumWidth(420)
        self._setup_ui()
        if unit:
            self._fill(unit)

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = InlineErrors(form, QLabel(self))
        self.kind = QComboBox(self)
        for kind in ResourceKind:
            self.kind.addItem(enum_label(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(ResourceKind.CAR.value))
        self.call_sign = QLineEdit(self)
        self.call_sign.setMaxLength(30)
        self.call_sign.setPlaceholderText(self.tr("es. Alfa 1"))
        self.plate = QLineEdit(self)
        self.plate.setMaxLength(20)
        self.radio_channel = QLineEdit(self)
        self.radio_channel.setMaxLength(20)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.errors.add_row("call_sign", self.tr("&Nominativo:"), self.call_sign)
        self.errors.add_row("kind", self.tr("&Tipo:"), self.kind)
        self.errors.add_row("plate", self.tr("T&arga:"), self.plate)
        self.errors.add_row("radio_channel", self.tr("&Canale radio:"), self.radio_channel)
        self.errors.add_row("notes", self.tr("N&ote:"), self.notes)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Salva"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annulla"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.call_sign.setFocus()

    def _fill(self, unit: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(unit.get("kind"))))
        self.call_sign.setText(unit.get("call_sign") or "")
        self.plate.setText(unit.get("plate") or "")
        self.radio_channel.setText(unit.get("radio_channel") or "")
        self.notes.setPlainText(unit.get("notes") or "")

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "call_sign": " ".join(self.call_sign.text().split()),
                "plate": self.plate.text().strip().upper() or None,
                "radio_channel": self.radio_channel.text().strip() or None,
                "notes": self.notes.toPlainText().strip() or None}

    def save(self) -> None:
        if self._busy:
            return
        values = self.values()
        if not values["call_sign"]:
            self.errors.set({"call_sign": self.tr("Indicare il nominativo radio (es. Alfa 1).")})
            self.call_sign.setFocus()
            return
        self._busy = True
        self.errors.clear()
        WriteOp(self._ctx, Change.UNITS, save_unit, self._unit["id"] if self._unit else None, values
                ).on_done(self._on_saved).on_exception(self._on_failed).run("units.save")

    def _on_saved(self, unit: dict[str, Any]) -> None:
        self._busy = False
        self.saved.emit(unit)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.errors.show_exception(exc, error_text(exc))
