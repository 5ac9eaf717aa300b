"""The layer rules of the README's architecture, as import-linter contracts (pyproject.toml,
``[tool.importlinter]``), each checked by the venv's ``lint-imports`` on the real package."""

from __future__ import annotations

import pkgutil
import tomllib

import pytest

import emergenza
from tests.support.paths import ROOT
from tests.support.tools import run_tool

CONTRACTS = {c["id"]: c for c in
             tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]}
KNOWN_BROKEN: dict[str, str] = {}  # contract id -> why it is expected to fail (none today)


@pytest.mark.parametrize("contract", [
    pytest.param(cid, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BROKEN[cid])) if cid in KNOWN_BROKEN else cid
    for cid in CONTRACTS])
def test_contract_is_kept(contract):
    result = run_tool("lint-imports", "--no-cache", "--no-logo", "--contract", contract)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_top_level_module_is_under_a_qt_rule():
    """Qt only in gui and app: every other module must be a source of one of the two Qt contracts."""
    modules = {f"emergenza.{m.name}" for m in pkgutil.iter_modules(emergenza.__path__)}
    covered = ({"emergenza.gui", "emergenza.app"} | set(CONTRACTS["qt-free"]["source_modules"])
               | set(CONTRACTS["qt-entry-points"]["source_modules"]))
    assert modules - covered == set()
