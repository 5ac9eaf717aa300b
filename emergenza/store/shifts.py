"""Shifts: who is on duty from when to when (local to the station, audited, never synced)."""

from __future__ import annotations

from typing import Any

from ..domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ..domain.ids import uuid7
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from .core import StoreCore, clean
from .outbox import Outbox

# Stored in the closed shift (data, Italian, like every close note).
HANDOVER_NOTE = "Passaggio di consegne a {0}"


class Shifts:
    def __init__(self, core: StoreCore, outbox: Outbox):
        self._core = core
        self._db = core.db
        self._outbox = outbox

    def start(self, operator: dict[str, Any]) -> dict[str, Any]:
        row = {"id": uuid7(), "operator_id": operator["id"], "started_at": self._core.now_iso()}
        with self._core.transaction():
            self._db.table("shifts").insert(row)
            self._core.audit.append(row["started_at"], operator["name"], "shift.start", "shifts", row["id"], "")
        return row

    def current(self) -> dict[str, Any] | None:
        return self._core.one("SELECT s.*, o.name AS operator_name, o.role AS operator_role FROM shifts s "
                              "JOIN operators o ON o.id = s.operator_id WHERE s.ended_at IS NULL "
                              "ORDER BY s.started_at DESC LIMIT 1")

    def end(self, shift_id: str, *, operator: str, note: str | None = None,
            allow_pending: bool = False) -> dict[str, Any]:
        """Close a shift. With changes still unsent it needs ``allow_pending`` and a note (why),
        and the role that may leave changes unsent (Action.SHIFT_END_PENDING)."""
        pending = self._outbox.count()
        if pending and allow_pending:
            self._core.require(Action.SHIFT_END_PENDING)
        note = clean(note)
        if pending and not allow_pending:
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "Ci sono {0} modifiche non ancora inviate al server: sincronizzare prima di "
                          "chiudere il turno, oppure indicare il motivo."), pending)
        if pending and not note:
            raise ValidationError([FieldError("close_note", QT_TRANSLATE_NOOP(
                "validation", "Indicare perché il turno si chiude con modifiche non inviate."))])
        with self._core.transaction():
            cur = self._db.execute("UPDATE shifts SET ended_at = ?, close_note = ?, pending_at_close = ? "
                                   "WHERE id = ? AND ended_at IS NULL",
                                   [self._core.now_iso(), note, pending, shift_id])
            if cur.rowcount != 1:
                raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Turno non trovato o già chiuso."))
            self._core.audit.append(self._core.now_iso(), operator, "shift.end", "shifts", shift_id, "")
        return dict(self._db.table("shifts").get(shift_id))

    def hand_over(self, operator: dict[str, Any]) -> dict[str, Any]:
        """The signed-in ``operator`` takes over: the shift left open by someone else ends and
        theirs starts, in one transaction, so no shift stays open behind another.

        A handover is not closing with pending changes by choice (``end(allow_pending=True)``,
        a responsabile's): the changes stay in the outbox and go with the next sync, so any
        signed-in operator may take over; the closed shift records how many were pending and
        who took over (``handed_to``). The operator's own open shift is simply resumed.
        Returns ``{"shift": the open shift, "closed": the shift ended here or None}``.
        """
        actor = self._core.actor
        if actor.role is None or actor.operator_id != operator["id"]:
            # Only the signed-in operator takes over, for themselves: refused and audited.
            with self._core.transaction():
                self._core.audit.append(self._core.now_iso(), actor.name or "-", "denied.shift_handover",
                                        "shifts", "", actor.role.value if actor.role else "")
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "Solo l'operatore che ha effettuato l'accesso può prendere il turno."))
        previous = self.current()
        if previous is not None and previous["operator_id"] == operator["id"]:
            return {"shift": previous, "closed": None}
        closed = None
        with self._core.transaction():
            now = self._core.now_iso()
            if previous is not None:
                pending = self._outbox.count()
                cur = self._db.execute(
                    "UPDATE shifts SET ended_at = ?, close_note = ?, pending_at_close = ?, handed_to = ? "
                    "WHERE id = ? AND ended_at IS NULL",
                    [now, HANDOVER_NOTE.format(operator["name"]), pending, operator["id"], previous["id"]])
                if cur.rowcount != 1:
                    raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Turno non trovato o già chiuso."))
                self._core.audit.append(now, operator["name"], "shift.handover", "shifts", previous["id"], "")
                closed = dict(self._db.table("shifts").get(previous["id"]))
            row = {"id": uuid7(), "operator_id": operator["id"], "started_at": now}
            self._db.table("shifts").insert(row)
            self._core.audit.append(now, operator["name"], "shift.start", "shifts", row["id"], "")
        return {"shift": row, "closed": closed}
