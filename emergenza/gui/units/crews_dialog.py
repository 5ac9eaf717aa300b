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


def parse_members(text: str) -> list[dict[str, Any]]:
    """One officer per line: "Mario Rossi" or "Mario Rossi; 1234" (name; badge number)."""
    members = []
    for line in text.splitlines():
        name, _sep, badge = line.partition(";")
        name, badge = " ".join(name.split()), badge.strip()
        if name or badge:
            members.append({"name": name, "badge": badge or None})
    return members


def members_text(members: list[dict[str, Any]]) -> str:
    return "\n".join(m["name"] + (f"; {m['badge']}" if m.get("badge") else "") for m in members)


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
        intro = QLabel(self.tr("Gli agenti che formano la pattuglia in questo turno, uno per riga: nome e, "
                               "se serve, la matricola dopo un punto e virgola (Mario Rossi; 1234)."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.errors = InlineErrors(form, QLabel(self))
        self.members = QPlainTextEdit(self)
        self.members.setTabChangesFocus(True)
        self.members.setPlaceholderText(self.tr("es. Mario Rossi; 1234\nLaura Verdi"))
        self.errors.add_row("crew", self.tr("&Agenti:"), self.members)
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

    def _on_loaded(self, members: list[dict[str, Any]]) -> None:
        if not self.members.toPlainText():
            self.members.setPlainText(members_text(members))

    def crew(self) -> list[dict[str, Any]]:
        return parse_members(self.members.toPlainText())

    def save(self) -> None:
        if self._busy:
            return
        self._busy = True
        WriteOp(self._ctx, Change.UNITS | Change.SHIFT | Change.JOURNAL, set_crew, self._unit["id"], self.crew()
                ).on_done(
            self._on_saved).on_exception(self._on_failed).run("crews.save")

    def _on_saved(self, _result: object) -> None:
        self._busy = False
        self.saved.emit()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.errors.show_exception(exc, error_text(exc))
