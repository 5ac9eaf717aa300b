"""Every QSettings key of the desktop app, declared once with its type and default (after
Picard's ``options.py``); the app reads and writes them only through these declarations.

``open_settings()`` says where they live: where the platform keeps preferences (registry
on Windows, ~/.config on Linux, plist on macOS), or, with ``$EMERGENZA_HOME`` (tests,
portable installs), in an ini file inside that folder, so nothing leaks between them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from ..config import APP_AUTHOR, APP_NAME, data_dir
from ..domain.catalogs import PriorityLevel

log = logging.getLogger(__name__)

T = TypeVar("T")
_DECLARED: Any = object()  # read(): "the default declared with the key"


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T | None

    def read(self, settings: QSettings, *, default: T | None = _DECLARED) -> T | None:
        """The stored value as ``type``; the default when unset or unreadable."""
        fallback = self.default if default is _DECLARED else default
        value = settings.value(self.key)
        if value is None:
            return fallback
        if isinstance(value, self.type):
            return value
        try:
            return self.type(value)  # ini files give back text
        except (TypeError, ValueError):
            log.warning("setting %s: unreadable value %r, using %r", self.key, value, fallback)
            return fallback

    def write(self, settings: QSettings, value: T) -> None:
        settings.setValue(self.key, value)


LANGUAGE = Setting("ui/language", str, "it")  # one of i18n.LANGUAGES; used from the next start
GEOMETRY = Setting("ui/geometry", QByteArray, None)  # main window size and place
WINDOW_STATE = Setting("ui/window_state", QByteArray, None)  # its toolbar and docked panels
# Minutes without a key press or mouse move before the window locks (0: never); resuming
# needs the password of the operator on shift (gui/station/idle_lock.py).
IDLE_LOCK_MIN = Setting("station/idle_lock_min", int, 15)
IDLE_LOCK_MAX_MIN = 240
# One per alerting level of the priority catalog (alerts/red_after_s, alerts/yellow_after_s).
ALERT_AFTER_KEY = "alerts/{code}_after_s"


def alert_after_key(code: str) -> str:
    return ALERT_AFTER_KEY.format(code=code)


def alert_after(level: PriorityLevel) -> Setting[int]:
    """Seconds an event of ``level`` may wait without a unit before it alerts: the
    person's choice, else the catalog's ``alert_after_s``."""
    return Setting(alert_after_key(level.code), int, level.alert_after_s)


def open_settings() -> QSettings:
    """The station's settings store (see the module docstring for where)."""
    if os.environ.get("EMERGENZA_HOME"):
        return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)
