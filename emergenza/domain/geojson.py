"""Reading at-risk areas from a GeoJSON file (RFC 7946): validate everything, import all or nothing.

Accepted: a FeatureCollection (or one Feature) whose features have a Polygon or
MultiPolygon geometry in WGS 84 longitude/latitude and a name in ``properties``
(``nome`` or ``name``). Every bad feature is reported, by number (from 1) and name
when it has one, with an Italian message (context "geojson"); when there is any
problem nothing is returned. Reading the file from disk is the caller's job.
Not checked (drawing and point-in-polygon cope with them): self-intersecting rings,
holes reaching outside their outer ring, ring orientation.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from .errors import UserError
from .geo import BBox, MultiPolygon, Polygon, bbox, polygon_area
from .text import QT_TRANSLATE_NOOP

NAME_KEYS = ("nome", "name")
WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326", "CRS84"}
MAX_FEATURES = 10_000
# How a problem names its feature (the GUI translates these and the message separately).
WHERE = QT_TRANSLATE_NOOP("geojson", "Elemento {0}: {1}")
WHERE_NAMED = QT_TRANSLATE_NOOP("geojson", "Elemento {0} («{1}»): {2}")


@dataclass(frozen=True)
class Area:
    name: str
    polygons: MultiPolygon = field(repr=False)  # (lon, lat), closing vertex kept as in the file
    properties: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def bbox(self) -> BBox:
        return bbox(self.polygons)


@dataclass(frozen=True)
class AreaProblem:
    index: int | None  # feature number from 1; None for the file as a whole
    name: str | None
    template: str  # Italian, context "geojson", with {0}-style slots
    args: tuple = ()

    @property
    def message(self) -> str:
        return self.template.format(*self.args)

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        if self.name:
            return WHERE_NAMED.format(self.index, self.name, self.message)
        return WHERE.format(self.index, self.message)


class AreasFileError(UserError):
    """The file cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[AreaProblem]):
        self.problems = list(problems)
        super().__init__(QT_TRANSLATE_NOOP("errors", "File delle aree non valido: {0}"),
                         "; ".join(str(p) for p in self.problems))


def _feature_name(feature: Any) -> str | None:
    props = feature.get("properties") if isinstance(feature, dict) else None
    if isinstance(props, dict):
        for key in NAME_KEYS:
            value = props.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _is_position(value: Any) -> bool:
    return (isinstance(value, list) and len(value) in (2, 3)
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in value))


def _check_polygon(coords: Any, within: BBox | None) -> tuple[Polygon | None, tuple[str, tuple] | None]:
    """The polygon as (lon, lat) rings, or the first problem found in it."""
    if not isinstance(coords, list) or not coords:
        return None, (QT_TRANSLATE_NOOP("geojson", "coordinate del poligono mancanti o non valide"), ())
    rings = []
    for number, ring in enumerate(coords, start=1):
        if not isinstance(ring, list) or not all(_is_position(p) for p in ring):
            return None, (QT_TRANSLATE_NOOP("geojson", "anello {0}: coordinate non valide"), (number,))
        if len(ring) < 4:
            return None, (QT_TRANSLATE_NOOP("geojson", "anello {0}: servono almeno 4 punti"), (number,))
        if ring[0][:2] != ring[-1][:2]:
            return None, (QT_TRANSLATE_NOOP("geojson", "anello {0}: non è chiuso (primo e ultimo punto diversi)"),
                          (number,))
        points = [(float(p[0]), float(p[1])) for p in ring]
        for lon, lat in points:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                return None, (QT_TRANSLATE_NOOP(
                    "geojson", "coordinate fuori scala (lon {0}, lat {1}): servono gradi WGS 84"), (lon, lat))
            if within is not None and not within.contains((lon, lat)):
                if within.contains((lat, lon)):
                    return None, (QT_TRANSLATE_NOOP(
                        "geojson", "latitudine e longitudine invertite? (lon {0}, lat {1})"), (lon, lat))
                return None, (QT_TRANSLATE_NOOP(
                    "geojson", "punto fuori dal territorio (lon {0}, lat {1})"), (lon, lat))
        rings.append(points)
    if polygon_area(rings) <= 0:
        return None, (QT_TRANSLATE_NOOP("geojson", "il poligono ha area nulla"), ())
    return rings, None


def _check_feature(feature: Any, within: BBox | None) -> tuple[Area | None, tuple[str, tuple] | None]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, (QT_TRANSLATE_NOOP("geojson", "non è un elemento GeoJSON (\"type\": \"Feature\")"), ())
    props = feature.get("properties")
    if props is not None and not isinstance(props, dict):
        return None, (QT_TRANSLATE_NOOP("geojson", "le proprietà devono essere un oggetto"), ())
    name = _feature_name(feature)
    if name is None:
        return None, (QT_TRANSLATE_NOOP("geojson", "manca il nome (proprietà «nome» o «name»)"), ())
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return None, (QT_TRANSLATE_NOOP("geojson", "manca la geometria"), ())
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        parts = [coords]
    elif kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            return None, (QT_TRANSLATE_NOOP("geojson", "coordinate del poligono mancanti o non valide"), ())
        parts = coords
    else:
        return None, (QT_TRANSLATE_NOOP(
            "geojson", "geometria di tipo «{0}»: sono ammessi solo Polygon e MultiPolygon"), (str(kind),))
    polygons = []
    for part in parts:
        polygon, problem = _check_polygon(part, within)
        if polygon is None:
            return None, problem
        polygons.append(polygon)
    return Area(name, polygons, dict(props or {})), None


def parse_areas(text: str, *, within: BBox | None = None) -> list[Area]:
    """The areas of a GeoJSON text; raises ``AreasFileError`` listing every problem.

    ``within``: the (lon, lat) box every vertex must fall in, e.g. the territory's bounds.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AreasFileError([AreaProblem(None, None, QT_TRANSLATE_NOOP(
            "geojson", "il file non è JSON valido (riga {0}, colonna {1})"), (exc.lineno, exc.colno))]) from None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list):
        features = doc["features"]
    else:
        raise AreasFileError([AreaProblem(None, None, QT_TRANSLATE_NOOP(
            "geojson", "il file non contiene una FeatureCollection GeoJSON"))])
    crs = doc.get("crs")
    if crs is not None:
        crs_name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        if crs_name not in WGS84_NAMES:
            raise AreasFileError([AreaProblem(None, None, QT_TRANSLATE_NOOP(
                "geojson", "sistema di riferimento «{0}» non supportato: esportare in WGS 84 (EPSG:4326)"),
                (str(crs_name),))])
    if not features:
        raise AreasFileError([AreaProblem(None, None, QT_TRANSLATE_NOOP("geojson", "il file non contiene aree"))])
    if len(features) > MAX_FEATURES:
        raise AreasFileError([AreaProblem(None, None, QT_TRANSLATE_NOOP(
            "geojson", "troppe aree in un file ({0}, al massimo {1})"), (len(features), MAX_FEATURES))])
    areas: list[Area] = []
    problems: list[AreaProblem] = []
    for index, feature in enumerate(features, start=1):
        area, problem = _check_feature(feature, within)
        if problem:
            problems.append(AreaProblem(index, _feature_name(feature), *problem))
        else:
            assert area is not None  # no problem: an area
            areas.append(area)
    if problems:
        raise AreasFileError(problems)
    return areas
