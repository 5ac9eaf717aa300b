"""Fixtures of the reports suite: real stores (the demo generator and the store's own write
path, with a controlled clock). Reading the outputs back (PDF text, Excel-Italian CSV) is
in tests/support/report_files.py, times and the clock in tests/support/times.py.

Expected figures are always computed independently (plain SQL, Python's zoneinfo),
never by the code under test.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.factories import DEMO_NOW, open_store
from tests.support.times import Clock


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    """A 6,000-event demo store (Bergamo), history up to DEMO_NOW, read-only for the tests."""
    from emergenza.store.demo import generate

    path = tmp_path_factory.mktemp("reports") / "demo.db"
    generate(path, events=6000, seed=11, now=DEMO_NOW)
    return path


@pytest.fixture
def demo_conn(demo_path):
    conn = sqlite3.connect(f"file:{demo_path}?mode=ro", uri=True)
    yield conn
    conn.close()


@pytest.fixture
def demo_source(demo_path):
    from emergenza.reports.source import StationSource
    src = StationSource.open(demo_path, now=lambda: DEMO_NOW)
    yield src
    src.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 28, 20, 0, tzinfo=UTC))


@pytest.fixture
def station(tmp_path, catalogs, clock):
    """A store (station BG01 of Bergamo's corps) written through its normal write path, on the test's clock."""
    store = open_store(tmp_path / "station.db", catalogs, now=clock)
    yield store
    store.close()
