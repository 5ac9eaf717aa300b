"""The "Territorio" menu and the status-bar notice of territory alerts (one line in app.py).

A watch rule that fires or a plate hit leaves a row in ``territory_alerts`` (its Italian
template and parameters, translated here: ``alert_line``); the notice shows the newest
(and how many) in bold until *Visto* marks them seen — like the notice
of shared events from other corps: it tells, it does not sound the unassigned-event alarm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QMenu, QPushButton, QWidget

from ...domain.areas import alert_text
from ...store import Store
from ..context import AppContext
from ..i18n import tr_core
from ..operations import Change, ReadOp, WriteOp
from ..widgets.elided_label import ElidedLabel

if TYPE_CHECKING:  # the window (and the map view its drawing dialog uses) is loaded when first opened
    from .registry_window import TerritoryWindow


def alert_line(alert: dict[str, Any]) -> str:
    """A stored territory alert in the interface's language (template and labels translated)."""
    return alert_text(alert["text"], alert.get("params"), tr_core)


def mark_all_seen(store: Store, ids: list[str], *, operator: str) -> int:
    for alert_id in ids:
        store.areas.mark_seen(alert_id, operator=operator)
    return len(ids)


class TerritoryNotice(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("territory_notice")
        self._ctx = ctx
        self.alerts: list[dict[str, Any]] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        self.label = ElidedLabel()
        self.label.setMinimumWidth(160)
        self.label.setMaximumWidth(420)
        self.label.setStyleSheet("font-weight: bold; color: #b71c1c;")
        self.ack_button = QPushButton(self.tr("Visto"))
        self.ack_button.setObjectName("territory_ack")
        self.ack_button.setToolTip(self.tr("Presa visione degli avvisi del territorio"))
        self.ack_button.clicked.connect(self.acknowledge)
        row.addWidget(self.label)
        row.addWidget(self.ack_button)
        self.hide()
        ctx.signals.changed.connect(self._on_changed)

    def check(self) -> None:
        ReadOp(self._ctx, Store.areas.open_alerts).on_done(self.show_alerts).run("territory.alerts")

    def _on_changed(self, changes: Change) -> None:
        if changes & (Change.EVENTS | Change.TERRITORY | Change.SYNC):
            self.check()

    def show_alerts(self, alerts: list[dict[str, Any]]) -> None:
        self.alerts = alerts
        if not alerts:
            self.label.set_full_text("")
            self.hide()
            return
        newest = alert_line(alerts[-1])
        text = newest if len(alerts) == 1 else self.tr("{0} (e altri {1} avvisi)").format(newest, len(alerts) - 1)
        self.label.set_full_text(text)
        self.show()

    def acknowledge(self) -> None:
        ids = [a["id"] for a in self.alerts]
        self.alerts = []
        self.hide()
        if ids:
            WriteOp(self._ctx, Change.TERRITORY, mark_all_seen, ids, operator=self._ctx.operator_name).run(
                "territory.alerts_seen")


class TerritoryUi(QObject):
    def __init__(self, ctx: AppContext, window: QMainWindow):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.registry: TerritoryWindow | None = None
        self.menu = QMenu(self.tr("&Territorio"), window)
        self.menu.setObjectName("menu_territory")
        self.open_action = QAction(self.tr("&Aree a rischio, telecamere e varchi…"), window)
        self.open_action.setObjectName("action_territory_registry")
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.open_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.open_action.triggered.connect(self.open_registry)
        self.menu.addAction(self.open_action)
        window.addAction(self.open_action)
        self.notice = TerritoryNotice(ctx)

    def open_registry(self) -> TerritoryWindow:
        if self.registry is None:
            from .registry_window import TerritoryWindow

            self.registry = TerritoryWindow(self._ctx, self._window.map.feed, self._window)  # type: ignore[attr-defined]
        self.registry.show()
        self.registry.raise_()
        self.registry.activateWindow()
        self.registry.reload()
        return self.registry


def install_territory_ui(ctx: AppContext, main_window: QMainWindow) -> TerritoryUi:
    """Add the "Territorio" menu (before "Aiuto") and the alerts notice to the main window."""
    ui = TerritoryUi(ctx, main_window)
    bar = main_window.menuBar()
    help_menu = bar.findChild(QMenu, "menu_help")
    if help_menu is not None:
        bar.insertMenu(help_menu.menuAction(), ui.menu)
    else:
        bar.addMenu(ui.menu)
    main_window.add_status_widget(ui.notice)  # type: ignore[attr-defined]
    ui.notice.check()
    main_window.territory_ui = ui  # type: ignore[attr-defined]
    return ui
