"""What the map draws on top of the territory, as plain data, and the pictures of the markers.

The caller (``feed.MapFeed``) turns events, units and areas into these records;
the view never reads the store. Pictures are small pixmaps made once per style and
shared by every marker of that style (QPixmap is implicitly shared), so a marker's
item paints with one blit and 5,000 markers cost 5,000 blits, not 5,000 drawings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap

from ...domain.geo import MultiPolygon

EVENT_RADIUS = 8  # device pixels
UNIT_HEIGHT = 18


@dataclass(frozen=True)
class EventMarker:
    """An event on the map. Without ``lon``/``lat`` it sits in its municipality (approximate)."""

    id: str
    color: str  # priority colour, "#rrggbb"
    lon: float | None = None
    lat: float | None = None
    municipality: str | None = None  # ISTAT code, used when there are no coordinates
    exercise: bool = False
    approximate: bool = False  # coordinates known only roughly (e.g. from the address)
    label: str = ""  # tooltip: number, type, address


@dataclass(frozen=True)
class UnitMarker:
    """A unit on the map. Without ``lon``/``lat`` it sits in ``municipality`` (an event's
    place known only by its municipality); with neither it is not drawn."""

    id: str
    call_sign: str
    color: str  # status colour
    lon: float | None = None
    lat: float | None = None
    label: str = ""
    municipality: str | None = None
    # n: the n-th unit at an event, drawn beside its marker (not over it) in a column;
    # None: centred on its place.
    beside: int | None = None


@dataclass(frozen=True)
class AreaOverlay:
    """An at-risk area (or any zone) drawn translucent under the markers."""

    id: str
    name: str
    polygons: MultiPolygon = field(repr=False)  # (lon, lat)
    color: str = "#d35400"


class Sprites:
    """Marker pictures, made once per style and device pixel ratio."""

    def __init__(self, device_pixel_ratio: float = 1.0):
        self._dpr = device_pixel_ratio
        self._cache: dict[tuple, QPixmap] = {}
        self._font = QFont()
        self._font.setPointSizeF(8.5)
        self._font.setBold(True)

    def _canvas(self, width: float, height: float) -> tuple[QPixmap, QPainter]:
        pixmap = QPixmap(round(width * self._dpr), round(height * self._dpr))
        pixmap.setDevicePixelRatio(self._dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        return pixmap, painter

    def event(self, color: str, exercise: bool, approximate: bool) -> QPixmap:
        key = ("event", color, exercise, approximate)
        pixmap = self._cache.get(key)
        if pixmap is not None:
            return pixmap
        size = 2 * EVENT_RADIUS + 6
        pixmap, painter = self._canvas(size, size)
        centre = QPointF(size / 2, size / 2)
        fill = QColor(color)
        outline = QColor(fill).darker(260)
        if approximate:  # a halo says "somewhere around here"
            halo = QPen(outline, 1.2, Qt.PenStyle.DotLine)
            painter.setPen(halo)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, EVENT_RADIUS + 2.2, EVENT_RADIUS + 2.2)
            fill.setAlpha(150)
        pen = QPen(outline, 1.8, Qt.PenStyle.DashLine if exercise else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawEllipse(centre, EVENT_RADIUS - 1, EVENT_RADIUS - 1)
        if exercise:
            painter.setFont(self._font)
            painter.setPen(outline)
            painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "E")
        painter.end()
        self._cache[key] = pixmap
        return pixmap

    def unit(self, call_sign: str, color: str) -> QPixmap:
        key = ("unit", call_sign, color)
        pixmap = self._cache.get(key)
        if pixmap is not None:
            return pixmap
        metrics = QFontMetricsF(self._font)
        width = metrics.horizontalAdvance(call_sign) + 12
        pixmap, painter = self._canvas(width + 2, UNIT_HEIGHT + 2)
        fill = QColor(color)
        painter.setPen(QPen(fill.darker(250), 1.4))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(1, 1, width, UNIT_HEIGHT), 4, 4)
        painter.setFont(self._font)
        painter.setPen(QColor("#000000") if fill.lightnessF() > 0.55 else QColor("#ffffff"))
        painter.drawText(QRectF(1, 1, width, UNIT_HEIGHT), Qt.AlignmentFlag.AlignCenter, call_sign)
        painter.end()
        if len(self._cache) > 4096:  # call signs come and go: keep the cache bounded
            self._cache.clear()
        self._cache[key] = pixmap
        return pixmap
