"""Fixtures of the installer/administration suite: real store files on disk."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def station_db(tmp_path, catalogs) -> Path:
    """A closed store file with one operator and two units."""
    from emergenza.store import Store

    path = tmp_path / "data" / "emergenza.db"
    s = Store.open(path, catalogs, station_code="BG01", corps="Polizia Locale di Bergamo")
    s.people.add("Mario Rossi", "operator")
    s.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator="Mario Rossi")
    s.units.add({"kind": "car", "call_sign": "Alfa 2"}, operator="Mario Rossi")
    s.close()
    return path


def call_signs(path: Path) -> list[str]:
    from emergenza.store import Store

    s = Store.open(path)
    try:
        return [r["call_sign"] for r in s.units.overview()]
    finally:
        s.close()


@pytest.fixture
def run_cli():
    """Run ``emergenza`` as a real process; returns the CompletedProcess."""

    def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "emergenza", *args], capture_output=True, text=True,
                              cwd=cwd, timeout=60)

    return _run


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
