"""Markers of events and units, and area overlays, kept up to date incrementally by id.

Each marker is a ``QGraphicsPixmapItem`` showing a shared sprite, ignoring the view's
scale (constant size on screen) and hit-tested by its bounding rectangle. An update
touches only the markers whose record changed: a move is a ``setPos``, a new style a
``setPixmap``; nothing else is redrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsPixmapItem, QGraphicsScene

from ...domain.geo import WebMercator
from ...domain.territory import Territory
from .basemap import project_path
from .markers import EVENT_RADIUS, AreaOverlay, EventMarker, Sprites, UnitMarker

KIND_ROLE = 0  # QGraphicsItem.data keys
ID_ROLE = 1
EVENT = "event"
UNIT = "unit"
AREA = "area"
Z_AREAS = 5.0
Z_EVENTS = 20.0
Z_UNITS = 30.0


@dataclass
class UpdateStats:
    added: int = 0
    moved: int = 0
    restyled: int = 0
    removed: int = 0
    unplaced: int = 0  # no coordinates and no known municipality: not drawn


class MarkerLayer:
    def __init__(self, scene: QGraphicsScene, territory: Territory, projection: WebMercator, sprites: Sprites):
        self._scene = scene
        self._territory = territory
        self._projection = projection
        self._sprites = sprites
        self.events: dict[str, tuple[EventMarker, QGraphicsPixmapItem]] = {}
        self.units: dict[str, tuple[UnitMarker, QGraphicsPixmapItem]] = {}
        self.areas: dict[str, tuple[AreaOverlay, QGraphicsPathItem]] = {}
        self.last = UpdateStats()
        self._staging: QGraphicsScene | None = None  # see ``warm``

    def warm(self, staging: QGraphicsScene | None) -> None:
        """While ``staging`` is set, new markers are made in it; ``unstage`` draws them once.

        Each marker is a Python-made item, so each of its virtual functions is looked up
        for a Python override the first time Qt calls it, per item: the first paint of
        5,000 fresh markers cost 7 ms more than the next ones (callgrind: half of it in
        ``Sbk_GetPyOverride``). Drawing a few hundred at a time offscreen, in the build's
        slices, pays that before the view is shown."""
        self._staging = staging

    def unstage(self, staging: QGraphicsScene) -> None:
        """Draw the markers made in ``staging`` once into a tiny image, then move them to the scene."""
        if not staging.items():
            return
        image = QImage(4, 4, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        try:
            # The markers ignore the scale: all of them overlap this 4-pixel picture, so all are painted.
            staging.render(painter, QRectF(0, 0, 4, 4), staging.itemsBoundingRect())
        finally:
            painter.end()
        # A view being shown activates its scene, which sends every top-level item an
        # event: the first one costs a Python override lookup per item (6 ms for 5,000
        # markers in the turn the map appeared). Paid here, a few hundred at a time.
        for kind in (QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate):
            QCoreApplication.sendEvent(staging, QEvent(kind))
        for item in staging.items():
            self._scene.addItem(item)  # leaves the staging scene

    # ------------------------------------------------------------------ placement
    def _event_place(self, marker: EventMarker) -> tuple[QPointF, bool] | None:
        if marker.lon is not None and marker.lat is not None:
            return QPointF(*self._projection.forward(marker.lon, marker.lat)), marker.approximate
        shape = self._territory.municipalities.get(marker.municipality or "")
        if shape is None:
            return None
        return QPointF(*self._projection.forward(*shape.placement)), True

    def _new_item(self, kind: str, ident: str, z: float) -> QGraphicsPixmapItem:
        item = QGraphicsPixmapItem()
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        item.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)  # no mask to compute
        item.setData(KIND_ROLE, kind)
        item.setData(ID_ROLE, ident)
        item.setZValue(z)
        (self._staging or self._scene).addItem(item)
        return item

    def _unit_place(self, marker: UnitMarker) -> QPointF | None:
        if marker.lon is not None and marker.lat is not None:
            return QPointF(*self._projection.forward(marker.lon, marker.lat))
        shape = self._territory.municipalities.get(marker.municipality or "")
        return None if shape is None else QPointF(*self._projection.forward(*shape.placement))

    @staticmethod
    def _set_pixmap(item: QGraphicsPixmapItem, pixmap, beside: int | None = None) -> None:
        item.setPixmap(pixmap)
        size = pixmap.deviceIndependentSize()
        if beside is None:
            item.setOffset(-size.width() / 2, -size.height() / 2)
        else:  # right of the event marker, one row per unit
            item.setOffset(EVENT_RADIUS + 3, -size.height() / 2 + beside * (size.height() + 1))

    def _event_tooltip(self, marker: EventMarker, approximate: bool) -> str:
        lines = [marker.label] if marker.label else []
        if marker.exercise:
            lines.append(QCoreApplication.translate("MapView", "Esercitazione"))
        if approximate:
            lines.append(QCoreApplication.translate("MapView", "Posizione approssimata"))
        return "\n".join(lines)

    # ------------------------------------------------------------------ events
    def update_events(self, markers: Iterable[EventMarker]) -> UpdateStats:
        """Add new events, move or restyle changed ones; identical records cost nothing."""
        stats = UpdateStats()
        for marker in markers:
            old = self.events.get(marker.id)
            # The feed hands the same record again when its row did not change.
            if old is not None and (old[0] is marker or old[0] == marker):
                continue
            place = self._event_place(marker)
            if place is None:
                stats.unplaced += 1
                if old is not None:
                    self._remove_event(marker.id)
                    stats.removed += 1
                continue
            point, approximate = place
            style = (marker.color, marker.exercise, approximate)
            if old is None:
                item = self._new_item(EVENT, marker.id, Z_EVENTS)
                stats.added += 1
                old_style = None
            else:
                item = old[1]
                old_marker = old[0]
                old_place = self._event_place(old_marker)
                old_style = (old_marker.color, old_marker.exercise, old_place[1] if old_place else None)
                if item.pos() != point:
                    stats.moved += 1
            if style != old_style:
                self._set_pixmap(item, self._sprites.event(*style))
                if old is not None:
                    stats.restyled += 1
            item.setPos(point)
            item.setToolTip(self._event_tooltip(marker, approximate))
            self.events[marker.id] = (marker, item)
        self.last = stats
        return stats

    def set_events(self, markers: Iterable[EventMarker]) -> UpdateStats:
        """Make the drawn events exactly ``markers`` (those not listed are removed)."""
        markers = list(markers)
        keep = {m.id for m in markers}
        gone = [ident for ident in self.events if ident not in keep]
        for ident in gone:
            self._remove_event(ident)
        stats = self.update_events(markers)
        stats.removed += len(gone)
        self.last = stats
        return stats

    def remove_events(self, ids: Iterable[str]) -> UpdateStats:
        stats = UpdateStats(removed=sum(1 for ident in ids if self._remove_event(ident)))
        self.last = stats
        return stats

    def _remove_event(self, ident: str) -> bool:
        entry = self.events.pop(ident, None)
        if entry is None:
            return False
        entry[1].scene().removeItem(entry[1])  # the scene, or the staging one (``warm``)
        return True

    # ------------------------------------------------------------------ units
    def update_units(self, markers: Iterable[UnitMarker]) -> UpdateStats:
        stats = UpdateStats()
        for marker in markers:
            old = self.units.get(marker.id)
            if old is not None and (old[0] is marker or old[0] == marker):
                continue
            point = self._unit_place(marker)
            if point is None:
                stats.unplaced += 1
                if old is not None:
                    self._remove_unit(marker.id)
                    stats.removed += 1
                continue
            if old is None:
                item = self._new_item(UNIT, marker.id, Z_UNITS)
                item.setCursor(Qt.CursorShape.OpenHandCursor)
                stats.added += 1
            else:
                item = old[1]
                if item.pos() != point:
                    stats.moved += 1
            if old is None or (old[0].call_sign, old[0].color, old[0].beside) != (
                    marker.call_sign, marker.color, marker.beside):
                self._set_pixmap(item, self._sprites.unit(marker.call_sign, marker.color), marker.beside)
                if old is not None:
                    stats.restyled += 1
            item.setPos(point)
            item.setToolTip(marker.label or marker.call_sign)
            self.units[marker.id] = (marker, item)
        self.last = stats
        return stats

    def set_units(self, markers: Iterable[UnitMarker]) -> UpdateStats:
        markers = list(markers)
        keep = {m.id for m in markers}
        gone = [ident for ident in self.units if ident not in keep]
        for ident in gone:
            self._remove_unit(ident)
        stats = self.update_units(markers)
        stats.removed += len(gone)
        self.last = stats
        return stats

    def remove_units(self, ids: Iterable[str]) -> UpdateStats:
        stats = UpdateStats(removed=sum(1 for ident in ids if self._remove_unit(ident)))
        self.last = stats
        return stats

    def _remove_unit(self, ident: str) -> bool:
        entry = self.units.pop(ident, None)
        if entry is None:
            return False
        entry[1].scene().removeItem(entry[1])  # the scene, or the staging one (``warm``)
        return True

    def unit_home(self, ident: str) -> QPointF | None:
        """Where the unit's record puts it (a dragged marker goes back there)."""
        entry = self.units.get(ident)
        return None if entry is None else self._unit_place(entry[0])

    # ------------------------------------------------------------------ areas
    def set_areas(self, areas: Iterable[AreaOverlay]) -> None:
        """Replace the overlays (few, rarely changed: no diffing needed)."""
        for _, item in self.areas.values():
            self._scene.removeItem(item)
        self.areas.clear()
        for area in areas:
            item = QGraphicsPathItem(project_path(area.polygons, self._projection))
            color = QColor(area.color)
            pen = QPen(color, 2)
            pen.setCosmetic(True)
            item.setPen(pen)
            fill = QColor(color)
            fill.setAlpha(60)
            item.setBrush(QBrush(fill, Qt.BrushStyle.SolidPattern))
            item.setToolTip(area.name)
            item.setData(KIND_ROLE, AREA)
            item.setData(ID_ROLE, area.id)
            item.setZValue(Z_AREAS)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            # Pans are blits of the cached picture; a zoom redraws it once.
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._scene.addItem(item)
            self.areas[area.id] = (area, item)
