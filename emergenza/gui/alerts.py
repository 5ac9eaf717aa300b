"""Alerts: red or yellow events left unassigned longer than a configurable time.

Polled through the store owner every few seconds (and on every data change); each new
alert sounds once and the sound repeats while any alert is still unacknowledged.
Acknowledging silences an event's alert for this session; it becomes an alert again
only if it is still unassigned after another full threshold.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ..store import Store
from .context import AppContext

log = logging.getLogger(__name__)

RED_KEY = "alerts/red_after_s"
YELLOW_KEY = "alerts/yellow_after_s"
DEFAULT_RED_S = 120
DEFAULT_YELLOW_S = 300
POLL_MS = 5000
REPEAT_SOUND_S = 30


def alert_thresholds(ctx: AppContext) -> tuple[int, int]:
    """(red, yellow) seconds from the settings."""
    return (int(ctx.settings.value(RED_KEY, DEFAULT_RED_S)), int(ctx.settings.value(YELLOW_KEY, DEFAULT_YELLOW_S)))


def _urgent_events(store: Store, red_s: int, yellow_s: int) -> list[dict[str, Any]]:
    # Runs on the owner thread: two indexed queries over the active events.
    rows = store.board.unassigned_urgent(red_s, ("red",)) + store.board.unassigned_urgent(yellow_s, ("yellow",))
    return sorted(rows, key=lambda r: r["received_at"])


class AlertMonitor(QObject):
    alerts_changed = Signal()  # the set of active (unacknowledged) alerts changed
    sounded = Signal()  # for tests and the status bar: a beep was emitted

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *,
                 beep: Callable[[], None] = QApplication.beep, poll_ms: int = POLL_MS):
        super().__init__(parent)
        self._ctx = ctx
        self._beep = beep
        self._events: dict[str, dict[str, Any]] = {}  # alerting events (acked or not)
        self._acked: dict[str, float] = {}  # event id -> when acknowledged (monotonic)
        self._last_sound = 0.0
        self._checking = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check)
        ctx.signals.changed.connect(self._on_data_changed)

    def start(self) -> None:
        self._timer.start()
        self.check()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> set[str]:
        """Alerting events not acknowledged."""
        return {i for i in self._events if i not in self._acked}

    def events(self) -> list[dict[str, Any]]:
        return [self._events[i] for i in self._events if i not in self._acked]

    def acknowledge(self, event_ids: list[str] | set[str] | None = None) -> int:
        """Acknowledge the given alerts (all active ones when None); returns how many."""
        targets = self.active if event_ids is None else {i for i in event_ids if i in self.active}
        now = time.monotonic()
        for event_id in targets:
            self._acked[event_id] = now
        if targets:
            self.alerts_changed.emit()
        return len(targets)

    def check(self) -> None:
        if self._checking:
            return
        self._checking = True
        red_s, yellow_s = alert_thresholds(self._ctx)
        self._ctx.tasks.run(self._ctx.owner.call(_urgent_events, red_s, yellow_s),
                            on_done=self._on_result, on_error=self._on_failed, name="alerts.check")

    def _on_data_changed(self, kind: str) -> None:
        if kind in ("events", "assignments", "sync", "*"):
            self.check()

    def _on_failed(self, exc: BaseException) -> None:
        self._checking = False
        log.error("alert check failed: %s", exc)

    def _on_result(self, rows: list[dict[str, Any]]) -> None:
        self._checking = False
        before = self.active
        self._events = {r["id"]: r for r in rows}
        red_s, _ = alert_thresholds(self._ctx)
        now = time.monotonic()
        # An acknowledgement lapses when the event stops alerting, or after another threshold.
        self._acked = {i: t for i, t in self._acked.items() if i in self._events and now - t < max(red_s, 60)}
        after = self.active
        if after != before:
            self.alerts_changed.emit()
        new = after - before
        if new or (after and now - self._last_sound >= REPEAT_SOUND_S):
            self._last_sound = now
            self._beep()
            self.sounded.emit()
