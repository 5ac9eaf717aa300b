"""Fixtures of the unit suite: real SQLite files in tmp_path, real catalogs."""

from __future__ import annotations

import pytest

OP = "Sara Pesenti"


@pytest.fixture
def event_data(catalogs):
    """Minimal valid input for a new event."""
    def make(**over):
        data = {"type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Roma 1",
                "description": "Tamponamento senza feriti.", "channel": "phone", "caller_phone": "+39 347 1234567"}
        data.update(over)
        return data
    return make


@pytest.fixture
def unit(store):
    def make(call_sign="Alfa 1", kind="patrol"):
        return store.units.add({"kind": kind, "call_sign": call_sign}, operator=OP)
    return make
