"""What the units registry asks of the store, run on the owner thread (one place, so the
windows never spell the store's calls twice). The store checks the role of the signed-in
operator on every write (``Action.MANAGE_UNITS``, ``Action.MANAGE_CREWS``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...store import Store


def registry_rows(store: Store) -> list[dict[str, Any]]:
    """Every unit, retired ones included, with the crew of the current shift."""
    rows = store.units.registry()
    crews = store.crews.current()  # unit id -> member names
    return [{**row, "crew": crews.get(row["id"], [])} for row in rows]


def save_unit(store: Store, unit_id: str | None, data: dict[str, Any]) -> dict[str, Any]:
    if unit_id is None:
        return store.units.add(data, operator=store.actor.name)
    return store.units.edit(unit_id, data, operator=store.actor.name)


def set_retired(store: Store, unit_id: str, retired: bool) -> dict[str, Any]:
    if retired:
        return store.units.retire(unit_id, operator=store.actor.name)
    return store.units.reactivate(unit_id, operator=store.actor.name)


def import_units(store: Store, path: str) -> Any:
    """The CSV file's units, all or none; the bad rows by line number."""
    return store.units.import_csv(Path(path).read_text(encoding="utf-8-sig"), operator=store.actor.name)


def crew_of(store: Store, unit_id: str) -> list[str]:
    return list(store.crews.current().get(unit_id, []))


def set_crew(store: Store, unit_id: str, members: list[str]) -> Any:
    return store.crews.set(unit_id, members, operator=store.actor.name)
