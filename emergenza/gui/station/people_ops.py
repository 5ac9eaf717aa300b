"""What the station windows ask of the store about people, run on the owner thread (one
place, so the windows never spell the store's calls twice). The store checks the role of
the signed-in operator (``Action.MANAGE_OPERATORS``) and throttles wrong passwords."""

from __future__ import annotations

from typing import Any

from ...domain.errors import PermissionDeniedError, UserError
from ...domain.roles import NOBODY
from ...domain.text import QT_TRANSLATE_NOOP
from ...store import Store

HANDOVER_NOTE = "Passaggio di consegne a {0}"  # stored in the closed shift (data, Italian)


def operators_and_shift(store: Store) -> dict[str, Any]:
    return {"operators": store.people.operators(), "shift": store.people.current_shift()}


def all_operators(store: Store) -> list[dict[str, Any]]:
    return store.people.operators(active_only=False)


def add_operator(store: Store, name: str, role: str, secret: str | None) -> dict[str, Any]:
    return store.people.add(name, role, secret=secret)


def set_role(store: Store, operator_id: str, role: str) -> dict[str, Any]:
    return store.people.set_role(operator_id, role)


def set_active(store: Store, operator_id: str, active: bool) -> dict[str, Any]:
    if active:
        return store.people.reactivate(operator_id)
    return store.people.deactivate(operator_id)


def set_password(store: Store, operator_id: str, secret: str) -> Any:
    return store.people.set_password(operator_id, secret)


def sign_in(store: Store, operator_id: str, secret: str) -> dict[str, Any]:
    """Sign in (the store sets its actor, or refuses and throttles), then make sure the
    open shift is theirs: a shift left open by someone else is closed first, as a handover,
    so no shift stays open behind another."""
    operator = store.people.sign_in(operator_id, secret)
    shift = store.people.current_shift()
    if shift is not None and shift["operator_id"] != operator_id:
        try:
            store.people.end_shift(shift["id"], operator=operator["name"],
                                   note=HANDOVER_NOTE.format(operator["name"]), allow_pending=True)
        except PermissionDeniedError as exc:  # unsent changes: closing it needs a responsabile
            store.people.sign_out()
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "Il turno di {0} ha modifiche non ancora inviate al server: può prenderne il posto "
                          "un responsabile, oppure chiudere prima il turno (Sincronizzazione → Fine turno)."),
                shift["operator_name"]) from exc
        shift = None
    if shift is None:
        shift = store.people.start_shift(operator_id)
    return {"operator": operator, "shift": shift}


def sign_out(store: Store) -> None:
    """Nobody acts any more: every guarded write is refused until the next sign-in."""
    store.people.sign_out()


def act_as_nobody(store: Store) -> None:
    store.act_as(NOBODY)
