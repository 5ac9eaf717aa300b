"""The small forms of the operators window: a new operator (name, role, password), a new
password, another role. Each writes through the store, which checks the signed-in role
(``Action.MANAGE_OPERATORS``) — nobody can give themselves a role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
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
from ...domain.validation import validate_secret
from ..context import AppContext
from ..i18n import enum_label, error_text
from ..operations import Change, WriteOp
from .inline_errors import InlineErrors
from .people_ops import add_operator, set_password, set_role


def role_combo(parent: QWidget, current: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for role in Role:
        combo.addItem(enum_label(role), role.value)
    combo.setCurrentIndex(max(0, combo.findData(current or Role.OPERATOR.value)))
    return combo


def password_fields(parent: QWidget) -> tuple[QLineEdit, QLineEdit]:
    first, second = QLineEdit(parent), QLineEdit(parent)
    for edit in (first, second):
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(128)
    return first, second


def secret_errors(first: str, second: str) -> dict[str, str]:
    """A password (or PIN) long enough, typed the same twice (also used by the setup wizard)."""
    problems = validate_secret(first)
    if problems:
        return {"secret": QCoreApplication.translate("validation", problems[0].message)}
    if first != second:
        return {"secret_again": QCoreApplication.translate("OperatorForms", "Le due password non coincidono.")}
    return {}


class _Form(QDialog):
    saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, object_name: str, parent: QWidget | None):
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setMinimumWidth(400)
        self._layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.errors = InlineErrors(self.form, QLabel(self))
        self._layout.addLayout(self.form)

    def finish_ui(self) -> None:
        self._layout.addWidget(self.errors.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Salva"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annulla"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self._layout.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError

    def _write(self, fn: Callable[..., Any], *args: Any) -> None:
        if self._busy:
            return
        self._busy = True
        self.errors.clear()
        WriteOp(self._ctx, Change.SHIFT, fn, *args).on_done(self._on_saved).on_exception(
            self._on_failed).run(f"operators.{fn.__name__}")

    def _on_saved(self, result: object) -> None:
        self._busy = False
        self.saved.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.errors.show_exception(exc, error_text(exc))


class NewOperatorDialog(_Form):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, "", "newOperatorDialog", parent)
        self.setWindowTitle(self.tr("Nuovo operatore"))
        self.name = QLineEdit(self)
        self.name.setMaxLength(120)
        self.name.setPlaceholderText(self.tr("Nome e cognome"))
        self.role = role_combo(self)
        self.secret, self.secret_again = password_fields(self)
        self.errors.add_row("name", self.tr("&Nome:"), self.name)
        self.errors.add_row("role", self.tr("&Ruolo:"), self.role)
        self.errors.add_row("secret", self.tr("&Password o PIN:"), self.secret)
        self.errors.add_row("secret_again", self.tr("Ripeti la pass&word:"), self.secret_again)
        self.finish_ui()
        self.name.setFocus()

    def save(self) -> None:
        name = " ".join(self.name.text().split())
        errors = {} if name else {"name": self.tr("Indicare il nome dell'operatore.")}
        errors = errors or secret_errors(self.secret.text(), self.secret_again.text())
        if not self.errors.set(errors):
            return
        self._write(add_operator, name, self.role.currentData(), self.secret.text())


class PasswordDialog(_Form):
    def __init__(self, ctx: AppContext, operator: dict[str, Any], parent: QWidget | None = None):
        super().__init__(ctx, "", "passwordDialog", parent)
        self._operator = operator
        self.setWindowTitle(self.tr("Password di {0}").format(operator["name"]))
        self.secret, self.secret_again = password_fields(self)
        self.errors.add_row("secret", self.tr("Nuova &password o PIN:"), self.secret)
        self.errors.add_row("secret_again", self.tr("&Ripeti la password:"), self.secret_again)
        self.finish_ui()
        self.secret.setFocus()

    def save(self) -> None:
        if not self.errors.set(secret_errors(self.secret.text(), self.secret_again.text())):
            return
        self._write(set_password, self._operator["id"], self.secret.text())


class RoleDialog(_Form):
    def __init__(self, ctx: AppContext, operator: dict[str, Any], parent: QWidget | None = None):
        super().__init__(ctx, "", "roleDialog", parent)
        self._operator = operator
        self.setWindowTitle(self.tr("Ruolo di {0}").format(operator["name"]))
        self.role = role_combo(self, operator.get("role"))
        self.errors.add_row("role", self.tr("&Ruolo:"), self.role)
        self.finish_ui()
        self.role.setFocus()

    def save(self) -> None:
        self._write(set_role, self._operator["id"], self.role.currentData())

