"""The map in the main window: the "Mappa" page (``Ctrl+4``), the map dock (Visualizza →
Pannello mappa) and the map dialogs (an event's coordinates, a unit's position).

Both maps show the board's subset of active events (the board's filters) through one
``MapFeed``; a click selects the event in the window as the board does, a unit dropped
on an event is assigned through the board's own assignment (same rules, same messages).
Built in two steps because of the window's order: ``MapWiring(window)`` registers the
page among the views, ``install()`` adds the dock and connects everything once the
menus exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from ...store import Store
from ..events.event_fields import EventFields
from ..map.feed import MapFeed
from ..map.panel import MapPanel
from ..map.pick_dialog import MapPickDialog
from ..operations import Change, WriteOp

if TYPE_CHECKING:
    from .main_window import MainWindow


class MapWiring(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.feed = MapFeed(self.ctx, self)
        self.page = MapPanel(self.ctx, self.feed, window)
        self.page.setObjectName("mapPage")
        window.register_view("map", self.page, self.tr("Mappa"))
        self.dock: QDockWidget | None = None
        self.dock_panel: MapPanel | None = None
        self._dock_was_visible = False
        self._on_page = False

    def install(self) -> None:
        w = self.window
        self.dock = QDockWidget(self.tr("Mappa"), w)
        self.dock.setObjectName("mapDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.dock_panel = MapPanel(self.ctx, self.feed, self.dock, compact=True)
        self.dock.setWidget(self.dock_panel)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        w.splitDockWidget(w.units_dock, self.dock, Qt.Orientation.Vertical)
        self.dock.hide()  # shown on request (its map is built only then)
        toggle = self.dock.toggleViewAction()
        toggle.setText(self.tr("Pannello &mappa"))
        toggle.setObjectName("action_map_dock")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+M"))
        w.menu("view").insertAction(w.actions_by_name["full_screen"], toggle)
        w.actions_by_name["map_dock"] = toggle

        for panel in (self.page, self.dock_panel):
            panel.event_selected.connect(w.select_event)
            panel.event_opened.connect(w.open_event)
            panel.assign_requested.connect(self._assign)
            panel.position_requested.connect(self.set_unit_position)
            panel.clear_filters_requested.connect(w.board.clear_filters)
        w.current_event_changed.connect(self._highlight)
        w.board.filter_changed.connect(self._on_board_filter)
        self._on_board_filter()
        w.view_changed.connect(self._on_view_changed)
        for board in (w.units_board, w.units_panel):
            board.position_requested.connect(self.place_unit)
        for fields in (w.intake.fields, w.detail.fields):
            fields.map_pick_requested.connect(lambda f=fields: self.pick_coordinates(f))
        self.feed.error.connect(w.show_error)

    # ---------------------------------------------------------------- public
    def refresh(self) -> None:
        self.feed.refresh()

    def pick_coordinates(self, fields: EventFields) -> MapPickDialog:
        """The map dialog of an event form: each click fills latitude and longitude (and
        an empty municipality); Esc puts back what the fields held."""
        before = fields.coordinate_texts()
        area = [fields.municipality_istat] if fields.municipality_istat else None
        dialog = MapPickDialog(self.feed, self.tr("Coordinate dell'intervento"),
                               self.tr("Fare clic sul luogo dell'intervento: latitudine e longitudine vengono "
                                       "inserite nel modulo. Esc annulla."),
                               language=self.ctx.language, start=fields.coordinates(), area=area, parent=self.window)

        def picked(lon: float, lat: float) -> None:
            territory = self.feed.territory
            fields.set_coordinates(lat, lon, municipality_istat=territory.municipality_at((lon, lat))
                                   if territory is not None else None)

        dialog.point_picked.connect(picked)
        dialog.rejected.connect(lambda: fields.set_coordinate_texts(before))
        return self._open(dialog)

    def place_unit(self, unit_id: str) -> MapPickDialog:
        """The map dialog of a unit: the chosen point becomes its position (on "Usa questo punto")."""
        marker = self.feed.units.get(unit_id)
        unit = self.window.units_model.unit(unit_id)
        call_sign = unit["call_sign"] if unit else ""
        start = (marker.lon, marker.lat) if marker is not None and marker.lon is not None else None
        dialog = MapPickDialog(self.feed, self.tr("Posizione dell'unità {0}").format(call_sign),
                               self.tr("Fare clic sul punto in cui si trova l'unità {0}. Esc annulla.").format(
                                   call_sign), language=self.ctx.language, start=start, parent=self.window)
        dialog.accepted.connect(lambda: dialog.picked and self.set_unit_position(unit_id, dialog.picked))
        return self._open(dialog)

    def set_unit_position(self, unit_id: str, point: tuple[float, float] | None) -> None:
        """Store a unit's hand-set position ((lon, lat); None forgets it) through the normal write path."""
        lon, lat = point if point is not None else (None, None)
        unit = self.window.units_model.unit(unit_id)
        done = (self.tr("Posizione dell'unità {0} registrata.") if point is not None
                else self.tr("Posizione dell'unità {0} dimenticata.")).format(unit["call_sign"] if unit else "")
        WriteOp(self.ctx, Change.UNITS, Store.units.set_position, unit_id, lat, lon, operator=self.ctx.operator_name
                ).on_done(lambda _row: self.window.statusBar().showMessage(done, 5000)).on_error(
            self.window.show_error).run("map.position")

    # --------------------------------------------------------------- private
    def _open(self, dialog: MapPickDialog) -> MapPickDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window.keep_dialog(dialog)
        dialog.open()
        return dialog

    def _assign(self, unit_id: str, event_id: str) -> None:
        # Exactly the board's drop: same store call, same refusals, same messages.
        self.window.board.model.assign(event_id, unit_id)

    def _highlight(self, event_id: str) -> None:
        for panel in (self.page, self.dock_panel):
            if panel is not None:
                panel.highlight(event_id)

    def _on_board_filter(self, *_args) -> None:
        board = self.window.board
        self.feed.set_filter(board.current_filter(), board.filter_summary())
        for panel in (self.page, self.dock_panel):
            if panel is not None:
                panel.update_bar()

    def _on_view_changed(self, name: str) -> None:
        # The page shows the map in full: the docked copy would only repeat it.
        assert self.dock is not None
        if name == "map" and not self._on_page:
            self._on_page = True
            self._dock_was_visible = self.dock.isVisible()
            self.dock.hide()
        elif name != "map" and self._on_page:
            self._on_page = False
            if self._dock_was_visible:
                self.dock.show()
