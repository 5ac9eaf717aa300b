"""Fixtures for the sync tests: real store files, and a server-less relay between them."""

from __future__ import annotations

import pytest

from tests.support.factories import StoreFactory
from tests.support.relay import Relay


@pytest.fixture
def make_store(tmp_path, catalogs):
    factory = StoreFactory(tmp_path, catalogs)
    yield factory
    factory.close_all()


@pytest.fixture
def relay():
    return Relay()
