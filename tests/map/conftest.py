"""Fixtures of the map suite: the shipped territory, read once per session (it is immutable)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def territory():
    from emergenza.resources import load_territory
    return load_territory()
