"""Where things are: the repository root (the working directory of every real process)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
