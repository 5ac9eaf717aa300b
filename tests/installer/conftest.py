"""Fixtures of the installer/administration suite: real store files on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.support.cli import run_emergenza
from tests.support.factories import station_file


@pytest.fixture
def station_db(tmp_path, catalogs) -> Path:
    """A closed store file with one operator and two units."""
    return station_file(tmp_path / "data" / "emergenza.db", catalogs)


@pytest.fixture
def run_cli():
    """Run ``emergenza`` as a real process; returns the CompletedProcess."""
    return run_emergenza


@pytest.fixture
def clean_logging():
    """Give the root logger back as it was (setup_logging changes handlers and level)."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    from emergenza.logs import teardown_logging

    teardown_logging()
    root.setLevel(level)
    for h in list(root.handlers):
        if h not in handlers:
            root.removeHandler(h)
