"""The two command lines, run as a person runs them: real processes, output captured."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from .paths import ROOT


def run_emergenza(*args: object, timeout: float = 60, cwd: Path | None = None,
                  env: Mapping[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m emergenza ARGS`` (arguments turned into strings), ``stdin`` (text) fed to its
    standard input; never raises on exit codes."""
    return subprocess.run([sys.executable, "-m", "emergenza", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=env, input=stdin)


def run_server_cli(*args: object, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m emergenza.server.cli ARGS`` (arguments turned into strings) from the repository root;
    ``check`` fails on a non-zero exit."""
    proc = subprocess.run([sys.executable, "-m", "emergenza.server.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError(f"cli {args} failed ({proc.returncode}): {proc.stderr}")
    return proc
