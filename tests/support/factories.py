"""Factories of test data on real SQLite files: operators, event input, units, stores, store owners."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from emergenza.domain.entities import utc_now_iso
from emergenza.store import Store, StoreOwner

# The operator of the sync, e2e, GUI and installer suites, and the one of the unit suite.
OPERATOR = "Mario Rossi"
DUTY_OFFICER = "Sara Pesenti"
STATION_CODE = "BG01"
CORPS = "Polizia Locale di Bergamo"
# The reports suite's demo store: its history ends here and covers the 60 days before
# (the spring DST change, 29/03/2026 02:00 -> 03:00, falls inside it).
DEMO_NOW = datetime(2026, 4, 20, 10, 0, tzinfo=UTC)

# A shared event as the sync and e2e suites create it.
EVENT = {"type_code": "INC", "municipality_istat": "016024", "address": "via Roma 1",
         "description": "Tamponamento", "sharing": "shared"}

# The units every GUI test store starts with: (kind, call sign).
GUI_UNITS = (("car", "Alfa 1"), ("car", "Alfa 2"), ("motorbike", "Moto 1"), ("officer", "Agente 7"))


def event_data(**over: Any) -> dict:
    """Minimal valid input for a new event (keyword overrides allowed)."""
    data = {"type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Roma 1",
            "description": "Tamponamento senza feriti.", "channel": "phone", "caller_phone": "+39 347 1234567"}
    data.update(over)
    return data


def ago_iso(seconds: float) -> str:
    """The store's timestamp of ``seconds`` ago."""
    return utc_now_iso(datetime.now(UTC) - timedelta(seconds=seconds))


def numbered_event_data(n: int, *, ago_s: float = 60, **over: Any) -> dict:
    """Input for the ``n``-th event of a board, received ``ago_s`` seconds ago."""
    data = {"type_code": "VIA.OSTACOLO", "municipality_istat": "016024", "address": f"Via Roma {n}",
            "description": f"Evento di prova {n}", "channel": "phone", "received_at": ago_iso(ago_s)}
    data.update(over)
    return data


def open_store(path: Path, catalogs: Any, *, station_code: str = STATION_CODE, corps: str = CORPS,
               **kwargs: Any) -> Store:
    """A new (or reopened) store file of a station; extra keywords go to ``Store.open``."""
    return Store.open(path, catalogs, station_code=station_code, corps=corps, **kwargs)


def add_unit(store: Store, call_sign: str = "Alfa 1", kind: str = "patrol", *, operator: str = DUTY_OFFICER) -> dict:
    return store.units.add({"kind": kind, "call_sign": call_sign}, operator=operator)


class StoreFactory:
    """Opens stores named ``name`` in one folder and closes them all at the end."""

    def __init__(self, folder: Path, catalogs: Any):
        self.folder = folder
        self.catalogs = catalogs
        self.opened: list[Store] = []

    def __call__(self, name: str, station_code: str, corps: str = CORPS, **kwargs: Any) -> Store:
        s = open_store(self.folder / f"{name}.db", self.catalogs, station_code=station_code, corps=corps, **kwargs)
        self.opened.append(s)
        return s

    def close_all(self) -> None:
        for s in self.opened:
            s.close()


def owner_with_units(path: Path, catalogs: Any) -> StoreOwner:
    """A store behind its owner thread with the operator on shift (``owner.test_operator``) and ``GUI_UNITS``."""
    owner = StoreOwner(lambda: open_store(path, catalogs))
    op = owner.call_blocking(Store.people.add, OPERATOR, "operator")
    for kind, call_sign in GUI_UNITS:
        owner.call_blocking(Store.units.add, {"kind": kind, "call_sign": call_sign}, operator=OPERATOR)
    owner.test_operator = op  # type: ignore[attr-defined]
    return owner


def station_file(path: Path, catalogs: Any) -> Path:
    """A closed store file with one operator and two units (Alfa 1, Alfa 2)."""
    s = open_store(path, catalogs)
    s.people.add(OPERATOR, "operator")
    s.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    s.units.add({"kind": "car", "call_sign": "Alfa 2"}, operator=OPERATOR)
    s.close()
    return path


def call_signs(path: Path) -> list[str]:
    """The call signs of the units in a closed store file."""
    s = Store.open(path)
    try:
        return [r["call_sign"] for r in s.units.overview()]
    finally:
        s.close()
