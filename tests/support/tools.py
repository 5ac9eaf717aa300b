"""The development tools installed in the venv by the ``test`` extra (lint-imports, ruff, mypy)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .paths import ROOT


def run_tool(name: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the console script ``name`` of this interpreter's venv from the repository root."""
    exe = Path(sys.executable).parent / name
    assert exe.exists(), f"{name} is not installed: pip install -e '.[test]'"
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
