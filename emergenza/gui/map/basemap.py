"""The territory layer: municipal and provincial boundaries rendered into tiles, and the names.

Boundaries are projected once into QPainterPaths (scene units, Web Mercator), a shape per
step (``build_steps``: the map page builds them in slices). Tiles are rendered on the UI
thread a few boundaries per step, each turn of the event loop spending at most
``budget_ms`` (a big tile takes several turns), so a zoom never freezes the window while
the new level sharpens.
Names are separate items (they must not be cut at tile edges) that ignore the view's
scale and keep a device-coordinate cache, so a visible name costs one blit per frame;
which names are visible is decided only when the zoom changes (level of detail).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSimpleTextItem

from ...domain.geo import MultiPolygon, WebMercator
from ...domain.territory import Territory
from .tiles import TILE_PX, Key, TiledLayerItem, TileGrid


@dataclass(frozen=True)
class BaseMapStyle:
    background: str = "#dfe3e8"  # outside Lombardy
    land: str = "#f6f3ea"
    municipal_border: str = "#9a968c"
    province_border: str = "#5b4a6b"
    municipal_width: float = 0.8  # device pixels
    province_width: float = 2.4
    municipal_from_level: int = 19  # XYZ zoom 9.5 (~1:750,000): below it municipalities are a few pixels wide
    over_raster: bool = False  # with a raster base: no fills, the tiles are transparent


CHUNK = 48  # vertices per piece of a province outline
PATHS_PER_STEP = 40  # boundaries drawn into a tile per step (~1-2 ms)


def outline_chunks(shape: MultiPolygon, projection: WebMercator) -> list[tuple[QPainterPath, QRectF]]:
    """The shape's rings cut into short open polylines with their boxes.

    A thick pen is stroked by building the outline of the whole path, so stroking a
    province (1,500 vertices) for every tile cost milliseconds; a tile strokes only the
    pieces that reach it.
    """
    return [chunk for polygon in shape for ring in polygon for chunk in ring_chunks(ring, projection)]


def ring_chunks(ring: list[tuple[float, float]], projection: WebMercator) -> list[tuple[QPainterPath, QRectF]]:
    """One ring of ``outline_chunks``."""
    chunks = []
    points = [QPointF(x, y) for x, y in projection.forward_ring(ring)]
    points.append(points[0])
    for start in range(0, len(points) - 1, CHUNK):
        path = QPainterPath()
        path.addPolygon(QPolygonF(points[start:start + CHUNK + 1]))  # open: shares its end with the next
        chunks.append((path, path.boundingRect()))
    return chunks


def project_path(shape: MultiPolygon, projection: WebMercator) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)  # holes are holes whatever their orientation
    for polygon in shape:
        for ring in polygon:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in projection.forward_ring(ring)]))
            path.closeSubpath()
    return path


class VectorTileSource(QObject):
    """Renders the territory's boundaries into tiles, within a time budget per event-loop turn."""

    min_level = 10  # XYZ zoom 5: the whole of northern Italy in a tile
    max_level = 38  # XYZ zoom 19: about 1:1,000
    steps_per_octave = 2

    def __init__(self, territory: Territory, projection: WebMercator, *, style: BaseMapStyle | None = None,
                 device_pixel_ratio: float = 1.0, budget_ms: float = 8.0, parent: QObject | None = None,
                 build: bool = True):
        super().__init__(parent)
        self.style = style or BaseMapStyle()
        self.grid = TileGrid(projection, self.steps_per_octave)
        self.layer: TiledLayerItem | None = None
        self._territory = territory
        self._projection = projection
        self._dpr = device_pixel_ratio
        self.budget_s = budget_ms / 1000
        self._municipal: list[tuple[QPainterPath, QRectF]] = []
        # Scene bounding boxes by ISTAT code (the names' level of detail uses their widths).
        self.municipal_boxes: dict[str, QRectF] = {}
        self._provinces: list[tuple[QPainterPath, QRectF]] = []
        self._province_outlines: list[tuple[QPainterPath, QRectF]] = []
        self._queue: OrderedDict[Key, None] = OrderedDict()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._work)
        self.rendered = 0  # tiles rendered so far (benchmarks, tests)
        self._current: tuple[Key, Generator[None, None, QImage | None]] | None = None  # the tile being drawn
        if build:
            for _ in self.build_steps():
                pass

    def build_steps(self) -> Iterator[None]:
        """Project the boundaries into paths, one shape (or one ring of a province) per step."""
        projection = self._projection
        for province in self._territory.provinces.values():
            path = project_path(province.polygons, projection)
            self._provinces.append((path, path.boundingRect()))
            yield
            for polygon in province.polygons:
                for ring in polygon:
                    self._province_outlines += ring_chunks(ring, projection)
                    yield
        for istat, municipality in self._territory.municipalities.items():
            path = project_path(municipality.polygons, projection)
            box = path.boundingRect()
            self._municipal.append((path, box))
            self.municipal_boxes[istat] = box
            yield

    @property
    def bounds(self) -> QRectF:
        rect = QRectF()
        for _, box in self._provinces:
            rect = rect.united(box)
        return rect

    def request(self, keys: list[Key]) -> None:
        for key in keys:
            self._queue[key] = None
        if self._queue and not self._timer.isActive():
            self._timer.start()

    def cancel(self) -> None:
        self._queue.clear()
        if self._current is not None:
            self._current[1].close()  # its painter ends (finally in render_steps)
            self._current = None

    def flush(self) -> None:
        """Render everything queued now (screenshots, tests)."""
        while self._queue or self._current is not None:
            self._step()

    def _work(self) -> None:
        deadline = time.perf_counter() + self.budget_s
        while (self._queue or self._current is not None) and time.perf_counter() < deadline:
            self._step()
        if self._queue or self._current is not None:
            self._timer.start()

    def _step(self) -> None:
        """One step of the tile being rendered (a tile is drawn over several steps, even
        several event-loop turns: one tile of a province-wide view crosses hundreds of
        boundaries, tens of milliseconds in one go)."""
        if self._current is None:
            key, _ = self._queue.popitem(last=False)
            self._current = (key, self.render_steps(key))
        key, steps = self._current
        try:
            next(steps)
        except StopIteration as done:
            self._current = None
            self.rendered += 1
            if self.layer is not None:
                self.layer.deliver(key, done.value)

    def render(self, key: Key) -> QImage | None:
        """One tile at once (benchmarks, tests)."""
        steps = self.render_steps(key)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value

    def render_steps(self, key: Key) -> Generator[None, None, QImage | None]:
        """Draw one tile, yielding every ``PATHS_PER_STEP`` paths; returns the image."""
        rect = self.grid.rect(key)
        style = self.style
        touching = [box for _, box in self._provinces if box.intersects(rect)]
        if not touching and style.over_raster:
            return None
        size = round(TILE_PX * self._dpr)
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent if style.over_raster else QColor(style.background))
        if not touching:
            return image
        scale = size / rect.width()
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setTransform(QTransform(scale, 0, 0, scale, -rect.left() * scale, -rect.top() * scale))
            if not style.over_raster:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(QColor(style.land)))
                for path, box in self._provinces:
                    if box.intersects(rect):
                        painter.drawPath(path)
                yield
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if key[0] >= style.municipal_from_level:
                pen = QPen(QColor(style.municipal_border), style.municipal_width * self._dpr)
                pen.setCosmetic(True)
                painter.setPen(pen)
                yield from _draw_paths(painter, self._municipal, rect)
            pen = QPen(QColor(style.province_border), style.province_width * self._dpr)
            pen.setCosmetic(True)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            reach = style.province_width / scale  # the pen's half width and more, in scene units
            near = rect.adjusted(-reach, -reach, reach, reach)
            yield from _draw_paths(painter, self._province_outlines, near)
        finally:
            painter.end()
        return image


