"""Sync in the desktop app: background sync with backoff, status bar, "Sincronizza ora".

``install_sync_ui(ctx, main_window, client)`` (called once by the composition root, with
the app's ONE ``httpx.AsyncClient``) creates a :class:`SyncController` (``ctx.sync``),
the status-bar widgets and the actions of the "sync" menu. While online the controller
syncs about every second (so a shared event created elsewhere shows up here within two
seconds); after a failure it waits with exponential backoff (5 s, doubling, at most
5 minutes). The loop survives ANY exception of a round (logged, shown as "Non in linea"
with the error, retried): a station never stops syncing by itself. Each round is a task
of ``ctx.tasks``, stopped when the window closes; the client belongs to the composition
root, which closes it at shutdown. What sync could not do (changes the server refused,
received changes in quarantine or waiting) is counted in the status bar and listed in
*Non condivise e in attesa…* (quarantine_view.py).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import SyncError
from ...store import Store
from ...store.meta import MetaKey
from ...store.queries import chunks, marks
from ...sync import review
from ...sync.engine import Backoff, Enrollment, SyncEngine, SyncReport
from ...sync.errors import NotEnrolledError
from ..context import AppContext
from ..i18n import error_text, plural
from ..operations import Change, announce
from ..shell.main_window import MainWindow
from .conflicts_view import ConflictsWindow
from .quarantine_view import QuarantineWindow
from .shared_notice import SharedEventsNotice
from .shift_end import ShiftEndDialog

log = logging.getLogger(__name__)

POLL_S = 1.0            # while online: new shared events reach us within ~2 s
NOT_ENROLLED_RETRY_S = 30.0
RETRY_BASE_S, RETRY_CAP_S = 5.0, 300.0  # after a failed round: 5 s, 10 s, 20 s … at most 5 minutes


def _figures(store: Store) -> dict[str, Any]:
    return {"pending": store.outbox.count(), "conflicts": review.open_conflict_count(store),
            "last_sync_at": store.meta.get(MetaKey.LAST_SYNC_AT), "last_error": store.meta.get(MetaKey.LAST_SYNC_ERROR),
            "enrolled": Enrollment.of(store) is not None, **store.sync_issues.counts()}


def _event_numbers(store: Store, ids: list[str]) -> list[str]:
    """The numbers of these events that another room made; a first sync may name 100,000s
    (the store's id chunks: more ids than SQLite takes parameters in one statement)."""
    numbers: list[str] = []
    for chunk in chunks(ids):
        numbers += [r[0] for r in store.db.execute(
            f"SELECT number FROM events WHERE id IN ({marks(chunk)}) AND origin IS NOT ?", [*chunk, store.replica_id])]
    return sorted(numbers)


class SyncController(QObject):
    """Runs the sync (background loop and "sync now") and publishes its state."""

    state_changed = Signal(dict)      # online, pending, conflicts, last_sync_at, last_error, enrolled
    progress = Signal(str, int, int)  # phase ("push"/"snapshot"/"snapshot_rebuild"/"pull"), done, total (-1: unknown)
    finished = Signal(object)         # SyncReport
    failed = Signal(str)              # Italian message
    shared_events_arrived = Signal(list)  # event numbers

    def __init__(self, ctx: AppContext, client: httpx.AsyncClient, parent: QObject | None = None, *,
                 poll_s: float = POLL_S):
        super().__init__(parent)
        self._ctx = ctx
        self.client = client
        self.poll_s = poll_s
        self.online: bool | None = None
        self.state: dict[str, Any] = {}
        self._lock = asyncio.Lock()
        self._logged_state: tuple[str, str] | None = None  # (online/offline/not enrolled, error)
        self._stopped = True
        self._tick_task: asyncio.Task | None = None
        self.backoff = Backoff(RETRY_BASE_S, RETRY_CAP_S)
        self.last_delay = 0.0  # the pause chosen after the last round (seconds)
        # Each round is a short task of ctx.tasks (kept, cancellable); the pause between
        # rounds is this timer, so "no task running" still means idle between polls.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_tick)

    # -------------------------------------------------------------- lifecycle
    def start(self) -> None:
        self._stopped = False
        self._timer.start(0)

    def stop(self) -> None:
        """Stop the rounds and cancel the one running (on quit)."""
        self._stopped = True
        self._timer.stop()
        if self._tick_task is not None:
            self._tick_task.cancel()
            self._tick_task = None

    def wake(self) -> None:
        """Sync as soon as possible (e.g. after a local choice that should go out now)."""
        if not self._stopped and self._tick_task is None:
            self._timer.start(0)

    def _on_tick(self) -> None:
        if self._stopped or self._tick_task is not None:
            return
        self._tick_task = self._ctx.tasks.run(self._round(), on_done=self._on_round_done,
                                              on_error=self._on_round_error, name="sync.round")

    async def _round(self) -> float:
        """One background round; returns the pause before the next. Never raises."""
        try:
            await self.sync_once()
        except NotEnrolledError:
            return NOT_ENROLLED_RETRY_S
        except SyncError:
            return self.backoff.next_delay()
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the station's sync
            await self._failed_unexpectedly(exc)
            return self.backoff.next_delay()
        self.backoff.reset()
        return self.poll_s

    async def _failed_unexpectedly(self, exc: BaseException) -> None:
        log.error("sync round failed", exc_info=exc)
        self.online = False
        message = self.tr("Errore imprevisto durante la sincronizzazione: {0}").format(exc)
        self.failed.emit(message)
        try:
            state = await self.refresh_state()
        except Exception:
            log.exception("sync: cannot read the sync state")
            state = dict(self.state, online=False)
        state["last_error"] = message
        self.state_changed.emit(state)

    def _on_round_done(self, delay: float) -> None:
        self._tick_task = None
        self.last_delay = delay
        if not self._stopped:
            self._timer.start(int(delay * 1000))

    def _on_round_error(self, exc: BaseException) -> None:
        """Only if the round itself broke (it catches everything): keep the loop alive."""
        log.error("sync round broke", exc_info=exc)
        self._on_round_done(self.backoff.next_delay())

    # ------------------------------------------------------------------- work
    async def sync_once(self) -> SyncReport:
        """One push + pull (never two at once); publishes progress, result, state."""
        async with self._lock:
            try:
                engine = await SyncEngine.for_store(self._ctx.owner, self.client, attempts=2)
                report = await engine.sync_once(self._on_engine_progress)
            except SyncError as exc:
                self.online = False if not isinstance(exc, NotEnrolledError) else None
                self._log_state("not enrolled" if self.online is None else "offline", str(exc))
                await self.refresh_state()
                self.failed.emit(error_text(exc))
                raise
        self.online = True
        self._log_state("online", "")
        if report.pushed or report.pulled or report.clamped:
            log.info("sync: sent %d, received %d, clamped %d, new conflicts %d", report.pushed, report.pulled,
                     report.clamped, report.conflicts)
            announce(self._ctx, Change.ALL)  # a round is many writes: anything may have changed
        if report.new_shared_events:
            numbers = await self._ctx.owner.call(_event_numbers, report.new_shared_events)
            if numbers:
                self.shared_events_arrived.emit(numbers)
        await self.refresh_state()
        self.finished.emit(report)
        return report

    def _log_state(self, state: str, error: str) -> None:
        """One log line per change of connection state (or of the error), not per round: the
        background loop polls every second and would fill the log with identical lines."""
        if self._logged_state == (state, error):
            return
        self._logged_state = (state, error)
        if state == "offline":
            log.warning("sync %s: %s", state, error)
        else:  # online, or a station working alone (not enrolled): nothing wrong
            log.info("sync %s%s", state, f": {error}" if error else "")

    def _on_engine_progress(self, phase: str, done: int, total: int | None) -> None:
        self.progress.emit(phase, done, -1 if total is None else total)

    async def refresh_state(self) -> dict[str, Any]:
        state = await self._ctx.owner.call(_figures)
        state["online"] = self.online
        self.state = state
        self.state_changed.emit(state)
        return state


class ConnectionLabel(QLabel):
    """Online / offline / not enrolled, with the last error as tool tip."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("connection")
        self.setContentsMargins(6, 0, 6, 0)
        controller.state_changed.connect(self._on_state_changed)
        self._on_state_changed({"online": None, "enrolled": None})

    def _on_state_changed(self, state: dict) -> None:
        if state.get("enrolled") is False:
            self.setText(self.tr("Non registrata"))
            tip = self.tr("Postazione non registrata sul server regionale (emergenza enroll)")
        elif state.get("online"):
            self.setText(self.tr("In linea"))
            tip = self.tr("Collegata al server regionale")
        elif state.get("online") is False:
            self.setText(self.tr("Non in linea"))
            tip = state.get("last_error") or self.tr("Server regionale non raggiungibile")
        else:
            self.setText(self.tr("Collegamento…"))
            tip = ""
        issues = issues_text(self, state)
        self.setToolTip("\n".join(t for t in (tip, issues) if t))


def issues_text(widget: QObject, state: dict) -> str:
    """"Non condivise: 1 · In quarantena: 0 · In attesa: 2" (empty when all are 0 or unknown)."""
    counts = [state.get(k) or 0 for k in ("refused", "quarantined", "waiting")]
    if not any(counts):
        return ""
    return widget.tr("Non condivise: {0} · In quarantena: {1} · In attesa: {2}").format(*counts)


class SyncIssuesLabel(QLabel):
    """Shown only while something was refused, is in quarantine or waits."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncIssues")
        self.setContentsMargins(6, 0, 6, 0)
        self.setToolTip(self.tr("Modifiche rifiutate dal server (restano qui, non condivise), ricevute e non "
                                "applicabili (in quarantena) o in attesa: Sincronizzazione → Non condivise e "
                                "in attesa…"))
        self.hide()
        controller.state_changed.connect(self._on_state_changed)

    def _on_state_changed(self, state: dict) -> None:
        text = issues_text(self, state)
        self.setText(text)
        self.setVisible(bool(text))


