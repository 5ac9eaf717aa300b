"""Where things live: the data folder and the files in it (declared once).

The desktop app's preferences (QSettings keys) are declared in ``emergenza/gui/settings.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Emergenza"
APP_AUTHOR = "PoliziaLocale"


def data_dir() -> Path:
    """Per-platform data folder (``$EMERGENZA_HOME`` overrides it, e.g. for tests)."""
    env = os.environ.get("EMERGENZA_HOME")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def db(self) -> Path:
        return self.root / "emergenza.db"

    @property
    def demo_db(self) -> Path:
        return self.root / "demo.db"

    @property
    def backups(self) -> Path:
        return self.root / "backup"

    @property
    def logs(self) -> Path:
        return self.root / "log"

    @classmethod
    def default(cls) -> Paths:
        return cls(data_dir())
