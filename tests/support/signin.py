"""Operators who can sign in, for the GUI suite: a PIN set through the real store, as the
holder of the file (the command line's actor), whoever is signed in meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emergenza.domain.roles import FILE_HOLDER
from emergenza.store import Store, StoreOwner

PIN = "2468"


def as_holder(owner: StoreOwner, fn: Callable[[Store], Any]) -> Any:
    def run(store: Store) -> Any:
        actor = store.actor
        store.act_as(FILE_HOLDER)
        try:
            return fn(store)
        finally:
            store.act_as(actor)

    return owner.call_blocking(run)


def give_pin(owner: StoreOwner, operator_id: str, pin: str = PIN) -> None:
    as_holder(owner, lambda s: s.people.set_password(operator_id, pin))


def add_operator(owner: StoreOwner, name: str, role: str, pin: str = PIN) -> dict[str, Any]:
    return as_holder(owner, lambda s: s.people.add(name, role, pin))
