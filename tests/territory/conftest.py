"""Fixtures of the territory suite: real store files in the test's folder, a server-less relay."""

from __future__ import annotations

import pytest

from tests.support.factories import StoreFactory
from tests.support.relay import Relay


@pytest.fixture
def stores(tmp_path, catalogs):
    """``stores("a", "BG01")`` -> an open Store; all closed at the end."""
    factory = StoreFactory(tmp_path, catalogs)
    yield factory
    factory.close_all()


@pytest.fixture
def relay():
    return Relay()
