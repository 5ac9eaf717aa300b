"""ruff and mypy as configured in pyproject.toml, run from the venv: the README's test command
(which CI runs verbatim) covers them, so every ``# noqa`` and ``# type: ignore`` means something."""

from __future__ import annotations

import os

from tests.support.tools import run_tool


def test_ruff_finds_nothing_in_the_tests():
    result = run_tool("ruff", "check", "--no-cache", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing():
    result = run_tool("ruff", "check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run_tool("mypy", "--cache-dir", os.devnull)
    assert result.returncode == 0, result.stdout + result.stderr
