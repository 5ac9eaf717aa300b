"""The territory: municipal and provincial boundaries decoded from the shipped map file.

File format (``resources/map/lombardia.json.gz``, written by ``resources/tools/build_map.py``),
a gzip'd JSON object::

    {"format": "emergenza-territory", "version": 1, "scale": 100000,
     "source": "...", "licence": "CC BY 4.0",
     "municipalities": [{"istat": "016024", "name": "Bergamo", "province": "BG",
                         "placement": [x, y], "polygons": P}],
     "provinces": [{"code": "BG", "istat": "016", "name": "Bergamo", "placement": [x, y], "polygons": P}]}

``P`` is a list of polygons, each a list of rings (outer first, then holes), each ring
``[x0, y0, dx1, dy1, dx2, dy2, ...]``: integers in units of ``1/scale`` degrees of
longitude (x) and latitude (y), the first vertex absolute and the next ones as steps
(small numbers compress well); the closing vertex is not repeated. ``placement`` (optional,
same units) is a point inside the shape, where an event without coordinates and the
name are drawn; it is computed when missing.
Reading the file is ``emergenza.resources.load_territory``; this module only decodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from .geo import BBox, MultiPolygon, Point, bbox, bbox_union, point_in_multipolygon, representative_point

FORMAT = "emergenza-territory"
VERSION = 1


class _Shape:
    """What a municipality and a province share: their box, and a point surely inside."""

    polygons: MultiPolygon
    stored_placement: Point | None

    @cached_property
    def bbox(self) -> BBox:
        return bbox(self.polygons)

    @cached_property
    def placement(self) -> Point:
        """Where something known only by this area is drawn (inside the area)."""
        return self.stored_placement or representative_point(self.polygons)


@dataclass(frozen=True)
class MunicipalityShape(_Shape):
    istat: str
    name: str
    province: str  # sigla, as in the catalog (e.g. "BG")
    polygons: MultiPolygon = field(repr=False)
    stored_placement: Point | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ProvinceShape(_Shape):
    code: str  # sigla
    istat: str
    name: str
    polygons: MultiPolygon = field(repr=False)
    stored_placement: Point | None = field(default=None, repr=False)


def _point(value: list | None, scale: float) -> Point | None:
    return (value[0] / scale, value[1] / scale) if value else None


def decode_polygons(polygons: list, scale: float) -> MultiPolygon:
    out = []
    for polygon in polygons:
        rings = []
        for flat in polygon:
            xs = [v / scale for v in accumulate(flat[0::2])]
            ys = [v / scale for v in accumulate(flat[1::2])]
            rings.append(list(zip(xs, ys, strict=True)))
        out.append(rings)
    return out


@dataclass
class Territory:
    municipalities: dict[str, MunicipalityShape]
    provinces: dict[str, ProvinceShape]
    source: str = ""
    licence: str = ""

    @classmethod
    def from_document(cls, doc: dict) -> Territory:
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("not an Emergenza territory file")
        if doc.get("version") != VERSION:
            raise ValueError(f"unsupported territory file version {doc.get('version')!r}")
        scale = float(doc["scale"])
        municipalities = {
            m["istat"]: MunicipalityShape(m["istat"], m["name"], m["province"], decode_polygons(m["polygons"], scale),
                                          _point(m.get("placement"), scale))
            for m in doc["municipalities"]}
        provinces = {
            p["code"]: ProvinceShape(p["code"], p["istat"], p["name"], decode_polygons(p["polygons"], scale),
                                     _point(p.get("placement"), scale))
            for p in doc["provinces"]}
        return cls(municipalities, provinces, doc.get("source", ""), doc.get("licence", ""))

    def municipality_at(self, point: Point) -> str | None:
        """ISTAT code of the municipality containing ``(lon, lat)``; on a border the first in code order."""
        for istat, shape in self.municipalities.items():
            if shape.bbox.contains(point) and point_in_multipolygon(point, shape.polygons):
                return istat
        return None

    def of_province(self, code: str) -> list[str]:
        return [m.istat for m in self.municipalities.values() if m.province == code]

    def bounds(self, istats: list[str] | None = None) -> BBox:
        """Bounding box of the given municipalities (all when ``None``); unknown codes are skipped."""
        chosen = self.municipalities if istats is None else {i: self.municipalities[i] for i in istats
                                                              if i in self.municipalities}
        if not chosen:
            raise ValueError("no known municipality")
        return bbox_union(m.bbox for m in chosen.values())
