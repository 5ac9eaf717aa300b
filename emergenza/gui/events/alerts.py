"""Alerts: events left without a unit longer than their priority level allows.

The levels that alert, and their delay, come from the station's priority scale
(``alerting_priorities()``: every level with ``alert_after_s``; red and yellow in the
shipped one), which the amministratore sets in the catalog window (stored in the store,
``store/catalog_settings.py``); a catalog change re-checks at once. The person may still
change each delay in the settings (``settings.alert_after``): the catalog window clears
that override when it sets a level's delay, so the latest choice wins. Polled through the store owner every
few seconds (and on every data change); each new alert sounds once and the sound repeats
while any alert is still unacknowledged.
Acknowledging silences an event's alert for this session; it becomes an alert again
only if it is still unassigned after another full threshold.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ...store import Store
from ..context import AppContext
from ..operations import Change, ReadOp
from ..settings import alert_after

log = logging.getLogger(__name__)

POLL_MS = 5000
REPEAT_SOUND_S = 30


def alert_thresholds(ctx: AppContext) -> dict[str, int]:
    """Priority code -> seconds without a unit before it alerts, most urgent level first."""
    return {level.code: alert_after(level).read(ctx.settings) for level in ctx.catalogs.alerting_priorities()}


def _urgent_events(store: Store, thresholds: dict[str, int]) -> list[dict[str, Any]]:
    # Runs on the owner thread: one indexed query per alerting level over the active events.
    rows = [row for code, seconds in thresholds.items() for row in store.board.unassigned_urgent(seconds, (code,))]
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
        ReadOp(self._ctx, _urgent_events, alert_thresholds(self._ctx)).on_done(self._on_result).on_exception(
            self._on_failed).run("alerts.check")

    def _on_data_changed(self, changes: Change) -> None:
        if changes & (Change.EVENTS | Change.UNITS | Change.SYNC | Change.CATALOGS):
            self.check()

    def _on_failed(self, exc: BaseException) -> None:
        self._checking = False
        log.error("alert check failed: %s", exc)

    def _on_result(self, rows: list[dict[str, Any]]) -> None:
        self._checking = False
        before = self.active
        self._events = {r["id"]: r for r in rows}
        # An acknowledgement lapses when the event stops alerting, or after another threshold
        # (that of the most urgent level, the shortest wait).
        most_urgent_s = next(iter(alert_thresholds(self._ctx).values()), 0)
        now = time.monotonic()
        self._acked = {i: t for i, t in self._acked.items()
                       if i in self._events and now - t < max(most_urgent_s, 60)}
        after = self.active
        if after != before:
            self.alerts_changed.emit()
        new = after - before
        if new or (after and now - self._last_sound >= REPEAT_SOUND_S):
            self._last_sound = now
            self._beep()
            self.sounded.emit()
