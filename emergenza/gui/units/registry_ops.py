"""What the units registry asks of the store, run on the owner thread (one place, so the
windows never spell the store's calls twice). The store checks the role of the signed-in
operator on every write (``Action.MANAGE_UNITS``, ``Action.MANAGE_CREWS``) and records it
under the signed-in operator's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...store import Store
from ...store.crews import describe


def registry_rows(store: Store) -> list[dict[str, Any]]:
    """Every unit, retired ones included, with the text of its crew now."""
    crews = store.crews.all_current()
    return [{**row, "crew": describe(crews.get(row["id"], []))} for row in store.units.registry()]


def save_unit(store: Store, unit_id: str | None, data: dict[str, Any]) -> dict[str, Any]:
    if unit_id is None:
        return store.units.add(data, operator=store.actor.name)
    return store.units.edit(unit_id, data, operator=store.actor.name)


def set_retired(store: Store, unit_id: str, retired: bool) -> dict[str, Any]:
    if retired:
        return store.units.retire(unit_id, operator=store.actor.name)
    return store.units.reactivate(unit_id, operator=store.actor.name)


def import_units(store: Store, path: str) -> list[dict[str, Any]]:
    """The CSV file's units, all or none (RowsError names the bad rows by line)."""
    return store.units.import_csv(Path(path), operator=store.actor.name)


def crew_of(store: Store, unit_id: str) -> list[dict[str, Any]]:
    return store.crews.current(unit_id)


def set_crew(store: Store, unit_id: str, members: list[dict[str, Any]]) -> Any:
    return store.crews.set(unit_id, members, operator=store.actor.name)
