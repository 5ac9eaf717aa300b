"""Operators (File → Operatori…, Ctrl+Shift+P): who may sign in at this station, their role,
their password; add, change role, deactivate/reactivate, set a password. Non-modal; for
the roles that may manage operators (``Action.MANAGE_OPERATORS``), the store checks again.

Keys: Ins new, F2 role, Ctrl+W password, Del deactivate or reactivate.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ...domain.roles import Action
from ..context import AppContext
from ..operations import Change, ReadOp, WriteOp
from ..widgets.confirm import ask_yes_no
from ..widgets.labels import ERROR_STYLE
from ..widgets.tables import hide_row_numbers, select_whole_rows
from .operators_dialogs import NewOperatorDialog, PasswordDialog, RoleDialog
from .operators_model import OperatorsModel
from .people_ops import all_operators, set_active


class OperatorsWindow(QDialog):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.dialog: QDialog | None = None
        self.setObjectName("operatorsWindow")
        self.setWindowTitle(self.tr("Operatori"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(640, 400)
        self.model = OperatorsModel(self)
        self._setup_ui()
        ctx.signals.changed.connect(self._on_changed)
        ctx.signals.operator_changed.connect(self._update_buttons)
        self.reload()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.table = QTableView(self)
        self.table.setObjectName("operatorsTable")
        self.table.setModel(self.model)
        select_whole_rows(self.table)
        hide_row_numbers(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        label = QLabel(self.tr("&Operatori:"), self)
        label.setBuddy(self.table)
        layout.addWidget(label)
        layout.addWidget(self.table)
        self.message = QLabel(self)
        self.message.setObjectName("operatorsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Nuovo… (Ins)"), self)
        self.role_button = QPushButton(self.tr("R&uolo… (F2)"), self)
        self.password_button = QPushButton(self.tr("&Password… (Ctrl+W)"), self)
        self.active_button = QPushButton(self.tr("&Disattiva (Canc)"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        for button, slot in ((self.add_button, self.add_operator), (self.role_button, self.change_role),
                             (self.password_button, self.change_password), (self.active_button, self.toggle_active),
                             (self.close_button, self.close)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            if button is self.active_button:
                row.addStretch(1)
        layout.addLayout(row)
        for keys, slot in (("Ins", self.add_operator), ("F2", self.change_role), ("Ctrl+W", self.change_password),
                           ("Del", self.toggle_active)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()

    def reload(self) -> None:
        ReadOp(self._ctx, all_operators).on_done(self._on_loaded).on_error(self._say_error).run("operators.list")

    def _on_loaded(self, rows: list[dict[str, Any]]) -> None:
        current = self.current_operator()
        self.model.set_rows(rows)
        row = self.model.row_of(current["id"]) if current else -1
        self.table.selectRow(max(0, row) if rows else -1)
        self._update_buttons()
        self.loaded.emit()

    def _on_changed(self, changes: Change) -> None:
        if changes & Change.SHIFT and self.isVisible():
            self.reload()

    def current_operator(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.operator(index.row()) if index.isValid() else None

    def select_name(self, name: str) -> None:
        for row in range(self.model.rowCount()):
            op = self.model.operator(row)
            if op and op["name"] == name:
                self.table.selectRow(row)
                return

    def _update_buttons(self, *_args) -> None:
        manage = self._ctx.may(Action.MANAGE_OPERATORS)
        op = self.current_operator()
        self.add_button.setEnabled(manage)
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(manage and op is not None)
        inactive = op is not None and not op.get("active", 1)
        self.active_button.setText(self.tr("&Riattiva (Canc)") if inactive else self.tr("&Disattiva (Canc)"))
        if not manage:
            self._say(self.tr("Gli operatori si gestiscono dal ruolo responsabile in su."))

    def _say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def _say_error(self, text: str) -> None:
        self._say(text, ERROR_STYLE)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _r: self.reload())  # type: ignore[attr-defined]
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_operator(self) -> QDialog | None:
        if not self._ctx.may(Action.MANAGE_OPERATORS):
            return None
        return self._open(NewOperatorDialog(self._ctx, self))

    def change_role(self) -> QDialog | None:
        op = self.current_operator()
        if op is None or not self._ctx.may(Action.MANAGE_OPERATORS):
            return None
        return self._open(RoleDialog(self._ctx, op, self))

    def change_password(self) -> QDialog | None:
        op = self.current_operator()
        if op is None or not self._ctx.may(Action.MANAGE_OPERATORS):
            return None
        return self._open(PasswordDialog(self._ctx, op, self))

    def toggle_active(self) -> None:
        op = self.current_operator()
        if op is None or not self._ctx.may(Action.MANAGE_OPERATORS):
            return
        if not op.get("active", 1):
            self._set_active(op, True)
            return
        ask_yes_no(self, self.tr("Disattiva operatore"),
                   self.tr("Disattivare {0}? Non potrà più entrare; quanto ha registrato resta a suo nome.")
                   .format(op["name"]), lambda yes: yes and self._set_active(op, False),
                   object_name="confirmDeactivateOperator")

    def _set_active(self, op: dict[str, Any], active: bool) -> None:
        WriteOp(self._ctx, Change.SHIFT, set_active, op["id"], active).on_done(lambda _r: self._say(
            self.tr("{0} di nuovo attivo.").format(op["name"]) if active
            else self.tr("{0} disattivato.").format(op["name"]))).on_error(self._say_error).run("operators.active")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.setFocus()
