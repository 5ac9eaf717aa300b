"""Operators and their shifts (local to the station, audited, never synced)."""

from __future__ import annotations

from typing import Any

from ..domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ..domain.ids import uuid7
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if, validate_operator
from .core import StoreCore, clean
from .outbox import Outbox


class People:
    def __init__(self, core: StoreCore, outbox: Outbox):
        self._core = core
        self._db = core.db
        self._outbox = outbox

    # ---------------------------------------------------------------- operators
    def add(self, name: str, role: str, *, operator: str | None = None) -> dict[str, Any]:
        data = {"name": clean(name), "role": clean(role)}
        raise_if(validate_operator(data))
        row = {"id": uuid7(), **data, "active": 1, "created_at": self._core.now_iso()}
        with self._core.transaction():
            self._db.execute("INSERT INTO operators (id, name, role, active, created_at) VALUES (?, ?, ?, ?, ?)",
                             [row["id"], row["name"], row["role"], 1, row["created_at"]])
            return self._core.changes.audit_row("operators", row["id"], operator=operator or row["name"],
                                                action="operator.add")

    def operators(self, *, active_only: bool = True) -> list[dict[str, Any]]:
        where = "WHERE active = 1" if active_only else ""
        return list(self._db.query(f"SELECT * FROM operators {where} ORDER BY name"))

    def get(self, operator_id: str) -> dict[str, Any]:
        row = self._core.one("SELECT * FROM operators WHERE id = ?", [operator_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Operatore non trovato."))
        return row

    # ------------------------------------------------------------------- shifts
    def start_shift(self, operator_id: str) -> dict[str, Any]:
        op = self.get(operator_id)
        row = {"id": uuid7(), "operator_id": operator_id, "started_at": self._core.now_iso()}
        with self._core.transaction():
            self._db.table("shifts").insert(row)
            self._core.audit.append(row["started_at"], op["name"], "shift.start", "shifts", row["id"], "")
        return row

    def current_shift(self) -> dict[str, Any] | None:
        return self._core.one("SELECT s.*, o.name AS operator_name, o.role AS operator_role FROM shifts s "
                              "JOIN operators o ON o.id = s.operator_id WHERE s.ended_at IS NULL "
                              "ORDER BY s.started_at DESC LIMIT 1")

    def end_shift(self, shift_id: str, *, operator: str, note: str | None = None,
                  allow_pending: bool = False) -> dict[str, Any]:
        """Close a shift. With changes still unsent it needs ``allow_pending`` and a note (why)."""
        pending = self._outbox.count()
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
