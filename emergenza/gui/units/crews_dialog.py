"""The crew of one unit for the shift: the officers who form the patrol, one per line.
Set at shift start and changed during it; the store records the change in the shift and
in the journal of the events the unit is on (``Action.MANAGE_CREWS``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..i18n import error_text
from ..operations import Change, ReadOp, WriteOp
from ..station.inline_errors import InlineErrors
from .registry_ops import crew_of, set_crew

MAX_MEMBERS = 8


class CrewDialog(QDialog):
    saved = Signal()

    def __init__(self, ctx: AppContext, unit: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._unit = unit
        self._busy = False
        self.setObjectName("crewDialog")
        self.setWindowTitle(self.tr("Equipaggio di {0}").format(unit["call_sign"]))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Gli agenti che formano la pattuglia in questo turno, uno per riga."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.errors = InlineErrors(form, QLabel(self))
        self.members = QPlainTextEdit(self)
        self.members.setTabChangesFocus(True)
        self.members.setPlaceholderText(self.tr("es. Ag. Mario Rossi\nAg. Laura Verdi"))
        self.errors.add_row("members", self.tr("&Agenti:"), self.members)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Salva"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annulla"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.members.setFocus()
        ReadOp(ctx, crew_of, unit["id"]).on_done(self._on_loaded).on_error(
            lambda text: self.errors.set({"": text})).run("crews.load")

    def _on_loaded(self, members: list[str]) -> None:
        if not self.members.toPlainText():
            self.members.setPlainText("\n".join(members))

    def names(self) -> list[str]:
        return [" ".join(line.split()) for line in self.members.toPlainText().splitlines() if line.strip()]

    def save(self) -> None:
        if self._busy:
            return
        names = self.names()
        if len(names) > MAX_MEMBERS:
            self.errors.set({"members": self.tr("Al massimo {0} agenti per unità.").format(MAX_MEMBERS)})
            return
        self._busy = True
        WriteOp(self._ctx, Change.UNITS | Change.SHIFT, set_crew, self._unit["id"], names).on_done(
            self._on_saved).on_exception(self._on_failed).run("crews.save")

    def _on_saved(self, _result: object) -> None:
        self._busy = False
        self.saved.emit()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.errors.show_exception(exc, error_text(exc))
