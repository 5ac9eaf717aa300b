"""Operators (File → Operatori…, Ctrl+Shift+P): who may sign in at this station, their role,
their password; add, change role, deactivate/reactivate, set a password. Non-modal; for
the roles that may manage operators (``Action.MANAGE_OPERATORS``), the store checks again.
The list window itself is the registries' (widgets/registry_list.py).

Keys: Ins new, F2 role, Ctrl+W password, Del deactivate or reactivate.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from ...domain.roles import Action
from ..context import AppContext
from ..operations import Change, WriteOp
from ..widgets.confirm import ask_yes_no
from ..widgets.registry_list import RegistryListWindow
from .operators_dialogs import NewOperatorDialog, PasswordDialog, RoleDialog
from .operators_model import OperatorsModel
from .people_ops import all_operators, set_active


class OperatorsWindow(RegistryListWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, OperatorsModel(), object_name="operatorsWindow", name="operators",
                         read=all_operators, reload_on=Change.SHIFT, size=(640, 400), parent=parent)
        self.model.setParent(self)
        self.setWindowTitle(self.tr("Operatori"))
        self.add_button = QPushButton(self.tr("&Nuovo… (Ins)"), self)
        self.role_button = QPushButton(self.tr("R&uolo… (F2)"), self)
        self.password_button = QPushButton(self.tr("&Password… (Ctrl+W)"), self)
        self.active_button = QPushButton(self.tr("&Disattiva (Canc)"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        self.build(self.tr("&Operatori:"),
                   ((self.add_button, self.add_operator), (self.role_button, self.change_role),
                    (self.password_button, self.change_password), (self.active_button, self.toggle_active),
                    (self.close_button, self.close)),
                   (("Ins", self.add_operator), ("F2", self.change_role), ("Ctrl+W", self.change_password),
                    ("Del", self.toggle_active)), stretch_after=self.active_button)

    def current_operator(self) -> dict[str, Any] | None:
        return self.current()

    def select_name(self, name: str) -> None:
        self.select("name", name)

    def update_buttons(self, *_args: Any) -> None:
        manage = self._ctx.may(Action.MANAGE_OPERATORS)
        op = self.current_operator()
        self.add_button.setEnabled(manage)
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(manage and op is not None)
        inactive = op is not None and not op.get("active", 1)
        self.active_button.setText(self.tr("&Riattiva (Canc)") if inactive else self.tr("&Disattiva (Canc)"))
        if not manage:
            self.say(self.tr("Gli operatori si gestiscono dal ruolo responsabile in su."))

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.saved.connect(lambda _r: self.reload())  # type: ignore[attr-defined]
        return self.open_dialog(dialog)

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
        WriteOp(self._ctx, Change.SHIFT, set_active, op["id"], active).on_done(lambda _r: self.say(
            self.tr("{0} di nuovo attivo.").format(op["name"]) if active
            else self.tr("{0} disattivato.").format(op["name"]))).on_error(self.say_error).run("operators.active")
