"""The main window: views in a stack, the units panel docked beside them, status bar,
alerts and the slots of the menus and toolbar (those are built in ``actions``). Other
parts plug in through ``menu(name)``, ``add_status_widget`` and ``register_view``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from ...resources import resources_dir
from ..context import AppContext
from ..events.alerts import AlertMonitor
from ..events.assign_dialog import AssignDialog
from ..events.board_view import EventsBoard
from ..events.detail import EventDetail
from ..events.intake import IntakeForm
from ..events.search_view import SearchView
from ..i18n import error_text, plural
from ..operations import Change, ReadOp
from ..settings import GEOMETRY, WINDOW_STATE
from ..units.units_model import UnitsModel
from ..units.units_view import UnitsBoard
from .about import about_box
from .actions import build_menus
from .map_wiring import MapWiring
from .settings_dialog import SettingsDialog
from .shortcuts_window import ShortcutsWindow
from .station_wiring import StationWiring
from .status_bar import StatusBarController

log = logging.getLogger(__name__)

PERIODIC_REFRESH_MS = 5000  # picks up writes made elsewhere (sync, another process)


def _station_identity(store) -> str:
    # Runs on the owner thread.
    return " · ".join(p for p in (store.meta.station_code, store.meta.corps) if p)


class MainWindow(QMainWindow):
    view_changed = Signal(str)
    current_event_changed = Signal(str)
    message_shown = Signal(str)  # every operator message (errors included), for tests and logs
    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._views: dict[str, tuple[QWidget, str]] = {}
        self._menus: dict[str, QMenu] = {}
        self.actions_by_name: dict[str, QAction] = {}
        self._current_event: str | None = None
        self._dialogs: list[QWidget] = []  # open non-modal dialogs, kept alive
        self._closing = False
        self._dock_was_visible = True
        self._station = ""  # "BG01 · Polizia Locale di Bergamo", read at start
        self.persist_layout = False  # interactive runs keep size and panels between starts
        self.alerts = AlertMonitor(ctx, self)
        self.units_model = UnitsModel(ctx, self)
        self._setup_ui()
        self._connect()

    # ----------------------------------------------------------------- set-up
    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Emergenza – Sala operativa"))
        icon = resources_dir() / "icons" / "emergenza.svg"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(1366, 768)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)

        self.board = EventsBoard(self.ctx, self.alerts, self)
        self.units_board = UnitsBoard(self.ctx, self.units_model, self)
        self.detail = EventDetail(self.ctx, self)
        self.intake = IntakeForm(self.ctx, self)
        self.search_view = SearchView(self.ctx, self)
        self.register_view("board", self.board, self.tr("Quadro interventi"))
        self.register_view("units", self.units_board, self.tr("Quadro unità"))
        self.register_view("detail", self.detail, self.tr("Dettaglio intervento"))
        self.map = MapWiring(self)  # the "map" page: Ctrl+4
        self.register_view("intake", self.intake, self.tr("Nuovo intervento"))
        self.register_view("search", self.search_view, self.tr("Ricerca"))

        self.units_dock = QDockWidget(self.tr("Unità"), self)
        self.units_dock.setObjectName("unitsDock")
        self.units_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.units_panel = UnitsBoard(self.ctx, self.units_model, self.units_dock, compact=True)
        self.units_dock.setWidget(self.units_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.units_dock)
        # (the dock takes its minimum width; the boards get the rest)

        self.station = StationWiring(self)  # sign-in, lock, units registry, operators, role gate
        self._menus, self.toolbar = build_menus(self)
        self.map.install()
        self.station.install()
        self.status = StatusBarController(self.ctx, self.statusBar(), self)

        self._refresh_debounce = QTimer(self)
        self._refresh_debounce.setSingleShot(True)
        self._refresh_debounce.setInterval(150)
        self._refresh_debounce.timeout.connect(self.refresh)
        self._periodic = QTimer(self)
        self._periodic.setInterval(PERIODIC_REFRESH_MS)
        self._periodic.timeout.connect(self.refresh)

    def _connect(self) -> None:
        self.ctx.signals.changed.connect(self._on_data_changed)
        self.ctx.tasks.error.connect(self._on_task_error)
        self.board.current_event_changed.connect(self._on_board_selection)
        self.board.event_activated.connect(self.open_event)
        self.board.model.error.connect(self.show_error)
        self.board.model.assigned.connect(self._on_unit_assigned)
        self.units_model.error.connect(self.show_error)
        self.units_board.event_activated.connect(self.open_event)
        self.units_panel.event_activated.connect(self.open_event)
        self.intake.event_created.connect(self._on_event_created)
        self.detail.assign_requested.connect(self.assign_event)
        self.search_view.event_activated.connect(self.open_event)

    # ------------------------------------------------------- extension points
    def menu(self, name: str) -> QMenu:
        return self._menus[name]

    def add_status_widget(self, widget: QWidget, permanent: bool = True) -> None:
        """Add a widget to the status bar; one named "connection" replaces the placeholder."""
        if widget.objectName() == "connection":
            self.status.replace_connection_widget(widget)
        elif permanent:
            self.statusBar().addPermanentWidget(widget)
        else:
            self.statusBar().addWidget(widget)

    def register_view(self, name: str, widget: QWidget, title: str) -> QAction:
        if name in self._views:
            raise ValueError(f"view {name!r} already registered")
        self._views[name] = (widget, title)
        if self.stack.indexOf(widget) < 0:
            self.stack.addWidget(widget)
        action = QAction(title, self)
        action.setObjectName(f"action_view_{name}")
        number = len(self._views)
        if number <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setToolTip(f"{title} (Ctrl+{number})")
        action.triggered.connect(lambda _checked=False, n=name: self.show_view(n))
        self.actions_by_name[f"view_{name}"] = action
        if "view" in self._menus:  # views registered after start-up
            self._menus["view"].addAction(action)
        return action

    def view_names(self) -> list[str]:
        return list(self._views)

    def show_view(self, name: str) -> QWidget:
        widget, title = self._views[name]
        # The units page shows the full list: the docked copy would only repeat it.
        if name == "units" and self.current_view() != "units":
            self._dock_was_visible = self.units_dock.isVisible()
            self.units_dock.hide()
        elif name != "units" and self.current_view() == "units" and self._dock_was_visible:
            self.units_dock.show()
        self.stack.setCurrentWidget(widget)
        self._update_title(title)
        if name == "board":
            self.board.focus_table()
        elif name == "units":
            self.units_board.focus_table()
        self.view_changed.emit(name)
        return widget

    def _update_title(self, title: str | None = None) -> None:
        if title is None:
            title = self._views.get(self.current_view(), (None, ""))[1]
        text = self.tr("Emergenza – {0}").format(title)
        self.setWindowTitle(f"{text} – {self._station}" if self._station else text)

    def restore_layout(self) -> None:
        geometry = GEOMETRY.read(self.ctx.settings)
        state = WINDOW_STATE.read(self.ctx.settings)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def _save_layout(self) -> None:
        GEOMETRY.write(self.ctx.settings, self.saveGeometry())
        WINDOW_STATE.write(self.ctx.settings, self.saveState())
        self.ctx.settings.sync()

    def current_view(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, (w, _t) in self._views.items() if w is current), "")

    # ---------------------------------------------------------------- actions
    def start(self) -> None:
        """Begin loading and the periodic work (called once the window is shown)."""
        self.show_view("board")
        self.refresh()
        self.reload_station()
        self.alerts.start()
        self.status.start()
        self.station.gate.apply()  # menus other parts added since (Rapporti, Sincronizzazione)
        self._periodic.start()

    def refresh(self) -> None:
        self.board.refresh()
        self.units_model.refresh()
        self.map.refresh()

    def current_event_id(self) -> str | None:
        if self.stack.currentWidget() is self.detail and getattr(self.detail, "event_id", None):
            return self.detail.event_id
        return self.board.current_event_id() or self._current_event

    def new_event(self) -> None:
        self.show_view("intake")
        self.intake.new_event()

    def open_event(self, event_id: str) -> None:
        if not event_id:
            return
        self._current_event = event_id
        self.board.select_event(event_id)
        self.detail.show_event(event_id)
        self.show_view("detail")
        self.current_event_changed.emit(event_id)

    def select_event(self, event_id: str) -> None:
        """Make ``event_id`` the selected event (as a click on the board's row does)."""
        if not event_id:
            return
        self._current_event = event_id
        self.board.select_event(event_id)
        self.current_event_changed.emit(event_id)

    def open_current_event(self) -> None:
        event_id = self.current_event_id()
        if event_id:
            self.open_event(event_id)
        else:
            self.show_error(self.tr("Selezionare un intervento."))

    def assign_current(self) -> None:
        event_id = self.current_event_id()
        if not event_id:
            self.show_error(self.tr("Selezionare un intervento da assegnare."))
            return
        self.assign_event(event_id)

    def assign_event(self, event_id: str) -> None:
        dialog = AssignDialog(self.ctx, event_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep(dialog)
        dialog.open()

    def note_current(self) -> None:
        event_id = self.current_event_id()
        if not event_id:
            self.show_error(self.tr("Selezionare un intervento a cui aggiungere l'annotazione."))
            return
        if self.stack.currentWidget() is not self.detail or getattr(self.detail, "event_id", None) != event_id:
            self.open_event(event_id)
        self.detail.add_note()

    def open_search(self) -> None:
        self.show_view("search")
        self.search_view.focus_search()

    def acknowledge_alerts(self) -> None:
        event_id = self.board.current_event_id()
        if event_id and event_id in self.alerts.active:
            n = self.alerts.acknowledge([event_id])
        else:
            n = self.alerts.acknowledge()
        self.statusBar().showMessage(plural(n, self.tr("Presa visione di {0} allarme."),
                                             self.tr("Presa visione di {0} allarmi.")).format(n), 4000)

    def advance_unit(self) -> None:
        panel = self.units_board if self.stack.currentWidget() is self.units_board else self.units_panel
        if panel.current_unit_id() is None:
            panel = self.units_board if self.units_board.current_unit_id() else self.units_panel
        panel.advance_selected()

    def toggle_unit_service(self) -> None:
        panel = self.units_board if self.stack.currentWidget() is self.units_board else self.units_panel
        if panel.current_unit_id() is None:
            panel = self.units_board if self.units_board.current_unit_id() else self.units_panel
        panel.toggle_selected_service()

    def focus_units_panel(self) -> None:
        self.units_dock.show()
        self.units_panel.focus_table()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_shortcuts(self) -> QWidget:
        existing = next((d for d in self._dialogs if isinstance(d, ShortcutsWindow)), None)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        window = ShortcutsWindow(self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep(window)
        window.show()
        return window

    def show_about(self) -> QWidget:
        box = about_box(self)
        self._keep(box)
        box.open()
        return box

    def open_settings(self) -> QWidget:
        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_saved.connect(self._on_settings_saved)
        self._keep(dialog)
        dialog.open()
        return dialog

    def change_operator(self) -> QWidget:
        return self.station.change_operator()

    def show_error(self, text: str) -> None:
        """Tell the operator what went wrong, without blocking anything."""
        self.message_shown.emit(text)
        self.statusBar().showMessage(text, 10000)
        if self._closing:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Emergenza"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep(box)
        box.open()

    def open_dialogs(self) -> list[QWidget]:
        return [d for d in self._dialogs if d.isVisible()]

    def keep_dialog(self, widget: QWidget) -> None:
        """Keep a non-modal dialog alive while open (and close it with the window)."""
        self._keep(widget)

    # ---------------------------------------------------------------- private
    def _keep(self, widget: QWidget) -> None:
        self._dialogs.append(widget)
        widget.destroyed.connect(lambda _obj=None, w=widget: self._forget(w))
        if hasattr(widget, "finished"):
            widget.finished.connect(lambda _r=0, w=widget: self._forget(w))

    def _forget(self, widget: QWidget) -> None:
        if widget in self._dialogs:
            self._dialogs.remove(widget)

    def _on_data_changed(self, changes: Change) -> None:
        self._refresh_debounce.start()
        if changes & Change.SETTINGS:  # station code or corps (setup, enrollment): the title
            self.reload_station()

    def _on_board_selection(self, event_id: str) -> None:
        if event_id:
            self._current_event = event_id
            self.current_event_changed.emit(event_id)

    def _on_event_created(self, event_id: str) -> None:
        self.open_event(event_id)

    def _on_unit_assigned(self, _event_id: str, resource_id: str) -> None:
        unit = self.units_model.unit(resource_id)
        name = unit["call_sign"] if unit else ""
        self.statusBar().showMessage(self.tr("Unità {0} assegnata.").format(name), 5000)

    def reload_station(self) -> None:
        ReadOp(self.ctx, _station_identity).on_done(self._on_station).run("window.station")

    def _on_station(self, identity: str) -> None:
        self._station = identity
        self._update_title()

    def clear_board_filters(self) -> None:
        self.show_view("board")
        self.board.clear_filters()

    def _on_settings_saved(self) -> None:
        self.alerts.check()
        self.station.idle.restart()

    def _on_task_error(self, exc: BaseException) -> None:
        self.show_error(error_text(exc))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.station.may_close():  # a shift is open: asked Sì/No first
            event.ignore()
            return
        self._closing = True
        self.station.stop()
        if self.persist_layout:
            self._save_layout()
        self._periodic.stop()
        self._refresh_debounce.stop()
        self.alerts.stop()
        self.status.stop()
        for dialog in list(self._dialogs):
            dialog.close()
        self.ctx.tasks.cancel_all()
        super().closeEvent(event)
        self.closed.emit()
