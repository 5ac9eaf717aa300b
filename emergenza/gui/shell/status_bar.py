"""Status bar: connection state, changes waiting to be sent, last sync, operator on shift.

The figures come from the store owner in the background, every few seconds and
(debounced) after each data change. The connection label is a placeholder until the
sync UI installs its own widget (``replace_connection_widget``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ...domain.enums import Role
from ...store import Store
from ...store.meta import MetaKey
from ..context import AppContext
from ..operations import Change, ReadOp
from ..widgets.labels import code_label
from ..widgets.timefmt import local_clock

REFRESH_MS = 3000


def _status_figures(store: Store) -> dict[str, Any]:
    # Runs on the owner thread: two tiny queries.
    return {"outbox": store.outbox.count(), "last_sync_at": store.meta.get(MetaKey.LAST_SYNC_AT)}


class StatusBarController(QObject):
    updated = Signal(dict)

    def __init__(self, ctx: AppContext, bar: QStatusBar, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._bar = bar
        self._busy = False
        self.figures: dict[str, Any] = {}
        self.connection_label = QLabel(self.tr("Non collegato"), bar)
        self.connection_label.setObjectName("connectionPlaceholder")
        self.connection_label.setToolTip(self.tr("Sincronizzazione non configurata"))
        self.outbox_label = QLabel(bar)
        self.outbox_label.setObjectName("outboxCount")
        self.last_sync_label = QLabel(bar)
        self.last_sync_label.setObjectName("lastSync")
        self.operator_label = QLabel(bar)
        self.operator_label.setObjectName("operatorOnShift")
        for label in (self.connection_label, self.outbox_label, self.last_sync_label, self.operator_label):
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.refresh)
        ctx.signals.changed.connect(self._on_data_changed)
        ctx.signals.operator_changed.connect(self._on_operator_changed)
        self._on_operator_changed()
        self._show({"outbox": None, "last_sync_at": None})

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()
        self._debounce.stop()

    def replace_connection_widget(self, widget: QWidget) -> None:
        self._bar.removeWidget(self.connection_label)
        self.connection_label.hide()
        self._bar.insertPermanentWidget(0, widget)

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        ReadOp(self._ctx, _status_figures).on_done(self._on_figures).on_exception(
            self._on_failed).run("status.refresh")

    def _on_failed(self, _exc: BaseException) -> None:
        self._busy = False
        self.outbox_label.setText(self.tr("Archivio non raggiungibile"))

    def _on_figures(self, figures: dict[str, Any]) -> None:
        self._busy = False
        self._show(figures)

    def _show(self, figures: dict[str, Any]) -> None:
        self.figures = figures
        outbox = figures.get("outbox")
        self.outbox_label.setText(self.tr("Da inviare: {0}").format("…" if outbox is None else outbox))
        self.outbox_label.setToolTip(self.tr("Modifiche registrate qui e non ancora inviate al server"))
        last = figures.get("last_sync_at")
        self.last_sync_label.setText(self.tr("Ultima sincronizzazione: {0}").format(
            local_clock(last) if last else self.tr("mai")))
        self.updated.emit(figures)

    def _on_data_changed(self, _changes: Change) -> None:
        self._debounce.start()

    def _on_operator_changed(self) -> None:
        op = self._ctx.operator
        if op is None:
            self.operator_label.setText(self.tr("Nessun operatore in turno"))
            return
        role = code_label(Role, op.role)
        self.operator_label.setText(self.tr("Operatore: {0} ({1})").format(op.name, role))
