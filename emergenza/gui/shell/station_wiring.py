"""The station in the main window: who is signed in and what their role shows.

- the units registry (Unità → Anagrafica unità…, Ctrl+Shift+U, and the units board's
  button and context menu) and the operators window (File → Operatori…, Ctrl+Shift+P);
- signing in, switching operator, locking (File → Blocca postazione, Ctrl+L), the idle
  lock, and the handover once a shift is closed (someone signs in, or the window stays
  locked); while the window is locked the sign-in dialog is window-modal over it;
- quitting during an open shift asks first (``confirm_quit``; interactive runs);
- the role gate: menu actions follow ``ctx.may`` (``role_gate.ACTION_GATES``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog

from ..operations import Change, WriteOp
from ..station.idle_lock import IdleLock
from ..station.operator_dialog import OperatorDialog, SignInMode
from ..station.people_ops import sign_out
from ..widgets.confirm import ask_yes_no
from .role_gate import RoleGate

if TYPE_CHECKING:
    # The windows opened from a menu are imported by the slot that first opens them: the
    # enrollment dialog alone pulls in the sync engine, not needed for a usable window.
    from ..station.enroll_dialog import EnrollDialog
    from ..station.operators_window import OperatorsWindow
    from ..units.registry_window import UnitsRegistryWindow
    from .main_window import MainWindow


class StationWiring(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.registry: UnitsRegistryWindow | None = None
        self.operators: OperatorsWindow | None = None
        self.sign_in: OperatorDialog | None = None  # the sign-in / lock dialog, while open
        self.http: httpx.AsyncClient | None = None  # the app's one client (composition root), for enrollment
        self.enroll_dialog: EnrollDialog | None = None
        self.confirm_quit = False  # interactive runs: quitting during a shift asks first
        self._quit_confirmed = False
        self.gate = RoleGate(self.ctx, window)
        self.idle = IdleLock(self.ctx, self.lock, self)

    def install(self) -> None:
        """Once the menus exist."""
        for board in (self.window.units_board, self.window.units_panel):
            board.registry_requested.connect(self.open_units_registry)
        self.gate.apply()
        self.idle.restart()

    def stop(self) -> None:
        self.idle.stop()

    # ----------------------------------------------------------------- windows
    def open_units_registry(self) -> UnitsRegistryWindow:
        if self.registry is None:
            from ..units.registry_window import UnitsRegistryWindow

            self.registry = UnitsRegistryWindow(self.ctx, self.window)
            self.window.keep_dialog(self.registry)
        else:
            self.registry.reload()
        self.registry.show()
        self.registry.raise_()
        self.registry.activateWindow()
        return self.registry

    def open_operators(self) -> OperatorsWindow:
        if self.operators is None:
            from ..station.operators_window import OperatorsWindow

            self.operators = OperatorsWindow(self.ctx, self.window)
            self.window.keep_dialog(self.operators)
        else:
            self.operators.reload()
        self.operators.show()
        self.operators.raise_()
        self.operators.activateWindow()
        return self.operators

    def open_enrollment(self) -> EnrollDialog | None:
        if self.http is None:
            self.window.show_error(self.tr("Registrazione non disponibile in questa esecuzione."))
            return None
        if self.enroll_dialog is None:
            from ..station.enroll_dialog import EnrollDialog

            self.enroll_dialog = EnrollDialog(self.ctx, self.http, self.window)
            self.enroll_dialog.enrolled.connect(lambda _e: self._on_enrolled())
        self.enroll_dialog.show()
        self.enroll_dialog.raise_()
        return self.enroll_dialog

    def _on_enrolled(self) -> None:
        """Title and status bar at once (the next sync round would be seconds away)."""
        self.window.reload_station()
        if self.ctx.sync is not None:
            self.ctx.tasks.run(self.ctx.sync.refresh_state(), name="enroll.refresh")
            self.ctx.sync.wake()

    # ----------------------------------------------------------------- sign-in
    def ask_sign_in(self, mode: SignInMode) -> OperatorDialog:
        """Open (or bring back) the sign-in dialog; the locking modes block the window."""
        if self.sign_in is not None and self.sign_in.isVisible():
            self.sign_in.mode = mode
            self.sign_in._apply_mode()
            return self.sign_in
        dialog = OperatorDialog(self.ctx, self.window, mode=mode)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if mode in (SignInMode.HANDOVER, SignInMode.LOCKED):
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.idle.paused = True
        dialog.finished.connect(self._on_sign_in_finished)
        self.sign_in = dialog
        self.window.keep_dialog(dialog)
        dialog.open()
        return dialog

    def _on_sign_in_finished(self, _result: int) -> None:
        self.sign_in = None
        self.idle.paused = False
        self.idle.restart()
        self.gate.apply()

    def change_operator(self) -> OperatorDialog:
        return self.ask_sign_in(SignInMode.SWITCH)

    def lock(self) -> OperatorDialog | None:
        """Lock the window until the operator on shift (or another) types a password."""
        if self.ctx.operator is None and self.sign_in is not None:
            return self.sign_in
        return self.ask_sign_in(SignInMode.LOCKED)

    def hand_over(self) -> None:
        """The shift was closed: nobody acts any more until the next operator signs in."""
        WriteOp(self.ctx, Change.SHIFT, sign_out).on_done(lambda _r: self._signed_out()).run("operators.sign_out")

    def _signed_out(self) -> None:
        self.ctx.set_operator(None)
        self.ask_sign_in(SignInMode.HANDOVER)

    # ------------------------------------------------------------------ quitting
    def may_close(self) -> bool:
        """True to let the window close now; otherwise ask Sì/No (a shift is open) and close on Sì."""
        if not self.confirm_quit or self._quit_confirmed or self.ctx.operator is None:
            return True
        if self.window.findChild(QDialog, "confirmQuit") is None:
            ask_yes_no(self.window, self.tr("Esci da Emergenza"),
                       self.tr("Il turno di {0} è aperto. Uscire comunque? Il turno resta aperto e si "
                               "riprende al prossimo avvio; per passare le consegne usare "
                               "Sincronizzazione → Fine turno.").format(self.ctx.operator.name),
                       self._on_quit_answer, object_name="confirmQuit")
        return False

    def _on_quit_answer(self, yes: bool) -> None:
        if yes:
            self._quit_confirmed = True
            self.window.close()
