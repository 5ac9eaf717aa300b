"""Plane and sphere geometry for the map: pure functions, no project imports, no Qt.

Shapes use GeoJSON's nesting without the closing vertex being required:
a ``Point`` is ``(x, y)`` — for geographic data ``(lon, lat)`` in degrees, in that order —,
a ``Ring`` a sequence of points, a ``Polygon`` a sequence of rings (the first is the outer
boundary, the others holes), a ``MultiPolygon`` a sequence of polygons.
Point-in-polygon treats the boundary as inside (a point on a border between two
municipalities belongs to both; callers that need one answer take the first match).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

Point = tuple[float, float]
Ring = Sequence[Point]
Polygon = Sequence[Ring]
MultiPolygon = Sequence[Polygon]

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG), for great-circle distances
K = TypeVar("K")


@dataclass(frozen=True)
class BBox:
    min_x: float
    min_y: float
    max_x: float
    max_y: float

    @property
    def width(self) -> float:
        return self.max_x - self.min_x

    @property
    def height(self) -> float:
        return self.max_y - self.min_y

    @property
    def center(self) -> Point:
        return ((self.min_x + self.max_x) / 2, (self.min_y + self.max_y) / 2)

    def contains(self, point: Point) -> bool:
        x, y = point
        return self.min_x <= x <= self.max_x and self.min_y <= y <= self.max_y

    def intersects(self, other: BBox) -> bool:
        return not (other.min_x > self.max_x or other.max_x < self.min_x
                    or other.min_y > self.max_y or other.max_y < self.min_y)

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.min_x, other.min_x), min(self.min_y, other.min_y),
                    max(self.max_x, other.max_x), max(self.max_y, other.max_y))


def bbox_of_points(points: Iterable[Point]) -> BBox:
    xs, ys = zip(*points, strict=True)
    return BBox(min(xs), min(ys), max(xs), max(ys))


def bbox(shape: MultiPolygon) -> BBox:
    """Bounding box of a multipolygon (outer rings suffice: holes lie inside them)."""
    return bbox_of_points(p for polygon in shape for p in polygon[0])


def bbox_union(boxes: Iterable[BBox]) -> BBox:
    result: BBox | None = None
    for box in boxes:
        result = box if result is None else result.union(box)
    if result is None:
        raise ValueError("no bounding box to join")
    return result


# ----------------------------------------------------------------- point in polygon
def _edges(ring: Ring):
    """The ring's edges, closing it whether or not the last vertex repeats the first."""
    n = len(ring)
    if n and ring[0] == ring[-1]:
        n -= 1
    for i in range(n):
        # ring[n - 1], not ring[-1], before the first vertex: a closed ring's last vertex
        # repeats the first, and the closing edge would be lost.
        yield ring[i - 1 if i else n - 1], ring[i]


def _on_segment(x: float, y: float, a: Point, b: Point) -> bool:
    (ax, ay), (bx, by) = a, b
    if (bx - ax) * (y - ay) - (by - ay) * (x - ax) != 0:
        return False
    return min(ax, bx) <= x <= max(ax, bx) and min(ay, by) <= y <= max(ay, by)


def ring_location(point: Point, ring: Ring) -> int:
    """1 strictly inside the ring, 0 on its boundary, -1 outside (crossing-number test)."""
    x, y = point
    inside = False
    for a, b in _edges(ring):
        if _on_segment(x, y, a, b):
            return 0
        (ax, ay), (bx, by) = a, b
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return 1 if inside else -1


def point_in_polygon(point: Point, polygon: Polygon) -> bool:
    """Inside the outer ring (or on any boundary) and not strictly inside a hole."""
    if not polygon or ring_location(point, polygon[0]) < 0:
        return False
    return all(ring_location(point, hole) <= 0 for hole in polygon[1:])


def point_in_multipolygon(point: Point, shape: MultiPolygon) -> bool:
    return any(point_in_polygon(point, polygon) for polygon in shape)


def strictly_inside(point: Point, shape: MultiPolygon) -> bool:
    """Inside and not on any boundary."""
    for polygon in shape:
        if ring_location(point, polygon[0]) == 1 and all(ring_location(point, h) < 0 for h in polygon[1:]):
            return True
    return False


# ----------------------------------------------------------------- areas and centres
def ring_signed_area(ring: Ring) -> float:
    """Shoelace area: positive when counter-clockwise (y up)."""
    return sum(ax * by - bx * ay for (ax, ay), (bx, by) in _edges(ring)) / 2


def polygon_area(polygon: Polygon) -> float:
    if not polygon:
        return 0.0
    return abs(ring_signed_area(polygon[0])) - sum(abs(ring_signed_area(h)) for h in polygon[1:])


