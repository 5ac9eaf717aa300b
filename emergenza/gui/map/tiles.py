"""A scene item that draws a layer from cached square tiles on the Web Mercator grid.

Why tiles: drawing the 1,502 municipal polygons (95,000 vertices) costs tens of
milliseconds per frame at region zoom; blitting the twenty-odd tiles that cover the
viewport costs a few. Panning only blits. Zooming first draws the nearest cached level
stretched (clipped to each missing tile) and asks the source for the exact tiles, which
arrive a few at a time (the vector source renders within a time budget per event-loop
turn, the MBTiles source reads on a worker thread), so no frame waits for rendering.

Levels: ``level / steps_per_octave`` is the XYZ zoom; with 2 steps per octave a tile is
drawn at 0.84–1.19 times its rendered size, sharp enough for one-pixel borders.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Protocol

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from ...domain.geo import WebMercator

TILE_PX = 256
Key = tuple[int, int, int]  # (level, x, y), y counted from the north


class TileSource(Protocol):
    min_level: int
    max_level: int
    steps_per_octave: int

    def request(self, keys: list[Key]) -> None:
        """Produce these tiles later through the layer's ``deliver``; never block."""

    def cancel(self) -> None:
        """Forget queued requests (the view moved on)."""


class TileGrid:
    def __init__(self, projection: WebMercator, steps_per_octave: int):
        self.projection = projection
        self.steps = steps_per_octave
        self._half = projection.world_size / 2

    def side(self, level: int) -> float:
        return self.projection.world_size / 2 ** (level / self.steps)

    def level_for(self, pixels_per_unit: float) -> float:
        """Fractional level whose tiles would be drawn at exactly their rendered size."""
        return math.log2(pixels_per_unit * self.projection.world_size / TILE_PX) * self.steps

    def rect(self, key: Key) -> QRectF:
        level, x, y = key
        side = self.side(level)
        return QRectF(-self._half + x * side, -self._half + y * side, side, side)

    def covering(self, level: int, area: QRectF) -> list[Key]:
        side = self.side(level)
        x0 = math.floor((area.left() + self._half) / side)
        x1 = math.floor((area.right() + self._half) / side)
        y0 = math.floor((area.top() + self._half) / side)
        y1 = math.floor((area.bottom() + self._half) / side)
        return [(level, x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]


class TiledLayerItem(QGraphicsItem):
    """Draws ``source``'s tiles for the current zoom; keeps the newest ``max_tiles`` in memory."""

    def __init__(self, source: TileSource, grid: TileGrid, bounds: QRectF, *, max_tiles: int = 192):
        super().__init__()
        self.source = source
        self.grid = grid
        self._bounds = QRectF(bounds)
        self._cache: OrderedDict[Key, QPixmap | None] = OrderedDict()  # None: nothing to draw there
        self._asked: set[Key] = set()
        self._level: int | None = None
        self.max_tiles = max_tiles
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect

    # ------------------------------------------------------------------ QGraphicsItem
    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        pixels_per_unit = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        exact = self.grid.level_for(pixels_per_unit)
        if exact < self.source.min_level - 2 * self.grid.steps:
            return  # zoomed far out of what the source has: its tiles would be specks, by the thousand
        level = max(self.source.min_level, min(self.source.max_level, round(exact)))
        if level != self._level:
            self._level = level
            self._asked.clear()
            self.source.cancel()
        area = option.exposedRect.intersected(self._bounds)
        if area.isEmpty():
            return
        smooth = painter.testRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, abs(exact - level) > 0.02)
        missing: list[Key] = []
        for key in self.grid.covering(level, area):
            if key in self._cache:
                self._cache.move_to_end(key)
                pixmap = self._cache[key]
                if pixmap is not None:
                    painter.drawPixmap(self.grid.rect(key), pixmap, QRectF(pixmap.rect()))
            else:
                self._draw_stand_in(painter, key)
                missing.append(key)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)  # the view saves no state
        wanted = [k for k in missing if k not in self._asked]
        if wanted:
            self._asked.update(wanted)
            self.source.request(wanted)

    # ------------------------------------------------------------------ tiles
    def _draw_stand_in(self, painter: QPainter, key: Key) -> None:
        """Draw a coarser (or finer) cached level where the exact tile is not ready yet."""
        target = self.grid.rect(key)
        level = key[0]
        steps = self.grid.steps
        for other in (level - steps, level + steps, level - 2 * steps, level - 3 * steps):
            if other < self.source.min_level or other > self.source.max_level:
                continue
            found = [(k, self._cache[k]) for k in self.grid.covering(other, target.adjusted(1, 1, -1, -1))
                     if self._cache.get(k) is not None]
            if found:
                painter.save()
                painter.setClipRect(target)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                for k, pixmap in found:
                    painter.drawPixmap(self.grid.rect(k), pixmap, QRectF(pixmap.rect()))
                painter.restore()
                return

    def deliver(self, key: Key, image: QImage | None) -> None:
        """A tile is ready (``None``: empty there); repaint its place."""
        self._asked.discard(key)
        self._cache[key] = None if image is None or image.isNull() else QPixmap.fromImage(image)
        self._cache.move_to_end(key)
        while len(self._cache) > self.max_tiles:
            self._cache.popitem(last=False)
        self.update(self.grid.rect(key))

    def clear(self) -> None:
        """Drop every tile (the style changed); they are asked again as they are drawn."""
        self._cache.clear()
        self._asked.clear()
        self.source.cancel()
        self.update()

    @property
    def waiting(self) -> int:
        return len(self._asked)
