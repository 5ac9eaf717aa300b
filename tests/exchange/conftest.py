"""Fixtures of the exchange suite: real store files in the test's folder."""

from __future__ import annotations

import pytest

from tests.support.factories import StoreFactory


@pytest.fixture
def stores(tmp_path, catalogs):
    """``stores("a", "BG01", corps=...)`` -> an open Store; all closed at the end."""
    factory = StoreFactory(tmp_path, catalogs)
    yield factory
    factory.close_all()
