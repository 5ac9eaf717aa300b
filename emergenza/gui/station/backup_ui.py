"""Automatic backups while the app runs: once a day and whenever a shift ends.

``install_backup_timer(ctx, main_window)`` is called once by the composition root
(interactive runs only). Every ``CHECK_MS`` and on every operator change it asks the
store, on its owner thread, which shift is open: when the shift seen last is no longer
the open one, that shift has ended and a ``fineturno`` copy is made; otherwise a
``giornaliero`` copy when the last copy is 24 hours old. Code that closes a shift
explicitly can call ``ctx.backups.shift_ended()`` for an immediate copy.
File → "Copia di sicurezza ora" makes a manual one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction

from ...backups import TAG_DAILY, TAG_MANUAL, TAG_SHIFT_END, BackupPolicy
from ...store import Store
from ..context import AppContext
from ..i18n import error_text
from ..operations import ReadOp
from ..shell.main_window import MainWindow

log = logging.getLogger(__name__)

CHECK_MS = 10 * 60 * 1000  # the daily copy is at most 10 minutes late
FIRST_CHECK_MS = 60 * 1000  # not during start-up, when the boards are loading


def _check_and_backup(store: Store, policy: BackupPolicy, last_shift: str | None, force_tag: str | None
                      ) -> dict[str, Any]:
    """Owner thread: decide and, if due, write the copy. Returns the open shift and what was done."""
    shift = store.people.current_shift()
    shift_id = shift["id"] if shift else None
    tag = force_tag
    if tag is None and last_shift is not None and shift_id != last_shift:
        tag = TAG_SHIFT_END
    if tag is None and policy.due_daily():
        tag = TAG_DAILY
    path = policy.run(store, tag) if tag else None
    return {"shift": shift_id, "tag": tag, "path": path}


class BackupScheduler(QObject):
    backup_written = Signal(str, str)  # path, tag
    backup_failed = Signal(str)

    def __init__(self, ctx: AppContext, window: MainWindow, policy: BackupPolicy):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.policy = policy
        self._last_shift: str | None = None
        self._shift_known = False
        self._running = False
        self._pending: str | None = None  # a forced tag asked for while a copy was running
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self._on_tick)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(2000)
        self._debounce.timeout.connect(self._on_tick)
        ctx.signals.operator_changed.connect(self._debounce.start)

    def start(self, first_check_ms: int = FIRST_CHECK_MS) -> None:
        self.timer.start()
        QTimer.singleShot(first_check_ms, self._on_tick)

    def stop(self) -> None:
        self.timer.stop()
        self._debounce.stop()

    def check_now(self) -> None:
        self._run(None)

    def shift_ended(self) -> None:
        self._run(TAG_SHIFT_END)

    def backup_now(self) -> None:
        self._run(TAG_MANUAL)

    def _on_tick(self) -> None:
        self._run(None)

    def _run(self, force_tag: str | None) -> None:
        if self._running:
            if force_tag:
                self._pending = force_tag
            return
        self._running = True
        # The first look only learns which shift is open: an app restart is not a shift end.
        last = self._last_shift if self._shift_known else None
        # A read of the store: the copy is written beside it, nothing any view shows changes.
        ReadOp(self._ctx, _check_and_backup, self.policy, last, force_tag).on_done(self._on_done).on_exception(
            self._on_failed).run("backups.check")

    def _on_done(self, result: dict[str, Any]) -> None:
        self._running = False
        self._last_shift, self._shift_known = result["shift"], True
        if result["path"] is not None:
            path: Path = result["path"]
            log.info("automatic backup %s (%s)", path, result["tag"])
            self.backup_written.emit(str(path), result["tag"])
            self._window.statusBar().showMessage(
                self.tr("Copia di sicurezza salvata: {0}").format(path.name), 10000)
        self._run_pending()

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        log.error("backup failed", exc_info=exc)
        text = self.tr("Copia di sicurezza non riuscita: {0}").format(error_text(exc))
        self.backup_failed.emit(text)
        self._window.show_error(text)
        self._run_pending()

    def _run_pending(self) -> None:
        if self._pending:
            tag, self._pending = self._pending, None
            self._run(tag)


def install_backup_timer(ctx: AppContext, main_window: MainWindow, *, keep: int = 14,
                         start: bool = True) -> BackupScheduler:
    """Schedule the automatic copies of the open store and add File → "Copia di sicurezza ora"."""
    db_path = ctx.owner.path or ctx.paths.db
    scheduler = BackupScheduler(ctx, main_window, BackupPolicy.for_db(db_path, keep))
    ctx.backups = scheduler
    action = QAction(QCoreApplication.translate("BackupScheduler", "Copia di &sicurezza ora"), main_window)
    action.setObjectName("action_backup_now")
    action.triggered.connect(scheduler.backup_now)
    main_window.menu("file").insertAction(main_window.actions_by_name["quit"], action)
    if start:
        scheduler.start()
    return scheduler
