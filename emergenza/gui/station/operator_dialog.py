"""Sign-in: who is on shift, proved with their password or PIN (non-modal to the loop,
window-modal to the main window). There is no role to choose: the role is the one the
operator was given (Operatori…), and the store signs them in — it sets the actor every
guarded write is checked against, refuses a wrong password and makes the next attempt
wait (the wait is shown here, counting down).

Modes:
- ``STARTUP``: the app has just opened; "Esci" quits.
- ``SWITCH``: File → Cambia operatore; "Annulla" keeps the operator on shift.
- ``HANDOVER``: the shift was just closed; someone takes over, or "Blocca" leaves the
  window locked (nobody signed in) until someone does.
- ``LOCKED``: the idle lock, or a window left locked; only a sign-in opens it (the
  operator on shift resumes; another operator takes over, closing the shift left open).
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...domain.errors import SignInRefusedError
from ..context import AppContext, Operator
from ..i18n import enum_label, error_text
from ..operations import Change, ReadOp, WriteOp
from ..widgets.labels import ERROR_STYLE
from .people_ops import operators_and_shift, sign_in


class SignInMode(enum.Enum):
    STARTUP = "startup"
    SWITCH = "switch"
    HANDOVER = "handover"
    LOCKED = "locked"


def throttle_wait_s(exc: BaseException) -> int:
    """Seconds before the next attempt is allowed (0: try again at once)."""
    return exc.wait_s if isinstance(exc, SignInRefusedError) else 0


class OperatorDialog(QDialog):
    """The sign-in dialog (the name stays: the app opens it as before)."""

    operator_chosen = Signal(object)  # Operator, once signed in

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, startup: bool = False,
                 mode: SignInMode | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.mode = mode or (SignInMode.STARTUP if startup else SignInMode.SWITCH)
        self._busy = False
        self._wait_left = 0
        self.setObjectName("signInDialog")
        self.setMinimumWidth(420)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        # A coarse timer may fire 5% early: the button would come back before the store's wait
        # ends and the next attempt would be refused as too soon.
        self._countdown.setTimerType(Qt.TimerType.PreciseTimer)
        self._countdown.timeout.connect(self._tick)
        self._setup_ui()
        self._apply_mode()
        ReadOp(ctx, operators_and_shift).on_done(self._on_loaded).on_error(self._on_failed).run("operators.load")

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("signInIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.operator = QComboBox(self)
        self.operator.setObjectName("signInOperator")
        label = QLabel(self.tr("&Operatore:"), self)
        label.setBuddy(self.operator)
        form.addRow(label, self.operator)
        self.password = QLineEdit(self)
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("password o PIN"))
        self.password.textEdited.connect(lambda _t: self._hide_error())
        label = QLabel(self.tr("&Password:"), self)
        label.setBuddy(self.password)
        form.addRow(label, self.password)
        layout.addLayout(form)
        self.wait_label = QLabel(self)
        self.wait_label.setObjectName("signInWait")
        self.wait_label.hide()
        layout.addWidget(self.wait_label)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("signInError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = QPushButton(self.tr("&Entra"), self)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setObjectName("signInButton")
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button = QPushButton(self)
        self.other_button.setAutoDefault(False)
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(self._on_sign_in)
        self.other_button.clicked.connect(self._on_other)
        layout.addWidget(self.buttons)

    def _apply_mode(self) -> None:
        titles = {SignInMode.STARTUP: self.tr("Accesso"), SignInMode.SWITCH: self.tr("Cambia operatore"),
                  SignInMode.HANDOVER: self.tr("Passaggio di consegne"),
                  SignInMode.LOCKED: self.tr("Postazione bloccata")}
        intros = {
            SignInMode.STARTUP: self.tr("Chi è in turno? Scegliere il proprio nome e digitare la password: "
                                        "ogni operazione sarà registrata a suo nome."),
            SignInMode.SWITCH: self.tr("Chi prende il turno? Il turno aperto sarà chiuso e ne sarà aperto "
                                       "uno nuovo a nome di chi entra."),
            SignInMode.HANDOVER: self.tr("Turno chiuso. Chi prende il turno? Altrimenti bloccare la "
                                         "postazione finché qualcuno non entra."),
            SignInMode.LOCKED: self.tr("Postazione bloccata. Per riprendere digitare la password; un altro "
                                       "operatore può prendere il turno."),
        }
        others = {SignInMode.STARTUP: self.tr("Esci"), SignInMode.SWITCH: self.tr("Annulla"),
                  SignInMode.HANDOVER: self.tr("&Blocca")}
        self.setWindowTitle(titles[self.mode])
        self.intro.setText(intros[self.mode])
        self.other_button.setVisible(self.mode in others)
        if self.mode in others:
            self.other_button.setText(others[self.mode])

    # ----------------------------------------------------------------- loading
    def _on_loaded(self, data: dict[str, Any]) -> None:
        self.operator.clear()
        for op in data["operators"]:
            self.operator.addItem(f"{op['name']} ({enum_label(Role(op['role']))})", op["id"])
        shift = data["shift"]
        preferred = (self._ctx.operator.id if self._ctx.operator else None) or (
            shift["operator_id"] if shift else None)
        if self.mode is SignInMode.HANDOVER:
            preferred = None  # someone else takes over, as a rule
        index = self.operator.findData(preferred) if preferred else -1
        self.operator.setCurrentIndex(index if index >= 0 else 0)
        if not data["operators"]:
            self._show_error(self.tr("Nessun operatore attivo: aggiungerne uno (Operatori…) o ripetere la "
                                     "prima configurazione."))
        self.password.setFocus()

    # ----------------------------------------------------------------- actions
    def _on_sign_in(self) -> None:
        operator_id = self.operator.currentData()
        if self._busy or self._wait_left > 0 or not operator_id:
            return
        self._busy = True
        self._hide_error()
        WriteOp(self._ctx, Change.SHIFT, sign_in, operator_id, self.password.text()).on_done(
            self._on_signed_in).on_exception(self._on_refused).run("operators.sign_in")

    def _on_signed_in(self, result: dict[str, Any]) -> None:
        self._busy = False
        self.password.clear()
        op = result["operator"]
        self._ctx.set_operator(Operator(op["id"], op["name"], op["role"]))
        if result.get("closed"):  # a handover closed the shift left open: back it up, write its report
            self._shift_closed(result["closed"])
        self.operator_chosen.emit(self._ctx.operator)
        self.accept()

    def _shift_closed(self, shift: dict[str, Any]) -> None:
        if self._ctx.backups is not None:
            self._ctx.backups.shift_ended()
        from ..reports.shift_report import ShiftReportWriter  # not at start-up: cold start < 1 s

        # Parented to the window: this dialog closes (and may be deleted) before the report is written.
        writer = ShiftReportWriter(self._ctx, self.parentWidget() or QApplication.instance())
        self.report_writer = writer
        writer.shift_closed(shift)

    def _on_refused(self, exc: BaseException) -> None:
        self._busy = False
        self.password.clear()
        self.password.setFocus()
        self._show_error(error_text(exc))
        wait = throttle_wait_s(exc)
        if wait:
            self._wait_left = wait
            self.sign_in_button.setEnabled(False)
            self._show_wait()
            self._countdown.start()

    def _on_failed(self, text: str) -> None:
        self._show_error(text)

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._countdown.stop()
            self.wait_label.hide()
            self.sign_in_button.setEnabled(True)
            return
        self._show_wait()

    def _show_wait(self) -> None:
        self.wait_label.setText(self.tr("Troppi tentativi errati: nuovo tentativo tra {0} s.").format(
            self._wait_left))
        self.wait_label.show()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _hide_error(self) -> None:
        self.error_label.hide()

    def _on_other(self) -> None:
        if self.mode is SignInMode.HANDOVER:
            self.mode = SignInMode.LOCKED
            self._apply_mode()
            self.password.setFocus()
            return
        super().reject()

    def reject(self) -> None:
        """Esc: closes only the dialogs that may be left (start-up and switch)."""
        if self.mode in (SignInMode.STARTUP, SignInMode.SWITCH):
            super().reject()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.mode in (SignInMode.HANDOVER, SignInMode.LOCKED):
            event.accept()
            return
        super().keyPressEvent(event)
