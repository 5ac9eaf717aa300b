"""Fixtures of the unit suite: real SQLite files in tmp_path, real catalogs."""

from __future__ import annotations

import pytest

from tests.support import factories


@pytest.fixture
def event_data(catalogs):
    """Minimal valid input for a new event."""
    return factories.event_data


@pytest.fixture
def unit(store):
    def make(call_sign="Alfa 1", kind="patrol"):
        return factories.add_unit(store, call_sign, kind)
    return make
