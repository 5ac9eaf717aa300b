"""Who is on shift: pick an operator (or add one) and start the shift (non-modal).

Every action of the app is attributed to ``ctx.operator``; this dialog is the only
place that sets it.
"""

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
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...store import Store
from ..context import AppContext, Operator
from ..i18n import enum_label
from ..operations import Change, ReadOp, WriteOp


def _operators_and_shift(store: Store) -> dict[str, Any]:
    return {"operators": store.people.operators(), "shift": store.people.current_shift()}


def _start(store: Store, operator_id: str | None, name: str, role: str) -> dict[str, Any]:
    """Add the operator if new, then start a shift unless they are already on the open one."""
    if operator_id is None:
        op = store.people.add(name, role)
        operator_id = op["id"]
    op = store.people.get(operator_id)
    shift = store.people.current_shift()
    if shift is None or shift["operator_id"] != operator_id:
        shift = store.people.start_shift(operator_id)
    return {"operator": op, "shift": shift}


class OperatorDialog(QDialog):
    operator_chosen = Signal(object)  # Operator

    NEW = "__new__"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, startup: bool = False):
        super().__init__(parent)
        self._ctx = ctx
        self._startup = startup
        self._busy = False
        self.setWindowTitle(self.tr("Operatore in turno"))
        self.setMinimumWidth(420)
        self._setup_ui()
        ReadOp(ctx, _operators_and_shift).on_done(self._on_loaded).on_error(self._on_failed).run("operators.load")

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Chi è in turno? Ogni operazione sarà registrata a suo nome."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.operator = QComboBox(self)
        self.operator.addItem(self.tr("Nuovo operatore…"), self.NEW)
        self.operator.currentIndexChanged.connect(self._on_operator_changed)
        form.addRow(self.tr("&Operatore:"), self.operator)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Nome e cognome"))
        form.addRow(self.tr("&Nome:"), self.name)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(enum_label(role), role.value)
        form.addRow(self.tr("&Ruolo:"), self.role)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Inizia il turno"))
        if self._startup:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Esci"))
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._on_operator_changed()

    def _on_loaded(self, data: dict[str, Any]) -> None:
        current = data["shift"]["operator_id"] if data["shift"] else None
        for op in data["operators"]:
            self.operator.addItem(f"{op['name']} ({enum_label(Role(op['role']))})", op["id"])
        preferred = current or (self._ctx.operator.id if self._ctx.operator else None)
        index = self.operator.findData(preferred) if preferred else (1 if data["operators"] else 0)
        self.operator.setCurrentIndex(max(0, index))
        (self.name if self.operator.currentData() == self.NEW else self.operator).setFocus()

    def _on_failed(self, text: str) -> None:
        self._busy = False
        self.error_label.setText(text)
        self.error_label.show()

    def _on_operator_changed(self, *_args) -> None:
        new = self.operator.currentData() == self.NEW
        self.name.setEnabled(new)
        self.role.setEnabled(new)

    def _on_accept(self) -> None:
        if self._busy:
            return
        chosen = self.operator.currentData()
        operator_id = None if chosen == self.NEW else chosen
        self._busy = True
        self.error_label.hide()
        WriteOp(self._ctx, Change.SHIFT, _start, operator_id, self.name.text(), self.role.currentData()
                ).on_done(self._on_started).on_error(self._on_failed).run("operators.start_shift")

    def _on_started(self, result: dict[str, Any]) -> None:
        self._busy = False
        op = result["operator"]
        self._ctx.set_operator(Operator(op["id"], op["name"], op["role"]))
        self.operator_chosen.emit(self._ctx.operator)
        self.accept()