def centroid(shape: MultiPolygon) -> Point:
    """Area-weighted centroid in the plane of the coordinates (may fall outside a concave shape)."""
    total = cx = cy = 0.0
    for polygon in shape:
        for i, ring in enumerate(polygon):
            area = sx = sy = 0.0
            for (ax, ay), (bx, by) in _edges(ring):
                cross = ax * by - bx * ay
                area += cross
                sx += (ax + bx) * cross
                sy += (ay + by) * cross
            if area < 0:  # clockwise ring: same magnitudes, opposite signs
                area, sx, sy = -area, -sx, -sy
            weight = 1 if i == 0 else -1  # holes subtract
            total += weight * area / 2
            cx += weight * sx / 6
            cy += weight * sy / 6
    if total == 0:
        raise ValueError("shape without area")
    return (cx / total, cy / total)


def _widest_interior_run(polygon: Polygon, y: float) -> tuple[float, float] | None:
    """Midpoint and width of the widest stretch of the line at height ``y`` inside the polygon."""
    xs = []
    for ring in polygon:
        for (ax, ay), (bx, by) in _edges(ring):
            if (ay > y) != (by > y):
                xs.append(ax + (y - ay) * (bx - ax) / (by - ay))
    xs.sort()
    best = None
    for left, right in zip(xs[0::2], xs[1::2], strict=False):
        if best is None or right - left > best[1]:
            best = ((left + right) / 2, right - left)
    return best


def representative_point(shape: MultiPolygon) -> Point:
    """A point surely inside the shape: its centroid when that is inside, otherwise the
    middle of the widest horizontal stretch across its largest polygon.

    Used to place an event that has a municipality but no coordinates.
    """
    center = centroid(shape)
    if strictly_inside(center, shape):
        return center
    largest = max(shape, key=polygon_area)
    box = bbox([largest])
    candidates = [center[1], box.center[1]]
    # Heights between the outer ring's vertex heights never run along an edge.
    ys = sorted({p[1] for p in largest[0]})
    middle = min(range(len(ys) - 1), key=lambda i: abs((ys[i] + ys[i + 1]) / 2 - box.center[1]), default=None)
    if middle is not None:
        candidates.append((ys[middle] + ys[middle + 1]) / 2)
    best: tuple[Point, float] | None = None
    for y in candidates:
        run = _widest_interior_run(largest, y)
        if run and run[1] > 0 and (best is None or run[1] > best[1]):
            best = ((run[0], y), run[1])
    if best is None:
        raise ValueError("shape without interior")
    return best[0]


# ----------------------------------------------------------------- the sphere
def haversine_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres between two ``(lon, lat)`` points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def within_radius(center: Point, places: Iterable[tuple[K, Point]], radius_m: float) -> list[tuple[K, float]]:
    """``(key, distance)`` of the places at most ``radius_m`` from ``center``, nearest first."""
    found = [(key, haversine_m(center, where)) for key, where in places]
    return sorted(((k, d) for k, d in found if d <= radius_m), key=lambda kd: kd[1])


@dataclass(frozen=True)
class WebMercator:
    """Spherical Web Mercator (EPSG:3857) in metres with y pointing down, as Qt scenes draw.

    The projection of OpenStreetMap raster tiles, so a tile is a plain rectangle of the
    scene. Scene units are "Mercator metres": one ground metre at latitude φ spans
    ``1 / cos φ`` units (``units_per_metre``).
    """

    radius: float = 6_378_137.0
    max_lat: float = 85.05112878

    def forward(self, lon: float, lat: float) -> Point:
        lat = max(-self.max_lat, min(self.max_lat, lat))
        x = self.radius * math.radians(lon)
        y = self.radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return (x, -y)

    def forward_ring(self, ring: Ring) -> list[Point]:
        """``forward`` for many points at once (the map projects ~100,000 vertices at start)."""
        kx = self.radius * math.pi / 180
        half = math.pi / 360
        quarter = math.pi / 4
        radius, log, tan = self.radius, math.log, math.tan
        return [(kx * lon, -radius * log(tan(quarter + lat * half))) for lon, lat in ring]

    def inverse(self, x: float, y: float) -> Point:
        lon = math.degrees(x / self.radius)
        lat = math.degrees(2 * math.atan(math.exp(-y / self.radius)) - math.pi / 2)
        return (lon, lat)

    def units_per_metre(self, lat: float) -> float:
        return 1 / math.cos(math.radians(lat))

    @property
    def world_size(self) -> float:
        """Width (and height) of the square world of zoom-0 tiles, in scene units."""
        return 2 * math.pi * self.radius

    def tile_rect(self, z: int, x: int, y: int) -> tuple[float, float, float]:
        """Top-left corner and side (scene units) of XYZ tile ``z/x/y`` (y counted from the north)."""
        side = self.world_size / (1 << z)
        half = self.world_size / 2
        return (-half + x * side, -half + y * side, side)
