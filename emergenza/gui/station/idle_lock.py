"""The idle lock: after the configured minutes with no key pressed and no mouse moved
(File → Impostazioni, ``settings.IDLE_LOCK_MIN``; 0 never), the window locks and only the
password opens it again — the operator on shift resumes, or another one takes over.

It watches the application's input events (an event filter, so every window and dialog
counts as activity) and asks ``lock`` of whoever installed it (the main window).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from ..context import AppContext
from ..settings import IDLE_LOCK_MIN

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin}


class IdleLock(QObject):
    def __init__(self, ctx: AppContext, lock: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._lock = lock
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_idle)
        self.paused = False  # while locked: nothing to time
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        ctx.signals.operator_changed.connect(self.restart)

    def minutes(self) -> int:
        return max(0, IDLE_LOCK_MIN.read(self._ctx.settings) or 0)

    def restart(self) -> None:
        """Start timing from now (after a setting changed, a sign-in, any activity)."""
        minutes = self.minutes()
        if minutes and self._ctx.operator is not None and not self.paused:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def set_interval_ms(self, ms: int) -> None:
        """Tests: time out after ``ms`` instead of the setting's minutes."""
        self.timer.start(ms)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()  # same interval, from now
        return False

    def _on_idle(self) -> None:
        if self._ctx.operator is not None and not self.paused:
            self._lock()
