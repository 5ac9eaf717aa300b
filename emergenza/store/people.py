"""Operators, their roles and sign-in, and their shifts (local to the station, audited,
never synced).

Rules that hold whoever asks (the GUI only mirrors them):
- managing operators needs Action.MANAGE_OPERATORS, except the very first operator of a
  store, who may be added by anyone and only as amministratore (the setup wizard);
- nobody changes their own role, and nobody grants (or touches someone holding) a role
  above their own;
- the last active amministratore cannot be demoted or deactivated;
- an operator with no password cannot sign in; wrong attempts are throttled per operator
  (the wait is stored, so a restart does not reset it) and every attempt is audited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..domain.entities import parse_iso, utc_now_iso
from ..domain.enums import Role
from ..domain.errors import (
    EmergenzaError,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    SignInRefusedError,
    UserError,
)
from ..domain.ids import uuid7
from ..domain.roles import NOBODY, ROLE_ORDER, Action, Actor
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if, validate_operator, validate_secret
from . import passwords
from .core import StoreCore, clean
from .outbox import Outbox
from .shifts import Shifts

SECRETS = "operator_secrets"


def _rank(role: Role | str | None) -> int:
    return -1 if role is None else ROLE_ORDER.index(Role(role))


class People:
    def __init__(self, core: StoreCore, outbox: Outbox):
        self._core = core
        self._db = core.db
        self._shifts = Shifts(core, outbox)

    # ------------------------------------------------------------------- reads
    def operators(self, *, active_only: bool = True) -> list[dict[str, Any]]:
        """Operators by name, each with ``has_secret`` (1 if they can sign in)."""
        where = "WHERE o.active = 1" if active_only else ""
        return list(self._db.query(
            "SELECT o.*, (s.secret_hash IS NOT NULL) AS has_secret FROM operators o "
            f"LEFT JOIN {SECRETS} s ON s.operator_id = o.id {where} ORDER BY o.name COLLATE NOCASE"))

    def get(self, operator_id: str) -> dict[str, Any]:
        row = self._core.one("SELECT * FROM operators WHERE id = ?", [operator_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Operatore non trovato."))
        return row

    def find(self, name_or_id: str) -> dict[str, Any]:
        """An operator by id or by name (case-insensitive): what the command line names."""
        text = (name_or_id or "").strip()
        row = self._core.one("SELECT * FROM operators WHERE id = ?", [text]) or self._core.one(
            "SELECT * FROM operators WHERE name = ? COLLATE NOCASE ORDER BY active DESC LIMIT 1", [text])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Operatore «{0}» non trovato."), text)
        return row

    # ------------------------------------------------------------------ writes
    def add(self, name: str, role: str, secret: str | None = None, *, operator: str | None = None) -> dict[str, Any]:
        """A new active operator (``secret``: their password or PIN, hashed; None: set later)."""
        first = self._core.one("SELECT 1 FROM operators LIMIT 1") is None
        if not (first and role == Role.ADMINISTRATOR):  # the first amministratore: the wizard
            self._core.require(Action.MANAGE_OPERATORS)
        data = {"name": clean(name), "role": clean(role)}
        errors = validate_operator(data)
        if secret is not None:
            errors += validate_secret(secret)
        if not errors and self._core.one("SELECT 1 FROM operators WHERE name = ? COLLATE NOCASE", [data["name"]]):
            errors.append(FieldError("name", QT_TRANSLATE_NOOP(
                "validation", "Esiste già un operatore con questo nome.")))
        raise_if(errors)
        if not first:
            self._may_grant(Role(data["role"]))
        hashed = passwords.hash_secret(secret) if secret is not None else None
        now = self._core.now_iso()
        row = {"id": uuid7(), **data, "active": 1, "created_at": now}
        who = operator or self._core.actor.name or row["name"]
        with self._core.transaction():
            self._db.execute("INSERT INTO operators (id, name, role, active, created_at) VALUES (?, ?, ?, ?, ?)",
                             [row["id"], row["name"], row["role"], 1, now])
            if hashed:
                self._write_secret(row["id"], hashed, who)
            return self._core.changes.audit_row("operators", row["id"], operator=who, action="operator.add")

    def set_role(self, operator_id: str, role: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_OPERATORS)
        target = self.get(operator_id)
        raise_if(validate_operator({"name": target["name"], "role": clean(role)}))
        new = Role(clean(role))
        if self._core.actor.operator_id == operator_id:
            self._deny("own_role", UserError(QT_TRANSLATE_NOOP("errors", "Nessuno può cambiare il proprio ruolo.")))
        self._may_grant(Role(target["role"]))
        self._may_grant(new)
        if new == target["role"]:
            return target
        if target["role"] == Role.ADMINISTRATOR and target["active"]:
            self._not_last_administrator(operator_id)
        return self._update(operator_id, {"role": new.value}, "operator.role")

    def deactivate(self, operator_id: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_OPERATORS)
        target = self.get(operator_id)
        if self._core.actor.operator_id == operator_id:
            raise UserError(QT_TRANSLATE_NOOP("errors", "Non è possibile disattivare sé stessi."))
        self._may_grant(Role(target["role"]))
        if not target["active"]:
            return target
        if target["role"] == Role.ADMINISTRATOR:
            self._not_last_administrator(operator_id)
        return self._update(operator_id, {"active": 0}, "operator.deactivate")

    def reactivate(self, operator_id: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_OPERATORS)
        target = self.get(operator_id)
        self._may_grant(Role(target["role"]))
        if target["active"]:
            return target
        return self._update(operator_id, {"active": 1}, "operator.reactivate")

    def set_password(self, operator_id: str, secret: str) -> None:
        """Set (or replace) an operator's password or PIN. Everyone may change their own;
        someone else's needs Action.MANAGE_OPERATORS and a role not above one's own."""
        if self._core.actor.operator_id != operator_id:
            self._core.require(Action.MANAGE_OPERATORS)
        target = self.get(operator_id)
        if self._core.actor.operator_id != operator_id:
            self._may_grant(Role(target["role"]))
        raise_if(validate_secret(secret))
        hashed = passwords.hash_secret(secret)
        with self._core.transaction():
            self._write_secret(operator_id, hashed, self._core.actor.name or target["name"])

    # ----------------------------------------------------------------- sign-in
    def sign_in(self, operator_id: str, secret: str) -> dict[str, Any]:
        """Check the password or PIN; on success the store acts for this operator."""
        op = self.get(operator_id)
        if not op["active"]:
            self._audit_sign_in(op, "signin.inactive")
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'operatore {0} è disattivato."), op["name"])
        sec = self._core.one(f"SELECT * FROM {SECRETS} WHERE operator_id = ?", [operator_id])
        if sec is None or not sec["secret_hash"]:
            self._audit_sign_in(op, "signin.no_secret")
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "L'operatore {0} non ha ancora una password: chiederla a un responsabile."), op["name"])
        now = self._core.now()
        if sec["wait_until"] and now < parse_iso(sec["wait_until"]):
            wait = max(1, int((parse_iso(sec["wait_until"]) - now).total_seconds() + 0.999))
            self._audit_sign_in(op, "signin.throttled")
            raise SignInRefusedError(QT_TRANSLATE_NOOP(
                "errors", "Troppi tentativi errati: riprovare tra {0} secondi."), wait, wait_s=wait)
        if not passwords.check_secret(str(secret or ""), sec["secret_hash"]):
            failures = sec["failures"] + 1
            wait = passwords.wait_after(failures)
            now = self._core.now()  # the wait starts when the answer is given, after the slow hash
            with self._core.transaction():
                self._db.execute(f"UPDATE {SECRETS} SET failures = ?, last_failure_at = ?, wait_until = ? "
                                 "WHERE operator_id = ?",
                                 [failures, utc_now_iso(now),
                                  utc_now_iso(now + timedelta(seconds=wait)) if wait else None, operator_id])
                self._core.audit.append(self._core.now_iso(), op["name"], "signin.fail", SECRETS, operator_id, "")
            if wait:
                raise SignInRefusedError(QT_TRANSLATE_NOOP(
                    "errors", "Password o PIN errato: riprovare tra {0} secondi."), wait, wait_s=wait)
            raise SignInRefusedError(QT_TRANSLATE_NOOP("errors", "Password o PIN errato."))
        with self._core.transaction():
            self._db.execute(f"UPDATE {SECRETS} SET failures = 0, wait_until = NULL WHERE operator_id = ?",
                             [operator_id])
            self._core.audit.append(self._core.now_iso(), op["name"], "signin.ok", SECRETS, operator_id, "")
        self._core.act_as(Actor(name=op["name"], role=Role(op["role"]), operator_id=op["id"]))
        return op

    def sign_out(self) -> None:
        actor = self._core.actor
        if actor.operator_id:
            with self._core.transaction():
                self._core.audit.append(self._core.now_iso(), actor.name, "signout", SECRETS, actor.operator_id, "")
        self._core.act_as(NOBODY)

    # ------------------------------------------------------------------ shifts
    def start_shift(self, operator_id: str) -> dict[str, Any]:
        return self._shifts.start(self.get(operator_id))

    def current_shift(self) -> dict[str, Any] | None:
        return self._shifts.current()

    def end_shift(self, shift_id: str, *, operator: str, note: str | None = None,
                  allow_pending: bool = False) -> dict[str, Any]:
        """Close a shift. With changes still unsent it needs ``allow_pending`` and a note (why)."""
        return self._shifts.end(shift_id, operator=operator, note=note, allow_pending=allow_pending)

    def hand_over(self, operator_id: str) -> dict[str, Any]:
        """The signed-in operator takes over the open shift (any role; see ``Shifts.hand_over``)."""
        return self._shifts.hand_over(self.get(operator_id))

    # ----------------------------------------------------------------- helpers
    def _may_grant(self, role: Role) -> None:
        """Refuse (audited) to grant or touch a role above the acting one."""
        if _rank(role) > _rank(self._core.actor.role):
            self._deny("grant_role", PermissionDeniedError("grant_role", role.label))

    def _not_last_administrator(self, operator_id: str) -> None:
        others = self._core.one("SELECT count(*) AS n FROM operators WHERE role = ? AND active = 1 AND id != ?",
                                [Role.ADMINISTRATOR.value, operator_id])
        if not others or not others["n"]:
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "È l'ultimo amministratore attivo: nominarne prima un altro."))

    def _deny(self, what: str, error: EmergenzaError) -> None:
        actor = self._core.actor
        with self._core.transaction():
            self._core.audit.append(self._core.now_iso(), actor.name or "-", "denied." + what, "", "",
                                    actor.role.value if actor.role else "")
        raise error

    def _update(self, operator_id: str, values: dict[str, Any], action: str) -> dict[str, Any]:
        sets = ", ".join(f"[{k}] = ?" for k in values)
        with self._core.transaction():
            self._db.execute(f"UPDATE operators SET {sets} WHERE id = ?", [*values.values(), operator_id])
            return self._core.changes.audit_row("operators", operator_id, operator=self._core.actor.name or "-",
                                                action=action)

    def _write_secret(self, operator_id: str, hashed: str, who: str) -> None:
        """Inside the caller's transaction: store the hash, forget past wrong attempts."""
        self._db.execute(
            f"INSERT INTO {SECRETS} (operator_id, secret_hash, set_at, failures) VALUES (?, ?, ?, 0) "
            "ON CONFLICT (operator_id) DO UPDATE SET secret_hash = excluded.secret_hash, "
            "set_at = excluded.set_at, failures = 0, last_failure_at = NULL, wait_until = NULL",
            [operator_id, hashed, self._core.now_iso()])
        self._core.audit.append(self._core.now_iso(), who, "operator.password", SECRETS, operator_id, "")

    def _audit_sign_in(self, op: dict[str, Any], action: str) -> None:
        with self._core.transaction():
            self._core.audit.append(self._core.now_iso(), op["name"], action, SECRETS, op["id"], "")

