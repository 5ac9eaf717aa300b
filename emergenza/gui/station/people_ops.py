"""What the station windows ask of the store about people, run on the owner thread (one
place, so the windows never spell the store's calls twice). The store checks the role of
the signed-in operator (``Action.MANAGE_OPERATORS``) and throttles wrong passwords."""

from __future__ import annotations

from typing import Any

from ...domain.roles import NOBODY
from ...store import Store


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
    """Sign in (the store sets its actor, or refuses and throttles), then take over: a shift
    left open by someone else ends as a handover (its unsent changes counted, who took over
    recorded) and theirs starts, in one transaction, so no shift stays open behind another.
    ``closed``: the shift this ended (its report is written), or None."""
    return take_over(store, store.people.sign_in(operator_id, secret))


def take_over(store: Store, operator: dict[str, Any]) -> dict[str, Any]:
    """The shift of ``operator``, just signed in (see ``sign_in``)."""
    taken = store.people.hand_over(operator["id"])
    return {"operator": operator, "shift": taken["shift"], "closed": taken["closed"]}


def sign_out(store: Store) -> None:
    """Nobody acts any more: every guarded write is refused until the next sign-in."""
    store.people.sign_out()


def act_as_nobody(store: Store) -> None:
    store.act_as(NOBODY)