class TerritoryLabels:
    """Municipality names at close zoom, province names further out."""

    # Pixels per scene unit from which municipality names appear (about 1:220,000 at 96 dpi, latitude 45.7°).
    MUNICIPALITY_MIN_SCALE = 0.012

    def __init__(self, scene: QGraphicsScene, territory: Territory, projection: WebMercator,
                 boxes: dict[str, QRectF], *, z: float, build: bool = True):
        self._args = (scene, territory, projection, boxes, z)
        self._municipal: list[tuple[QGraphicsSimpleTextItem, float, float]] = []
        self._provinces: list[QGraphicsSimpleTextItem] = []
        self._scale: float | None = None
        if build:
            for _ in self.build_steps():
                pass

    def build_steps(self) -> Iterator[None]:
        """Make the name items, one per step."""
        scene, territory, projection, boxes, z = self._args
        font = QFont()
        font.setPointSizeF(8)
        bold = QFont(font)
        bold.setPointSizeF(10)
        bold.setBold(True)
        for p in territory.provinces.values():
            point = projection.forward(*p.placement)
            self._provinces.append(self._label(scene, p.name, point, bold, "#5b4a6b", z + 0.1))
        widths = QFontMetricsF(font)
        for m in territory.municipalities.values():
            yield
            item = self._label(scene, m.name, projection.forward(*m.placement), font, "#4a4a4a", z)
            # Shown when the municipality is wider on screen than about half its name.
            self._municipal.append((item, boxes[m.istat].width(), widths.horizontalAdvance(m.name) * 0.5))

    @staticmethod
    def _label(scene: QGraphicsScene, text: str, at: tuple[float, float], font: QFont, color: str,
               z: float) -> QGraphicsSimpleTextItem:
        item = QGraphicsSimpleTextItem(text)
        item.setFont(font)
        item.setBrush(QColor(color))
        metrics = QFontMetricsF(font)
        item.setTransform(QTransform.fromTranslate(-metrics.horizontalAdvance(text) / 2, -metrics.height() / 2))
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        item.setPos(QPointF(*at))
        item.setZValue(z)
        item.setVisible(False)
        scene.addItem(item)
        return item

    def update_for_scale(self, pixels_per_unit: float) -> None:
        """Level of detail: called when the zoom changes, not on every frame."""
        if pixels_per_unit == self._scale:
            return
        self._scale = pixels_per_unit
        close = pixels_per_unit >= self.MUNICIPALITY_MIN_SCALE
        for item, width, needed in self._municipal:
            visible = close and width * pixels_per_unit >= needed
            if item.isVisible() != visible:
                item.setVisible(visible)
        for item in self._provinces:
            if item.isVisible() == close:
                item.setVisible(not close)

    @property
    def visible_count(self) -> int:
        return sum(1 for item, _, _ in self._municipal if item.isVisible())


def _draw_paths(painter: QPainter, paths: list[tuple[QPainterPath, QRectF]], rect: QRectF) -> Iterator[None]:
    """Draw the paths whose box meets ``rect``, yielding after every ``PATHS_PER_STEP``."""
    drawn = 0
    for path, box in paths:
        if box.intersects(rect):
            painter.drawPath(path)
            drawn += 1
            if drawn % PATHS_PER_STEP == 0:
                yield
