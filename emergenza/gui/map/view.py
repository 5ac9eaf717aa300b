"""The map view: the territory, an optional raster base, areas, events and units.

Data comes from the caller (plain records from ``markers``), never from the store.
Mouse: wheel zooms under the pointer, dragging the background pans, a click on an event
emits ``event_clicked`` (double click ``event_activated``), a click on the background
``map_clicked(lon, lat)``, dragging a unit onto an event (a unit marker, or a row of the
units board dropped here) emits ``assign_requested(unit_id, event_id)``, the right button
``menu_requested``. Keys: ``+``/``-`` zoom, arrows pan, ``Home`` goes back to the home
area (the corps' province).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QRegion,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsEllipseItem, QGraphicsItem, QGraphicsScene, QGraphicsView, QWidget

from ...domain.geo import BBox, WebMercator
from ...domain.territory import Territory
from ..widgets.mime import unit_from_mime
from .basemap import BaseMapStyle, TerritoryLabels, VectorTileSource
from .camera_layer import CameraLayer, CameraMarker
from .layers import EVENT, ID_ROLE, KIND_ROLE, UNIT, Z_EVENTS, MarkerLayer, UpdateStats
from .markers import EVENT_RADIUS, AreaOverlay, EventMarker, Sprites, UnitMarker
from .mbtiles import MBTilesInfo, MBTilesSource, read_mbtiles_info
from .tiles import TiledLayerItem, TileGrid

WHEEL_STEP = 1.25  # zoom factor per wheel notch and per +/- key
MIN_SCALE = 0.0008  # pixels per scene unit: all of Lombardy in a small window
MAX_SCALE = 2.0  # about 1:1,000 at 96 dpi
MARGIN_M = 25_000  # panning room around Lombardy, scene units
Z_RASTER = -20.0
Z_VECTOR = -10.0
Z_LABELS = 10.0


class MapView(QGraphicsView):
    event_clicked = Signal(str)
    event_activated = Signal(str)
    unit_clicked = Signal(str)
    assign_requested = Signal(str, str)  # unit id, event id
    map_clicked = Signal(float, float)  # lon, lat of a click on the background
    menu_requested = Signal(str, str, float, float, QPoint)  # kind ("event", "unit", ""), id, lon, lat, where
    zoom_changed = Signal(float)  # scale denominator (1:N) at the centre

    def __init__(self, territory: Territory, parent: QWidget | None = None, *, budget_ms: float = 8.0,
                 build: bool = True):
        """``build=False``: the scene is made by ``build_steps()`` (run by the caller, e.g. in
        slices with gui/map/slices.py); the view may be shown only once they are done."""
        super().__init__(parent)
        self.territory = territory
        self.projection = WebMercator()
        self.setScene(QGraphicsScene(self))
        # Measured faster than the BSP index: most items ignore transformations (the index
        # keeps those in a plain list anyway) and markers move often.
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self._dpr = self.devicePixelRatioF()
        self.vector_source = VectorTileSource(territory, self.projection, device_pixel_ratio=self._dpr,
                                              budget_ms=budget_ms, parent=self, build=False)
        self.built = False
        self.raster_source: MBTilesSource | None = None
        self.raster_layer: TiledLayerItem | None = None
        self._home: list[str] = []
        self._press: tuple[str, str, QPointF] | None = None  # kind, id, where the button went down
        self._dragging_unit: QGraphicsItem | None = None
        self._background_press: QPointF | None = None
        self._highlighted: str | None = None
        self._staging: QGraphicsScene | None = None  # see update_events(warm=True)
        self._configure()
        if build:
            for _ in self.build_steps():
                pass

    def build_steps(self) -> Iterator[None]:
        """The scene, a small piece per step (boundaries, names): ~0.3 s of the UI thread in all."""
        yield from self.vector_source.build_steps()
        bounds = self.vector_source.bounds
        self.vector_layer = TiledLayerItem(self.vector_source, self.vector_source.grid, bounds)
        self.vector_source.layer = self.vector_layer
        self.vector_layer.setZValue(Z_VECTOR)
        self.vector_layer.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene().addItem(self.vector_layer)
        self.labels = TerritoryLabels(self.scene(), self.territory, self.projection,
                                      self.vector_source.municipal_boxes, z=Z_LABELS, build=False)
        yield from self.labels.build_steps()
        self.markers = MarkerLayer(self.scene(), self.territory, self.projection, Sprites(self._dpr))
        yield
        self.cameras = CameraLayer(self.scene(), self.projection, self._dpr)
        self.scene().setSceneRect(bounds.adjusted(-MARGIN_M, -MARGIN_M, MARGIN_M, MARGIN_M))
        self._highlight = QGraphicsEllipseItem(-EVENT_RADIUS - 4, -EVENT_RADIUS - 4, 2 * EVENT_RADIUS + 8,
                                               2 * EVENT_RADIUS + 8)
        self._highlight.setPen(QPen(QColor("#0d47a1"), 3))
        self._highlight.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._highlight.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._highlight.setZValue(Z_EVENTS - 0.5)
        self._highlight.hide()
        self.scene().addItem(self._highlight)
        self.built = True

    def _configure(self) -> None:
        self.setAccessibleName(self.tr("Mappa del territorio"))
        self.setBackgroundBrush(QColor(self.vector_source.style.background))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # markers are pre-rendered
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # zoom_by anchors itself
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)  # units dragged from the units board

    # ------------------------------------------------------------------ data
    def set_events(self, markers: Iterable[EventMarker]) -> UpdateStats:
        return self._follow_highlight(self.markers.set_events(markers))

    def update_events(self, markers: Iterable[EventMarker], *, warm: bool = False) -> UpdateStats:
        """``warm``: new markers are drawn once offscreen first (a view being built in
        slices: their first paint on screen is then as cheap as any other)."""
        if not warm:
            return self._follow_highlight(self.markers.update_events(markers))
        if self._staging is None:
            self._staging = QGraphicsScene(self)
            self._staging.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.markers.warm(self._staging)
        try:
            stats = self.markers.update_events(markers)
        finally:
            self.markers.warm(None)
        self.markers.unstage(self._staging)
        return self._follow_highlight(stats)

    def remove_events(self, ids: Iterable[str]) -> UpdateStats:
        return self._follow_highlight(self.markers.remove_events(ids))

    def set_highlight(self, event_id: str | None) -> None:
        """Ring the selected event's marker (None, or an event not drawn: no ring)."""
        self._highlighted = event_id or None
        self._follow_highlight(None)

    @property
    def highlighted(self) -> str | None:
        return self._highlighted if self._highlight.isVisible() else None

    def _follow_highlight(self, stats: UpdateStats | None) -> UpdateStats | None:
        entry = self.markers.events.get(self._highlighted or "")
        if entry is None:
            self._highlight.hide()
        else:
            self._highlight.setPos(entry[1].pos())
            self._highlight.show()
        return stats

    def set_units(self, markers: Iterable[UnitMarker]) -> UpdateStats:
        return self.markers.set_units(markers)

    def update_units(self, markers: Iterable[UnitMarker]) -> UpdateStats:
        return self.markers.update_units(markers)

    def remove_units(self, ids: Iterable[str]) -> UpdateStats:
        return self.markers.remove_units(ids)

    def set_areas(self, areas: Iterable[AreaOverlay]) -> None:
        self.markers.set_areas(areas)

    def set_cameras(self, cameras: Iterable[CameraMarker]) -> None:
        self.cameras.set_cameras(cameras)

    def set_raster_base(self, base: MBTilesInfo | Path | None) -> None:
        """Draw an MBTiles raster under the boundaries (``None``: none). ``UserError`` if unusable.

        Given a path it reads the file's header here; a caller on the UI thread should
        call ``read_mbtiles_info(path)`` in the background and pass its result.
        """
        info = read_mbtiles_info(Path(base)) if isinstance(base, (str, Path)) else base  # bad: nothing changes
        if self.raster_layer is not None:
            self.scene().removeItem(self.raster_layer)
            self.raster_source.close()
            self.raster_layer = self.raster_source = None
        over_raster = info is not None
        if info is not None:
            source = MBTilesSource(info, parent=self)
            grid = TileGrid(self.projection, source.steps_per_octave)
            self.raster_layer = TiledLayerItem(source, grid, self.scene().sceneRect())
            self.raster_layer.setZValue(Z_RASTER)
            self.raster_layer.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            source.layer = self.raster_layer
            self.raster_source = source
            self.scene().addItem(self.raster_layer)
        if self.vector_source.style.over_raster != over_raster:
            self.vector_source.style = BaseMapStyle(over_raster=over_raster)
            self.vector_layer.clear()

    def close_sources(self) -> None:
        """Stop the raster reader thread (also done when the view closes)."""
        if self.raster_source is not None:
            self.raster_source.close()

    def closeEvent(self, event) -> None:
        self.close_sources()
        super().closeEvent(event)

    # ------------------------------------------------------------------ navigation
    @property
    def pixels_per_unit(self) -> float:
        return self.transform().m11()

    def scale_denominator(self) -> float:
        """N of the 1:N scale at the view's centre, for a screen of the widget's dpi."""
        centre = self.mapToScene(self.viewport().rect().center())
        lat = self.projection.inverse(centre.x(), centre.y())[1]
        metres_per_pixel = 1 / (self.pixels_per_unit * self.projection.units_per_metre(lat))
        return metres_per_pixel / (0.0254 / self.logicalDpiX())

    def _scene_rect_of(self, box: BBox) -> QRectF:
        x0, y0 = self.projection.forward(box.min_x, box.max_y)
        x1, y1 = self.projection.forward(box.max_x, box.min_y)
        return QRectF(QPointF(x0, y0), QPointF(x1, y1))

    def zoom_to_municipalities(self, istats: Iterable[str]) -> None:
        rect = self._scene_rect_of(self.territory.bounds(list(istats)))
        pad = max(rect.width(), rect.height()) * 0.03
        self.fitInView(rect.adjusted(-pad, -pad, pad, pad), Qt.AspectRatioMode.KeepAspectRatio)
        self._clamp_and_notify()

    def zoom_to_province(self, code: str) -> None:
        self.zoom_to_municipalities(self.territory.of_province(code))

    def prepare_size(self, size: QSize) -> None:
        """Lay a hidden view out at ``size``, the size it will be shown at, so that a zoom
        set before it is shown fits: a hidden widget's viewport keeps its old size until
        shown (the resize event is held back until then; it is sent here instead)."""
        if self.isVisible() or size.isEmpty():
            return
        old = self.size()
        self.resize(size)
        QApplication.sendEvent(self, QResizeEvent(size, old))

    def warm_paint(self) -> None:
        """Paint a 4-pixel corner of the view offscreen once (before it is shown): the
        view's first paint otherwise also pays for things done once per view or process
        (the Python side of the tile layer's and the overlay's painting, ~6 ms), on top
        of the paint itself. The tiles it needs are asked for here as well."""
        image = QImage(4, 4, QImage.Format.Format_ARGB32_Premultiplied)
        # The viewport's own paint path (QGraphicsView.render() finds the items another,
        # much slower way: 30 ms with every name shown).
        self.viewport().render(image, QPoint(), QRegion(0, 0, 4, 4))

    def set_home(self, istats: Iterable[str]) -> None:
        """The area ``Home`` returns to (the corps' province); shown at once."""
        self._home = list(istats)
        self.go_home()

    def go_home(self) -> None:
        self.zoom_to_municipalities(self._home or list(self.territory.municipalities))

    def center_on_lonlat(self, lon: float, lat: float) -> None:
        self.centerOn(QPointF(*self.projection.forward(lon, lat)))

    def zoom_by(self, factor: float, at: QPoint | None = None) -> None:
        """Zoom keeping the scene point under ``at`` (viewport pixels; default the centre) in place."""
        target = max(MIN_SCALE, min(MAX_SCALE, self.pixels_per_unit * factor))
        if math.isclose(target, self.pixels_per_unit):
            return
        centre = self.viewport().rect().center()
        at = centre if at is None else at
        anchor = self.mapToScene(at)
        self.setTransform(QTransform.fromScale(target, target))
        self.centerOn(anchor - QPointF(at - centre) / target)
        self._clamp_and_notify()

    def _clamp_and_notify(self) -> None:
        scale = self.pixels_per_unit
        if scale < MIN_SCALE or scale > MAX_SCALE:
            centre = self.mapToScene(self.viewport().rect().center())
            bounded = max(MIN_SCALE, min(MAX_SCALE, scale))
            self.setTransform(QTransform.fromScale(bounded, bounded))
            self.centerOn(centre)
        self.labels.update_for_scale(self.pixels_per_unit)
        self.zoom_changed.emit(self.scale_denominator())

    def pan_by(self, dx: int, dy: int) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def settle(self) -> None:
        """Render every tile the current view still waits for (screenshots, tests)."""
        self.viewport().repaint()
        self.vector_source.flush()
        self.viewport().repaint()

    # ------------------------------------------------------------------ input
    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches:
            self.zoom_by(WHEEL_STEP ** notches, event.position().toPoint())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step_x, step_y = self.viewport().width() // 8, self.viewport().height() // 8
        moves = {Qt.Key.Key_Left: (-step_x, 0), Qt.Key.Key_Right: (step_x, 0),
                 Qt.Key.Key_Up: (0, -step_y), Qt.Key.Key_Down: (0, step_y)}
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(WHEEL_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / WHEEL_STEP)
        elif key in moves:
            self.pan_by(*moves[key])
        elif key == Qt.Key.Key_Home:
            self.go_home()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _marker_at(self, pos, *, kind: str | None = None, exclude: QGraphicsItem | None = None):
        for item in self.items(pos):
            item_kind = item.data(KIND_ROLE)
            if item is not exclude and item_kind in (EVENT, UNIT) and (kind is None or item_kind == kind):
                return item
        return None

    def lonlat_at(self, pos: QPoint) -> tuple[float, float]:
        """(lon, lat) under a viewport point."""
        scene = self.mapToScene(pos)
        return self.projection.inverse(scene.x(), scene.y())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        item = self._marker_at(event.position().toPoint()) if left else None
        if item is None:
            self._background_press = event.position() if left else None
            super().mousePressEvent(event)  # background: hand-drag panning
            event.accept()
            return
        self._press = (item.data(KIND_ROLE), item.data(ID_ROLE), event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        kind, ident, start = self._press
        if kind != UNIT:
            return
        if self._dragging_unit is None:
            if (event.position() - start).manhattanLength() < QApplication.startDragDistance():
                return
            if ident not in self.markers.units:  # removed by an update since the button went down
                self._press = None
                return
            self._dragging_unit = self.markers.units[ident][1]
            self._dragging_unit.setZValue(self._dragging_unit.zValue() + 1)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self._dragging_unit.setPos(self.mapToScene(event.position().toPoint()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            press, self._background_press = self._background_press, None
            super().mouseReleaseEvent(event)
            event.accept()  # the end of a pan (or of a click on the background) is ours
            if (press is not None and event.button() == Qt.MouseButton.LeftButton
                    and (event.position() - press).manhattanLength() < QApplication.startDragDistance()):
                self.map_clicked.emit(*self.lonlat_at(event.position().toPoint()))
            return
        kind, ident, _ = self._press
        self._press = None
        if self._dragging_unit is not None:
            unit_item, self._dragging_unit = self._dragging_unit, None
            unit_item.setZValue(unit_item.zValue() - 1)
            home = self.markers.unit_home(ident)
            if home is not None:  # the caller moves it for real once the assignment exists
                unit_item.setPos(home)
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)  # ScrollHandDrag's own cursor
            target = self._marker_at(event.position().toPoint(), kind=EVENT, exclude=unit_item)
            if target is not None:
                self.assign_requested.emit(ident, target.data(ID_ROLE))
        elif kind == EVENT:
            self.event_clicked.emit(ident)
        else:
            self.unit_clicked.emit(ident)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self._marker_at(event.position().toPoint(), kind=EVENT)
        if item is not None:
            self.event_activated.emit(item.data(ID_ROLE))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self._marker_at(event.pos())
        kind, ident = (item.data(KIND_ROLE), item.data(ID_ROLE)) if item is not None else ("", "")
        self.menu_requested.emit(kind, ident, *self.lonlat_at(event.pos()), event.globalPos())
        event.accept()

    # A unit row dragged from the units board assigns it when dropped on an event.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if unit_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if (unit_from_mime(event.mimeData()) is not None
                and self._marker_at(event.position().toPoint(), kind=EVENT) is not None):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        unit = unit_from_mime(event.mimeData())
        target = self._marker_at(event.position().toPoint(), kind=EVENT)
        if unit is None or target is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.assign_requested.emit(unit, target.data(ID_ROLE))

    # ------------------------------------------------------------------ overlay
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """Scale bar and attribution, in viewport pixels."""
        painter.save()
        painter.resetTransform()
        font = QFont()
        font.setPointSizeF(7.5)
        painter.setFont(font)
        height = self.viewport().height()
        text = self.tr("Confini: ISTAT (CC BY 4.0)")
        if self.raster_source is not None and self.raster_source.info.attribution:
            text += " · " + self.raster_source.info.attribution
        metrics = QFontMetricsF(font)
        box = QRectF(self.viewport().width() - metrics.horizontalAdvance(text) - 10, height - metrics.height() - 4,
                     metrics.horizontalAdvance(text) + 8, metrics.height() + 2)
        painter.fillRect(box, QColor(255, 255, 255, 190))
        painter.setPen(QColor("#333333"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        self._draw_scale_bar(painter, height, metrics)
        painter.restore()

    def _draw_scale_bar(self, painter: QPainter, height: int, metrics: QFontMetricsF) -> None:
        centre = self.mapToScene(self.viewport().rect().center())
        lat = self.projection.inverse(centre.x(), centre.y())[1]
        metres_per_px = 1 / (self.pixels_per_unit * self.projection.units_per_metre(lat))
        target = metres_per_px * 120
        nice = 10 ** math.floor(math.log10(target))
        for step in (5, 2, 1):
            if step * nice <= target:
                nice *= step
                break
        width = nice / metres_per_px
        label = f"{nice / 1000:g} km" if nice >= 1000 else f"{nice:g} m"
        x, y = 10, height - 12
        painter.fillRect(QRectF(x - 4, y - metrics.height() - 6, width + 8, metrics.height() + 14),
                         QColor(255, 255, 255, 190))
        painter.setPen(QPen(QColor("#222222"), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + width, y))
        painter.drawLine(QPointF(x, y - 4), QPointF(x, y))
        painter.drawLine(QPointF(x + width, y - 4), QPointF(x + width, y))
        painter.drawText(QPointF(x, y - 6), label)
