"""Store-level fixtures: the station's key kept in the 0600 file, never in the keyring of
whoever runs the tests (a developer's desktop has one: it must not fill up with test keys)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def key_in_file(monkeypatch):
    monkeypatch.setenv("EMERGENZA_KEYRING", "0")
