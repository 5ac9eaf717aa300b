"""Cameras and plate-reading gates on the map, and the outline of an area being drawn.

Cameras are few (hundreds at most) and change rarely: the layer is replaced whole. Each
camera is a small shared picture (a square for a camera, a diamond for a gate; grey when
not working) that keeps its size on screen; its tool tip names it, its owner and status.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsPixmapItem, QGraphicsScene

from ...domain.geo import WebMercator

CAMERA = "camera"
Z_CAMERAS = 15.0  # over the areas, under events and units
Z_DRAFT = 40.0
SIZE = 12
WORKING = "#1565c0"
NOT_WORKING = "#9e9e9e"


@dataclass(frozen=True)
class CameraMarker:
    id: str
    lon: float
    lat: float
    gate: bool
    working: bool = True
    label: str = ""


def _picture(gate: bool, working: bool, dpr: float) -> QPixmap:
    side = round(SIZE * dpr)
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(dpr)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("white"), 1.5))
    painter.setBrush(QColor(WORKING if working else NOT_WORKING))
    s = SIZE - 2
    if gate:
        painter.drawPolygon(QPolygonF([QPointF(SIZE / 2, 1), QPointF(SIZE - 1, SIZE / 2), QPointF(SIZE / 2, SIZE - 1),
                                       QPointF(1, SIZE / 2)]))
    else:
        painter.drawRect(1, 1, s, s)
    painter.end()
    return pixmap


class CameraLayer:
    def __init__(self, scene: QGraphicsScene, projection: WebMercator, dpr: float = 1.0):
        self._scene = scene
        self._projection = projection
        self._pictures = {(g, w): _picture(g, w, dpr) for g in (False, True) for w in (False, True)}
        self.items: dict[str, tuple[CameraMarker, QGraphicsPixmapItem]] = {}

    def set_cameras(self, markers: Iterable[CameraMarker]) -> None:
        for _marker, item in self.items.values():
            self._scene.removeItem(item)
        self.items.clear()
        for marker in markers:
            item = QGraphicsPixmapItem(self._pictures[(marker.gate, marker.working)])
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setOffset(-SIZE / 2, -SIZE / 2)
            item.setPos(QPointF(*self._projection.forward(marker.lon, marker.lat)))
            item.setZValue(Z_CAMERAS)
            item.setToolTip(marker.label)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._scene.addItem(item)
            self.items[marker.id] = (marker, item)


class DraftOutline:
    """The outline of an area while its vertices are clicked (closed back to the first)."""

    def __init__(self, scene: QGraphicsScene, projection: WebMercator):
        self._projection = projection
        self.item = QGraphicsPathItem()
        pen = QPen(QColor("#c62828"), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.item.setPen(pen)
        fill = QColor("#c62828")
        fill.setAlpha(40)
        self.item.setBrush(fill)
        self.item.setZValue(Z_DRAFT)
        self.item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        scene.addItem(self.item)

    def show(self, points: Sequence[tuple[float, float]]) -> None:
        path = QPainterPath()
        if points:
            scene_points = [QPointF(*self._projection.forward(lon, lat)) for lon, lat in points]
            path.addPolygon(QPolygonF(scene_points))
            if len(scene_points) > 2:
                path.closeSubpath()
        self.item.setPath(path)
