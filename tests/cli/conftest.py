"""Fixtures of the command line suite: a closed station store file to run commands on."""

from __future__ import annotations

import pytest


@pytest.fixture
def station_db(tmp_path, catalogs):
    """A closed store with one operator (Mario Rossi, operatore) and units Alfa 1, Alfa 2."""
    from tests.support.factories import station_file
    return station_file(tmp_path / "station.db", catalogs)