class ConflictsLabel(QLabel):
    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("openConflicts")
        self.setContentsMargins(6, 0, 6, 0)
        controller.state_changed.connect(self._on_state_changed)
        self.setText(self.tr("Conflitti: {0}").format("…"))

    def _on_state_changed(self, state: dict) -> None:
        n = state.get("conflicts")
        self.setText(self.tr("Conflitti: {0}").format("…" if n is None else n))
        self.setToolTip(self.tr("Valori scartati dalla sincronizzazione, da rivedere (Sincronizzazione → "
                                "Conflitti…)"))


class SyncProgressDialog(QDialog):
    """Non-modal: counts of a "Sincronizza ora" run, then its result."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncProgressDialog")
        self._controller = controller
        self._setup_ui()
        controller.progress.connect(self._on_progress)

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Sincronizzazione"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.pushed_label = QLabel("0", self)
        self.pulled_label = QLabel("0", self)
        self.conflicts_label = QLabel("0", self)
        form.addRow(self.tr("Modifiche inviate:"), self.pushed_label)
        form.addRow(self.tr("Modifiche ricevute:"), self.pulled_label)
        form.addRow(self.tr("Nuovi conflitti:"), self.conflicts_label)
        layout.addLayout(form)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        layout.addWidget(self.bar)
        self.result_label = QLabel(self.tr("Sincronizzazione in corso…"), self)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def run(self) -> None:
        self.show()
        self._controller._ctx.tasks.run(self._controller.sync_once(), on_done=self._on_done,
                                        on_error=self._on_error, name="sync.now")

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if phase == "push":
            self.pushed_label.setText(self.tr("{0} di {1}").format(done, total) if total >= 0 else str(done))
            if total > 0:
                self.bar.setRange(0, total)
                self.bar.setValue(done)
        elif phase == "snapshot":  # first sync of a new station: the region's current state
            self.pulled_label.setText(self.tr("{0} (stato iniziale)").format(done))
            self.bar.setRange(0, 0)
        elif phase == "snapshot_rebuild":  # then search and statistics rebuilt once (store/bulk_load.py)
            self.pulled_label.setText(self.tr("stato iniziale ricevuto: ricostruzione di ricerca e statistiche…"))
            self.bar.setRange(0, 0)
        else:
            self.pulled_label.setText(str(done))
            self.bar.setRange(0, 0)

    def _on_done(self, report: SyncReport) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.pushed_label.setText(str(report.pushed))
        self.pulled_label.setText(str(report.pulled))
        self.conflicts_label.setText(str(report.conflicts))
        text = self.tr("Sincronizzazione completata.")
        if report.refused:
            text += " " + self.tr("Rifiutate dal server (restano qui, non condivise): {0}.").format(report.refused)
        if report.quarantine or report.waiting:
            text += " " + self.tr("Ricevute in quarantena: {0}; in attesa: {1}.").format(report.quarantine,
                                                                                     report.waiting)
        if report.pending:
            text += " " + plural(report.pending, self.tr("Resta {0} modifica da inviare."),
                                  self.tr("Restano {0} modifiche da inviare.")).format(report.pending)
        self.result_label.setText(text)

    def _on_error(self, exc: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.result_label.setText(error_text(exc))


class SyncUi(QObject):
    """The menu actions and windows of sync, bound to one main window."""

    def __init__(self, ctx: AppContext, window: MainWindow, controller: SyncController):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.controller = controller
        self.progress_dialog: SyncProgressDialog | None = None
        self.conflicts_window: ConflictsWindow | None = None
        self.shift_end_dialog: ShiftEndDialog | None = None
        self.quarantine_window: QuarantineWindow | None = None
        self.shared_notice = SharedEventsNotice()
        window.add_status_widget(self.shared_notice)
        self._setup_ui()
        controller.shared_events_arrived.connect(self._on_shared_events)
        controller.finished.connect(self._on_sync_finished)

    def _setup_ui(self) -> None:
        menu = self._window.menu("sync")
        self.sync_now_action = QAction(self.tr("Sincronizza &ora"), self)
        self.sync_now_action.setObjectName("action_sync_now")
        self.sync_now_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_now_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.sync_now_action.triggered.connect(self._on_sync_now)
        self.conflicts_action = QAction(self.tr("&Conflitti…"), self)
        self.conflicts_action.setObjectName("action_conflicts")
        self.conflicts_action.triggered.connect(self._on_conflicts)
        self.shift_end_action = QAction(self.tr("&Fine turno…"), self)
        self.shift_end_action.setObjectName("action_shift_end")
        self.shift_end_action.triggered.connect(self._on_shift_end)
        self.issues_action = QAction(self.tr("&Non condivise e in attesa…"), self)
        self.issues_action.setObjectName("action_sync_issues")
        self.issues_action.triggered.connect(self._on_issues)
        for action in (self.sync_now_action, self.conflicts_action, self.issues_action, self.shift_end_action):
            menu.addAction(action)
            self._window.addAction(action)  # shortcuts work with the menu closed

    def _on_sync_now(self) -> None:
        if self.progress_dialog is None:
            self.progress_dialog = SyncProgressDialog(self.controller, self._window)
        self.progress_dialog.run()

    def _on_conflicts(self) -> None:
        if self.conflicts_window is None:
            self.conflicts_window = ConflictsWindow(self._ctx, self._window)
        self.conflicts_window.show()
        self.conflicts_window.raise_()
        self.conflicts_window.reload()

    def _on_issues(self) -> None:
        if self.quarantine_window is None:
            self.quarantine_window = QuarantineWindow(self._ctx, self._window)
        self.quarantine_window.show()
        self.quarantine_window.raise_()
        self.quarantine_window.reload()

    def _on_shift_end(self) -> None:
        if self.shift_end_dialog is None:
            self.shift_end_dialog = ShiftEndDialog(self._ctx, self.controller, self._window)
        self.shift_end_dialog.show()
        self.shift_end_dialog.reload()

    def _on_shared_events(self, numbers: list) -> None:
        self.shared_notice.add(numbers)

    def _on_sync_finished(self, _report: SyncReport) -> None:
        if self.conflicts_window is not None and self.conflicts_window.isVisible():
            self.conflicts_window.reload()
        if self.quarantine_window is not None and self.quarantine_window.isVisible() and (
                _report.refused or _report.quarantined or _report.pulled):
            self.quarantine_window.reload()


def install_sync_ui(ctx: AppContext, main_window: MainWindow, client: httpx.AsyncClient, *, start: bool = True,
                    poll_s: float = POLL_S) -> SyncUi:
    controller = SyncController(ctx, client, main_window, poll_s=poll_s)
    ctx.sync = controller
    main_window.add_status_widget(ConnectionLabel(controller))
    main_window.add_status_widget(ConflictsLabel(controller))
    main_window.add_status_widget(SyncIssuesLabel(controller))
    ui = SyncUi(ctx, main_window, controller)
    main_window.closed.connect(controller.stop)
    if start:
        controller.start()
    return ui
